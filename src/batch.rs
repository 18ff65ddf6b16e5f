//! Batch: many inputs in, one alignment per document out, on every core.
//!
//! [`discover`] turns files and folders into [`Job`]s: a pair of files named
//! `NAME.zh.EXT` and `NAME.en.EXT` in one folder (never across folders) is one
//! two-document job, every other file is an interleaved document; [`unpaired`] lists the
//! halves that found no partner. Each job keeps its path relative to the folder it was
//! found in, so outputs can mirror the inputs' layout; [`output_paths`] gives every job
//! a distinct output path (or says which two cannot be told apart) before any work. [`align_job`] aligns one job;
//! callers run jobs in parallel (rayon) and report failures per job without stopping the
//! batch. [`Corpus`] merges the pairs of many jobs into one deduplicated memory.
//! [`read_jsonl_document`] parses the streaming input format (`--input-format jsonl`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::beads::{Alignment, Sources};
use crate::pipeline::{align_interleaved, align_pair, Options, Order};
use crate::read::{Document, Encoding};

/// One document to align: an interleaved file, or a Chinese and an English file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Path relative to the folder it was found in (the file name for a file given
    /// directly); for a pair, `NAME.EXT` without the language part.
    pub name: PathBuf,
    /// The file (interleaved) or the two files (a pair), in the order given.
    pub inputs: Vec<PathBuf>,
}

/// Files and folders (searched recursively, see `walk`) → jobs, sorted by name. What a
/// folder walk passed over (devices, FIFOs, link loops, …) is added to `skipped`, one line
/// each, for the caller to report.
pub fn discover(inputs: &[PathBuf], skipped: &mut Vec<String>) -> std::io::Result<Vec<Job>> {
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new(); // (relative name, path)
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut files, skipped)?;
        } else {
            files.push((
                PathBuf::from(input.file_name().unwrap_or(input.as_os_str())),
                input.clone(),
            ));
        }
    }
    // NAME.zh.EXT / NAME.en.EXT pair up under the name NAME.EXT only when they are in the
    // same folder: the halves are keyed by their real path, not by the name relative to
    // where they were found (files named on the command line from two folders would
    // otherwise pair across folders). A file given twice is one half.
    let mut halves: HashMap<PathBuf, [Option<(PathBuf, PathBuf)>; 2]> = HashMap::new();
    let mut jobs = Vec::new();
    for (name, path) in files {
        match language_part(&path) {
            Some((pair_path, side)) => {
                // `./d/p.zh.txt` and `d/p.en.txt` are in one folder.
                let folder = pair_path.parent().and_then(|p| {
                    std::fs::canonicalize(if p.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        p
                    })
                    .ok()
                });
                let key = match (folder, pair_path.file_name()) {
                    (Some(folder), Some(file)) => folder.join(file),
                    _ => pair_path,
                };
                halves.entry(key).or_default()[side].get_or_insert((name, path));
            }
            None => jobs.push(Job {
                name,
                inputs: vec![path],
            }),
        }
    }
    for [zh, en] in halves.into_values() {
        match (zh, en) {
            (Some((zh_name, zh)), Some((_, en))) => jobs.push(Job {
                name: language_part(&zh_name).map_or(zh_name, |(pair_name, _)| pair_name),
                inputs: vec![zh, en],
            }),
            (Some((name, one)), None) | (None, Some((name, one))) => jobs.push(Job {
                name,
                inputs: vec![one],
            }),
            (None, None) => {}
        }
    }
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(jobs)
}

/// The files under `root` as (path relative to `root`, path), in name order. Symbolic links
/// are followed, but a link back to a folder above it (a loop) is not, and a file or folder
/// reached twice (by device and inode, through links) is taken once. Hidden entries (names
/// starting with `.`) are skipped; so are entries that are not regular files or folders
/// (devices, FIFOs, sockets), broken links and unreadable folders, each with a line in
/// `skipped` saying why.
fn walk(
    root: &Path,
    files: &mut Vec<(PathBuf, PathBuf)>,
    skipped: &mut Vec<String>,
) -> std::io::Result<()> {
    // Files and folders seen already: a folder reached again through a link is not
    // entered again, so links between folders (without a loop) cannot multiply the paths.
    let mut seen = std::collections::HashSet::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            // (An entry whose metadata cannot be read is kept, to be reported below.)
            !hidden
                && entry
                    .metadata()
                    .map_or(true, |m| seen.insert(file_identity(entry.path(), &m)))
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) if err.depth() == 0 => return Err(err.into()),
            Err(err) => {
                let path = err.path().unwrap_or(root).display().to_string();
                skipped.push(match err.loop_ancestor() {
                    Some(ancestor) => format!(
                        "{path}: a link back to {} (a loop); not followed",
                        ancestor.display()
                    ),
                    None => format!("{path}: {err}"),
                });
                continue;
            }
        };
        let metadata = match entry.metadata() {
            Ok(metadata) => metadata,
            Err(err) => {
                skipped.push(format!("{}: {err}", entry.path().display()));
                continue;
            }
        };
        let path = entry.path();
        if metadata.is_file() {
            files.push((
                path.strip_prefix(root).unwrap_or(path).to_path_buf(),
                path.to_path_buf(),
            ));
        } else if !metadata.is_dir() {
            skipped.push(format!(
                "{}: not a regular file (a device, FIFO or socket)",
                path.display()
            ));
        }
    }
    Ok(())
}

/// Files that look like one half of a pair (`NAME.zh.EXT`, `NAME.en.EXT`) but found no
/// partner in their folder, with the partner's name they lacked: each is aligned alone
/// as an interleaved document, and the user should hear about it.
pub fn unpaired(jobs: &[Job]) -> Vec<(&Path, PathBuf)> {
    jobs.iter()
        .filter_map(|job| match job.inputs.as_slice() {
            [one] => {
                let (pair, side) = language_part(one)?;
                let (stem, ext) = split_extension(pair.file_name()?.to_str()?);
                let lang = ["en", "zh"][side];
                let partner = match ext {
                    Some(ext) => format!("{stem}.{lang}.{ext}"),
                    None => format!("{stem}.{lang}"),
                };
                Some((one.as_path(), one.with_file_name(partner)))
            }
            _ => None,
        })
        .collect()
}

fn split_extension(file: &str) -> (&str, Option<&str>) {
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (file, None),
    }
}

/// Where `--out-dir` puts each job's output: its name with the format's extension
/// (`sub/a.txt` → `OUT/sub/a.tsv`). When two jobs would get one path (`a.txt` and `a.md`),
/// both keep their own extension too (`a.txt.tsv`, `a.md.tsv`). Jobs whose names are the
/// same (`d1/a.txt` and `d2/a.txt` named on the command line) cannot be told apart: that
/// is an error, found before anything is aligned.
pub fn output_paths(jobs: &[Job], out_dir: &Path, extension: &str) -> Result<Vec<PathBuf>, String> {
    let natural = |job: &Job| out_dir.join(job.name.with_extension(extension));
    let mut count: HashMap<PathBuf, usize> = HashMap::new();
    for job in jobs {
        *count.entry(natural(job)).or_default() += 1;
    }
    let paths: Vec<PathBuf> = jobs
        .iter()
        .map(|job| {
            let path = natural(job);
            if count[&path] > 1 {
                let mut name = job.name.clone().into_os_string();
                name.push(format!(".{extension}"));
                out_dir.join(name)
            } else {
                path
            }
        })
        .collect();
    let mut seen: HashMap<&Path, &Job> = HashMap::new();
    for (path, job) in paths.iter().zip(jobs) {
        if let Some(first) = seen.insert(path, job) {
            return Err(format!(
                "{} and {} would both be written to {}; give them different names or align \
                 them in separate runs",
                first.inputs[0].display(),
                job.inputs[0].display(),
                path.display()
            ));
        }
    }
    Ok(paths)
}

/// Checks that the jobs' names, which become the documents' ids in a merged output, are
/// distinct (`d1/a.txt` and `d2/a.txt` named on the command line are both `a.txt`).
pub fn check_distinct_names(jobs: &[Job]) -> Result<(), String> {
    let mut seen: HashMap<&Path, &Job> = HashMap::new();
    for job in jobs {
        if let Some(first) = seen.insert(&job.name, job) {
            return Err(format!(
                "{} and {} would both get the id {:?}; give them different names or align \
                 them in separate runs",
                first.inputs[0].display(),
                job.inputs[0].display(),
                job.name.display().to_string()
            ));
        }
    }
    Ok(())
}

/// What makes a file the same file whatever path reached it: device and inode on Unix,
/// the canonical path elsewhere.
#[cfg(unix)]
fn file_identity(_: &Path, metadata: &std::fs::Metadata) -> (u64, u64, PathBuf) {
    use std::os::unix::fs::MetadataExt;
    (metadata.dev(), metadata.ino(), PathBuf::new())
}

#[cfg(not(unix))]
fn file_identity(path: &Path, _: &std::fs::Metadata) -> (u64, u64, PathBuf) {
    (
        0,
        0,
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
    )
}

/// A job's name as its document id in JSONL output: the name itself when it is UTF-8;
/// otherwise each byte that is not UTF-8 is written `\xNN` (and a backslash `\\`), so names
/// that differ only in such bytes keep distinct ids.
pub fn document_id(name: &Path) -> String {
    if let Some(name) = name.to_str() {
        return name.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut id = String::new();
        for chunk in name.as_os_str().as_bytes().utf8_chunks() {
            id.push_str(&chunk.valid().replace('\\', "\\\\"));
            for byte in chunk.invalid() {
                id.push_str(&format!("\\x{byte:02X}"));
            }
        }
        id
    }
    #[cfg(not(unix))]
    {
        format!("{name:?}")
    }
}

/// `dir/NAME.zh.txt` → (`dir/NAME.txt`, 0); `.en.` → 1; anything else → None.
fn language_part(name: &Path) -> Option<(PathBuf, usize)> {
    let file = name.file_name()?.to_str()?;
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let (base, lang) = stem.rsplit_once('.')?;
    let side = match lang {
        "zh" => 0,
        "en" => 1,
        _ => return None,
    };
    let joined = if ext.is_empty() {
        base.to_string()
    } else {
        format!("{base}.{ext}")
    };
    Some((name.with_file_name(joined), side))
}

/// A job's documents and their alignment; `zh_first` when the Chinese input came first.
pub struct Aligned {
    /// The documents read, in the order of the job's inputs.
    pub documents: Vec<Document>,
    /// Their alignment.
    pub alignment: Alignment,
    /// Whether the first of two documents is the Chinese one.
    pub zh_first: bool,
}

impl Aligned {
    /// Where the alignment's Chinese and English sentences were read.
    pub fn sources(&self) -> Sources<'_> {
        Sources::of(&self.documents, self.zh_first)
    }
}

/// Reads (in `encoding`, or detecting it) and aligns one job. The error says which file
/// failed and why.
pub fn align_job(
    job: &Job,
    options: &Options,
    encoding: Option<&'static Encoding>,
) -> Result<Aligned, String> {
    let documents = crate::timing::stage("reading", || {
        job.inputs
            .iter()
            .map(|p| Document::read_with(p, encoding).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()
    })?;
    align_documents(documents, options)
}

/// Aligns one interleaved document, or a pair (either order).
pub fn align_documents(documents: Vec<Document>, options: &Options) -> Result<Aligned, String> {
    let (alignment, zh_first) = match documents.as_slice() {
        [doc] => (align_interleaved(doc, options), true),
        [first, second] => {
            let (alignment, order) =
                align_pair(first, second, options).map_err(|e| e.to_string())?;
            (alignment, order == Order::ChineseFirst)
        }
        _ => {
            return Err(format!(
                "expected one or two documents, got {}",
                documents.len()
            ))
        }
    };
    Ok(Aligned {
        documents,
        alignment,
        zh_first,
    })
}

/// One line of `--input-format jsonl`: an interleaved `text`, or a `zh` and an `en`.
#[derive(Debug, Deserialize)]
struct JsonlDocument {
    id: serde_json::Value,
    text: Option<String>,
    zh: Option<String>,
    en: Option<String>,
}

/// Parses one streaming input line into its id and documents. Span offsets in the output
/// are byte offsets into these strings. A text that is empty, only whitespace or contains
/// NUL is refused with the same reasons as such a file.
pub fn read_jsonl_document(
    line: &str,
) -> Result<(serde_json::Value, Vec<Document>), JsonlDocumentError> {
    let doc: JsonlDocument = serde_json::from_str(line).map_err(|e| JsonlDocumentError {
        id: None,
        reason: format!("not a JSON document line: {e}"),
    })?;
    let id = &doc.id;
    let failed = |reason: String| JsonlDocumentError {
        id: Some(id.clone()),
        reason,
    };
    let text = |key: &str, text: String| {
        Document::from_bytes_with(
            format!("document {id} (\"{key}\")"),
            text.into_bytes(),
            Some(encoding_rs::UTF_8),
        )
        .map_err(|e| failed(e.to_string()))
    };
    let documents = match (doc.text.clone(), doc.zh.clone(), doc.en.clone()) {
        (Some(t), None, None) => vec![text("text", t)?],
        (None, Some(zh), Some(en)) => vec![text("zh", zh)?, text("en", en)?],
        _ => {
            return Err(failed(format!(
                "document {id}: give either \"text\", or both \"zh\" and \"en\""
            )))
        }
    };
    Ok((doc.id, documents))
}

/// A JSONL document line that cannot be aligned, with its `id` when the line had one.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonlDocumentError {
    /// The document's `id`, if the line could be read that far.
    pub id: Option<serde_json::Value>,
    /// What is wrong, in words.
    pub reason: String,
}

impl std::fmt::Display for JsonlDocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Translation units of many documents, deduplicated: identical (zh, en) pairs become one
/// unit that keeps its best score and how often it occurred, in first-seen order.
#[derive(Debug, Default)]
pub struct Corpus {
    index: HashMap<(String, String), usize>,
    /// The units, in the order they were first seen.
    pub units: Vec<CorpusUnit>,
}

/// One deduplicated translation unit of a [`Corpus`].
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusUnit {
    /// The Chinese segment.
    pub zh: String,
    /// The English segment.
    pub en: String,
    /// The best score among its occurrences.
    pub score: f64,
    /// How many times it occurred.
    pub count: usize,
}

impl Corpus {
    /// Adds the pairs of an alignment that reach `min_score`.
    pub fn add(&mut self, alignment: &Alignment, min_score: f64) {
        for bead in alignment
            .beads
            .iter()
            .filter(|b| b.is_pair() && b.score >= min_score)
        {
            let key = (alignment.zh_text(bead), alignment.en_text(bead));
            match self.index.get(&key) {
                Some(&at) => {
                    let unit = &mut self.units[at];
                    unit.count += 1;
                    unit.score = unit.score.max(bead.score);
                }
                None => {
                    self.index.insert(key.clone(), self.units.len());
                    self.units.push(CorpusUnit {
                        zh: key.0,
                        en: key.1,
                        score: bead.score,
                        count: 1,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_files_by_language_suffix() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a.zh.txt",
            "a.en.txt",
            "b.txt",
            "sub/c.zh.txt",
            "sub/c.en.txt",
            "lonely.en.txt",
            ".hidden",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let jobs = discover(&[dir.path().to_path_buf()], &mut Vec::new()).unwrap();
        let names: Vec<(String, usize)> = jobs
            .iter()
            .map(|j| (j.name.display().to_string(), j.inputs.len()))
            .collect();
        assert_eq!(
            names,
            [
                ("a.txt".into(), 2),
                ("b.txt".into(), 1),
                ("lonely.en.txt".into(), 1),
                ("sub/c.txt".into(), 2)
            ]
        );
        assert!(jobs[0].inputs[0].ends_with("a.zh.txt"));
    }

    #[test]
    fn corpus_deduplicates_and_counts() {
        let doc = Document::from_text("t", "All parties agreed. 各方一致同意。\n");
        let alignment = align_interleaved(&doc, &Options::default());
        let mut corpus = Corpus::default();
        corpus.add(&alignment, 0.0);
        corpus.add(&alignment, 0.0);
        assert_eq!(corpus.units.len(), 1);
        assert_eq!(corpus.units[0].count, 2);
    }

    #[test]
    fn jsonl_lines_give_interleaved_or_paired_documents() {
        let (id, docs) = read_jsonl_document(r#"{"id": 7, "text": "Hi. 你好。"}"#).unwrap();
        assert_eq!((id, docs.len()), (serde_json::json!(7), 1));
        let (_, docs) = read_jsonl_document(r#"{"id": "x", "zh": "你好。", "en": "Hi."}"#).unwrap();
        assert_eq!(docs.len(), 2);
        let error = read_jsonl_document(r#"{"id": 1, "zh": "你好。"}"#).unwrap_err();
        assert!(error.reason.contains("either"));
        assert_eq!(error.id, Some(serde_json::json!(1)));
    }
}
