//! Python bindings for duiqi: Python strings in, [`Bead`] objects and files out.
//!
//! The bindings are thin: reading, aligning, coverage and every output format are the
//! `duiqi` library's own ([`duiqi::batch::align_documents`], [`duiqi::coverage::check`],
//! [`duiqi::output`]). What is here converts between Python and Rust values, releases the
//! GIL while the library works, runs `align_many` on a rayon pool of the requested size,
//! and adds character offsets next to the library's UTF-8 byte offsets (Python slices
//! strings by character).
//!
//! Every bead keeps a shared reference to the alignment of its document, so the writers
//! (`to_tmx`, `to_tsv`, `to_jsonl`) rebuild exactly the alignment the library produced and
//! write it with the library's writers: the files equal the CLI's.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use duiqi::batch::{self, Aligned};
use duiqi::beads::{Alignment, Bead as RustBead};
use duiqi::output::{self, jsonl, tmx, tsv, WriteOptions};
use duiqi::pipeline::Options;
use duiqi::read::Document;
use duiqi::sentences::Sentence;
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyIterator, PyList, PyString, PyTuple};
use rayon::prelude::*;

/// One aligned document, shared by all of its beads.
struct Source {
    aligned: Aligned,
    /// The document's id in `align_many` (written as `"id"` on every JSONL line).
    id: Option<serde_json::Value>,
}

/// What a Python bead stands for in its document's alignment.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// `alignment.beads[i]`
    Bead(usize),
    /// `alignment.other[i]`: a sentence in neither language.
    Other(usize),
}

/// One alignment unit: Chinese sentences, the English sentences that translate them, and
/// a score; or one side alone (an untranslated sentence), or text in neither
/// language (`kind == "other"`).
///
/// `zh_spans`, `en_spans` and `other_spans` are UTF-8 byte offsets into the input string
/// each side came from, as in the CLI's JSONL; the `*_char_spans` are the same ranges in
/// characters, so `text[s:e]` is the sentence as it appears in the input.
#[pyclass(frozen, module = "duiqi")]
struct Bead {
    /// Position of the bead in its document (0, 1, …), in the order of the CLI's JSONL.
    #[pyo3(get)]
    n: usize,
    /// `"pair"`, `"zh_only"`, `"en_only"` or `"other"`.
    #[pyo3(get)]
    kind: &'static str,
    /// The estimated probability (0..1) that the bead is exactly right, as the CLI's
    /// `score` (JSONL rounds it to three decimals); 0 for `other`.
    #[pyo3(get)]
    score: f64,
    /// The Chinese sentences, joined without spaces.
    #[pyo3(get)]
    zh: String,
    /// The English sentences, joined with a space.
    #[pyo3(get)]
    en: String,
    #[pyo3(get)]
    zh_spans: Vec<(usize, usize)>,
    #[pyo3(get)]
    en_spans: Vec<(usize, usize)>,
    #[pyo3(get)]
    zh_char_spans: Vec<(usize, usize)>,
    #[pyo3(get)]
    en_char_spans: Vec<(usize, usize)>,
    /// The text in neither language (`kind == "other"`), else None.
    #[pyo3(get)]
    other: Option<String>,
    #[pyo3(get)]
    other_spans: Vec<(usize, usize)>,
    #[pyo3(get)]
    other_char_spans: Vec<(usize, usize)>,
    /// For a pair of interleaved text, which side is written first: `"en-first"` or
    /// `"zh-first"` (the JSONL's `layout`); None for pairs of two texts and other beads.
    #[pyo3(get)]
    layout: Option<&'static str>,
    source: Arc<Source>,
    entry: Entry,
}

#[pymethods]
impl Bead {
    /// The bead as a dict of its public attributes (for DataFrames and JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("n", self.n)?;
        dict.set_item("kind", self.kind)?;
        dict.set_item("score", self.score)?;
        dict.set_item("zh", &self.zh)?;
        dict.set_item("en", &self.en)?;
        dict.set_item("zh_spans", self.zh_spans.clone())?;
        dict.set_item("en_spans", self.en_spans.clone())?;
        dict.set_item("zh_char_spans", self.zh_char_spans.clone())?;
        dict.set_item("en_char_spans", self.en_char_spans.clone())?;
        dict.set_item("other", self.other.clone())?;
        dict.set_item("other_spans", self.other_spans.clone())?;
        dict.set_item("other_char_spans", self.other_char_spans.clone())?;
        dict.set_item("layout", self.layout)?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let repr = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        Ok(match &self.other {
            Some(other) => format!("Bead(n={}, kind='other', other={})", self.n, repr(other)?),
            None => format!(
                "Bead(n={}, kind='{}', score={:.3}, zh={}, en={})",
                self.n,
                self.kind,
                self.score,
                repr(&self.zh)?,
                repr(&self.en)?
            ),
        })
    }
}

/// The result of one document of `align_many`: its `beads`, or an `error` saying why the
/// document could not be aligned (then `beads` is empty).
#[pyclass(frozen, module = "duiqi", name = "Result")]
struct AlignResult {
    /// Position of the document in the input.
    #[pyo3(get)]
    index: usize,
    /// The document's `id`, as given (None when the document had none).
    #[pyo3(get)]
    id: PyObject,
    #[pyo3(get)]
    beads: Py<PyList>,
    #[pyo3(get)]
    error: Option<String>,
}

#[pymethods]
impl AlignResult {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let id = self.id.bind(py).repr()?;
        Ok(match &self.error {
            Some(error) => format!("Result(index={}, id={id}, error={error:?})", self.index),
            None => format!(
                "Result(index={}, id={id}, beads=<{} beads>)",
                self.index,
                self.beads.bind(py).len()
            ),
        })
    }
}

/// Byte offsets → character offsets in one text, with a checkpoint every `STEP`
/// characters so that each lookup counts at most `STEP` characters.
struct CharIndex<'t> {
    text: &'t str,
    checkpoints: Vec<usize>,
}

impl<'t> CharIndex<'t> {
    const STEP: usize = 64;

    fn new(text: &'t str) -> CharIndex<'t> {
        let checkpoints = text
            .char_indices()
            .step_by(Self::STEP)
            .map(|(b, _)| b)
            .collect();
        CharIndex { text, checkpoints }
    }

    fn chars(&self, byte: usize) -> usize {
        let k = self.checkpoints.partition_point(|&b| b <= byte);
        if k == 0 {
            return 0;
        }
        let from = self.checkpoints[k - 1];
        (k - 1) * Self::STEP + self.text[from..byte].chars().count()
    }

    fn span(&self, sentence: &Sentence) -> (usize, usize) {
        (
            self.chars(sentence.span.start),
            self.chars(sentence.span.end),
        )
    }
}

fn byte_span(sentence: &Sentence, doc: &Document) -> (usize, usize) {
    (
        doc.source_offset(sentence.span.start),
        doc.source_offset(sentence.span.end),
    )
}

/// The beads of one aligned document, in JSONL order: the alignment's beads, then one per
/// sentence in neither language.
fn beads_of(source: Arc<Source>) -> Vec<Bead> {
    let aligned = &source.aligned;
    let alignment = &aligned.alignment;
    let sources = aligned.sources();
    let (zh_chars, en_chars) = (
        CharIndex::new(&sources.zh.text),
        CharIndex::new(&sources.en.text),
    );
    let mut beads = Vec::with_capacity(alignment.beads.len() + alignment.other.len());
    for (b, bead) in alignment.beads.iter().enumerate() {
        let zh: Vec<&Sentence> = bead.zh.iter().map(|&i| &alignment.zh[i]).collect();
        let en: Vec<&Sentence> = bead.en.iter().map(|&i| &alignment.en[i]).collect();
        beads.push(Bead {
            n: beads.len(),
            kind: match (zh.is_empty(), en.is_empty()) {
                (false, false) => "pair",
                (false, true) => "zh_only",
                _ => "en_only",
            },
            score: bead.score,
            zh: alignment.zh_text(bead),
            en: alignment.en_text(bead),
            zh_spans: zh.iter().map(|s| byte_span(s, sources.zh)).collect(),
            en_spans: en.iter().map(|s| byte_span(s, sources.en)).collect(),
            zh_char_spans: zh.iter().map(|s| zh_chars.span(s)).collect(),
            en_char_spans: en.iter().map(|s| en_chars.span(s)).collect(),
            other: None,
            other_spans: vec![],
            other_char_spans: vec![],
            layout: jsonl::pair_layout(alignment, bead),
            source: source.clone(),
            entry: Entry::Bead(b),
        });
    }
    for (o, sentence) in alignment.other.iter().enumerate() {
        let doc = jsonl::other_source(sentence, sources);
        let chars = if std::ptr::eq(doc, sources.zh) {
            &zh_chars
        } else {
            &en_chars
        };
        beads.push(Bead {
            n: beads.len(),
            kind: "other",
            score: 0.0,
            zh: String::new(),
            en: String::new(),
            zh_spans: vec![],
            en_spans: vec![],
            zh_char_spans: vec![],
            en_char_spans: vec![],
            other: Some(sentence.text.clone()),
            other_spans: vec![byte_span(sentence, doc)],
            other_char_spans: vec![chars.span(sentence)],
            layout: None,
            source: source.clone(),
            entry: Entry::Other(o),
        });
    }
    beads
}

/// A document to align: interleaved text, or a Chinese and an English text.
enum Input {
    Text(String),
    Pair(String, String),
}

/// Reads and aligns one input with the library; the error says which input and why.
fn align_input(name: &str, input: Input, presplit: bool) -> Result<Aligned, String> {
    let document = |name: String, text: String| {
        // The library's own reading refuses empty, blank and binary (NUL) input with a
        // message; Python strings are already Unicode, so the encoding is UTF-8.
        Document::from_bytes_with(name, text.into_bytes(), Some(encoding_rs::UTF_8))
            .map_err(|e| e.to_string())
    };
    let documents = match input {
        Input::Text(text) => vec![document(name.to_string(), text)?],
        Input::Pair(zh, en) => {
            let side = |lang: &str| match name {
                "" => lang.to_string(),
                // As the CLI names a side of a JSONL document, so messages are the same.
                _ => format!("{name} (\"{lang}\")"),
            };
            vec![document(side("zh"), zh)?, document(side("en"), en)?]
        }
    };
    let options = Options {
        presplit,
        ..Options::default()
    };
    batch::align_documents(documents, &options)
}

fn to_beads(py: Python<'_>, source: Source) -> PyResult<Bound<'_, PyList>> {
    let beads = beads_of(Arc::new(source));
    let objects = beads
        .into_iter()
        .map(|b| Py::new(py, b))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, objects)
}

fn align_one<'py>(
    py: Python<'py>,
    name: &str,
    input: Input,
    presplit: bool,
) -> PyResult<Bound<'py, PyList>> {
    let aligned = py
        .allow_threads(|| align_input(name, input, presplit))
        .map_err(PyValueError::new_err)?;
    to_beads(py, Source { aligned, id: None })
}

/// Aligns interleaved text (Chinese passages following their English translations, as in
/// newsletters quoting People's Daily) and returns its beads in reading order.
///
/// Raises TypeError when `text` is not a str and ValueError when it is empty, only
/// whitespace, or contains NUL characters.
#[pyfunction]
#[pyo3(signature = (text))]
fn align<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let text = string_argument("align", "text", text)?;
    align_one(py, "text", Input::Text(text), false)
}

/// Aligns a Chinese document with its English translation (given in either order: the
/// more Chinese one is taken as Chinese). With `presplit=True` every line is one sentence,
/// taken as is, as in sentence-aligned corpora. Spans of each side point into the string
/// that side came from.
///
/// Raises TypeError for arguments that are not str and ValueError for an empty text or
/// when neither (or both) of the texts is Chinese.
#[pyfunction]
#[pyo3(signature = (zh, en, presplit = false))]
fn align_pair<'py>(
    py: Python<'py>,
    zh: &Bound<'py, PyAny>,
    en: &Bound<'py, PyAny>,
    presplit: bool,
) -> PyResult<Bound<'py, PyList>> {
    let zh = string_argument("align_pair", "zh", zh)?;
    let en = string_argument("align_pair", "en", en)?;
    align_one(py, "", Input::Pair(zh, en), presplit)
}

/// A str argument, or a TypeError that names the function, the argument and what it got.
fn string_argument(function: &str, name: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    if !value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{function}() argument '{name}' must be str, not {}",
            type_name(value)
        )));
    }
    value.extract()
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".into())
}

/// One document of `align_many`, as read from Python: its id and what to align, or why
/// it cannot be aligned.
struct Pending {
    index: usize,
    id: PyObject,
    input: Result<(String, Option<serde_json::Value>, Input), String>,
}

/// Reads one `align_many` document: a dict with `id` and `text` (or `zh` and `en`), or a
/// tuple `(id, text)` / `(id, zh, en)`. Never fails: a malformed document becomes an error.
fn read_document(py: Python<'_>, index: usize, item: &Bound<'_, PyAny>) -> Pending {
    let mut id = py.None();
    let input = (|| {
        let (raw_id, text, zh, en) = if let Ok(dict) = item.downcast::<PyDict>() {
            let get = |key: &str| dict.get_item(key).ok().flatten().filter(|v| !v.is_none());
            (get("id"), get("text"), get("zh"), get("en"))
        } else if let Ok(tuple) = item.downcast::<PyTuple>() {
            let field = |i: usize| tuple.get_item(i).ok().filter(|v| !v.is_none());
            match tuple.len() {
                2 => (field(0), field(1), None, None),
                3 => (field(0), None, field(1), field(2)),
                n => {
                    return Err(format!(
                    "document {index}: a tuple must be (id, text) or (id, zh, en), not {n} items"
                ))
                }
            }
        } else {
            return Err(format!(
                "document {index}: expected a dict with \"id\" and \"text\" (or \"zh\" and \"en\"), \
                 or a tuple (id, text) or (id, zh, en); got {}",
                type_name(item)
            ));
        };
        let raw_id = raw_id.ok_or_else(|| format!("document {index} has no \"id\""))?;
        id = raw_id.clone().unbind();
        let json_id = json_id(&raw_id).map_err(|e| format!("document {index}: {e}"))?;
        let label = match &json_id {
            serde_json::Value::String(s) => format!("document {s:?}"),
            other => format!("document {other}"),
        };
        let string = |key: &str, value: Bound<'_, PyAny>| -> Result<String, String> {
            if !value.is_instance_of::<PyString>() {
                return Err(format!(
                    "{label}: \"{key}\" must be a str, not {}",
                    type_name(&value)
                ));
            }
            value
                .extract::<String>()
                .map_err(|e| format!("{label}: \"{key}\" is not valid Unicode text ({e})"))
        };
        let input = match (text, zh, en) {
            (Some(text), None, None) => Input::Text(string("text", text)?),
            (None, Some(zh), Some(en)) => Input::Pair(string("zh", zh)?, string("en", en)?),
            _ => {
                return Err(format!(
                    "{label}: give either \"text\", or both \"zh\" and \"en\""
                ))
            }
        };
        Ok((label, Some(json_id), input))
    })();
    Pending { index, id, input }
}

/// A document id as JSONL writes it: strings stay strings, integers stay numbers.
fn json_id(id: &Bound<'_, PyAny>) -> Result<serde_json::Value, String> {
    if let Ok(s) = id.downcast::<PyString>() {
        return Ok(serde_json::Value::String(s.to_string()));
    }
    if id.is_instance_of::<PyInt>() && !id.is_instance_of::<PyBool>() {
        if let Ok(n) = id.extract::<i64>() {
            return Ok(n.into());
        }
        if let Ok(n) = id.extract::<u64>() {
            return Ok(n.into());
        }
    }
    Err(format!(
        "\"id\" must be a str or an int, not {}",
        type_name(id)
    ))
}

/// Results of `align_many`, in input order. Documents are read from the input iterable
/// a chunk at a time and each chunk is aligned in parallel with the GIL released.
#[pyclass(module = "duiqi")]
struct ResultIterator {
    docs: Py<PyIterator>,
    ready: VecDeque<Py<AlignResult>>,
    next_index: usize,
    exhausted: bool,
    pool: Option<Arc<rayon::ThreadPool>>,
    chunk: usize,
    presplit: bool,
}

#[pymethods]
impl ResultIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<AlignResult>>> {
        if self.ready.is_empty() && !self.exhausted {
            self.fill(py)?;
        }
        Ok(self.ready.pop_front())
    }
}

impl ResultIterator {
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        let mut pending = Vec::with_capacity(self.chunk);
        let mut docs = self.docs.bind(py).clone();
        while pending.len() < self.chunk {
            match docs.next() {
                Some(item) => {
                    pending.push(read_document(py, self.next_index, &item?));
                    self.next_index += 1;
                }
                None => {
                    self.exhausted = true;
                    break;
                }
            }
        }
        let mut ids = Vec::with_capacity(pending.len());
        let mut inputs = Vec::with_capacity(pending.len());
        for p in pending {
            ids.push((p.index, p.id));
            inputs.push(p.input);
        }
        let presplit = self.presplit;
        let work = move || -> Vec<Result<Source, String>> {
            inputs
                .into_par_iter()
                .map(|input| {
                    let (label, id, input) = input?;
                    // Named as the CLI names a JSONL document's text, so an error row of
                    // the Python package and of the CLI's stream read the same.
                    let name = match input {
                        Input::Text(_) => format!("{label} (\"text\")"),
                        Input::Pair(..) => label,
                    };
                    let aligned = align_input(&name, input, presplit)?;
                    Ok(Source { aligned, id })
                })
                .collect()
        };
        let pool = self.pool.clone();
        let results = py.allow_threads(move || match pool {
            Some(pool) => pool.install(work),
            None => work(),
        });
        for ((index, id), result) in ids.into_iter().zip(results) {
            let (beads, error) = match result {
                Ok(source) => (to_beads(py, source)?, None),
                Err(error) => (PyList::empty(py), Some(error)),
            };
            self.ready.push_back(Py::new(
                py,
                AlignResult {
                    index,
                    id,
                    beads: beads.unbind(),
                    error,
                },
            )?);
        }
        Ok(())
    }
}

/// Aligns many documents and yields one `Result` per document, in input order.
///
/// Each document is a dict with an `id` and either `text` (interleaved) or `zh` and `en`
/// (a pair), or a tuple `(id, text)` or `(id, zh, en)`. A document that cannot be aligned
/// (malformed, empty, no Chinese…) yields a Result with `error` set and no beads; it never
/// stops the batch. Documents are aligned in parallel on `jobs` threads (default: every
/// core) with the GIL released; use `jobs=1` under Spark, where tasks are the parallelism.
#[pyfunction]
#[pyo3(signature = (docs, jobs = None, presplit = false))]
fn align_many(
    docs: &Bound<'_, PyAny>,
    jobs: Option<&Bound<'_, PyAny>>,
    presplit: bool,
) -> PyResult<ResultIterator> {
    if docs.is_instance_of::<PyString>() || docs.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!(
            "align_many() expects an iterable of documents (dicts or tuples), not a single {}",
            type_name(docs)
        )));
    }
    let iterator = docs.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "align_many() expects an iterable of documents (dicts or tuples), not {}",
            type_name(docs)
        ))
    })?;
    let jobs = match jobs {
        None => None,
        Some(j) if j.is_none() => None,
        Some(j) => {
            if !j.is_instance_of::<PyInt>() || j.is_instance_of::<PyBool>() {
                return Err(PyTypeError::new_err(format!(
                    "align_many() argument 'jobs' must be an int or None, not {}",
                    type_name(j)
                )));
            }
            match j.extract::<usize>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    return Err(PyValueError::new_err(format!(
                        "align_many() argument 'jobs' must be at least 1, got {j}"
                    )))
                }
            }
        }
    };
    let pool = jobs
        .map(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build())
        .transpose()
        .map_err(|e| PyOSError::new_err(format!("cannot start {jobs:?} threads: {e}")))?
        .map(Arc::new);
    let threads = jobs.unwrap_or_else(rayon::current_num_threads);
    Ok(ResultIterator {
        docs: iterator.unbind(),
        ready: VecDeque::new(),
        next_index: 0,
        exhausted: false,
        pool,
        // Enough documents per chunk to keep every thread busy despite uneven lengths,
        // few enough to keep memory flat on an endless input.
        chunk: 8 * threads,
        presplit,
    })
}

/// Checks a document for untranslated text, partial translations and numbers or names
/// missing from their translation; returns the report (`summary` and `findings`) as a
/// dict, as `duiqi coverage --format json` writes it.
///
/// Give `text` (interleaved) or both `zh` and `en` (a pair).
#[pyfunction]
#[pyo3(signature = (text = None, *, zh = None, en = None, presplit = false))]
fn coverage<'py>(
    py: Python<'py>,
    text: Option<&Bound<'py, PyAny>>,
    zh: Option<&Bound<'py, PyAny>>,
    en: Option<&Bound<'py, PyAny>>,
    presplit: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let (name, input) = match (text, zh, en) {
        (Some(text), None, None) => (
            "text",
            Input::Text(string_argument("coverage", "text", text)?),
        ),
        (None, Some(zh), Some(en)) => (
            "",
            Input::Pair(
                string_argument("coverage", "zh", zh)?,
                string_argument("coverage", "en", en)?,
            ),
        ),
        _ => {
            return Err(PyValueError::new_err(
                "coverage() takes either text (interleaved) or both zh= and en= (a pair)",
            ))
        }
    };
    let report = py
        .allow_threads(|| {
            let aligned = align_input(name, input, presplit)?;
            let report = duiqi::coverage::check(&aligned.alignment, aligned.sources());
            serde_json::to_string(&report).map_err(|e| e.to_string())
        })
        .map_err(PyValueError::new_err)?;
    py.import("json")?.call_method1("loads", (report,))
}

/// Consecutive beads of one document, as indices into its alignment.
struct Group {
    source: Arc<Source>,
    entries: Vec<Entry>,
}

impl Group {
    /// The document's alignment with only this group's beads and other-language sentences.
    fn alignment(&self) -> Alignment {
        let full = &self.source.aligned.alignment;
        let mut alignment = Alignment {
            zh: full.zh.clone(),
            en: full.en.clone(),
            layout: full.layout,
            ..Alignment::default()
        };
        for entry in &self.entries {
            match *entry {
                Entry::Bead(b) => alignment.beads.push(full.beads[b].clone()),
                Entry::Other(o) => alignment.other.push(full.other[o].clone()),
            }
        }
        alignment
    }

    fn write_options(&self, min_score: f64) -> WriteOptions {
        WriteOptions {
            min_score,
            zh_first: self.source.aligned.zh_first,
            document_id: self.source.id.clone(),
            ..WriteOptions::default()
        }
    }
}

/// Beads given to a writer, grouped into runs of one document each.
fn groups(function: &str, beads: &Bound<'_, PyAny>) -> PyResult<Vec<Group>> {
    let not_beads = |got: String| {
        PyTypeError::new_err(format!(
            "{function}() expects a list of duiqi.Bead (from duiqi.align, align_pair or \
             align_many), not {got}"
        ))
    };
    if beads.is_instance_of::<PyString>() {
        return Err(not_beads("str".into()));
    }
    let mut groups: Vec<Group> = Vec::new();
    for item in beads.try_iter().map_err(|_| not_beads(type_name(beads)))? {
        let item = item?;
        let bead = item
            .downcast::<Bead>()
            .map_err(|_| not_beads(format!("a list holding {}", type_name(&item))))?
            .get();
        match groups.last_mut() {
            Some(group) if Arc::ptr_eq(&group.source, &bead.source) => {
                group.entries.push(bead.entry)
            }
            _ => groups.push(Group {
                source: bead.source.clone(),
                entries: vec![bead.entry],
            }),
        }
    }
    Ok(groups)
}

fn check_min_score(function: &str, min_score: f64) -> PyResult<()> {
    if (0.0..=1.0).contains(&min_score) {
        Ok(())
    } else {
        Err(PyValueError::new_err(format!(
            "{function}() argument 'min_score' must be between 0 and 1, got {min_score}"
        )))
    }
}

fn write_file(
    py: Python<'_>,
    path: PathBuf,
    body: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send,
) -> PyResult<()> {
    py.allow_threads(|| output::write_file_atomically(&path, &[], body))
        .map_err(|e| PyOSError::new_err(e.to_string()))
}

/// Writes beads as a TMX 1.4 translation memory (pairs scoring at least `min_score`),
/// with the library's writer. Beads of one document give the file `duiqi align -o
/// FILE.tmx` writes; beads of several documents give one merged, deduplicated memory with
/// an `x-count` per unit, as `duiqi align --merged FILE.tmx` writes.
#[pyfunction]
#[pyo3(signature = (beads, path, min_score = 0.0))]
fn to_tmx(py: Python<'_>, beads: &Bound<'_, PyAny>, path: PathBuf, min_score: f64) -> PyResult<()> {
    check_min_score("to_tmx", min_score)?;
    let groups = groups("to_tmx", beads)?;
    let single = groups
        .windows(2)
        .all(|w| Arc::ptr_eq(&w[0].source, &w[1].source));
    if single {
        let alignment = match groups.first() {
            Some(group) => group.alignment(),
            None => Alignment::default(),
        };
        let options = groups
            .first()
            .map_or_else(WriteOptions::default, |g| g.write_options(min_score));
        return write_file(py, path, move |out| {
            tmx::write_tmx(out, &alignment, &options).map(|_| ())
        });
    }
    let mut corpus = batch::Corpus::default();
    for group in &groups {
        corpus.add(&group.alignment(), min_score);
    }
    write_file(py, path, move |out| {
        let units = corpus.units.iter().map(|u| tmx::Unit {
            zh: u.zh.as_str().into(),
            en: u.en.as_str().into(),
            score: u.score,
            count: Some(u.count),
        });
        tmx::write_units(out, units, WriteOptions::default().tool_version).map(|_| ())
    })
}

/// Writes translation units merged elsewhere (for example deduplicated across a corpus by
/// Spark) as one TMX 1.4 memory with the library's writer, in the order given: `units` is
/// an iterable of `(zh, en, score, count)` tuples (a Spark `Row` is one), `count` being how
/// often the pair occurred (`x-count`, as `duiqi align --merged` writes it) or None. The
/// iterable is read once, while the file is written, so it may be a stream.
#[pyfunction]
#[pyo3(signature = (units, path))]
fn to_tmx_units(units: &Bound<'_, PyAny>, path: PathBuf) -> PyResult<()> {
    let not_units = |got: String| {
        PyTypeError::new_err(format!(
            "to_tmx_units() expects an iterable of (zh, en, score, count) tuples, not {got}"
        ))
    };
    if units.is_instance_of::<PyString>() {
        return Err(not_units("str".into()));
    }
    let items = units.try_iter().map_err(|_| not_units(type_name(units)))?;
    let read_unit =
        |index: usize, item: PyResult<Bound<'_, PyAny>>| -> PyResult<tmx::Unit<'static>> {
            let item = item?;
            let (zh, en, score, count) = item
                .extract::<(String, String, f64, Option<usize>)>()
                .map_err(|e| {
                    PyTypeError::new_err(format!(
                        "to_tmx_units(): unit {index} must be a (zh, en, score, count) tuple of \
                     str, str, float and int or None, not {} ({e})",
                        type_name(&item)
                    ))
                })?;
            Ok(tmx::Unit {
                zh: zh.into(),
                en: en.into(),
                score,
                count,
            })
        };
    // The units come from Python, so the GIL is held while writing; a unit that cannot be
    // read stops the writer, and the error leaves no file behind.
    let mut failure: Option<PyErr> = None;
    let written = output::write_file_atomically(&path, &[], |out| {
        let units = items
            .enumerate()
            .map_while(|(index, item)| match read_unit(index, item) {
                Ok(unit) => Some(unit),
                Err(e) => {
                    failure = Some(e);
                    None
                }
            });
        tmx::write_units(out, units, WriteOptions::default().tool_version)?;
        match failure {
            Some(_) => Err(std::io::Error::other("a unit could not be read")),
            None => Ok(()),
        }
    });
    match (written, failure) {
        (_, Some(e)) => Err(e),
        (Err(e), None) => Err(PyOSError::new_err(e.to_string())),
        (Ok(()), None) => Ok(()),
    }
}

/// Writes beads as a `score\tzh\ten` table with the library's writer: one header, then
/// one row per bead (pairs below `min_score` left out; `other` beads have no column).
#[pyfunction]
#[pyo3(signature = (beads, path, min_score = 0.0))]
fn to_tsv(py: Python<'_>, beads: &Bound<'_, PyAny>, path: PathBuf, min_score: f64) -> PyResult<()> {
    check_min_score("to_tsv", min_score)?;
    // One alignment holding every group's sentences, so the header is written once.
    let mut all = Alignment::default();
    for group in groups("to_tsv", beads)? {
        let part = group.alignment();
        let (zh_base, en_base) = (all.zh.len(), all.en.len());
        all.beads.extend(part.beads.into_iter().map(|b| RustBead {
            zh: b.zh.iter().map(|i| i + zh_base).collect(),
            en: b.en.iter().map(|j| j + en_base).collect(),
            ..b
        }));
        all.zh.extend(part.zh);
        all.en.extend(part.en);
    }
    let options = WriteOptions {
        min_score,
        ..WriteOptions::default()
    };
    write_file(py, path, move |out| tsv::write_tsv(out, &all, &options))
}

/// Writes beads as JSONL with the library's writer: the CLI's lines byte for byte
/// (`duiqi align -o FILE.jsonl` for one document's beads; for beads from `align_many`
/// every line starts with the document's `"id"`). Within each run of beads of one
/// document, the writer puts pairs and unpaired sentences first and `other` text after.
#[pyfunction]
#[pyo3(signature = (beads, path, min_score = 0.0))]
fn to_jsonl(
    py: Python<'_>,
    beads: &Bound<'_, PyAny>,
    path: PathBuf,
    min_score: f64,
) -> PyResult<()> {
    check_min_score("to_jsonl", min_score)?;
    let parts: Vec<(Alignment, WriteOptions, Arc<Source>)> = groups("to_jsonl", beads)?
        .into_iter()
        .map(|g| (g.alignment(), g.write_options(min_score), g.source))
        .collect();
    write_file(py, path, move |out| {
        for (alignment, options, source) in &parts {
            jsonl::write_jsonl_with_sources(
                &mut *out,
                alignment,
                options,
                source.aligned.sources(),
            )?;
        }
        Ok(())
    })
}

/// 对齐 duiqi: Chinese–English parallel-text alignment.
///
/// `align(text)` aligns interleaved text, `align_pair(zh, en)` two documents and
/// `align_many(docs)` a corpus; `coverage(...)` reports untranslated text; `to_tmx`,
/// `to_tsv` and `to_jsonl` write beads with the same writers as the `duiqi` CLI.
#[pymodule]
#[pyo3(name = "duiqi")]
fn duiqi_python(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Bead>()?;
    m.add_class::<AlignResult>()?;
    m.add_class::<ResultIterator>()?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(align_pair, m)?)?;
    m.add_function(wrap_pyfunction!(align_many, m)?)?;
    m.add_function(wrap_pyfunction!(coverage, m)?)?;
    m.add_function(wrap_pyfunction!(to_tmx, m)?)?;
    m.add_function(wrap_pyfunction!(to_tmx_units, m)?)?;
    m.add_function(wrap_pyfunction!(to_tsv, m)?)?;
    m.add_function(wrap_pyfunction!(to_jsonl, m)?)?;
    Ok(())
}
