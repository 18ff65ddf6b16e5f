//! What the binary tells the user is true: its summary agrees with `coverage` and with
//! what it wrote, bad argument values are refused before any work, `eval` errors are
//! friendly, and the README quotes a summary the binary really prints.

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

const SAMPLE: &str = "data/peoples-daily-2025-06-19.txt";

fn duiqi() -> Command {
    Command::cargo_bin("duiqi").unwrap()
}

/// The summary line `align` prints for the sample (with these extra arguments).
fn summary(extra: &[&str]) -> (String, Vec<u8>) {
    let output = duiqi()
        .args(["align", SAMPLE])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.starts_with(&format!("duiqi: {SAMPLE}: ")))
        .unwrap_or_else(|| panic!("no summary line in {stderr:?}"))
        .to_string();
    (line, output.stdout)
}

/// `N/M` after `label` in a summary line.
fn paired(line: &str, before: &str) -> usize {
    let at = line.find(before).expect(before);
    let fraction = line[..at].rsplit(' ').next().unwrap();
    fraction.split('/').next().unwrap().parse().unwrap()
}

#[test]
fn align_summary_counts_the_sentences_coverage_counts() {
    let (line, _) = summary(&["-f", "tsv"]);
    let coverage = duiqi()
        .args(["coverage", SAMPLE, "--json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&coverage.stdout).unwrap();
    let paired_in = |side: &str| report["summary"][side]["paired"].as_u64().unwrap() as usize;
    assert_eq!(paired(&line, " Chinese"), paired_in("zh"), "{line}");
    assert_eq!(paired(&line, " English"), paired_in("en"), "{line}");
}

#[test]
fn summary_reports_the_pairs_written_and_those_filtered() {
    let (all, _) = summary(&["-f", "tmx"]);
    let (line, tmx) = summary(&["-f", "tmx", "--min-score", "0.99"]);
    let units = String::from_utf8(tmx).unwrap().matches("<tu>").count();
    let written: usize = line
        .split(": ")
        .nth(2)
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    let before: usize = all
        .split(": ")
        .nth(2)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(written, units, "{line}");
    assert!(
        written < before,
        "--min-score 0.99 filtered nothing: {line}"
    );
    assert!(
        line.contains(&format!(
            "({} pairs below --min-score 0.99 left out)",
            before - written
        )),
        "{line}"
    );
}

#[test]
fn align_format_says_that_min_score_does_not_apply() {
    duiqi()
        .args(["align", SAMPLE, "-f", "align", "--min-score", "0.5"])
        .assert()
        .success()
        .stderr(contains("--min-score is ignored"));
}

#[test]
fn out_of_range_numbers_are_refused_before_any_work() {
    for args in [
        ["--min-score", "NaN"],
        ["--min-score", "2"],
        ["--min-score=-0.1", ""],
        ["-j", "0"],
        ["-j", "99999999999"],
        ["-j", "5000"],
    ] {
        // A missing input shows the argument is checked first: no "no such file" error.
        duiqi()
            .args(["align", "no-such-input.txt"])
            .args(args.into_iter().filter(|a| !a.is_empty()))
            .assert()
            .code(2)
            .stderr(contains(args[0].split('=').next().unwrap()))
            .stderr(contains("no such file").not());
    }
    for value in ["NaN", "101", "-1"] {
        duiqi()
            .args(["coverage", "no-such-input.txt"])
            .arg(format!("--fail-under={value}"))
            .assert()
            .code(2)
            .stderr(contains("--fail-under"));
    }
}

#[test]
fn eval_errors_name_the_file_and_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold");
    std::fs::write(&gold, "[0]:[0]\n").unwrap();
    let missing = dir.path().join("missing");
    for (g, t) in [(&missing, &gold), (&gold, &missing)] {
        duiqi()
            .arg("eval")
            .arg(g)
            .arg(t)
            .assert()
            .code(2)
            .stderr(contains(format!(
                "cannot read {}: no such file",
                missing.display()
            )))
            .stderr(contains("os error").not());
    }
}

#[test]
fn readme_quotes_a_summary_the_binary_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let quoted = readme
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(&format!("duiqi: {SAMPLE}: ")))
        .expect("README quotes the sample's summary line");
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("pd.tmx");
    let (line, _) = summary(&["-o", tmx.to_str().unwrap()]);
    assert_eq!(quoted, line, "update the README's quoted summary");
}

#[test]
fn every_help_lists_the_exit_codes() {
    for command in [&[][..], &["align"], &["coverage"], &["eval"]] {
        duiqi()
            .args(command)
            .arg("--help")
            .assert()
            .success()
            .stdout(contains("Exit codes:\n  0  success\n  1  "))
            .stdout(contains("\n  2  a usage or input error"));
    }
}
