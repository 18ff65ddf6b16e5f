//! Accuracy and speed on the shared evaluation data, beside the published figures.
//!
//!     cargo build --release
//!     cargo run --release --example benchmark -- [EVAL_DIR] [--runs N] [--check FLOOR_FILE]
//!     cargo run --release --example benchmark -- --scaling
//!
//! EVAL_DIR defaults to `../shared/eval` (MAC-dev in `mac-dev/`, the Bible in `bible/`,
//! its longer pairs 002 and 003 in `bible-long/` when present).
//! Accuracy comes from the library (pre-split mode, as the gold is scored), with the
//! reliability of `score` on MAC-dev and Bible 001 pairs (per score bin, the share of
//! pairs exactly right; see `examples/calibrate.rs`, which fits it); time is the
//! whole `target/release/duiqi` process on the Bible pair (reading, segmentation, jieba,
//! alignment, output), median and range of N runs, and for each Bible size its median
//! time and peak resident memory. With `--check`, exits 1 when a strict F1 falls more
//! than 0.01 below the floor recorded in FLOOR_FILE (`name value` lines), or when a
//! `max-` figure there (a ratio of times measured in this run) is exceeded.
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
    // Timed first: a child forked from this process once it holds alignments would
    // count their memory as its own peak.
    let bible = dir.join("bible");
    let (en, zh) = (bible.join("en/001"), bible.join("zh/001"));
    let long = dir.join("bible-long");
    let mut sizes = vec![("001", en.clone(), zh.clone())];
    if long.is_dir() {
        for n in ["002", "003"] {
            sizes.push((n, long.join("en").join(n), long.join("zh").join(n)));
        }
    }
    let timings = release_binary().map(|binary| {
        let lines = |p: &Path| std::fs::read_to_string(p).unwrap().lines().count();
        let pairs: Vec<(&Path, &Path)> = sizes.iter().map(|(_, en, zh)| (&**en, &**zh)).collect();
        sizes
            .iter()
            .zip(time_binary(&binary, &pairs, runs))
            .map(|((n, en, zh), runs)| (*n, format!("{} × {}", lines(en), lines(zh)), runs))
            .collect::<Vec<_>>()
    });
    let mut figures = Vec::new();

    println!("| data | duiqi strict F1 | lax F1 | published strict F1 |");
    println!("|---|---|---|---|");
    let dev = dir.join("mac-dev");
    let chapters: Vec<String> = eval::file_names(&dev.join("gold"))
        .unwrap()
        .iter()
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    let mut all = Vec::new();
    // (score, exactly right) of every pair, for the reliability tables.
    let mut dev_pairs = Vec::new();
    for chapter in &chapters {
        let (test, scores) = aligned(&dev.join("zh").join(chapter), &dev.join("en").join(chapter));
        let gold =
            eval::parse_beads(&std::fs::read_to_string(dev.join("gold").join(chapter)).unwrap())
                .unwrap();
        let right = eval::exactly_right(&gold, &test);
        dev_pairs.extend(pairs_scored(&test, &scores, |b| right[b]));
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

    let verses = |name: &str| -> Vec<String> {
        std::fs::read_to_string(bible.join(name))
            .unwrap()
            .lines()
            .map(|l| l.trim().to_string())
            .collect()
    };
    let (beads, scores) = aligned(&en, &zh);
    let (en_verses, zh_verses) = (verses("en.verse"), verses("zh.verse"));
    let test = eval::merge_by_verse(&beads, &en_verses, &zh_verses).unwrap();
    let gold =
        eval::parse_beads(&std::fs::read_to_string(bible.join("gold/001")).unwrap()).unwrap();
    // A bead is exactly right when the verse it is merged into is a gold bead.
    let groups = eval::verse_groups(&beads, &en_verses, &zh_verses).unwrap();
    let merged_right = eval::exactly_right(&gold, &test);
    let bible_pairs = pairs_scored(&beads, &scores, |b| merged_right[groups[b]]);
    let s = eval::score(&[(gold, test)]);
    println!("| **Bible** (en→zh, verse-level) | **{:.3}** | {:.3} | hunalign 0.895, Vecalign 0.978, Bertalign 0.979 |", s.f1_strict, s.f1_lax);
    figures.push(("bible", s.f1_strict));

    if long.is_dir() {
        let long_verses = |name: &str| -> Vec<String> {
            std::fs::read_to_string(long.join(name))
                .unwrap()
                .lines()
                .map(|l| l.trim().to_string())
                .collect()
        };
        let (en_verses, zh_verses) = (long_verses("en.verse"), long_verses("zh.verse"));
        for (n, peers) in [
            ("002", "hunalign 0.869, Vecalign 0.974, Bertalign 0.979"),
            ("003", "hunalign 0.856, Vecalign 0.965, Bertalign 0.974"),
        ] {
            let (en, zh) = (long.join("en").join(n), long.join("zh").join(n));
            let test = eval::merge_by_verse(&aligned(&en, &zh).0, &en_verses, &zh_verses).unwrap();
            let gold =
                eval::parse_beads(&std::fs::read_to_string(long.join("gold").join(n)).unwrap())
                    .unwrap();
            let s = eval::score(&[(gold, test)]);
            let lines = std::fs::read_to_string(&en).unwrap().lines().count();
            println!(
                "| **Bible {n}** ({lines} English lines) | **{:.3}** | {:.3} | {peers} |",
                s.f1_strict, s.f1_lax
            );
            figures.push((
                if n == "002" {
                    "bible-long-002"
                } else {
                    "bible-long-003"
                },
                s.f1_strict,
            ));
        }
    }

    for (name, scored) in [("MAC-dev", &dev_pairs), ("Bible 001", &bible_pairs)] {
        println!("\nReliability of `score` on {name} pairs (share exactly right per score bin):\n");
        print!("{}", eval::reliability_table(scored));
    }

    match &timings {
        Some(timings) => {
            println!("\n| Bible pair | English × Chinese lines | median time ({runs} runs) | range | peak memory |");
            println!("|---|---|---|---|---|");
            for (n, lines, runs) in timings {
                println!(
                    "| {n} | {lines} | {:.3} s | {:.3}–{:.3} s | {:.0} MB |",
                    runs.median,
                    runs.min,
                    runs.max,
                    runs.peak_kb as f64 / 1024.0
                );
            }
        }
        None => println!(
            "\n(no target/release/duiqi: run `cargo build --release` first to time the binary)"
        ),
    }
    println!("(hunalign: 1.23 s on 001, pre-tokenized input)");
    if let Some([(_, _, first), .., (n, _, last)]) = timings.as_deref() {
        let ratio = last.median / first.median;
        println!("Time of {n} over 001: {ratio:.2}×");
        figures.push(("max-time-ratio", ratio));
    }

    match floor {
        Some(path) => check(&figures, &path),
        None => ExitCode::SUCCESS,
    }
}

/// (score, exactly right) of the pairs among `beads`; `right` judges bead `b`.
fn pairs_scored(
    beads: &[IdBead],
    scores: &[f64],
    right: impl Fn(usize) -> bool,
) -> Vec<(f64, bool)> {
    (0..beads.len())
        .filter(|&b| !beads[b].0.is_empty() && !beads[b].1.is_empty())
        .map(|b| (scores[b], right(b)))
        .collect()
}

/// Aligns a pre-split pair and returns its beads as ids, first file's side first, and
/// their scores.
fn aligned(first: &Path, second: &Path) -> (Vec<IdBead>, Vec<f64>) {
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
    let ids = alignment.id_beads(order == duiqi::pipeline::Order::ChineseFirst);
    (ids, alignment.beads.iter().map(|b| b.score).collect())
}

/// `target/release/duiqi`, beside this example's folder, if it was built.
fn release_binary() -> Option<PathBuf> {
    let binary = std::env::current_exe()
        .ok()?
        .parent()?
        .parent()?
        .join("duiqi");
    binary.exists().then_some(binary)
}

/// Wall times (seconds) of several runs and the largest peak resident memory (KB).
struct Runs {
    median: f64,
    min: f64,
    max: f64,
    peak_kb: i64,
}

/// Runs the release binary on each pair `runs` times, taking the pairs in turn in each
/// round so that a busy moment of the machine weighs on all of them alike.
fn time_binary(binary: &Path, pairs: &[(&Path, &Path)], runs: usize) -> Vec<Runs> {
    let mut times = vec![Vec::new(); pairs.len()];
    let mut peaks = vec![0; pairs.len()];
    for _ in 0..runs.max(1) {
        for (k, (first, second)) in pairs.iter().enumerate() {
            let start = Instant::now();
            let child = Command::new(binary)
                .args(["align", "--presplit", "-q", "-f", "align"])
                .arg(first)
                .arg(second)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("run duiqi");
            let (status, kb) = wait_with_peak_memory(child);
            assert!(status == 0, "duiqi exited with {status}");
            times[k].push(start.elapsed().as_secs_f64());
            peaks[k] = peaks[k].max(kb);
        }
    }
    times
        .into_iter()
        .zip(peaks)
        .map(|(mut times, peak_kb)| {
            times.sort_by(f64::total_cmp);
            Runs {
                median: times[times.len() / 2],
                min: times[0],
                max: times[times.len() - 1],
                peak_kb,
            }
        })
        .collect()
}

/// Waits for a child; its exit status and its peak resident memory in KB (Linux's
/// ru_maxrss unit).
fn wait_with_peak_memory(child: std::process::Child) -> (i32, i64) {
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; the pid is our own child, which
    // nothing else waits for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(pid > 0, "wait4 failed: {}", std::io::Error::last_os_error());
    (libc::WEXITSTATUS(status), usage.ru_maxrss)
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
        let ok = if name.starts_with("max-") {
            reached <= value
        } else {
            reached >= value - ALLOWED_DROP
        };
        let verdict = if ok { "ok" } else { "FAILED" };
        if name.starts_with("max-") {
            println!("gate {name}: {reached:.2}, at most {value:.2}: {verdict}");
        } else {
            println!(
                "gate {name}: strict F1 {reached:.3}, floor {value:.3} - {ALLOWED_DROP}: {verdict}"
            );
        }
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
