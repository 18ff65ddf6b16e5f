//! The People's Daily sample against hand-checked beads.
//!
//! `tests/fixtures/peoples-daily-2025-06-19.beads.jsonl` holds 123 beads of the sample
//! (pairs, commentary left unpaired, Chinese with no English, and the repeated Chinese
//! paragraph of the last article paired with the English of its first occurrence),
//! each read and checked by hand against the text. Every one must come out exactly.
//! Six beads of the sample were judged wrong or debatable and are not in the fixture
//! (see the issue notes): a one-line lead-in merged into the pair after it, and the like.

use duiqi::pipeline::{align_interleaved, Options};
use duiqi::read::Document;

#[test]
fn hand_checked_beads_come_out_exactly() {
    let document =
        Document::read(std::path::Path::new("data/peoples-daily-2025-06-19.txt")).unwrap();
    let alignment = align_interleaved(&document, &Options::default());
    let produced: Vec<(String, String)> = alignment
        .beads
        .iter()
        .map(|b| (alignment.zh_text(b), alignment.en_text(b)))
        .collect();
    let expected =
        std::fs::read_to_string("tests/fixtures/peoples-daily-2025-06-19.beads.jsonl").unwrap();
    let mut missing = Vec::new();
    let mut count = 0;
    for line in expected.lines() {
        let bead: serde_json::Value = serde_json::from_str(line).unwrap();
        let pair = (
            bead["zh"].as_str().unwrap().to_string(),
            bead["en"].as_str().unwrap().to_string(),
        );
        count += 1;
        if !produced.contains(&pair) {
            missing.push(pair);
        }
    }
    assert!(count >= 40);
    assert!(
        missing.is_empty(),
        "{} of {count} hand-checked beads missing, e.g. {:?}",
        missing.len(),
        missing.first()
    );
}
