//! Byte offsets and texts in the output: `coverage` findings point into the file as it is
//! on disk in any encoding (as JSONL spans do), and JSONL `zh`/`en` are the spanned bytes
//! with whitespace folded.

use std::path::Path;

use assert_cmd::Command;
use encoding_rs::{Encoding, BIG5, GB18030, UTF_16LE, UTF_8};
use predicates::str::contains;
use serde_json::Value;

const DIR: &str = "tests/fixtures/encodings";

fn coverage_json(path: &Path, extra: &[&str]) -> Value {
    let output = Command::cargo_bin("duiqi")
        .unwrap()
        .arg("coverage")
        .arg(path)
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Issue 12.11: `coverage` on GBK/Big5/UTF-16 input gave offsets into the decoded text.
/// Each finding's `start..end`, decoded in the file's encoding, is the same text as the
/// same finding's range in the UTF-8 original; line, column and text are unchanged.
#[test]
fn coverage_offsets_index_the_file_in_its_own_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let utf16 = dir.path().join("sample.utf16le.txt");
    let sample = std::fs::read_to_string(Path::new(DIR).join("sample.utf8.txt")).unwrap();
    // UTF-16 without a byte-order mark: only `--encoding` can read it.
    let bytes: Vec<u8> = sample.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&utf16, bytes).unwrap();
    let cases: [(&str, &Path, &'static Encoding, &[&str]); 3] = [
        (
            "sample.utf8.txt",
            &Path::new(DIR).join("sample.gb18030.txt"),
            GB18030,
            &[],
        ),
        (
            "sample-hant.utf8.txt",
            &Path::new(DIR).join("sample-hant.big5.txt"),
            BIG5,
            &[],
        ),
        (
            "sample.utf8.txt",
            &utf16,
            UTF_16LE,
            &["--encoding", "utf-16le"],
        ),
    ];
    for (original, encoded, encoding, extra) in cases {
        let original = Path::new(DIR).join(original);
        let utf8_text = std::fs::read(&original).unwrap();
        let encoded_bytes = std::fs::read(encoded).unwrap();
        let expected = coverage_json(&original, &[]);
        let report = coverage_json(encoded, extra);
        let (expected, findings) = (
            expected["findings"].as_array().unwrap(),
            report["findings"].as_array().unwrap(),
        );
        assert!(!findings.is_empty(), "{}", encoded.display());
        assert_eq!(findings.len(), expected.len(), "{}", encoded.display());
        for (want, got) in expected.iter().zip(findings) {
            for key in ["kind", "line", "column", "text"] {
                assert_eq!(want[key], got[key], "{key} in {}", encoded.display());
            }
            let range = |f: &Value| {
                f["start"].as_u64().unwrap() as usize..f["end"].as_u64().unwrap() as usize
            };
            let in_file = encoding
                .decode_without_bom_handling_and_without_replacement(&encoded_bytes[range(got)])
                .unwrap_or_else(|| {
                    panic!("{got} does not fall on characters of {}", encoded.display())
                });
            let in_original = UTF_8.decode_without_bom_handling(&utf8_text[range(want)]).0;
            assert_eq!(in_file, in_original, "{got} in {}", encoded.display());
        }
    }
    Command::cargo_bin("duiqi")
        .unwrap()
        .args(["coverage", "--encoding", "klingon"])
        .arg(&utf16)
        .assert()
        .code(2)
        .stderr(contains("unknown encoding 'klingon'"));
}

/// Folds whitespace as the README says `zh`/`en` are folded.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Issue 12.14: JSONL `zh`/`en` are the spanned bytes with every run of whitespace (tab,
/// VT, FF, CR, LF, no-break and ideographic spaces) folded to one space, sentences joined
/// (Chinese directly, English with a space); the spans cover the original bytes.
#[test]
fn jsonl_texts_are_folded_and_spans_cover_the_original_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spaces.txt");
    let text = "The\tmeeting  was\u{0b}held\u{0c}in\u{a0}Beijing on Monday. It ended \
                at noon.\r\n会议于周一\t在\u{3000}北京举行。会议\u{0c}中午结束。\n";
    std::fs::write(&path, text).unwrap();
    let output = Command::cargo_bin("duiqi")
        .unwrap()
        .args(["align", "-f", "jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let mut folded_somewhere = false;
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let bead: Value = serde_json::from_str(line).unwrap();
        for (side, separator) in [("zh", ""), ("en", " ")] {
            let slices: Vec<&str> = bead[format!("{side}_spans")]
                .as_array()
                .unwrap()
                .iter()
                .map(|span| {
                    let span = span.as_array().unwrap();
                    &text[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize]
                })
                .collect();
            for slice in &slices {
                assert_eq!(slice.trim(), *slice, "spans are trimmed");
            }
            let joined: Vec<String> = slices.iter().map(|s| fold(s)).collect();
            assert_eq!(bead[side], joined.join(separator), "{side} of {line}");
            folded_somewhere |= slices.iter().any(|s| fold(s) != *s);
        }
    }
    assert!(folded_somewhere, "the spans cover the unfolded whitespace");
}
