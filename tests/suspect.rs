//! Warnings about stretches where two documents' alignment may be wrong: a passage whose
//! Chinese lines come in the reverse order cannot be aligned in order, and `align` says
//! so on stderr and `coverage` as `suspect_alignment` findings, with the lines of both
//! sides; the same documents in order get no warning.

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::sample_pairs as pairs;

/// The Chinese lines reversed.
const REVERSED: std::ops::Range<usize> = 400..550;

/// Two files of 1,400 lines (the sample's pairs in rounds of different order, every
/// fifth numbered); with `reversed`, the Chinese lines [`REVERSED`] in reverse order.
fn write_pair(dir: &std::path::Path, reversed: bool) -> (String, String) {
    let pairs = pairs();
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for k in 0..1400 {
        let round = k / pairs.len();
        let (z, e) = &pairs[(k * [1, 7, 11, 13][round % 4] + round) % pairs.len()];
        match k % 5 {
            0 => {
                zh.push(format!("{z}（第{k}段）"));
                en.push(format!("{e} (Paragraph {k})"));
            }
            _ => {
                zh.push(z.clone());
                en.push(e.clone());
            }
        }
    }
    if reversed {
        zh[REVERSED].reverse();
    }
    let (zh_path, en_path) = (dir.join("book.zh"), dir.join("book.en"));
    std::fs::write(&zh_path, zh.join("\n") + "\n").unwrap();
    std::fs::write(&en_path, en.join("\n") + "\n").unwrap();
    let path = |p: std::path::PathBuf| p.to_str().unwrap().to_string();
    (path(zh_path), path(en_path))
}

fn run(args: &[&str]) -> (String, String) {
    let output = Command::cargo_bin("duiqi")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (text(output.stdout), text(output.stderr))
}

#[test]
fn a_passage_out_of_order_is_reported_with_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = write_pair(dir.path(), true);
    let (_, stderr) = run(&["align", "--presplit", &zh, &en, "-o", "/dev/null"]);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("duiqi: warning:"))
        .collect();
    assert!(!warnings.is_empty(), "{stderr}");
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("Chinese lines") && w.contains("English lines")),
        "{stderr}"
    );

    let (json, _) = run(&["coverage", "--presplit", &zh, &en, "--json"]);
    let report: Value = serde_json::from_str(&json).unwrap();
    let suspects: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "suspect_alignment")
        .collect();
    // One finding a side for each warning.
    assert_eq!(suspects.len(), 2 * warnings.len(), "{suspects:?}");
    // Every stretch starts in the reversed passage (lines are 1-based).
    for f in &suspects {
        let line = f["line"].as_u64().unwrap() as usize;
        assert!((REVERSED.start + 1..=REVERSED.end).contains(&line), "{f:?}");
    }
    for f in &suspects {
        assert!(f["start"].as_u64() < f["end"].as_u64());
        assert!(f["detail"].as_str().unwrap().contains("may be wrong"));
    }
}

#[test]
fn documents_in_order_get_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = write_pair(dir.path(), false);
    let (_, stderr) = run(&["align", "--presplit", &zh, &en, "-o", "/dev/null"]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let (json, _) = run(&["coverage", "--presplit", &zh, &en, "--json"]);
    assert!(!json.contains("suspect_alignment"));
}
