//! Batches: folders of documents, a broken file among them, merged memories, and the
//! JSONL stream a distributed engine pipes through `duiqi`.

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

const SAMPLE: &str = "data/peoples-daily-2025-06-19.txt";

/// A folder with the sample, a pair (NAME.zh.txt + NAME.en.txt) in a subfolder, and a
/// file that is not UTF-8.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::copy(SAMPLE, dir.path().join("pd.txt")).unwrap();
    std::fs::copy(
        "tests/fixtures/pair/oman.zh.txt",
        dir.path().join("sub/oman.zh.txt"),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/pair/oman.en.txt",
        dir.path().join("sub/oman.en.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.txt"), b"\xff not text").unwrap();
    dir
}

#[test]
fn one_broken_file_fails_alone() {
    let input = corpus();
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("duiqi")
        .unwrap()
        .arg("align")
        .arg(input.path())
        .arg("--out-dir")
        .arg(out.path())
        .args(["-f", "jsonl"])
        .assert()
        .code(1)
        .stderr(
            contains("broken.txt")
                .and(contains("not valid UTF-8"))
                .and(contains("1 of 3 documents failed")),
        );
    let pd = std::fs::read_to_string(out.path().join("pd.jsonl")).unwrap();
    assert!(pd.lines().count() > 100);
    let pair = std::fs::read_to_string(out.path().join("sub/oman.jsonl")).unwrap();
    assert_eq!(
        pair.lines().count(),
        8,
        "the pair found by its .zh/.en names"
    );
    assert!(!out.path().join("broken.jsonl").exists());
}

#[test]
fn merged_memory_deduplicates_units() {
    let input = corpus();
    std::fs::remove_file(input.path().join("broken.txt")).unwrap();
    std::fs::copy(SAMPLE, input.path().join("pd-again.txt")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let tmx = out.path().join("corpus.tmx");
    Command::cargo_bin("duiqi")
        .unwrap()
        .arg("align")
        .arg(input.path())
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success();
    let text = std::fs::read_to_string(&tmx).unwrap();
    let units = text.matches("<tu>").count();
    let counts: Vec<usize> = text
        .split(r#"<prop type="x-count">"#)
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(counts.len(), units, "every unit carries its count");
    // The sample's pairs, seen in two copies (its repeated paragraph even twice in each),
    // are counted, not repeated; the two-document job's eight pairs are sentences of the
    // sample too, so they only raise counts.
    assert!(counts.iter().all(|&c| c >= 2));
    assert!(counts.iter().any(|&c| c >= 3));
    let single = Command::cargo_bin("duiqi")
        .unwrap()
        .args(["align", SAMPLE, "-f", "tmx", "-q"])
        .output()
        .unwrap()
        .stdout;
    let sample_pairs = String::from_utf8(single).unwrap().matches("<tu>").count();
    assert_eq!(counts.iter().sum::<usize>(), 2 * sample_pairs + 8);
}

#[test]
fn jsonl_stream_keeps_input_order_in_parallel() {
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let mut input = String::new();
    for i in 0..40 {
        let line = match i % 3 {
            0 => serde_json::json!({"id": i, "text": sample}),
            1 => serde_json::json!({"id": i, "zh": "各方一致同意。", "en": "All parties agreed."}),
            _ => serde_json::json!({"id": i, "text": format!("Note {i}. 第{i}条。")}),
        };
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let output = Command::cargo_bin("duiqi")
        .unwrap()
        .args(["align", "--input-format", "jsonl", "-j", "2"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut order: Vec<i64> = Vec::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let bead: Value = serde_json::from_str(line).unwrap();
        let id = bead["id"].as_i64().unwrap();
        if order.last() != Some(&id) {
            order.push(id);
        }
    }
    assert_eq!(order, (0..40).collect::<Vec<_>>());
}

#[test]
fn a_batch_needs_somewhere_to_write() {
    let input = corpus();
    Command::cargo_bin("duiqi")
        .unwrap()
        .arg("align")
        .arg(input.path())
        .assert()
        .code(2)
        .stderr(contains("--out-dir"));
}

/// Threads share the work inside a document (tokenizing, dictionary lookups) as well as
/// across documents; the output must not depend on how many there are.
#[test]
fn output_is_identical_for_any_thread_count() {
    let input = corpus();
    std::fs::remove_file(input.path().join("broken.txt")).unwrap();
    let run = |args: &[&str], threads: &str| {
        let output = Command::cargo_bin("duiqi")
            .unwrap()
            .arg("align")
            .args(args)
            .args(["-q", "-j", threads])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    };
    let single = [SAMPLE, "-f", "jsonl"];
    let one = run(&single, "1");
    assert!(one.len() > 10_000);
    assert_eq!(one, run(&single, "2"), "one document, -j1 and -j2");
    let out = tempfile::tempdir().unwrap();
    let merged = |threads: &str| {
        let path = out.path().join(format!("j{threads}.tmx"));
        run(
            &[input.path().to_str().unwrap(), "-o", path.to_str().unwrap()],
            threads,
        );
        std::fs::read(path).unwrap()
    };
    assert_eq!(merged("1"), merged("2"), "a merged batch, -j1 and -j2");
}
