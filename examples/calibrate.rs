//! Fits the calibration of `score` ([`duiqi::calibrate`]) on the shared dev data and
//! shows how well it holds.
//!
//!     cargo run --release --example calibrate -- [EVAL_DIR]
//!
//! EVAL_DIR defaults to `../shared/eval`. Every MAC-dev chapter and Bible 001 are
//! aligned pre-split with the library (as the benchmark does); each bead is judged
//! exactly right as `alignscore.py` judges it (MAC-dev: equal to a gold bead; the
//! Bible: the verse-merged bead it falls in equals a gold bead). The interleaved dev
//! sets (`mac-dev-interleaved*`, both layouts) are aligned as interleaved text: a pair
//! is exactly right when its English and Chinese units (letter/digit runs, Han
//! characters) are those of a gold pair, as `linkscore.py` counts exact beads, an
//! unpaired sentence when gold pairs none of its units. A logistic model is fitted on
//! the three, weighted equally, and printed as Rust to paste into `src/calibrate.rs`,
//! followed by:
//!
//! * reliability tables (score bins against the share of beads exactly right) of the
//!   model compiled in and of the one just fitted, on each of the three;
//! * leave-one-document-out on MAC-dev and on the interleaved sets: each document
//!   scored by a model fitted without it;
//! * transfer: a MAC-dev-only fit applied to the Bible, a Bible-only fit to MAC-dev, and
//!   a fit without the interleaved sets applied to them.
//!
//! Re-run it after any change to the aligner and paste the new coefficients.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use duiqi::beads::Alignment;
use duiqi::calibrate::{self, Evidence, Model, PAIR_EVIDENCE, UNPAIRED_EVIDENCE};
use duiqi::eval::{self, IdBead};
use duiqi::pipeline::{align_interleaved, align_pair, Options, Order};
use duiqi::read::Document;
use duiqi::runs::is_han;

/// One judged bead: where it comes from, its evidence, whether it is exactly right.
struct Sample {
    corpus: &'static str,
    chapter: String,
    evidence: Evidence,
    right: bool,
}

impl Sample {
    fn is_pair(&self) -> bool {
        matches!(self.evidence, Evidence::Pair(_))
    }
}

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("../shared/eval"), PathBuf::from);
    if !dir.join("mac-dev").is_dir() || !dir.join("bible").is_dir() {
        eprintln!(
            "calibrate: no mac-dev/ and bible/ in {}; give the evaluation folder as the first argument",
            dir.display()
        );
        return ExitCode::from(2);
    }
    let mut samples = mac_dev(&dir.join("mac-dev"));
    samples.extend(bible(&dir.join("bible")));
    for folder in ["mac-dev-interleaved", "mac-dev-interleaved-zh-first"] {
        let path = dir.join(folder);
        if path.is_dir() {
            samples.extend(interleaved(&path));
        }
    }
    let corpora = ["MAC-dev", "Bible", "interleaved"];

    let everything = |_: &Sample| true;
    let fitted = fit(&samples, everything);
    println!("Fitted on MAC-dev, Bible 001 and the interleaved dev sets (paste into src/calibrate.rs):\n");
    println!("{}", as_rust(&fitted));
    // The constant holds 4 decimals of the fit.
    let pasted = |a: &Model, b: &Model| {
        let weights = |m: &Model| {
            m.pair
                .iter()
                .chain(&m.unpaired)
                .copied()
                .collect::<Vec<_>>()
        };
        weights(a)
            .iter()
            .zip(weights(b))
            .all(|(x, y)| (x - y).abs() <= 5e-5)
    };
    if !pasted(&fitted, &calibrate::FITTED) {
        println!("(src/calibrate.rs holds other coefficients: the tables below use the compiled-in ones first)\n");
    }
    for (name, model) in [("compiled in", calibrate::FITTED), ("just fitted", fitted)] {
        for corpus in corpora {
            for pairs in [true, false] {
                let take = |s: &Sample| s.corpus == corpus && s.is_pair() == pairs;
                let scored = score(&samples, &model, take);
                let what = if pairs { "pairs" } else { "unpaired sentences" };
                println!("Reliability, {corpus} {what}, model {name}:\n");
                println!("{}", eval::reliability_table(&scored));
                println!("{}\n", summary(&scored));
            }
        }
    }

    for corpus in ["MAC-dev", "interleaved"] {
        leave_one_out(&samples, corpus);
    }

    let parallel = |s: &Sample| s.corpus != "interleaved";
    let mac_only = fit(&samples, |s| s.corpus == "MAC-dev");
    let bible_only = fit(&samples, |s| s.corpus == "Bible");
    println!("MAC-dev-only fit:\n{}", as_rust(&mac_only));
    println!("Bible-only fit:\n{}", as_rust(&bible_only));
    for (name, model, corpus) in [
        ("MAC-dev-only fit on the Bible", &mac_only, "Bible"),
        ("Bible-only fit on MAC-dev", &bible_only, "MAC-dev"),
        ("MAC-dev-only fit on MAC-dev", &mac_only, "MAC-dev"),
        ("Bible-only fit on the Bible", &bible_only, "Bible"),
    ] {
        let scored = score(&samples, model, |s| s.corpus == corpus && s.is_pair());
        println!("{name}, pairs:\n");
        println!("{}", eval::reliability_table(&scored));
        println!("{}\n", summary(&scored));
    }

    let without_interleaved = fit(&samples, parallel);
    let scored = score(&samples, &without_interleaved, |s| {
        s.corpus == "interleaved" && s.is_pair()
    });
    println!("Fit on MAC-dev and the Bible only, on interleaved pairs:\n");
    println!("{}", eval::reliability_table(&scored));
    println!("{}\n", summary(&scored));
    ExitCode::SUCCESS
}

/// Each chapter (document) of `corpus` scored by a model fitted on everything else.
fn leave_one_out(samples: &[Sample], corpus: &str) {
    let chapters: std::collections::BTreeSet<&str> = samples
        .iter()
        .filter(|s| s.corpus == corpus)
        .map(|s| s.chapter.as_str())
        .collect();
    let mut held_out = Vec::new();
    println!("Leave one {corpus} document out (fitted on all other data), pairs:\n");
    for chapter in chapters {
        let in_it = |s: &Sample| s.corpus == corpus && s.chapter == chapter;
        let model = fit(samples, |s| !in_it(s));
        let scored = score(samples, &model, |s| in_it(s) && s.is_pair());
        println!("  {chapter}: {}", summary(&scored));
        held_out.extend(scored);
    }
    println!("\nAll {corpus} pairs, each document scored by the fit without it:\n");
    println!("{}", eval::reliability_table(&held_out));
    println!("{}\n", summary(&held_out));
}

/// Fits on the samples `take` keeps, each corpus weighted equally.
fn fit(samples: &[Sample], take: impl Fn(&Sample) -> bool) -> Model {
    let kept: Vec<&Sample> = samples.iter().filter(|s| take(s)).collect();
    let corpora: Vec<&str> = kept.iter().map(|s| s.corpus).collect();
    let count = |c: &str| corpora.iter().filter(|&&k| k == c).count() as f64;
    let distinct: HashSet<&str> = corpora.iter().copied().collect();
    let weighted: Vec<(Evidence, bool, f64)> = kept
        .iter()
        .map(|s| {
            let weight = kept.len() as f64 / (distinct.len() as f64 * count(s.corpus));
            (s.evidence.clone(), s.right, weight)
        })
        .collect();
    calibrate::fit(&weighted)
}

/// (score, exactly right) of the samples `take` keeps, under `model`.
fn score(samples: &[Sample], model: &Model, take: impl Fn(&Sample) -> bool) -> Vec<(f64, bool)> {
    samples
        .iter()
        .filter(|s| take(s))
        .map(|s| (model.probability(&s.evidence), s.right))
        .collect()
}

/// The figures a user cares about: how right a `--min-score 0.9` memory is and how much
/// it keeps, and how far scores are from outcomes (Brier score, log loss).
fn summary(scored: &[(f64, bool)]) -> String {
    let n = scored.len().max(1) as f64;
    let right = scored.iter().filter(|(_, r)| *r).count();
    let kept: Vec<bool> = scored
        .iter()
        .filter(|(s, _)| *s >= 0.9)
        .map(|&(_, r)| r)
        .collect();
    let brier: f64 = scored
        .iter()
        .map(|&(s, r)| (s - f64::from(u8::from(r))).powi(2))
        .sum::<f64>()
        / n;
    let log_loss: f64 = -scored
        .iter()
        .map(|&(s, r)| {
            let s = s.clamp(1e-6, 1.0 - 1e-6);
            if r {
                s.ln()
            } else {
                (1.0 - s).ln()
            }
        })
        .sum::<f64>()
        / n;
    format!(
        "{} beads, {:.3} exactly right, mean score {:.3}; score ≥ 0.9: {} beads ({:.0}%), {:.3} exactly right; Brier {:.4}, log loss {:.4}",
        scored.len(),
        right as f64 / n,
        scored.iter().map(|(s, _)| s).sum::<f64>() / n,
        kept.len(),
        100.0 * kept.len() as f64 / n,
        kept.iter().filter(|&&r| r).count() as f64 / kept.len().max(1) as f64,
        brier,
        log_loss
    )
}

fn as_rust(model: &Model) -> String {
    let list = |w: &[f64]| {
        w.iter()
            .map(|x| format!("{x:.4}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "pub const FITTED: Model = Model {{\n    // intercept, {}\n    pair: [{}],\n    // intercept, {}\n    unpaired: [{}],\n}};\n",
        PAIR_EVIDENCE.join(", "),
        list(&model.pair),
        UNPAIRED_EVIDENCE.join(", "),
        list(&model.unpaired)
    )
}

/// Aligns a pre-split pair; its beads as ids with the first file's side first.
fn aligned(first: &Path, second: &Path) -> (Alignment, Vec<IdBead>) {
    let (a, b) = (
        Document::read(first).unwrap(),
        Document::read(second).unwrap(),
    );
    let options = Options {
        presplit: true,
        ..Options::default()
    };
    let (alignment, order) = align_pair(&a, &b, &options).unwrap();
    let ids = alignment.id_beads(order == Order::ChineseFirst);
    (alignment, ids)
}

fn read_gold(path: &Path) -> Vec<IdBead> {
    eval::parse_beads(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn mac_dev(dev: &Path) -> Vec<Sample> {
    let names: Vec<String> = eval::file_names(&dev.join("gold"))
        .unwrap()
        .iter()
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    let mut samples = Vec::new();
    for name in names {
        let (alignment, test) = aligned(&dev.join("zh").join(&name), &dev.join("en").join(&name));
        let right = eval::exactly_right(&read_gold(&dev.join("gold").join(&name)), &test);
        samples.extend(calibrate::evidence(&alignment).into_iter().zip(right).map(
            |(evidence, right)| Sample {
                corpus: "MAC-dev",
                chapter: name.clone(),
                evidence,
                right,
            },
        ));
    }
    samples
}

fn bible(bible: &Path) -> Vec<Sample> {
    let verses = |name: &str| -> Vec<String> {
        std::fs::read_to_string(bible.join(name))
            .unwrap()
            .lines()
            .map(|l| l.trim().to_string())
            .collect()
    };
    let (alignment, test) = aligned(&bible.join("en/001"), &bible.join("zh/001"));
    let (en_verses, zh_verses) = (verses("en.verse"), verses("zh.verse"));
    let groups = eval::verse_groups(&test, &en_verses, &zh_verses).unwrap();
    let merged = eval::merge_by_verse(&test, &en_verses, &zh_verses).unwrap();
    let merged_right = eval::exactly_right(&read_gold(&bible.join("gold/001")), &merged);
    calibrate::evidence(&alignment)
        .into_iter()
        .zip(groups)
        .map(|(evidence, group)| Sample {
            corpus: "Bible",
            chapter: "001".into(),
            evidence,
            right: merged_right[group],
        })
        .collect()
}

/// The judged beads of every interleaved dev document: a pair is right when its units
/// are a gold pair's, an unpaired bead when gold pairs none of its units.
fn interleaved(folder: &Path) -> Vec<Sample> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let mut samples = Vec::new();
    for path in names {
        let doc = Document::read(&path).unwrap();
        let alignment = align_interleaved(&doc, &Options::default());
        let units = Units::of(&doc.text);
        let gold_path = path.with_extension("gold.jsonl");
        let mut gold_pairs = HashSet::new();
        let mut gold_paired: HashSet<usize> = HashSet::new();
        for line in std::fs::read_to_string(gold_path).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let bead: serde_json::Value = serde_json::from_str(line).unwrap();
            let spans = |key: &str| -> Vec<(usize, usize)> {
                serde_json::from_value(bead[key].clone()).unwrap_or_default()
            };
            let (en, zh) = (units.en(&spans("en")), units.zh(&spans("zh")));
            if !en.is_empty() && !zh.is_empty() {
                gold_paired.extend(&en);
                gold_paired.extend(&zh);
                gold_pairs.insert((en, zh));
            }
        }
        let evidence = calibrate::evidence(&alignment);
        let chapter = path.file_stem().unwrap().to_string_lossy().into_owned();
        for (bead, evidence) in alignment.beads.iter().zip(evidence) {
            let spans = |ids: &[usize], sentences: &[duiqi::sentences::Sentence]| {
                ids.iter()
                    .map(|&i| (sentences[i].span.start, sentences[i].span.end))
                    .collect::<Vec<_>>()
            };
            let en = units.en(&spans(&bead.en, &alignment.en));
            let zh = units.zh(&spans(&bead.zh, &alignment.zh));
            let right = if bead.is_pair() {
                gold_pairs.contains(&(en, zh))
            } else {
                en.iter().chain(&zh).all(|u| !gold_paired.contains(u))
            };
            samples.push(Sample {
                corpus: "interleaved",
                chapter: chapter.clone(),
                evidence,
                right,
            });
        }
    }
    samples
}

/// Where `linkscore.py`'s units start: English letter/digit runs and Han characters.
struct Units {
    en: Vec<usize>,
    zh: Vec<usize>,
}

impl Units {
    fn of(text: &str) -> Units {
        let bytes = text.as_bytes();
        let en = (0..bytes.len())
            .filter(|&i| {
                bytes[i].is_ascii_alphanumeric()
                    && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            })
            .collect();
        let zh = text
            .char_indices()
            .filter(|&(_, c)| is_han(c))
            .map(|(i, _)| i)
            .collect();
        Units { en, zh }
    }

    fn within(positions: &[usize], spans: &[(usize, usize)]) -> Vec<usize> {
        let mut out: Vec<usize> = spans
            .iter()
            .flat_map(|&(s, e)| {
                let lo = positions.partition_point(|&p| p < s);
                let hi = positions.partition_point(|&p| p < e);
                positions[lo..hi].iter().copied()
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn en(&self, spans: &[(usize, usize)]) -> Vec<usize> {
        Units::within(&self.en, spans)
    }

    fn zh(&self, spans: &[(usize, usize)]) -> Vec<usize> {
        Units::within(&self.zh, spans)
    }
}
