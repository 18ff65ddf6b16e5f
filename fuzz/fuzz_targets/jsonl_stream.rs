//! Fuzzes the JSONL stream reader (`duiqi align --input-format jsonl`): every line of the
//! input goes through `batch::read_jsonl_document`, and each document it accepts through
//! `batch::align_documents` and the JSONL writer with the document's id, as `run_stream`
//! in main.rs does.
//!
//! Checked, as the docs claim them: reading never panics, whatever the line; an accepted
//! line gives one document (`text`) or two (`zh` + `en`) whose text is the JSON string's;
//! every output line is a JSON object carrying the input's `id`, and its spans lie in the
//! documents' text on char boundaries (batch.rs: "Span offsets in the output are byte
//! offsets into these strings").
#![no_main]

use duiqi::batch::{align_documents, read_jsonl_document};
use duiqi::output::{self, Format, WriteOptions};
use duiqi::pipeline::Options;
use libfuzzer_sys::fuzz_target;

fn check_span(value: &serde_json::Value, texts: &[&str], line: &str) {
    let Some(span) = value.as_array() else { return };
    let [start, end] = span.as_slice() else {
        panic!("span {value} is not [start, end] in {line}")
    };
    let (start, end) = (start.as_u64().unwrap() as usize, end.as_u64().unwrap() as usize);
    assert!(start <= end, "reversed span {value} in {line}");
    assert!(
        texts
            .iter()
            .any(|t| end <= t.len() && t.is_char_boundary(start) && t.is_char_boundary(end)),
        "span {value} in no document's text: {line}"
    );
}

fn check_spans(value: &serde_json::Value, texts: &[&str], line: &str) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if key.ends_with("_spans") {
                    for s in v.as_array().into_iter().flatten() {
                        check_span(s, texts, line);
                    }
                } else {
                    check_spans(v, texts, line);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| check_spans(v, texts, line)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    for line in input.lines().filter(|l| !l.trim().is_empty()) {
        let Ok((id, documents)) = read_jsonl_document(line) else {
            continue;
        };
        let parsed: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(parsed["id"], id);
        match documents.as_slice() {
            [doc] => assert_eq!(Some(doc.text.as_str()), parsed["text"].as_str()),
            [zh, en] => {
                assert_eq!(Some(zh.text.as_str()), parsed["zh"].as_str());
                assert_eq!(Some(en.text.as_str()), parsed["en"].as_str());
            }
            other => panic!("{} documents from one line", other.len()),
        }
        let texts: Vec<String> = documents.iter().map(|d| d.text.clone()).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let Ok(aligned) = align_documents(documents, &Options::default()) else {
            continue;
        };
        let options = WriteOptions {
            min_score: 0.0,
            zh_first: aligned.zh_first,
            document_id: Some(id.clone()),
            ..WriteOptions::default()
        };
        let mut bytes = Vec::new();
        output::write(&mut bytes, &aligned.alignment, Format::Jsonl, &options).unwrap();
        for out in std::str::from_utf8(&bytes).unwrap().lines() {
            let value: serde_json::Value = serde_json::from_str(out).unwrap();
            assert!(value.is_object(), "not an object: {out}");
            assert_eq!(value["id"], id, "{out}");
            check_spans(&value, &texts, out);
        }
    }
});
