//! Accuracy and speed on the shared evaluation data, beside the published figures.
//!
//!     cargo build --release
//!     cargo run --release --example benchmark -- [EVAL_DIR] [--runs N] [--check FLOOR_FILE]
//!     cargo run --release --example benchmark -- --scaling
//!
//! EVAL_DIR defaults to `../shared/eval` (MAC-dev in `mac-dev/`, the Bible in `bible/`).
//! Accuracy comes from the library (pre-split mode, as the gold is scored); time is the
//! whole `target/release/duiqi` process on the Bible pair (reading, segmentation, jieba,
//! alignment, output), median and range of N runs. With `--check`, exits 1 when a strict
//! F1 falls more than 0.01 below the floor recorded in FLOOR_FILE (`name value` lines).
//!
//! `--scaling` needs no evaluation data: it times, in this process, three inputs that
//! were once quadratic, each at two sizes (the second 4× the first, generated from the
//! repository's own data): two unrelated documents of different lengths, one line of
//! mixed English and Chinese words without punctuation, and `coverage` on a long
//! interleaved document. It exits 1 when 4× the input costs more than [`MAX_RATIO`]×
//! the time (the best of three runs each, so a busy machine's noise counts less).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use duiqi::eval::{self, IdBead};
use duiqi::pipeline::{align_pair, Options};
use duiqi::read::Document;

const ALLOWED_DROP: f64 = 0.01;
/// Near-linear: 4× the input may cost at most this many times the time.
const MAX_RATIO: f64 = 6.0;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut runs, mut floor) = (PathBuf::from("../shared/eval"), 5usize, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--check" => floor = Some(PathBuf::from(args.next().expect("--check FLOOR_FILE"))),
            "--scaling" => return scaling(),
            _ => dir = PathBuf::from(arg),
        }
    }
    if !dir.join("mac-dev").is_dir() || !dir.join("bible").is_dir() {
        eprintln!("benchmark: no mac-dev/ and bible/ in {}; give the evaluation folder as the first argument", dir.display());
        return ExitCode::from(2);
    }
    let mut figures = Vec::new();

    println!("| data | duiqi strict F1 | lax F1 | published strict F1 |");
    println!("|---|---|---|---|");
    let dev = dir.join("mac-dev");
    let mut chapters: Vec<String> = std::fs::read_dir(dev.join("gold"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    chapters.sort();
    let mut all = Vec::new();
    for chapter in &chapters {
        let test = aligned(&dev.join("zh").join(chapter), &dev.join("en").join(chapter));
        let gold =
            eval::parse_beads(&std::fs::read_to_string(dev.join("gold").join(chapter)).unwrap())
                .unwrap();
        let s = eval::score(&[(gold.clone(), test.clone())]);
        println!(
            "| MAC-dev {chapter} | {:.3} | {:.3} | |",
            s.f1_strict, s.f1_lax
        );
        all.push((gold, test));
    }
    let s = eval::score(&all);
    println!(
        "| **MAC-dev, all {}** | **{:.3}** | {:.3} | Gale–Church 0.485, hunalign 0.610, Bleualign 0.641, Vecalign 0.863, Bertalign 0.911 |",
        chapters.len(),
        s.f1_strict,
        s.f1_lax
    );
    figures.push(("mac-dev", s.f1_strict));

    let bible = dir.join("bible");
    let (en, zh) = (bible.join("en/001"), bible.join("zh/001"));
    let verses = |name: &str| -> Vec<String> {
        std::fs::read_to_string(bible.join(name))
            .unwrap()
            .lines()
            .map(|l| l.trim().to_string())
            .collect()
    };
    let test =
        eval::merge_by_verse(&aligned(&en, &zh), &verses("en.verse"), &verses("zh.verse")).unwrap();
    let gold =
        eval::parse_beads(&std::fs::read_to_string(bible.join("gold/001")).unwrap()).unwrap();
    let s = eval::score(&[(gold, test)]);
    println!("| **Bible** (en→zh, verse-level) | **{:.3}** | {:.3} | hunalign 0.895, Vecalign 0.978, Bertalign 0.979 |", s.f1_strict, s.f1_lax);
    figures.push(("bible", s.f1_strict));

    match time_binary(&en, &zh, runs) {
        Some((median, min, max)) => println!(
            "\nBible end to end, `duiqi align --presplit en zh -f align`, {runs} runs: median {median:.3} s (range {min:.3}–{max:.3} s); hunalign: 1.23 s on pre-tokenized input"
        ),
        None => println!("\n(no target/release/duiqi: run `cargo build --release` first to time the binary)"),
    }

    match floor {
        Some(path) => check(&figures, &path),
        None => ExitCode::SUCCESS,
    }
}

/// Aligns a pre-split pair and returns its beads as ids, first file's side first.
fn aligned(first: &Path, second: &Path) -> Vec<IdBead> {
    let (a, b) = (
        Document::read(first).unwrap(),
        Document::read(second).unwrap(),
    );
    let (alignment, order) = align_pair(
        &a,
        &b,
        &Options {
            presplit: true,
            ..Options::default()
        },
    )
    .unwrap();
    let zh_first = order == duiqi::pipeline::Order::ChineseFirst;
    alignment
        .beads
        .iter()
        .map(|bead| {
            if zh_first {
                (bead.zh.clone(), bead.en.clone())
            } else {
                (bead.en.clone(), bead.zh.clone())
            }
        })
        .collect()
}

/// Median, min and max wall time of the release binary on the pair.
fn time_binary(first: &Path, second: &Path, runs: usize) -> Option<(f64, f64, f64)> {
    let binary = std::env::current_exe()
        .ok()?
        .parent()?
        .parent()?
        .join("duiqi");
    if !binary.exists() {
        return None;
    }
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(&binary)
                .args(["align", "--presplit", "-q", "-f", "align"])
                .arg(first)
                .arg(second)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("run duiqi");
            assert!(status.success());
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    Some((times[times.len() / 2], times[0], times[times.len() - 1]))
}

/// Fails when a figure fell more than [`ALLOWED_DROP`] below its recorded floor.
fn check(figures: &[(&str, f64)], path: &Path) -> ExitCode {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut failed = false;
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut parts = line.split_whitespace();
        let (Some(name), Some(value)) = (
            parts.next(),
            parts.next().and_then(|v| v.parse::<f64>().ok()),
        ) else {
            panic!("{}: expected `name value`, found {line:?}", path.display());
        };
        let Some(&(_, reached)) = figures.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let ok = reached >= value - ALLOWED_DROP;
        println!(
            "gate {name}: strict F1 {reached:.3}, floor {value:.3} - {ALLOWED_DROP}: {}",
            if ok { "ok" } else { "FAILED" }
        );
        failed |= !ok;
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Times the three once-quadratic cases at two sizes; exit 1 when one grows faster than
/// [`MAX_RATIO`] for 4× the input.
fn scaling() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    let chinese_words: Vec<String> = read("data/jieba_dict.txt")
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|w| w.chars().all(duiqi::text::is_han))
        .collect();
    let english = read("tests/fixtures/english-news.txt");
    let english_words: Vec<&str> = english
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1)
        .collect();
    let sample = read("data/peoples-daily-2025-06-19.txt");
    type Case<'a> = (
        &'a str,
        Box<dyn Fn(usize) -> Vec<Document> + 'a>,
        Box<dyn Fn(&[Document])>,
    );
    let cases: [(Case, usize); 3] = [
        (
            (
                "unrelated pair (Chinese lines; English has 5/4 as many sentences)",
                Box::new(|lines| {
                    unrelated_pair(
                        lines,
                        &chinese_words,
                        &english_words,
                        &mut Lcg(lines as u64),
                    )
                }),
                Box::new(|docs| {
                    align_pair(&docs[0], &docs[1], &Options::default()).unwrap();
                }),
            ),
            2_500,
        ),
        (
            (
                "one line of mixed words, no punctuation (bytes)",
                Box::new(|bytes| {
                    vec![Document::from_text(
                        "line",
                        mixed_line(
                            bytes,
                            &chinese_words,
                            &english_words,
                            &mut Lcg(bytes as u64),
                        ),
                    )]
                }),
                Box::new(|docs| {
                    duiqi::pipeline::align_interleaved(&docs[0], &Options::default());
                }),
            ),
            1_250_000,
        ),
        (
            (
                "coverage of an interleaved document (lines)",
                Box::new(|lines| {
                    let copies = lines / sample.lines().count() + 1;
                    vec![Document::from_text("sample", sample.repeat(copies))]
                }),
                Box::new(|docs| {
                    let alignment =
                        duiqi::pipeline::align_interleaved(&docs[0], &Options::default());
                    duiqi::coverage::check(&alignment, duiqi::beads::Sources::of(docs, true));
                }),
            ),
            3_000,
        ),
    ];
    // jieba and the dictionary are loaded once, before anything is timed.
    duiqi::pipeline::align_interleaved(
        &Document::from_text("warm", sample.clone()),
        &Options::default(),
    );
    println!("| case | size | time | 4× size | time | ratio (gate {MAX_RATIO}) |");
    println!("|---|---|---|---|---|---|");
    let mut failed = false;
    for ((name, make, run), size) in &cases {
        let time = |size: usize| {
            let docs = make(size);
            (0..3)
                .map(|_| {
                    let start = Instant::now();
                    run(&docs);
                    start.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
        };
        let (small, large) = (time(*size), time(4 * size));
        let ratio = large / small;
        let ok = ratio <= MAX_RATIO;
        failed |= !ok;
        println!(
            "| {name} | {size} | {small:.2} s | {} | {large:.2} s | {ratio:.1} {} |",
            4 * size,
            if ok { "ok" } else { "FAILED" }
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A small deterministic random number generator (so every run times the same input).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn pick<'a, T: AsRef<str>>(&mut self, words: &'a [T]) -> &'a str {
        words[self.below(words.len())].as_ref()
    }
}

/// A Chinese document of `lines` sentences and an English one of 5/4 as many, of random
/// words: no translation between them, and the two sides' lengths differ.
fn unrelated_pair(
    lines: usize,
    chinese: &[String],
    english: &[&str],
    random: &mut Lcg,
) -> Vec<Document> {
    let mut zh = String::new();
    for _ in 0..lines {
        for _ in 0..5 + random.below(10) {
            zh.push_str(random.pick(chinese));
        }
        zh.push_str("。\n");
    }
    let mut en = String::new();
    for k in 0..lines * 5 / 4 {
        let words: Vec<&str> = (0..8 + random.below(16))
            .map(|_| random.pick(english))
            .collect();
        en.push_str(&words.join(" "));
        en.push_str(if k % 5 == 4 { ".\n" } else { ". " });
    }
    vec![Document::from_text("zh", zh), Document::from_text("en", en)]
}

/// One line of about `bytes` bytes: English words with Chinese words among them, no
/// punctuation.
fn mixed_line(bytes: usize, chinese: &[String], english: &[&str], random: &mut Lcg) -> String {
    let mut line = String::with_capacity(bytes + 16);
    while line.len() < bytes {
        line.push_str(if random.below(10) < 7 {
            random.pick(english)
        } else {
            random.pick(chinese)
        });
        line.push(' ');
    }
    line.push('\n');
    line
}
