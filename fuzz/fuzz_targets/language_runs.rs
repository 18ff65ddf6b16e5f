//! Fuzzes reading (`Document::from_bytes`, `Document::from_text`) and the language
//! splitter (`runs::language_runs`).
//!
//! Checked, as the module docs claim them:
//! * read: a document that is accepted has no NUL, a non-blank body, `body_start` on a
//!   char boundary, and `source_offset` is non-decreasing with `source_offset(text.len())`
//!   equal to the input's length;
//! * runs: every run is a non-empty, trimmed span on char boundaries inside one line
//!   (its paragraph), runs are ascending and disjoint, paragraphs non-decreasing, and
//!   together they cover every non-whitespace character of the body.
#![no_main]

use duiqi::read::Document;
use duiqi::runs::language_runs;
use libfuzzer_sys::fuzz_target;

fn check_runs(doc: &Document) {
    let text = &doc.text;
    let runs = language_runs(doc);
    // Line starts after the body start, indexed by paragraph.
    let mut line_starts = vec![doc.body_start];
    for (i, b) in text.bytes().enumerate().skip(doc.body_start) {
        if b == b'\n' {
            line_starts.push(i + 1);
        }
    }
    let mut prev_end = doc.body_start;
    let mut prev_paragraph = 0;
    for run in &runs {
        let s = run.span;
        assert!(s.start < s.end && s.end <= text.len(), "run {s:?} out of bounds (len {})", text.len());
        assert!(s.start >= doc.body_start, "run {s:?} before the body start {}", doc.body_start);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "run {s:?} not on char boundaries");
        assert!(s.start >= prev_end, "run {s:?} overlaps or precedes the previous run ending at {prev_end}");
        assert!(run.paragraph >= prev_paragraph, "paragraphs go backwards at {s:?}");
        let slice = s.slice(text);
        assert_eq!(slice.trim(), slice, "run {s:?} not trimmed");
        assert!(!slice.contains('\n'), "run {s:?} crosses a line break");
        let line_start = line_starts[run.paragraph];
        let line_end = line_starts.get(run.paragraph + 1).map_or(text.len(), |&n| n - 1);
        assert!(s.start >= line_start && s.end <= line_end, "run {s:?} is not in its paragraph {} ({line_start}..{line_end})", run.paragraph);
        // Everything skipped since the previous run is whitespace.
        assert!(text[prev_end..s.start].chars().all(char::is_whitespace), "non-whitespace text {:?} in no run", &text[prev_end..s.start]);
        prev_end = s.end;
        prev_paragraph = run.paragraph;
    }
    assert!(text[prev_end..].chars().all(char::is_whitespace), "non-whitespace text {:?} after the last run", &text[prev_end..]);
}

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = Document::from_bytes("fuzz", data.to_vec()) {
        assert!(!doc.text.contains('\0'));
        assert!(!doc.body().trim().is_empty());
        assert!(doc.text.is_char_boundary(doc.body_start) && doc.body_start <= 3);
        let mut last = 0;
        for (i, _) in doc.text.char_indices() {
            let o = doc.source_offset(i);
            assert!(o >= last && o <= data.len(), "source_offset({i}) = {o} after {last} (input len {})", data.len());
            last = o;
        }
        assert_eq!(doc.source_offset(doc.text.len()), data.len(), "end of text does not map to end of input");
        check_runs(&doc);
    }
    // The text as a library user would hand it over, whatever the bytes were.
    let doc = Document::from_text("fuzz", String::from_utf8_lossy(data).into_owned());
    check_runs(&doc);
});
