//! JSONL writer: an [`Alignment`] in, one JSON object per line out.
//!
//! First one line per bead, in reading order (pairs below `min_score` left out, unpaired
//! beads always kept):
//! `{"zh":…,"en":…,"zh_spans":[[s,e],…],"en_spans":[…],"score":0.873,"kind":"pair"}`
//! with `kind` one of `pair`, `zh_only`, `en_only` and spans the byte ranges of each
//! sentence in the input file that side was read from. Then one line per sentence in
//! neither language, `kind` `other`, with the same six keys (empty) followed by `other` and
//! `other_spans`, so no input text goes unreported. With a `document_id` (batch and
//! streaming input), every line starts with `"id"`, the document it belongs to.

use std::io::{self, Write};

use serde::Serialize;

use super::{keep, WriteOptions};
use crate::beads::{Alignment, Bead};
use crate::sentences::Sentence;

/// One output line; field order is key order.
#[derive(Debug, Serialize)]
struct Line<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    zh: String,
    en: String,
    zh_spans: Vec<[usize; 2]>,
    en_spans: Vec<[usize; 2]>,
    score: f64,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    other: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    other_spans: Option<Vec<[usize; 2]>>,
}

/// Writes `alignment` as JSONL to `out`.
pub fn write_jsonl<W: Write>(
    mut out: W,
    alignment: &Alignment,
    options: &WriteOptions,
) -> io::Result<()> {
    for bead in alignment.beads.iter().filter(|b| keep(b, options.min_score)) {
        write_line(&mut out, &Line { id: options.document_id.as_ref(), ..bead_line(alignment, bead) })?;
    }
    for sentence in &alignment.other {
        write_line(&mut out, &Line { id: options.document_id.as_ref(), ..other_line(sentence) })?;
    }
    out.flush()
}

fn write_line<W: Write>(out: &mut W, line: &Line) -> io::Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n")
}

fn bead_line<'a>(alignment: &'a Alignment, bead: &Bead) -> Line<'a> {
    let kind = match (bead.zh.is_empty(), bead.en.is_empty()) {
        (false, false) => "pair",
        (false, true) => "zh_only",
        _ => "en_only",
    };
    Line {
        id: None,
        zh: alignment.zh_text(bead),
        en: alignment.en_text(bead),
        zh_spans: spans(bead.zh.iter().map(|&i| &alignment.zh[i])),
        en_spans: spans(bead.en.iter().map(|&i| &alignment.en[i])),
        // Rounded so the file is stable across tiny float differences and easy to read.
        score: (bead.score * 1000.0).round() / 1000.0,
        kind,
        other: None,
        other_spans: None,
    }
}

fn other_line(sentence: &Sentence) -> Line<'_> {
    Line {
        id: None,
        zh: String::new(),
        en: String::new(),
        zh_spans: Vec::new(),
        en_spans: Vec::new(),
        score: 0.0,
        kind: "other",
        other: Some(&sentence.text),
        other_spans: Some(spans([sentence])),
    }
}

fn spans<'a>(sentences: impl IntoIterator<Item = &'a Sentence>) -> Vec<[usize; 2]> {
    sentences.into_iter().map(|s| [s.span.start, s.span.end]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::{sample, HOSTILE};
    use serde_json::{json, Value};

    fn jsonl(min_score: f64) -> String {
        let mut out = Vec::new();
        let opts = WriteOptions { min_score, ..WriteOptions::default() };
        write_jsonl(&mut out, &sample(), &opts).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn values(text: &str) -> Vec<Value> {
        text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
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
        assert_eq!(kinds, ["pair", "pair", "zh_only", "pair", "en_only", "pair", "other"]);
        assert_eq!(v[1]["zh"], format!("第二句{HOSTILE}\u{1}。"));
        assert_eq!(v[1]["en"], a.en[1].text);
        assert_eq!(v[2]["en"], "");
        assert_eq!(v[2]["en_spans"], json!([]));
        let (z4, z5) = (a.zh[4].span, a.zh[5].span);
        assert_eq!(v[5]["zh_spans"], json!([[z4.start, z4.end], [z5.start, z5.end]]));
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
}
