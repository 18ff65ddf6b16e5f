//! `duiqi eval` on small hand-computed cases (the same definition as alignscore.py).

use assert_cmd::Command;
use predicates::str::contains;

const DIR: &str = "tests/fixtures/eval";

fn eval(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("duiqi")
        .unwrap()
        .arg("eval")
        .args(args)
        .assert()
}

#[test]
fn one_file() {
    // 5 test beads: 3 strict hits, 4 lax; 3 gold pairs: 2 strict, 3 lax.
    eval(&[&format!("{DIR}/gold/a"), &format!("{DIR}/test/a")])
        .success()
        .stdout("strict P 0.600 R 0.667 F1 0.632 | lax P 0.800 R 1.000 F1 0.889\n");
}

#[test]
fn folders_sum_counts_over_files_and_json() {
    // a: P 3/5, R 2/3; b: P 0/1 strict (lax 1/1), R 0/2 (lax 2/2) → P 3/6, R 2/5.
    let output = Command::cargo_bin("duiqi")
        .unwrap()
        .args([
            "eval",
            &format!("{DIR}/gold"),
            &format!("{DIR}/test"),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!((v["precision_strict"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    assert!((v["recall_strict"].as_f64().unwrap() - 0.4).abs() < 1e-9);
    assert!((v["precision_lax"].as_f64().unwrap() - 5.0 / 6.0).abs() < 1e-9);
    assert!((v["recall_lax"].as_f64().unwrap() - 1.0).abs() < 1e-9);
}

#[test]
fn a_malformed_line_is_reported_with_its_file_and_line() {
    eval(&[&format!("{DIR}/bad"), &format!("{DIR}/test/a")])
        .code(2)
        .stderr(contains("bad: line 2"));
}
