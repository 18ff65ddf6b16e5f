//! Batch outputs never collide or replace what the user has: distinct names for inputs
//! that would share one (issue 12 point 2), pairs only within one folder with every lone
//! half reported (point 3), and no file replaced that this run did not write unless
//! --force (point 4).

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const SAMPLE: &str = "data/peoples-daily-2025-06-19.txt";
const ZH: &str = "tests/fixtures/pair/oman.zh.txt";
const EN: &str = "tests/fixtures/pair/oman.en.txt";

fn duiqi() -> Command {
    Command::cargo_bin("duiqi").unwrap()
}

fn copy(from: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

/// Files under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn same_name_from_two_folders_is_refused_before_aligning() {
    let dir = tempfile::tempdir().unwrap();
    let (a1, a2) = (dir.path().join("d1/a.txt"), dir.path().join("d2/a.txt"));
    copy(SAMPLE, &a1);
    copy(ZH, &a2);
    let out = dir.path().join("o");
    duiqi()
        .arg("align")
        .args([&a1, &a2])
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("would both be written to").and(contains("aligned").not()));
    assert!(!out.exists(), "nothing written");
    // A merged JSONL would give both documents one id.
    duiqi()
        .arg("align")
        .args([&a1, &a2])
        .arg("--batch")
        .arg("-o")
        .arg(dir.path().join("m.jsonl"))
        .assert()
        .code(2)
        .stderr(contains("would both get the id"));
}

#[test]
fn names_differing_in_extension_get_distinct_outputs() {
    let dir = tempfile::tempdir().unwrap();
    copy(SAMPLE, &dir.path().join("in/a.txt"));
    copy(ZH, &dir.path().join("in/a.md"));
    copy(SAMPLE, &dir.path().join("in/b.txt"));
    let out = dir.path().join("o");
    duiqi()
        .arg("align")
        .arg(dir.path().join("in"))
        .arg("--out-dir")
        .arg(&out)
        .args(["-f", "tsv"])
        .assert()
        .success()
        .stderr(contains("3 of 3 documents aligned"));
    assert_eq!(listing(&out), ["a.md.tsv", "a.txt.tsv", "b.tsv"]);
    let from_md = std::fs::read_to_string(out.join("a.md.tsv")).unwrap();
    let from_txt = std::fs::read_to_string(out.join("a.txt.tsv")).unwrap();
    assert_ne!(from_md, from_txt);
}

#[test]
fn pairs_form_only_within_a_folder_and_lone_halves_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (zh1, zh2, en1) = (
        dir.path().join("d1/p.zh.txt"),
        dir.path().join("d2/p.zh.txt"),
        dir.path().join("d1/p.en.txt"),
    );
    copy(ZH, &zh1);
    copy(ZH, &zh2);
    copy(EN, &en1);
    let out = dir.path().join("o");
    duiqi()
        .arg("align")
        .args([&zh2, &zh1, &en1])
        .arg("--out-dir")
        .arg(&out)
        .args(["-f", "jsonl"])
        .assert()
        .success()
        .stderr(
            contains(format!("{} has no partner", zh2.display()))
                .and(contains("d2/p.en.txt"))
                .and(contains(format!("{} has no partner", zh1.display())).not())
                .and(contains("2 of 2 documents aligned")),
        );
    assert_eq!(listing(&out), ["p.jsonl", "p.zh.jsonl"]);
    // The pair is d1's Chinese with d1's English: eight pairs, as in tests/batch.rs.
    let pair = std::fs::read_to_string(out.join("p.jsonl")).unwrap();
    assert_eq!(pair.matches(r#""kind":"pair""#).count(), 8);
}

#[test]
fn existing_files_in_the_out_dir_are_kept_unless_force() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copy(SAMPLE, &docs.join("x.txt"));
    let out = dir.path().join("o");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("x.tmx"), "the user's own memory").unwrap();
    duiqi()
        .arg("align")
        .arg(&docs)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("already exist").and(contains("--force")));
    assert_eq!(
        std::fs::read_to_string(out.join("x.tmx")).unwrap(),
        "the user's own memory"
    );
    duiqi()
        .arg("align")
        .arg(&docs)
        .arg("--out-dir")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert!(std::fs::read_to_string(out.join("x.tmx"))
        .unwrap()
        .contains("<tu>"));
}

#[test]
fn out_dir_inside_the_input_folder_never_replaces_a_users_file() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copy(SAMPLE, &docs.join("x.txt"));
    std::fs::write(docs.join("x.tmx"), "the user's own memory").unwrap();
    // x.txt and the user's x.tmx would both give x.tmx: each keeps its extension.
    let assert = duiqi()
        .arg("align")
        .arg(&docs)
        .arg("--out-dir")
        .arg(&docs)
        .assert();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(
        std::fs::read_to_string(docs.join("x.tmx")).unwrap(),
        "the user's own memory",
        "{stderr}"
    );
    assert!(!stderr.contains("refusing to overwrite"), "{stderr}");
    assert.success();
    assert!(std::fs::read_to_string(docs.join("x.txt.tmx"))
        .unwrap()
        .contains("<tu>"));
    // Again with --force: the first run's x.txt.tmx is now an input whose output would
    // be its own path; the batch is refused before aligning, the user's file kept.
    duiqi()
        .arg("align")
        .arg(&docs)
        .arg("--out-dir")
        .arg(&docs)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(contains("would both be written to"));
    assert_eq!(
        std::fs::read_to_string(docs.join("x.tmx")).unwrap(),
        "the user's own memory"
    );
}

/// A write error is exit status 2 (point 6), not the 1 of a document that failed to align.
#[test]
fn an_output_that_cannot_be_written_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copy(SAMPLE, &docs.join("a.txt"));
    copy(SAMPLE, &docs.join("b.txt"));
    let out = dir.path().join("o");
    // A directory where the output should go: no mode bits involved, so root is stopped too.
    std::fs::create_dir_all(out.join("a.tsv")).unwrap();
    duiqi()
        .arg("align")
        .arg(&docs)
        .arg("--out-dir")
        .arg(&out)
        .args(["-f", "tsv", "--force"])
        .assert()
        .code(2)
        .stderr(
            contains("a.tsv is a directory").and(contains("1 of 2 outputs could not be written")),
        );
    assert!(out.join("b.tsv").is_file());
}
