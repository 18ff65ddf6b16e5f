//! Nothing the user has is lost: outputs never replace inputs or files this run did not
//! write, are written whole or not at all (errors, kill -9, Ctrl-C), land where the user
//! pointed (symlinks, devices), and every write error is reported (issue 12, issue 16).

use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const SAMPLE: &str = "data/peoples-daily-2025-06-19.txt";

fn duiqi() -> Command {
    Command::cargo_bin("duiqi").unwrap()
}

fn jsonl_line(id: usize, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string() + "\n"
}

/// A JSONL stream of `n` copies of the sample (slow enough to interrupt with -j 1).
fn long_stream(dir: &Path, n: usize) -> PathBuf {
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let path = dir.join("long.jsonl");
    let text: String = (0..n).map(|i| jsonl_line(i, &sample)).collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// Temporary output files left in `dir`.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".duiqi-") && n.ends_with(".tmp"))
        .collect()
}

/// Starts `duiqi` with `args`, waits until it has a temporary output file in `dir`, then
/// sends it `signal` and waits for it to end.
fn signal_while_writing(args: &[&std::ffi::OsStr], dir: &Path, signal: i32) -> Child {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("duiqi"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while temp_files(dir).is_empty() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it wrote anything"
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // Let it write a while, so the temporary file holds part of the output.
    std::thread::sleep(Duration::from_millis(200));
    unsafe { libc::kill(child.id() as i32, signal) };
    child.wait().unwrap();
    child
}

// ---- 1. Stream mode ----

#[test]
fn stream_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("d.jsonl");
    let text = jsonl_line(1, "All parties agreed. 各方一致同意。");
    std::fs::write(&input, &text).unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    for output in [&input, &link, &dir.path().join(".").join("d.jsonl")] {
        duiqi()
            .args(["align", "--input-format", "jsonl"])
            .arg(&input)
            .arg("-o")
            .arg(output)
            .assert()
            .code(2)
            .stderr(contains("refusing to overwrite input file"));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
    }
}

#[test]
fn stream_where_every_line_fails_keeps_an_existing_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.jsonl");
    std::fs::write(&input, "not json\n{\"id\": 2}\n").unwrap();
    let output = dir.path().join("out.jsonl");
    std::fs::write(&output, "earlier results\n").unwrap();
    duiqi()
        .args(["align", "--input-format", "jsonl"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(1)
        .stderr(contains("all 2 documents failed").and(contains("left unchanged")));
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "earlier results\n"
    );
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn stream_killed_leaves_no_partial_file_at_the_output_path() {
    let dir = tempfile::tempdir().unwrap();
    let input = long_stream(dir.path(), 400);
    let output = dir.path().join("out.jsonl");
    let args = [
        "align".as_ref(),
        "--input-format".as_ref(),
        "jsonl".as_ref(),
        "-j".as_ref(),
        "1".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ];
    signal_while_writing(&args, dir.path(), libc::SIGKILL);
    assert!(!output.exists(), "a partial output at the final path");
}

#[test]
fn stream_output_replaces_the_file_only_on_success() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("d.jsonl");
    std::fs::write(&input, jsonl_line(1, "All parties agreed. 各方一致同意。")).unwrap();
    let output = dir.path().join("out.jsonl");
    std::fs::write(&output, "old").unwrap();
    duiqi()
        .args(["align", "--input-format", "jsonl"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .success();
    let text = std::fs::read_to_string(&output).unwrap();
    assert!(text.starts_with(r#"{"id":1,"#), "{text}");
    assert!(temp_files(dir.path()).is_empty());
}

// ---- 12. JSONL input ----

#[test]
fn stream_refuses_other_formats_and_out_dir() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("d.jsonl");
    std::fs::write(&input, jsonl_line(1, "Hi. 你好。")).unwrap();
    let tmx = dir.path().join("x.tmx");
    for extra in [
        vec!["-f".into(), "tmx".into()],
        vec!["-o".into(), tmx.clone().into_os_string()],
        vec!["--out-dir".into(), dir.path().join("o").into_os_string()],
    ] {
        duiqi()
            .args(["align", "--input-format", "jsonl"])
            .arg(&input)
            .args(&extra)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains("--input-format jsonl writes"));
    }
    assert!(!tmx.exists());
    assert!(!dir.path().join("o").exists());
}

#[test]
fn stream_accepts_a_bom_and_skips_blank_lines() {
    let mut input = "\u{feff}".to_string();
    input += &jsonl_line(1, "All parties agreed. 各方一致同意。");
    input += "\n   \n";
    input += &jsonl_line(2, "Hi. 你好。");
    duiqi()
        .args(["align", "--input-format", "jsonl"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(contains(r#"{"id":1,"#).and(contains(r#"{"id":2,"#)))
        .stderr(contains("failed").not());
}

#[test]
fn stream_rejects_empty_and_nul_text_per_document() {
    let mut input = jsonl_line(1, "");
    input += &serde_json::json!({"id": 2, "zh": "你\u{0}好。", "en": "Hi."}).to_string();
    input += "\n";
    input += &serde_json::json!({"id": 3, "zh": "你好。", "en": "  "}).to_string();
    input += "\n";
    input += &jsonl_line(4, "All parties agreed. 各方一致同意。");
    duiqi()
        .args(["align", "--input-format", "jsonl"])
        .write_stdin(input)
        .assert()
        .code(1)
        .stdout(contains(r#"{"id":4,"#).and(contains(r#""id":1"#).not()))
        .stderr(
            contains("<stdin>:1: document 1 (\"text\") is empty")
                .and(contains(
                    "<stdin>:2: document 2 (\"zh\") looks like a binary file",
                ))
                .and(contains(
                    "<stdin>:3: document 3 (\"en\") contains only whitespace",
                ))
                .and(contains("3 of 4 documents failed")),
        );
}
