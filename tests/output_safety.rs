//! Nothing the user has is lost: outputs never replace inputs or files this run did not
//! write, are written whole or not at all (errors, kill -9, Ctrl-C), land where the user
//! pointed (symlinks, devices), and every write error is reported (issue 12, issue 16).

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
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
fn signal_while_writing(
    args: &[&std::ffi::OsStr],
    dir: &Path,
    signal: i32,
) -> std::process::ExitStatus {
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
    child.wait().unwrap()
}

/// A character device like `/dev/null` (minor 3) or `/dev/full` (minor 7). As root it is a
/// private node made in `dir`, so a broken build that renamed a file over its output
/// could never replace the machine's own /dev/null; others cannot replace /dev nodes, so
/// they use the real one.
fn char_device(dir: &Path, name: &str, minor: u32) -> PathBuf {
    if unsafe { libc::geteuid() } != 0 {
        return Path::new("/dev").join(name);
    }
    let path = dir.join(name);
    let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    let made = unsafe {
        libc::mknod(
            c_path.as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(1, minor),
        )
    };
    assert_eq!(made, 0, "mknod {}", path.display());
    path
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
        // A failed document leaves an error line in its place, so nothing vanishes.
        .stdout(
            contains(r#"{"id":4,"n":0,"#)
                .and(contains(
                    r#"{"id":1,"error":"<stdin>:1: document 1 (\"text\") is empty"#,
                ))
                .and(contains(r#"{"id":2,"error":"#))
                .and(contains(r#"{"id":3,"error":"#)),
        )
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

// ---- Issue 16: -o checked before the work ----

#[test]
fn output_path_is_checked_before_reading_any_input() {
    let dir = tempfile::tempdir().unwrap();
    // The input does not exist: an -o error must come first, before any reading.
    let missing_input = dir.path().join("no-such-input.txt");
    let cases: [(PathBuf, &str); 3] = [
        (
            dir.path().join("nodir/out.tmx"),
            "does not exist; create it first",
        ),
        (dir.path().to_path_buf(), "is a directory"),
        (dir.path().join("y.xlsx"), "cannot tell the output format"),
    ];
    for (output, message) in cases {
        duiqi()
            .arg("align")
            .arg(&missing_input)
            .arg("-o")
            .arg(&output)
            .assert()
            .code(2)
            .stderr(contains(message).and(contains("no-such-input").not()));
    }
    assert!(!dir.path().join("y.xlsx").exists());
    // coverage --html too.
    duiqi()
        .arg("coverage")
        .arg(&missing_input)
        .arg("--html")
        .arg(dir.path().join("nodir/report.html"))
        .assert()
        .code(2)
        .stderr(contains("does not exist; create it first").and(contains("no-such-input").not()));
    // With --format, any name will do.
    let named = dir.path().join("y.xlsx");
    duiqi()
        .args(["align", SAMPLE, "-q", "-f", "tsv", "-o"])
        .arg(&named)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&named).unwrap().contains('\t'));
}

#[test]
fn output_errors_come_before_any_summary_and_name_the_users_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("ro")).unwrap();
    let output = dir.path().join("ro/out.tmx");
    // A read-only folder refuses the temporary file; root ignores modes, so there a
    // device that fails every write (like /dev/full) stands in for it.
    let unwritable = unsafe { libc::geteuid() } != 0;
    let output = if unwritable {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        output
    } else {
        eprintln!("running as root: a read-only folder does not stop root, a full device is used");
        char_device(dir.path(), "full", 7)
    };
    duiqi()
        .args(["align", SAMPLE, "-f", "tmx", "-o"])
        .arg(&output)
        .assert()
        .code(2)
        .stderr(
            contains(output.to_str().unwrap())
                .and(contains(".duiqi-").not())
                .and(contains("pairs;").not()),
        );
}

// ---- 5. -o onto a symlink, a device, a FIFO ----

#[test]
fn output_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.tmx");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.tmx");
    std::os::unix::fs::symlink("real.tmx", &link).unwrap();
    let dangling = dir.path().join("dangling.tsv");
    std::os::unix::fs::symlink("new.tsv", &dangling).unwrap();
    for output in [&link, &dangling] {
        duiqi()
            .args(["align", SAMPLE, "-q", "-o"])
            .arg(output)
            .assert()
            .success();
        assert!(std::fs::symlink_metadata(output)
            .unwrap()
            .file_type()
            .is_symlink());
    }
    assert!(std::fs::read_to_string(&target).unwrap().contains("<tu>"));
    assert!(std::fs::read_to_string(dir.path().join("new.tsv"))
        .unwrap()
        .contains('\t'));
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_to_a_device_or_fifo_is_written_directly() {
    use std::os::unix::fs::FileTypeExt;
    // As root a rename would replace the device node.
    let dir = tempfile::tempdir().unwrap();
    let null = char_device(dir.path(), "null", 3);
    duiqi()
        .args(["align", SAMPLE, "-q", "-o"])
        .arg(&null)
        .assert()
        .success();
    let meta = std::fs::metadata(&null).unwrap();
    assert!(meta.file_type().is_char_device(), "the device was replaced");
    let fifo = dir.path().join("pipe");
    assert!(StdCommand::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    duiqi()
        .args(["align", SAMPLE, "-q", "-f", "tsv", "-o"])
        .arg(&fifo)
        .assert()
        .success();
    assert!(reader.join().unwrap().lines().count() > 80);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(temp_files(dir.path()).is_empty());
}

// ---- 6. Write errors, SIGPIPE, SIGINT ----

#[test]
fn closed_or_full_stdout_is_an_error() {
    let run = |stdout: &str| {
        StdCommand::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" align {SAMPLE} -q {stdout}",))
            .arg(assert_cmd::cargo::cargo_bin("duiqi"))
            .output()
            .unwrap()
    };
    let closed = run(">&-");
    assert_eq!(closed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&closed.stderr).contains("standard output is closed"));
    let full = run(">/dev/full");
    assert_eq!(full.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&full.stderr).contains("No space left"));
    for command in [
        format!(
            "align --input-format jsonl - -q >/dev/full <<'E'\n{}E",
            jsonl_line(1, "Hi. 你好。")
        ),
        format!("coverage {SAMPLE} >&-"),
    ] {
        let out = StdCommand::new("sh")
            .arg("-c")
            .arg(format!("\"$0\" {command}"))
            .arg(assert_cmd::cargo::cargo_bin("duiqi"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
    }
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    for args in [
        format!("align {SAMPLE} -f jsonl"),
        format!("align {SAMPLE} {SAMPLE} --batch -o - -f jsonl"),
    ] {
        let out = StdCommand::new("sh")
            .arg("-c")
            .arg(format!("\"$0\" {args} -q | head -c 10 >/dev/null"))
            .arg(assert_cmd::cargo::cargo_bin("duiqi"))
            .output()
            .unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args}: {stderr}");
    }
    // The exit status itself, read directly.
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("duiqi"))
        .args(["align", SAMPLE, "-f", "jsonl", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(
        status.code() == Some(0)
            || std::os::unix::process::ExitStatusExt::signal(&status) == Some(13),
        "{status:?}"
    );
}

#[test]
fn interrupted_batch_and_stream_leave_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for i in 0..300 {
        std::fs::copy(SAMPLE, docs.join(format!("{i:03}.txt"))).unwrap();
    }
    let merged = dir.path().join("merged.jsonl");
    let batch = [
        "align".as_ref(),
        "-j".as_ref(),
        "1".as_ref(),
        docs.as_os_str(),
        "-o".as_ref(),
        merged.as_os_str(),
    ];
    let status = signal_while_writing(&batch, dir.path(), libc::SIGINT);
    assert_eq!(status.code(), Some(130), "ended by the interrupt handler");
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert!(!merged.exists());
    let input = long_stream(dir.path(), 400);
    let output = dir.path().join("out.jsonl");
    let stream = [
        "align".as_ref(),
        "--input-format".as_ref(),
        "jsonl".as_ref(),
        "-j".as_ref(),
        "1".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ];
    let status = signal_while_writing(&stream, dir.path(), libc::SIGTERM);
    assert_eq!(status.code(), Some(130), "ended by the interrupt handler");
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert!(!output.exists());
}
