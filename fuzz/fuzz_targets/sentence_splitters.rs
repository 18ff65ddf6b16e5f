//! Fuzzes the two sentence splitters, `sentences::chinese::split_chinese` and
//! `sentences::english::split_english`.
//!
//! Both modules claim: "gives trimmed, ordered spans into the whole input that together
//! cover every non-whitespace byte of the run". Checked for each returned span: inside
//! `within`, on char boundaries, non-empty and trimmed; spans strictly ascending and
//! disjoint; nothing but whitespace between, before or after them.
//!
//! Both splitters are run on every language run (whatever its language: they are public
//! functions and must not panic), on every trimmed line, and on the whole body.
#![no_main]

use duiqi::read::Document;
use duiqi::runs::language_runs;
use duiqi::sentences::chinese::split_chinese;
use duiqi::sentences::english::split_english;
use duiqi::sentences::split_run;
use duiqi::span::Span;
use libfuzzer_sys::fuzz_target;

fn check(name: &str, input: &str, within: Span, spans: &[Span]) {
    let mut prev = within.start;
    for s in spans {
        assert!(s.start < s.end, "{name}: empty or reversed span {s:?} in {within:?}");
        assert!(s.start >= within.start && s.end <= within.end, "{name}: span {s:?} outside {within:?}");
        assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end), "{name}: span {s:?} not on char boundaries");
        assert!(s.start >= prev, "{name}: span {s:?} overlaps or precedes the previous one ending at {prev}");
        let slice = s.slice(input);
        assert_eq!(slice.trim(), slice, "{name}: span {s:?} not trimmed");
        assert!(input[prev..s.start].chars().all(char::is_whitespace), "{name}: non-whitespace {:?} in no sentence", &input[prev..s.start]);
        prev = s.end;
    }
    assert!(input[prev..within.end].chars().all(char::is_whitespace), "{name}: non-whitespace {:?} after the last sentence", &input[prev..within.end]);
}

fn both(input: &str, within: Span) {
    check("split_chinese", input, within, &split_chinese(input, within));
    check("split_english", input, within, &split_english(input, within));
}

fuzz_target!(|data: &[u8]| {
    let doc = Document::from_text("fuzz", String::from_utf8_lossy(data).into_owned());
    let text = &doc.text;
    for run in language_runs(&doc) {
        both(text, run.span);
        for sentence in split_run(&doc, &run) {
            assert_eq!(sentence.lang, run.lang);
            assert!(sentence.span.start >= run.span.start && sentence.span.end <= run.span.end);
        }
    }
    let mut start = doc.body_start;
    for line in doc.body().split('\n') {
        let span = Span::new(start, start + line.len());
        start = span.end + 1;
        both(text, span.trim(text));
    }
    both(text, Span::new(doc.body_start, text.len()));
});
