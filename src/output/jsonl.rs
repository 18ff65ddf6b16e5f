//! JSONL writer: an [`Alignment`] in, one JSON object per line out.
//!
//! First one line per bead, in reading order (pairs below `min_score` left out, unpaired
//! beads always kept):
//! `{"zh":…,"en":…,"zh_spans":[[s,e],…],"en_spans":[…],"score":0.873,"kind":"pair"}`
//! with `kind` one of `pair`, `zh_only`, `en_only` and spans the byte ranges of each
//! sentence in the input file that side was read from. Then one line per sentence in
//! neither language, `kind` `other`, with the same six keys (empty) followed by `other` and
//! `other_spans`, so no input text goes unreported. Pairs of interleaved input carry a
//! `layout` key after `kind`: `en-first` when the English is written before its Chinese,
//! `zh-first` when after. With a `document_id` (batch and streaming input), every line
//! starts with `"id"`, the document it belongs to, and `"n"`, the line's index in that
//! document (beads in order, then the other-language lines).
//!
//! Spans are byte offsets into the input files as they are on disk. The pipeline's spans
//! index the decoded UTF-8 text; for input read in another encoding (GB18030, Big5,
//! UTF-16) [`write_jsonl_with_sources`] translates them with
//! [`Document::source_offset`]. [`write_jsonl`] writes them as they are, which is the same
//! for UTF-8 input.

use std::io::{self, Write};

use serde::Serialize;

use super::{keep, WriteOptions};
use crate::beads::{Alignment, Bead, Sources};
use crate::read::Document;
use crate::sentences::Sentence;

/// One output line; field order is key order.
#[derive(Debug, Serialize)]
struct Line<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    /// With an `id`: the line's index in its document (beads, then other text), so that a
    /// distributed run can restore the order.
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<usize>,
    zh: String,
    en: String,
    zh_spans: Vec<[usize; 2]>,
    en_spans: Vec<[usize; 2]>,
    score: f64,
    kind: &'static str,
    /// Pairs of interleaved input: `en-first` when the English is written before the
    /// Chinese, `zh-first` when after.
    #[serde(skip_serializing_if = "Option::is_none")]
    layout: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    other: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    other_spans: Option<Vec<[usize; 2]>>,
}

/// Writes `alignment` as JSONL to `out`, with spans into the decoded text (for UTF-8
/// input, the file's bytes).
pub fn write_jsonl<W: Write>(
    out: W,
    alignment: &Alignment,
    options: &WriteOptions,
) -> io::Result<()> {
    write_lines(out, alignment, options, None)
}

/// Writes `alignment` as JSONL to `out`, with spans as byte offsets into the input files
/// `sources` were read from, whatever their encoding.
pub fn write_jsonl_with_sources<W: Write>(
    out: W,
    alignment: &Alignment,
    options: &WriteOptions,
    sources: Sources,
) -> io::Result<()> {
    write_lines(out, alignment, options, Some(sources))
}

fn write_lines<W: Write>(
    mut out: W,
    alignment: &Alignment,
    options: &WriteOptions,
    sources: Option<Sources>,
) -> io::Result<()> {
    let id = options.document_id.as_ref();
    let n = |index: usize| id.map(|_| index);
    for (index, bead) in alignment.beads.iter().enumerate() {
        if !keep(bead, options.min_score) {
            continue;
        }
        write_line(
            &mut out,
            &Line {
                id,
                n: n(index),
                ..bead_line(alignment, bead, sources)
            },
        )?;
    }
    for (k, sentence) in alignment.other.iter().enumerate() {
        write_line(
            &mut out,
            &Line {
                id,
                n: n(alignment.beads.len() + k),
                ..other_line(sentence, sources)
            },
        )?;
    }
    out.flush()
}

fn write_line<W: Write>(out: &mut W, line: &Line) -> io::Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n")
}

fn bead_line<'a>(alignment: &'a Alignment, bead: &Bead, sources: Option<Sources>) -> Line<'a> {
    let kind = match (bead.zh.is_empty(), bead.en.is_empty()) {
        (false, false) => "pair",
        (false, true) => "zh_only",
        _ => "en_only",
    };
    Line {
        id: None,
        n: None,
        zh: alignment.zh_text(bead),
        en: alignment.en_text(bead),
        zh_spans: bead
            .zh
            .iter()
            .map(|&i| span(&alignment.zh[i], sources.map(|s| s.zh)))
            .collect(),
        en_spans: bead
            .en
            .iter()
            .map(|&i| span(&alignment.en[i], sources.map(|s| s.en)))
            .collect(),
        // Rounded so the file is stable across tiny float differences and easy to read.
        score: (bead.score * 1000.0).round() / 1000.0,
        kind,
        layout: pair_layout(alignment, bead),
        other: None,
        other_spans: None,
    }
}

/// For a pair of interleaved input, which of its sides is written first (the `layout`
/// key); None for other beads and for pairs of two documents.
pub fn pair_layout(alignment: &Alignment, bead: &Bead) -> Option<&'static str> {
    alignment.layout?;
    let (&zh, &en) = (bead.zh.first()?, bead.en.first()?);
    Some(
        match alignment.en[en].span.start < alignment.zh[zh].span.start {
            true => "en-first",
            false => "zh-first",
        },
    )
}

fn other_line<'a>(sentence: &'a Sentence, sources: Option<Sources>) -> Line<'a> {
    Line {
        id: None,
        n: None,
        zh: String::new(),
        en: String::new(),
        zh_spans: Vec::new(),
        en_spans: Vec::new(),
        score: 0.0,
        kind: "other",
        layout: None,
        other: Some(&sentence.text),
        other_spans: Some(vec![span(
            sentence,
            sources.map(|s| other_source(sentence, s)),
        )]),
    }
}

/// A sentence's span, as offsets into the file `doc` was read from when given.
fn span(sentence: &Sentence, doc: Option<&Document>) -> [usize; 2] {
    let s = sentence.span;
    match doc {
        Some(doc) => [doc.source_offset(s.start), doc.source_offset(s.end)],
        None => [s.start, s.end],
    }
}

/// Which document a sentence in neither language came from: with two documents, the one
/// whose text at the sentence's span is the sentence (whitespace aside). It only matters
/// when the two would place the span differently in their files. Public so that bindings
/// (the Python package) place such a sentence in the same document the JSONL spans do.
pub fn other_source<'a>(sentence: &Sentence, sources: Sources<'a>) -> &'a Document {
    let (zh, en) = (sources.zh, sources.en);
    if std::ptr::eq(zh, en) || span(sentence, Some(zh)) == span(sentence, Some(en)) {
        return zh;
    }
    let holds = |doc: &Document| {
        let words = |t: &str| t.split_whitespace().collect::<String>();
        doc.text
            .get(sentence.span.range())
            .is_some_and(|t| words(t) == words(&sentence.text))
    };
    if !holds(zh) && holds(en) {
        en
    } else {
        zh
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::{sample, HOSTILE};
    use serde_json::{json, Value};

    fn jsonl(min_score: f64) -> String {
        let mut out = Vec::new();
        let opts = WriteOptions {
            min_score,
            ..WriteOptions::default()
        };
        write_jsonl(&mut out, &sample(), &opts).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn values(text: &str) -> Vec<Value> {
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn key_order_and_first_line() {
        let first = jsonl(0.0).lines().next().unwrap().to_string();
        assert_eq!(
            first,
            r#"{"zh":"你好，世界。","en":"Hello, world.","zh_spans":[[0,18]],"en_spans":[[0,13]],"score":0.873,"kind":"pair"}"#
        );
    }

    #[test]
    fn kinds_spans_and_text_round_trip() {
        let a = sample();
        let v = values(&jsonl(0.0));
        let kinds: Vec<_> = v.iter().map(|l| l["kind"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            ["pair", "pair", "zh_only", "pair", "en_only", "pair", "other"]
        );
        assert_eq!(v[1]["zh"], format!("第二句{HOSTILE}\u{1}。"));
        assert_eq!(v[1]["en"], a.en[1].text);
        assert_eq!(v[2]["en"], "");
        assert_eq!(v[2]["en_spans"], json!([]));
        let (z4, z5) = (a.zh[4].span, a.zh[5].span);
        assert_eq!(
            v[5]["zh_spans"],
            json!([[z4.start, z4.end], [z5.start, z5.end]])
        );
        assert_eq!(v[5]["score"], json!(0.9));
        // Every span slices its sentence's text back out of the concatenated "input".
        let input: String = a.zh.iter().map(|s| s.text.clone() + "\n").collect();
        for (line, bead) in v.iter().zip(&a.beads) {
            let text: String = line["zh_spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| &input[s[0].as_u64().unwrap() as usize..s[1].as_u64().unwrap() as usize])
                .collect();
            assert_eq!(text, a.zh_text(bead));
        }
    }

    #[test]
    fn other_lines() {
        let text = jsonl(0.0);
        assert_eq!(
            text.lines().last().unwrap(),
            r#"{"zh":"","en":"","zh_spans":[],"en_spans":[],"score":0.0,"kind":"other","other":"Guten Tag.","other_spans":[[0,10]]}"#
        );
    }

    #[test]
    fn min_score_filters_pairs_only() {
        let v = values(&jsonl(0.9));
        let scores: Vec<_> = v.iter().map(|l| l["score"].as_f64().unwrap()).collect();
        assert_eq!(scores, [0.95, 0.6, 0.7, 0.9, 0.0]);
    }

    #[test]
    fn spans_index_the_original_files_of_two_documents() {
        use crate::span::{Lang, Span};
        let zh_bytes = encoding_rs::GB18030
            .encode("中文句子。Guten Tag.\n")
            .0
            .into_owned();
        let zh = Document::from_bytes("zh.txt", zh_bytes.clone()).unwrap();
        let en = Document::from_text("en.txt", "Hello there. Hallo Welt.\n");
        let sentence = |lang, doc: &Document, start, end| Sentence {
            lang,
            span: Span::new(start, end),
            text: doc.text[start..end].to_string(),
            paragraph: 0,
        };
        let alignment = Alignment {
            zh: vec![sentence(Lang::Chinese, &zh, 0, 15)],
            en: vec![sentence(Lang::English, &en, 0, 12)],
            other: vec![
                sentence(Lang::Other, &en, 13, 24),
                sentence(Lang::English, &zh, 15, 25),
            ],
            beads: vec![Bead::new(vec![0], vec![0], 0.9)],
            layout: None,
        };
        let mut out = Vec::new();
        let sources = Sources { zh: &zh, en: &en };
        write_jsonl_with_sources(&mut out, &alignment, &WriteOptions::default(), sources).unwrap();
        let v = values(std::str::from_utf8(&out).unwrap());
        assert_eq!(
            v[0]["zh_spans"],
            json!([[0, 10]]),
            "five GB18030 characters of two bytes"
        );
        assert_eq!(v[0]["en_spans"], json!([[0, 12]]));
        assert_eq!(
            v[1]["other_spans"],
            json!([[13, 24]]),
            "from the English file"
        );
        assert_eq!(
            v[2]["other_spans"],
            json!([[10, 20]]),
            "from the Chinese file"
        );
        assert_eq!(&zh_bytes[10..20], b"Guten Tag.");
    }
}
