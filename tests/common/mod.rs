//! Fixtures shared by the integration tests.

/// (Chinese, English) sentences of the pairs in the sample's hand-checked beads
/// (`tests/fixtures/peoples-daily-2025-06-19.beads.jsonl`), in reading order.
pub fn sample_pairs() -> Vec<(String, String)> {
    let fixture =
        std::fs::read_to_string("tests/fixtures/peoples-daily-2025-06-19.beads.jsonl").unwrap();
    fixture
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter_map(|b| {
            let (zh, en) = (b["zh"].as_str()?.to_string(), b["en"].as_str()?.to_string());
            (!zh.is_empty() && !en.is_empty()).then_some((zh, en))
        })
        .collect()
}
