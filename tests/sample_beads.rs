//! The People's Daily sample against hand-checked beads.
//!
//! `tests/fixtures/peoples-daily-2025-06-19.beads.jsonl` holds 124 beads of the sample
//! (pairs, commentary left unpaired, Chinese with no English, and the repeated Chinese
//! paragraph of the last article paired with the English of its first occurrence),
//! each read and checked by hand against the text. Every one must come out exactly.
//! Six beads of the sample were judged wrong or debatable and are not in the fixture
//! (see the issue notes): a one-line lead-in merged into the pair after it, and the like.
//! One pair is trimmed to its translated part: "In the final section, the article
//! contends that" is English without Chinese, the quote after it the pair's English.

//!
//! The same beads must come out of the sample laid out Chinese-first: every Chinese block
//! moved before the English written before it.

use duiqi::pipeline::{align_interleaved, Options};
use duiqi::read::Document;
use duiqi::runs::language_runs;
use duiqi::span::Lang;

fn sample() -> Document {
    Document::read(std::path::Path::new("data/peoples-daily-2025-06-19.txt")).unwrap()
}

#[test]
fn hand_checked_beads_come_out_exactly() {
    assert_eq!(assert_hand_checked_beads_but(&sample(), &[]), 0);
}

#[test]
fn hand_checked_beads_come_out_of_the_sample_laid_out_chinese_first() {
    let document = Document::from_text("zh-first", chinese_first(&sample()));
    let alignment = align_interleaved(&document, &Options::default());
    // In the rewritten text the commentary "In the second section, Wang talks about
    // development agreements." is a line of its own right after the English of the
    // paragraph before (a long Chinese paragraph whose English is short for it): a bead
    // does not take a line break in lightly, and it stays unpaired.
    assert_eq!(assert_hand_checked_beads_but(&document, &[]), 0);
    // Where several English lines precede one Chinese block (the last article), only the
    // last line moved: those blocks have English on both sides.
    let layout = alignment.layout.expect("interleaved input has a layout");
    assert_eq!(layout.english_first, 0, "{layout}");
    assert!(layout.chinese_first > 10 * layout.both_sides, "{layout}");
}

/// The document with every Chinese block moved before the line of English written just
/// before it (its translation in the sample); English lines before that one (commentary)
/// stay where they are. Runs keep the line breaks between them.
fn chinese_first(doc: &Document) -> String {
    let mut out = String::new();
    let mut english: Vec<(usize, &str)> = Vec::new();
    let mut chinese: Vec<(usize, &str)> = Vec::new();
    for run in language_runs(doc) {
        let text = run.span.slice(&doc.text);
        if run.lang == Lang::Chinese {
            chinese.push((run.paragraph, text));
        } else {
            if !chinese.is_empty() {
                flush(&mut out, &mut english, &mut chinese);
            }
            english.push((run.paragraph, text));
        }
    }
    flush(&mut out, &mut english, &mut chinese);
    out
}

/// Writes the English lines before the last one (commentary), then the Chinese, then the
/// last English line (the translation), and empties both.
fn flush<'a>(
    out: &mut String,
    english: &mut Vec<(usize, &'a str)>,
    chinese: &mut Vec<(usize, &'a str)>,
) {
    let last_line = english.last().map_or(0, |&(line, _)| line);
    let mut translation = english.split_off(english.partition_point(|&(line, _)| line < last_line));
    write_lines(out, english);
    write_lines(out, chinese);
    write_lines(out, &mut translation);
}

/// Writes runs one line per input line (`paragraph`) they came from, and empties `runs`.
fn write_lines(out: &mut String, runs: &mut Vec<(usize, &str)>) {
    for (k, (line, text)) in runs.iter().enumerate() {
        if k > 0 {
            out.push(if runs[k - 1].0 == *line { ' ' } else { '\n' });
        }
        out.push_str(text);
    }
    if !runs.is_empty() {
        out.push('\n');
    }
    runs.clear();
}

/// Asserts that every hand-checked bead comes out, except those whose English, or the
/// English of the bead after them, starts with one of `known_losses`; returns how many
/// of those did not come out.
fn assert_hand_checked_beads_but(document: &Document, known_losses: &[&str]) -> usize {
    let alignment = align_interleaved(document, &Options::default());
    let produced: Vec<(String, String)> = alignment
        .beads
        .iter()
        .map(|b| (alignment.zh_text(b), alignment.en_text(b)))
        .collect();
    let expected =
        std::fs::read_to_string("tests/fixtures/peoples-daily-2025-06-19.beads.jsonl").unwrap();
    let beads: Vec<(String, String)> = expected
        .lines()
        .map(|line| {
            let bead: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                bead["zh"].as_str().unwrap().to_string(),
                bead["en"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let count = beads.len();
    let known = |k: usize| {
        [k, k + 1]
            .iter()
            .filter_map(|&k| beads.get(k))
            .any(|(_, en)| known_losses.iter().any(|start| en.starts_with(start)))
    };
    let (mut missing, mut lost) = (Vec::new(), 0);
    for (k, pair) in beads.iter().enumerate() {
        match (produced.contains(pair), known(k)) {
            (true, _) => {}
            (false, true) => lost += 1,
            (false, false) => missing.push(pair),
        }
    }
    assert!(count >= 40);
    assert!(
        missing.is_empty(),
        "{} of {count} hand-checked beads missing, e.g. {:?}",
        missing.len(),
        missing.first()
    );
    lost
}
