//! Input encodings and input errors, end to end.
//!
//! The fixtures in `tests/fixtures/encodings`: `sample.utf8.txt`, ten lines of the People's
//! Daily sample; `sample-hant.utf8.txt`, eight of them with the Chinese in traditional
//! characters (ICU's Hans-Hant); `sample.gb18030.txt` and `sample-hant.big5.txt`, the same
//! converted by iconv (so not by the decoder under test); `pair.zh.txt`/`pair.en.txt`, a
//! Chinese and an English document, each with one sentence in another language. UTF-16
//! and BOM variants are made here at run time. Every variant must align exactly like its
//! UTF-8 original, with JSONL spans that slice the sentence out of the file's own bytes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

const DIR: &str = "tests/fixtures/encodings";

fn fixture(name: &str) -> PathBuf {
    Path::new(DIR).join(name)
}

fn duiqi() -> Command {
    Command::cargo_bin("duiqi").unwrap()
}

fn utf16_with_bom(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    let big_endian = encoding == UTF_16BE;
    "\u{feff}"
        .encode_utf16()
        .chain(text.encode_utf16())
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

/// A file in some encoding and the encoding its bytes are in.
struct Variant {
    path: PathBuf,
    encoding: &'static Encoding,
}

/// `utf8_name` in every encoding it can be written in: UTF-8 with a BOM, UTF-16LE and BE
/// with BOMs, and the committed iconv conversion (`legacy`, in `legacy_encoding`).
fn variants(
    dir: &Path,
    utf8_name: &str,
    legacy: &str,
    legacy_encoding: &'static Encoding,
) -> Vec<Variant> {
    let text = std::fs::read_to_string(fixture(utf8_name)).unwrap();
    let mut out = vec![Variant {
        path: fixture(legacy),
        encoding: legacy_encoding,
    }];
    let bom = dir.join(format!("{utf8_name}.bom"));
    std::fs::write(&bom, format!("\u{feff}{text}")).unwrap();
    out.push(Variant {
        path: bom,
        encoding: UTF_8,
    });
    for encoding in [UTF_16LE, UTF_16BE] {
        let path = dir.join(format!("{utf8_name}.{}", encoding.name()));
        std::fs::write(&path, utf16_with_bom(&text, encoding)).unwrap();
        out.push(Variant { path, encoding });
    }
    out
}

fn run(args: &[&Path], extra: &[&str]) -> String {
    let output = duiqi()
        .arg("align")
        .args(args)
        .args(extra)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Non-whitespace characters: sentence text folds whitespace, the file keeps it.
fn letters(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of `spans` decoded from `bytes`, strictly: `None` unless every span lies in
/// the file and covers whole characters.
fn decoded(bytes: &[u8], encoding: &'static Encoding, spans: &Value) -> Option<String> {
    spans
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (start, end) = (
                s[0].as_u64().unwrap() as usize,
                s[1].as_u64().unwrap() as usize,
            );
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(bytes.get(start..end)?);
            text.map(|t| t.into_owned())
        })
        .collect()
}

/// Every span of every line slices its text out of the original file(s).
fn assert_spans_index_the_files(
    lines: &[Value],
    zh: (&[u8], &'static Encoding),
    en: (&[u8], &'static Encoding),
) {
    assert!(!lines.is_empty());
    for line in lines {
        let side = |(bytes, encoding): (&[u8], &'static Encoding), key: &str| {
            decoded(bytes, encoding, &line[key]).map(|t| letters(&t))
        };
        assert_eq!(
            side(zh, "zh_spans"),
            Some(letters(line["zh"].as_str().unwrap())),
            "{line}"
        );
        assert_eq!(
            side(en, "en_spans"),
            Some(letters(line["en"].as_str().unwrap())),
            "{line}"
        );
        if let Some(other) = line["other"].as_str() {
            let want = Some(letters(other));
            assert!(
                side(zh, "other_spans") == want || side(en, "other_spans") == want,
                "{line}"
            );
        }
    }
}

fn check_interleaved(utf8_name: &str, legacy: &str, legacy_encoding: &'static Encoding) {
    let dir = tempfile::tempdir().unwrap();
    let original = fixture(utf8_name);
    let tsv = run(&[&original], &["--format", "tsv"]);
    let json = jsonl(&run(&[&original], &["--format", "jsonl"]));
    assert!(tsv.lines().count() > 10, "the fixture aligns: {tsv}");
    for v in variants(dir.path(), utf8_name, legacy, legacy_encoding) {
        assert_eq!(
            run(&[&v.path], &["--format", "tsv"]),
            tsv,
            "{}",
            v.path.display()
        );
        let lines = jsonl(&run(&[&v.path], &["--format", "jsonl"]));
        let texts = |lines: &[Value]| {
            lines
                .iter()
                .map(|l| (l["zh"].clone(), l["en"].clone(), l["other"].clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&lines), texts(&json), "{}", v.path.display());
        let bytes = std::fs::read(&v.path).unwrap();
        assert_spans_index_the_files(&lines, (&bytes, v.encoding), (&bytes, v.encoding));
    }
}

#[test]
fn simplified_text_in_gb18030_utf16_and_with_a_bom() {
    check_interleaved("sample.utf8.txt", "sample.gb18030.txt", GB18030);
}

#[test]
fn traditional_text_in_big5_utf16_and_with_a_bom() {
    check_interleaved("sample-hant.utf8.txt", "sample-hant.big5.txt", BIG5);
}

#[test]
fn detected_encoding_is_noted_on_stderr() {
    duiqi()
        .args(["align", "--format", "tsv"])
        .arg(fixture("sample-hant.big5.txt"))
        .assert()
        .success()
        .stderr(contains(
            "note: read tests/fixtures/encodings/sample-hant.big5.txt as Big5",
        ));
}

#[test]
fn forced_encoding() {
    let utf8 = run(&[&fixture("sample.utf8.txt")], &["--format", "tsv"]);
    let gb = fixture("sample.gb18030.txt");
    assert_eq!(run(&[&gb], &["--format", "tsv", "--encoding", "gbk"]), utf8);
    assert_eq!(
        run(&[&gb], &["--format", "tsv", "--encoding", "GB18030"]),
        utf8
    );
    // GB18030 text forced through UTF-8 fails at its first Chinese character.
    let first_non_ascii = std::fs::read(&gb)
        .unwrap()
        .iter()
        .position(|&b| b >= 0x80)
        .unwrap();
    duiqi()
        .args(["align", "--encoding", "utf-8"])
        .arg(&gb)
        .assert()
        .code(2)
        .stderr(contains(format!(
            "sample.gb18030.txt is not valid UTF-8 (first bad byte at offset {first_non_ascii})"
        )))
        .stderr(contains("iconv"));
    duiqi()
        .args(["align", "--encoding", "klingon"])
        .arg(&gb)
        .assert()
        .code(2)
        .stderr(contains("unknown encoding 'klingon'").and(contains("gb18030")));
}

#[test]
fn two_documents_in_different_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (fixture("pair.zh.txt"), fixture("pair.en.txt"));
    let tsv = run(&[&zh, &en], &["--format", "tsv"]);
    let zh_gb = dir.path().join("zh.gb18030.txt");
    let zh_bytes = GB18030
        .encode(&std::fs::read_to_string(&zh).unwrap())
        .0
        .into_owned();
    std::fs::write(&zh_gb, &zh_bytes).unwrap();
    let en_utf16 = dir.path().join("en.utf16be.txt");
    let en_bytes = utf16_with_bom(&std::fs::read_to_string(&en).unwrap(), UTF_16BE);
    std::fs::write(&en_utf16, &en_bytes).unwrap();
    // In either order.
    for files in [[&zh_gb, &en_utf16], [&en_utf16, &zh_gb]] {
        let files = files.map(PathBuf::as_path);
        assert_eq!(run(&files, &["--format", "tsv"]), tsv);
        let lines = jsonl(&run(&files, &["--format", "jsonl"]));
        assert_eq!(
            lines.iter().filter(|l| l["kind"] == "other").count(),
            2,
            "one other sentence in each file"
        );
        assert_spans_index_the_files(&lines, (&zh_bytes, GB18030), (&en_bytes, UTF_16BE));
        // Each sentence in another language indexes the file it came from.
        let other = |start: &str| {
            &lines
                .iter()
                .find(|l| l["other"].as_str().unwrap_or("").starts_with(start))
                .unwrap()["other_spans"]
        };
        let source = decoded(&zh_bytes, GB18030, other("Source:")).unwrap();
        assert_eq!(source, "Source: Xinhua News Agency, June 18.");
        let german = decoded(&en_bytes, UTF_16BE, other("Die Lage")).unwrap();
        assert!(
            german.starts_with("Die Lage im Nahen Osten") && german.ends_with("angespannt."),
            "{german}"
        );
    }
}

/// Runs `duiqi align INPUT -o DIR/out.tsv` and checks the error: exit code 2, a message
/// naming the input that contains `says`, and no output (or temporary) file left behind.
fn assert_refused(input: &Path, extra: &[&str], says: &str) {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out.tsv");
    let name = input.display().to_string();
    duiqi()
        .arg("align")
        .arg(input)
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(name.as_str()).and(contains(says)));
    assert_eq!(
        std::fs::read_dir(out_dir.path()).unwrap().count(),
        0,
        "output left behind for {name}"
    );
}

fn write_input(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn empty_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert_refused(
        &write_input(dir.path(), "empty.txt", b""),
        &[],
        "is empty; give a text file",
    );
    duiqi()
        .args(["align", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(contains("<stdin> is empty"));
}

#[test]
fn whitespace_only_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert_refused(
        &write_input(dir.path(), "blank.txt", b" \r\n\t\n\n"),
        &[],
        "contains only whitespace",
    );
    let blank16 = utf16_with_bom("\n  \n", UTF_16LE);
    assert_refused(
        &write_input(dir.path(), "blank16.txt", &blank16),
        &[],
        "contains only whitespace",
    );
}

#[test]
fn binary_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
    assert_refused(
        &write_input(dir.path(), "image.png", png),
        &[],
        "looks like a binary file, not plain text (NUL byte at offset 8)",
    );
    // UTF-16 without a byte-order mark: the message points at --encoding.
    let no_bom: Vec<u8> = "Hello 你好"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_refused(
        &write_input(dir.path(), "nobom.txt", &no_bom),
        &[],
        "--encoding utf-16le",
    );
    // ... which then reads it.
    let path = dir.path().join("nobom.txt");
    duiqi()
        .args(["align", "--encoding", "utf-16le", "-q", "-f", "tsv"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn undecodable_input_is_refused_with_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    // 0xFF is a byte in none of UTF-8, GB18030 and Big5.
    let path = write_input(dir.path(), "bad.txt", b"Hello.\n\xff\xfe\xfd\n");
    assert_refused(
        &path,
        &[],
        "is not valid UTF-8 (first bad byte at offset 7), nor GB18030 or Big5",
    );
    assert_refused(&path, &[], "--encoding gb18030");
    assert_refused(&path, &[], "iconv -f GB18030 -t UTF-8");
    // Valid GBK forced through Big5: 亐 is 0x81 0x80 in GBK, and 0x80 is no Big5 trail byte.
    let gb = write_input(dir.path(), "gb.txt", &GBK.encode("你好，世界。亐").0);
    assert_refused(
        &gb,
        &["--encoding", "big5"],
        "is not valid Big5 (first bad byte at offset 12)",
    );
}

#[test]
fn missing_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert_refused(
        &dir.path().join("missing.txt"),
        &[],
        "no such file; check the path",
    );
}

#[cfg(unix)]
#[test]
fn unreadable_input_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write_input(dir.path(), "secret.txt", "你好。Hello.\n".as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("skipping: running as a user (root) who can read a mode-000 file");
        return;
    }
    assert_refused(&path, &[], "permission denied; make the file readable");
}
