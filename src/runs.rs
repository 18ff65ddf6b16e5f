//! Language runs: a [`crate::read::Document`] in, paragraphs of [`Run`]s out.
//!
//! A paragraph is an input line. Each is cut into maximal runs of English, Chinese or
//! other text. Letters decide the language; digits, spaces and punctuation go with the
//! letters around them, so `2023年`, `5G网络`, `“一带一路”` and `《…》` stay inside the
//! Chinese run and `30%.` stays with its English sentence.
//!
//! Two rules resolve mixed text:
//! * **Latin inside Chinese.** A stretch of Latin letters between two stretches of Chinese
//!   on the same line, of at most [`MAX_EMBEDDED_LATIN_WORDS`] words and not containing a
//!   sentence end, is part of the Chinese (acronyms like `WTO`, `SCO`, `5G`).
//! * **Chinese quoted inside English.** A stretch of Chinese between two stretches of
//!   English, of at most [`MAX_EMBEDDED_HAN_CHARS`] characters, is part of the English
//!   sentence when the English before it has not just ended a sentence: `the phrase
//!   人民领袖 in the piece` is one English run, while in `…headlined Xi Jinping's
//!   feelings for the people. 习近平的人民情怀. It…` the Chinese follows a full stop and
//!   is its own run (the original of the sentence before it).
//!
//! * **Glosses.** A stretch of either language in parentheses between two stretches of the
//!   other, or in parentheses ending a line, is a gloss of the words before it and stays
//!   in their sentence whatever its length: `在明朝和清朝时期(the Ming and Qing
//!   Dynasties)特别流行。`, `on the World Heritage Site(世界文化遗产)list.`
//!
//! Latin text that is not English (German, French, …) and lines without letters become
//! [`Lang::Other`] runs: never aligned, always reported.

use crate::read::Document;
use crate::span::{Lang, Span};
pub use crate::text::is_han;

/// Longest Latin stretch (in words) that still counts as part of surrounding Chinese.
pub const MAX_EMBEDDED_LATIN_WORDS: usize = 4;
/// Longest Chinese stretch (in characters) that still counts as a term quoted in English.
pub const MAX_EMBEDDED_HAN_CHARS: usize = 10;

/// A maximal stretch of one language within a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub lang: Lang,
    pub span: Span,
    /// Index of the paragraph (line) in the document.
    pub paragraph: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Latin,
    /// Letters of other scripts (kana, Hangul, …): never English, never Chinese.
    Foreign,
    /// Digits, spaces, punctuation, symbols: they belong to whatever surrounds them.
    Neutral,
}

fn script_of(c: char) -> Script {
    if is_han(c) {
        Script::Han
    } else if c.is_ascii_alphabetic() || (c.is_alphabetic() && (c as u32) < 0x2000) {
        // Latin, Greek and Cyrillic letters: language identification sorts them out.
        Script::Latin
    } else if c.is_alphabetic() && !is_fullwidth_latin(c) {
        Script::Foreign
    } else {
        // Full-width Latin (ＡＢＣ) is typed inside Chinese text, so it goes with its neighbours.
        Script::Neutral
    }
}

fn is_fullwidth_latin(c: char) -> bool {
    matches!(c as u32, 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
}

/// A stretch of letters of one script, with the neutral text inside it.
#[derive(Debug, Clone, Copy)]
struct Core {
    script: Script,
    start: usize,
    end: usize,
}

/// Cuts every line of `doc` into language runs. Lines end at LF, CRLF or a lone CR; lines
/// with nothing but whitespace yield none.
pub fn language_runs(doc: &Document) -> Vec<Run> {
    let mut runs = Vec::new();
    let text = &doc.text;
    for (paragraph, line) in crate::span::line_spans(text, doc.body_start).enumerate() {
        runs.extend(line_runs(text, line, paragraph));
    }
    mark_other_latin(text, &mut runs);
    runs
}

/// The runs of one line. Latin runs come out as English; [`mark_other_latin`] later
/// relabels those in other languages.
fn line_runs(text: &str, line: Span, paragraph: usize) -> Vec<Run> {
    let line = line.trim(text);
    if line.is_empty() {
        return Vec::new();
    }
    let cores = merge_embedded(text, letter_cores(text, line), line.end);
    if cores.is_empty() {
        return vec![Run {
            lang: Lang::Other,
            span: line,
            paragraph,
        }];
    }
    let mut runs = Vec::with_capacity(cores.len());
    let mut start = line.start;
    for (i, core) in cores.iter().enumerate() {
        let end = match cores.get(i + 1) {
            Some(next) => split_gap(text, core.end, next.start),
            None => line.end,
        };
        let span = Span::new(start, end).trim(text);
        let lang = match core.script {
            Script::Han => Lang::Chinese,
            Script::Latin => Lang::English,
            _ => Lang::Other,
        };
        if !span.is_empty() {
            runs.push(Run {
                lang,
                span,
                paragraph,
            });
        }
        start = end;
    }
    runs
}

/// Maximal stretches of letters of one script; neutral text between two stretches of the
/// same script is swallowed by them.
fn letter_cores(text: &str, line: Span) -> Vec<Core> {
    let mut cores: Vec<Core> = Vec::new();
    for (offset, c) in line.slice(text).char_indices() {
        let script = script_of(c);
        if script == Script::Neutral {
            continue;
        }
        let (start, end) = (line.start + offset, line.start + offset + c.len_utf8());
        match cores.last_mut() {
            Some(last) if last.script == script => last.end = end,
            _ => cores.push(Core { script, start, end }),
        }
    }
    cores
}

/// Applies the embedding rules of the module doc until nothing changes, in one pass over
/// the cores with a stack (merging in place would shift the rest of a long line's cores
/// on every merge: quadratic). A merged core keeps the outer cores' script, so it can be
/// the middle of the next triple but need not be looked at again as an outer one: the
/// rules only read the middle core and the gaps around it.
fn merge_embedded(text: &str, mut cores: Vec<Core>, line_end: usize) -> Vec<Core> {
    // A gloss at the end of the line joins the text before it.
    if let [.., before, last] = cores[..] {
        let gloss = (before.script, last.script) == (Script::Han, Script::Latin)
            || (before.script, last.script) == (Script::Latin, Script::Han);
        if gloss && is_gloss(text, before, last, line_end) {
            let end = last.end;
            cores.pop();
            cores.last_mut().expect("two cores").end = end;
        }
    }
    let mut merged: Vec<Core> = Vec::with_capacity(cores.len());
    for after in cores {
        if let [.., before, middle] = merged.as_slice() {
            let (before, middle) = (*before, *middle);
            let absorb = match (before.script, middle.script, after.script) {
                (Script::Han, Script::Latin, Script::Han) => {
                    latin_is_embedded(text, middle) || is_gloss(text, before, middle, after.start)
                }
                (Script::Latin, Script::Han, Script::Latin) => {
                    han_is_quoted(text, before, middle)
                        || is_gloss(text, before, middle, after.start)
                }
                _ => false,
            };
            if absorb {
                merged.pop();
                merged.last_mut().expect("two cores").end = after.end;
                continue;
            }
        }
        merged.push(after);
    }
    merged
}

/// Whether `gloss` is in parentheses right after `before`: the text between them ends with
/// an opening parenthesis and the text after it, up to `next` (where the next core starts
/// or the line ends), begins with the closing one. A sentence end before or inside the
/// parentheses makes them a translation of their own, not a gloss.
fn is_gloss(text: &str, before: Core, gloss: Core, next: usize) -> bool {
    let opening = text[before.end..gloss.start].trim_end();
    let closing = text[gloss.end..next].trim_start();
    let pairs = [("(", ")"), ("（", "）")];
    pairs
        .iter()
        .any(|(open, close)| opening.ends_with(open) && closing.starts_with(close))
        && !text[gloss.start..gloss.end].contains(['(', ')', '（', '）'])
        && !contains_sentence_end(&text[before.end..gloss.end])
}

fn latin_is_embedded(text: &str, core: Core) -> bool {
    let s = &text[core.start..core.end];
    s.split_whitespace().count() <= MAX_EMBEDDED_LATIN_WORDS && !contains_sentence_end(s)
}

fn han_is_quoted(text: &str, english_before: Core, han: Core) -> bool {
    let han_chars = text[han.start..han.end]
        .chars()
        .filter(|&c| is_han(c))
        .count();
    let gap = &text[english_before.end..han.start];
    han_chars <= MAX_EMBEDDED_HAN_CHARS && !contains_sentence_end(gap)
}

fn contains_sentence_end(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            match chars.peek() {
                None => return true,
                Some(n) if n.is_whitespace() || is_han(*n) => return true,
                _ => {}
            }
        }
    }
    false
}

/// Where the neutral gap between two runs is cut: after its last whitespace (`…30%. 2024年`
/// gives `…30%.` | `2024年`), else before an opening quote or bracket that starts the next
/// run, else at its end.
fn split_gap(text: &str, gap_start: usize, gap_end: usize) -> usize {
    let gap = &text[gap_start..gap_end];
    if let Some((i, c)) = gap.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
        return gap_start + i + c.len_utf8();
    }
    let opening = |c: char| {
        matches!(
            c,
            '“' | '‘' | '《' | '（' | '(' | '「' | '『' | '[' | '【' | '"'
        )
    };
    match gap.char_indices().find(|&(_, c)| opening(c)) {
        Some((i, _)) => gap_start + i,
        None => gap_end,
    }
}

/// Relabels Latin runs whose paragraph reads as another language than English as
/// [`Lang::Other`]. Paragraphs with no telling words follow the document's majority.
fn mark_other_latin(text: &str, runs: &mut [Run]) {
    let mut votes = Vec::new();
    let (mut english, mut other) = (0usize, 0usize);
    for run in runs.iter() {
        if run.lang != Lang::English {
            continue;
        }
        let (e, o) = function_word_votes(run.span.slice(text));
        english += e;
        other += o;
        votes.push((e, o));
    }
    let document_is_other = other > english;
    for (run, &(e, o)) in runs
        .iter_mut()
        .filter(|r| r.lang == Lang::English)
        .zip(&votes)
    {
        let is_other = if e == o { document_is_other } else { o > e };
        if is_other {
            run.lang = Lang::Other;
        }
    }
}

/// Counts English and other-language (German, French, Spanish, Dutch, Italian) function
/// words. Letters like ä ö ü ß é count for the other side too.
fn function_word_votes(s: &str) -> (usize, usize) {
    const ENGLISH: &[&str] = &[
        "the", "and", "of", "to", "is", "in", "that", "was", "for", "with", "on", "he", "she",
        "it", "as", "are", "this", "by", "from", "at", "have", "has", "be", "will", "not", "his",
        "her", "they", "we", "you", "said", "which", "were", "an", "or",
    ];
    const OTHER: &[&str] = &[
        "der", "die", "das", "und", "ist", "mit", "von", "zu", "den", "nicht", "ein", "eine",
        "für", "auf", "wird", "werden", "sich", "dem", "des", "auch", "le", "la", "les", "et",
        "est", "des", "une", "dans", "pour", "qui", "el", "los", "las", "y", "del", "por", "con",
        "het", "een", "van", "il", "che", "di", "per", "wie", "im", "bei",
    ];
    let (mut english, mut other) = (0, 0);
    for word in s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        if ENGLISH.contains(&lower.as_str()) {
            english += 1;
        } else if OTHER.contains(&lower.as_str()) {
            other += 1;
        }
        if lower
            .chars()
            .any(|c| matches!(c, 'ä' | 'ö' | 'ü' | 'ß' | 'é' | 'è' | 'à' | 'ñ'))
        {
            other += 1;
        }
    }
    (english, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs_of(text: &str) -> Vec<(Lang, String)> {
        let doc = Document::from_text("t", text);
        language_runs(&doc)
            .iter()
            .map(|r| (r.lang, r.span.slice(&doc.text).to_string()))
            .collect()
    }

    #[test]
    fn english_then_chinese_on_one_line() {
        let runs = runs_of("All parties agreed that tariff wars have no winners. 各方一致认为,关税战、贸易战没有赢家.");
        assert_eq!(
            runs,
            vec![
                (
                    Lang::English,
                    "All parties agreed that tariff wars have no winners.".into()
                ),
                (Lang::Chinese, "各方一致认为,关税战、贸易战没有赢家.".into()),
            ]
        );
    }

    #[test]
    fn digits_acronyms_and_quotes_stay_in_the_chinese_run() {
        let runs = runs_of(
            "accounting for nearly 30%. 2024年中央企业在5G、6G网络架构和“一带一路”及WTO规则方面",
        );
        assert_eq!(runs.len(), 2);
        assert_eq!(
            runs[0],
            (Lang::English, "accounting for nearly 30%.".into())
        );
        assert_eq!(
            runs[1].1,
            "2024年中央企业在5G、6G网络架构和“一带一路”及WTO规则方面"
        );
    }

    #[test]
    fn quoted_chinese_term_stays_in_english_but_a_translation_does_not() {
        let quoted = runs_of("He used the phrase 人民领袖 in the piece.");
        assert_eq!(
            quoted,
            vec![(
                Lang::English,
                "He used the phrase 人民领袖 in the piece.".into()
            )]
        );
        let translated = runs_of(
            "The lead article is headlined Xi Jinping's feelings for the people. 习近平的人民情怀. It is long.",
        );
        let langs: Vec<Lang> = translated.iter().map(|r| r.0).collect();
        assert_eq!(langs, vec![Lang::English, Lang::Chinese, Lang::English]);
        assert_eq!(translated[1].1, "习近平的人民情怀.");
    }

    #[test]
    fn glosses_in_parentheses_stay_in_their_sentence_whatever_their_length() {
        let english_in_chinese =
            runs_of("中国剪纸在明朝和清朝时期(the Ming and Qing Dynasties)特别流行。");
        assert_eq!(
            english_in_chinese,
            vec![(
                Lang::Chinese,
                "中国剪纸在明朝和清朝时期(the Ming and Qing Dynasties)特别流行。".into()
            )]
        );
        let chinese_in_english = runs_of(
            "It was put on the World Heritage Site（世界文化遗产名录中的一项重要文化遗产）list in 1987.",
        );
        assert_eq!(chinese_in_english.len(), 1);
        assert_eq!(chinese_in_english[0].0, Lang::English);
        let at_the_end =
            runs_of("故宫是明清两代的皇宫（the Palace Museum, or the Forbidden City）");
        assert_eq!(at_the_end.len(), 1);
        assert_eq!(at_the_end[0].0, Lang::Chinese);
        // A translation in parentheses after a full stop is a sentence of its own.
        let translated = runs_of("The Great Wall is very long. (长城很长。)");
        let langs: Vec<Lang> = translated.iter().map(|r| r.0).collect();
        assert_eq!(langs, vec![Lang::English, Lang::Chinese]);
    }

    #[test]
    fn german_and_symbol_lines_are_other() {
        let runs = runs_of("China will mit den Ländern der SCO zusammenarbeiten, wie das Ministerium mitteilte.\n*** ---\nThe ministry said so.");
        let langs: Vec<Lang> = runs.iter().map(|r| r.0).collect();
        assert_eq!(langs, vec![Lang::Other, Lang::Other, Lang::English]);
    }

    #[test]
    fn spans_point_into_the_original_bytes_after_a_bom_and_crlf() {
        let doc = Document::from_text("t", "\u{feff}Hello there.\r\n你好。\r\n");
        let runs = language_runs(&doc);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].span, Span::new(3, 15));
        assert_eq!(runs[1].span.slice(&doc.text), "你好。");
        assert_eq!(runs[1].paragraph, 1);
    }
}
