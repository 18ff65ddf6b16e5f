//! Hostile inputs end quickly, in bounded memory, with a clear message: link loops and
//! devices in batch folders, `/dev/zero` and FIFOs named directly, old Mac line ends,
//! file names that are not UTF-8.
//!
//! The timeouts below only turn a hang (what these inputs caused before) into a failure;
//! no test asserts how fast anything is.

use std::path::Path;
use std::time::Duration;

use assert_cmd::assert::OutputAssertExt;
use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const SAMPLE: &str = "data/peoples-daily-2025-06-19.txt";

/// Long enough for any of these runs on a loaded machine, short enough that a hang fails.
const HANG: Duration = Duration::from_secs(120);

fn duiqi() -> Command {
    let mut command = Command::cargo_bin("duiqi").unwrap();
    command.timeout(HANG);
    command
}

/// Aligns a folder as a batch into TSV files: how the run ended, and the files written
/// (relative names, sorted).
fn align_folder(folder: &Path) -> (assert_cmd::assert::Assert, Vec<String>) {
    let out = tempfile::tempdir().unwrap();
    let assert = duiqi()
        .arg("align")
        .arg(folder)
        .arg("--out-dir")
        .arg(out.path())
        .args(["-f", "tsv"])
        .assert();
    (assert, files_in(out.path()))
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Issue 12.7: `ln -s . L/x; ln -s . L/y` made 2^40 paths; `ln -s . L/self` aligned the
/// same file 41 times. Each file is aligned once, and each loop is reported.
#[cfg(unix)]
#[test]
fn link_loops_in_a_batch_folder_visit_each_file_once() {
    use std::os::unix::fs::symlink;
    let input = tempfile::tempdir().unwrap();
    let folder = input.path().join("L");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(SAMPLE, folder.join("a.txt")).unwrap();
    for link in ["x", "y", "self"] {
        symlink(".", folder.join(link)).unwrap();
    }
    // The same file under a second name is the same document.
    symlink("a.txt", folder.join("b.txt")).unwrap();
    let (assert, outputs) = align_folder(&folder);
    assert.success().stderr(
        contains("1 of 1 documents aligned")
            .and(contains("x: a link back to"))
            .and(contains("(a loop); not followed")),
    );
    assert_eq!(outputs, ["a.tsv"]);
}

/// Issue 12.7, without a loop: folders that each link twice to the next one made 2^24
/// paths to the last folder's file; a folder reached again is not entered again.
#[cfg(unix)]
#[test]
fn links_between_folders_do_not_multiply_paths() {
    use std::os::unix::fs::symlink;
    let input = tempfile::tempdir().unwrap();
    let depth = 24;
    for level in 0..=depth {
        std::fs::create_dir(input.path().join(format!("d{level}"))).unwrap();
    }
    for level in 0..depth {
        for link in ["a", "b"] {
            let next = input.path().join(format!("d{}", level + 1));
            symlink(next, input.path().join(format!("d{level}/{link}"))).unwrap();
        }
    }
    std::fs::copy(SAMPLE, input.path().join(format!("d{depth}/last.txt"))).unwrap();
    let (assert, outputs) = align_folder(&input.path().join("d0"));
    assert
        .success()
        .stderr(contains("1 of 1 documents aligned"));
    assert_eq!(
        outputs,
        ["a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/last.tsv"]
    );
}

/// Issue 12.8: a FIFO or a device in a batch folder blocked forever or read gigabytes.
/// They are skipped with a note; the text files beside them are aligned.
#[cfg(unix)]
#[test]
fn devices_and_fifos_in_a_batch_folder_are_skipped_with_a_note() {
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(SAMPLE, input.path().join("a.txt")).unwrap();
    mkfifo(&input.path().join("pipe"));
    std::os::unix::fs::symlink("/dev/zero", input.path().join("zero")).unwrap();
    let (assert, outputs) = align_folder(input.path());
    assert.success().stderr(
        contains("pipe: not a regular file")
            .and(contains("zero: not a regular file"))
            .and(contains("1 of 1 documents aligned")),
    );
    assert_eq!(outputs, ["a.tsv"]);
}

/// Issue 12.8: `duiqi align /dev/zero` read without end; now the first block's NUL bytes
/// refuse it at once, on standard input too.
#[cfg(unix)]
#[test]
fn dev_zero_named_directly_is_refused_as_binary() {
    duiqi()
        .args(["align", "/dev/zero"])
        .assert()
        .code(2)
        .stderr(contains("/dev/zero looks like a binary file").and(contains("offset 0")));
    // (assert_cmd's `pipe_stdin` would read all of /dev/zero first: hand over the device.)
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("duiqi"))
        .args(["align", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    output
        .assert()
        .code(2)
        .stderr(contains("<stdin> looks like a binary file"));
}

/// A FIFO named directly is read like a file when something writes to it.
#[cfg(unix)]
#[test]
fn a_fifo_named_directly_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let _ = std::fs::write(fifo, std::fs::read(SAMPLE).unwrap());
        })
    };
    let from_fifo = duiqi()
        .args(["align", "-f", "tsv"])
        .arg(&fifo)
        .output()
        .unwrap();
    // (On failure the writer may wait forever for a reader: the test fails without
    // waiting for it.)
    assert!(from_fifo.status.success(), "{:?}", from_fifo);
    writer.join().unwrap();
    let from_file = duiqi()
        .args(["align", "-f", "tsv", SAMPLE])
        .output()
        .unwrap();
    assert_eq!(from_fifo.stdout, from_file.stdout);
}

/// Issue 12.8: a named pipe that no program opened for writing blocked `open` forever.
/// duiqi waits a few seconds for a writer, then says what to do; a writer that comes
/// late within that wait is read normally.
#[cfg(unix)]
#[test]
fn a_fifo_without_a_writer_ends_with_advice_and_a_late_writer_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    for stream in [false, true] {
        let mut command = duiqi();
        command.arg("align");
        if stream {
            command.args(["--input-format", "jsonl"]);
        }
        command.arg(&fifo).assert().code(2).stderr(
            contains("is a named pipe and no program wrote into it")
                .and(contains("program | duiqi align -")),
        );
    }

    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(2));
            let _ = std::fs::write(fifo, std::fs::read(SAMPLE).unwrap());
        })
    };
    let late = duiqi()
        .args(["align", "-f", "tsv"])
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(late.status.success(), "{late:?}");
    writer.join().unwrap();
    let from_file = duiqi()
        .args(["align", "-f", "tsv", SAMPLE])
        .output()
        .unwrap();
    assert_eq!(late.stdout, from_file.stdout);
}

/// Issue 12.13: with lone CR line ends (old Mac files) the sample gave 137 English
/// sentences instead of 148; a lone CR now ends a line as LF and CRLF do, so the
/// alignment's texts are the same whichever line end the file uses.
#[test]
fn lone_cr_line_ends_break_lines_like_lf() {
    let dir = tempfile::tempdir().unwrap();
    let lf = std::fs::read_to_string(SAMPLE).unwrap();
    let cr_path = dir.path().join("mac.txt");
    std::fs::write(&cr_path, lf.replace('\n', "\r")).unwrap();
    let tsv = |path: &Path| {
        let output = duiqi()
            .args(["align", "-f", "tsv"])
            .arg(path)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let from_cr = tsv(&cr_path);
    let english_rows = from_cr
        .lines()
        .skip(1)
        .filter(|row| !row.split('\t').nth(2).unwrap().is_empty())
        .count();
    assert_eq!(from_cr, tsv(Path::new(SAMPLE)));
    assert!(english_rows > 80, "{english_rows} rows with English");

    // Pre-split pairs: one sentence per CR-ended line.
    let zh = dir.path().join("p.zh.txt");
    let en = dir.path().join("p.en.txt");
    std::fs::write(&zh, "第一句。\r第二句。\r第三句。\r").unwrap();
    std::fs::write(&en, "One.\rTwo.\rThree.\r").unwrap();
    let output = duiqi()
        .args(["align", "--presplit", "-f", "tsv"])
        .args([&zh, &en])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let rows: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(String::from)
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[1].ends_with("\t第二句。\tTwo."), "{rows:?}");
}

/// Issue 12.13: file names that differ only in bytes that are not UTF-8 got the same
/// document id (both lossily `a�.txt`) in a merged JSONL output.
#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_keep_distinct_ids() {
    use std::os::unix::ffi::OsStrExt;
    let input = tempfile::tempdir().unwrap();
    for name in [&b"a\xff.txt"[..], b"a\xfe.txt"] {
        let path = input.path().join(std::ffi::OsStr::from_bytes(name));
        std::fs::copy("tests/fixtures/english-news.txt", path).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let merged = out.path().join("all.jsonl");
    duiqi()
        .arg("align")
        .arg(input.path())
        .arg("-o")
        .arg(&merged)
        .assert()
        .success();
    let mut ids: Vec<String> = std::fs::read_to_string(&merged)
        .unwrap()
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["id"].as_str().unwrap().to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids, [r"a\xFE.txt", r"a\xFF.txt"]);
}
