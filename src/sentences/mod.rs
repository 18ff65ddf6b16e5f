//! Sentences: language runs in, sentences out.
//!
//! Each [`Run`](crate::runs::Run) is cut into sentences by the splitter for its language
//! ([`english`] or [`chinese`]); text in neither language stays one unit per run. A
//! [`Sentence`] keeps the byte span it was cut from, so everything downstream can point
//! back into the input.

pub mod chinese;
pub mod english;

use crate::span::{Lang, Span};

/// One sentence (or, with `--presplit`, one input line), with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub lang: Lang,
    /// Byte range in the input file this sentence was read from.
    pub span: Span,
    /// The sentence text as it appears in output: the spanned text with each run of
    /// whitespace (any Unicode White_Space: tab, LF, CR, VT, FF, no-break and ideographic
    /// spaces, …) folded to one space, in Chinese too; `span` covers the original bytes.
    pub text: String,
    /// Index of the paragraph (input line) the sentence is in; used as layout evidence.
    pub paragraph: usize,
}

/// The text of `span` as it should appear in output: each run of whitespace folded to one
/// space (the span is trimmed, so none is left at either end).
pub fn display_text(input: &str, span: Span) -> String {
    let mut out = String::with_capacity(span.len());
    for word in span.slice(input).split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Cuts one language run into sentences; text in neither language stays whole.
pub fn split_run(doc: &crate::read::Document, run: &crate::runs::Run) -> Vec<Sentence> {
    let spans = match run.lang {
        Lang::English => english::split_english(&doc.text, run.span),
        Lang::Chinese => chinese::split_chinese(&doc.text, run.span),
        Lang::Other => vec![run.span],
    };
    spans
        .into_iter()
        .map(|span| Sentence {
            lang: run.lang,
            span,
            text: display_text(&doc.text, span),
            paragraph: run.paragraph,
        })
        .collect()
}
