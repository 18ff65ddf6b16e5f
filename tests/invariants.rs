//! Invariants of the pipeline on arbitrary text (proptest): every sentence span is in
//! bounds, on character boundaries and disjoint from the others; every non-whitespace
//! character of the input is in exactly one sentence (English, Chinese or other); every
//! Chinese sentence is in exactly one bead and every English one in at least one; the
//! result is the same on every run.

use duiqi::beads::Alignment;
use duiqi::pipeline::{align_interleaved, align_pair, Options};
use duiqi::read::Document;
use duiqi::span::Span;
use proptest::prelude::*;

/// Pieces real input is made of, hostile ones included.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("The six countries agreed. ".to_string()),
        Just("Mr. Wang said 2.79% in the U.S. on Aug. 5… ".to_string()),
        Just("“Quoted,” he said! ".to_string()),
        Just("各方一致同意。".to_string()),
        Just("他说：“好！”".to_string()),
        Just("2023年GDP增长5.2%,144.3万人. ".to_string()),
        Just("Digitale Technologie für alle. ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("  \t ".to_string()),
        Just("——……;:、，".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{1}\u{7f}".to_string()),
        Just("🙂 ".to_string()),
        "[a-zA-Z .,!?'\"]{0,12}",
        "[\u{4e00}-\u{4e80}。！？，]{0,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

fn check_spans(doc: &Document, spans: &[Span]) {
    let mut sorted = spans.to_vec();
    sorted.sort_by_key(|s| (s.start, s.end));
    for span in &sorted {
        assert!(
            span.start < span.end && span.end <= doc.text.len(),
            "{span:?} out of bounds"
        );
        assert!(
            doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end),
            "{span:?} splits a character"
        );
    }
    for pair in sorted.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "{:?} and {:?} overlap",
            pair[0],
            pair[1]
        );
    }
    for (at, c) in doc.body().char_indices() {
        let at = at + doc.body_start;
        if !c.is_whitespace() && c != '\u{feff}' {
            assert!(
                sorted.iter().any(|s| s.start <= at && at < s.end),
                "{c:?} at {at} is in no sentence"
            );
        }
    }
}

fn check_beads(alignment: &Alignment) {
    let mut zh = vec![0; alignment.zh.len()];
    let mut en = vec![0; alignment.en.len()];
    for bead in &alignment.beads {
        assert!(!bead.zh.is_empty() || !bead.en.is_empty());
        assert!((0.0..=1.0).contains(&bead.score));
        bead.zh.iter().for_each(|&i| zh[i] += 1);
        bead.en.iter().for_each(|&j| en[j] += 1);
    }
    assert!(
        zh.iter().all(|&n| n == 1),
        "every Chinese sentence in exactly one bead"
    );
    assert!(
        en.iter().all(|&n| n >= 1),
        "every English sentence in a bead"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn interleaved_text(input in text()) {
        let doc = Document::from_text("p", input);
        let alignment = align_interleaved(&doc, &Options::default());
        let spans: Vec<Span> = alignment.zh.iter().chain(&alignment.en).chain(&alignment.other).map(|s| s.span).collect();
        check_spans(&doc, &spans);
        check_beads(&alignment);
        let again = align_interleaved(&doc, &Options::default());
        prop_assert_eq!(&alignment.beads, &again.beads);
    }

    #[test]
    fn two_documents(zh in text(), en in text()) {
        let (a, b) = (Document::from_text("a", zh), Document::from_text("b", en));
        if let Ok((alignment, _)) = align_pair(&a, &b, &Options::default()) {
            check_beads(&alignment);
            let again = align_pair(&a, &b, &Options::default()).unwrap().0;
            prop_assert_eq!(&alignment.beads, &again.beads);
        }
    }
}
