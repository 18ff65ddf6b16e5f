//! The whole pipeline: documents in, an [`Alignment`] out.
//!
//! read → language runs → sentences → tokens/anchors/scores → alignment. Interleaved
//! text is cut into windows by its layout (a Chinese block translates English written
//! before it), two documents form one window.

use std::collections::HashMap;

use crate::align::{align, CostModel, Layout, Window};
use crate::beads::{Alignment, Bead};
use crate::read::Document;
use crate::runs::{is_han, language_runs};
use crate::score::Scorer;
use crate::sentences::{split_run, Sentence};
use crate::span::{Lang, Span};
use crate::timing::stage;

/// How to align.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Take every input line as one sentence, unchanged (empty lines included).
    pub presplit: bool,
    pub cost: CostModel,
}

/// Aligns one document in which Chinese passages follow their English translations.
pub fn align_interleaved(doc: &Document, options: &Options) -> Alignment {
    let runs = language_runs(doc);
    let mut alignment = Alignment::default();
    let mut windows = Vec::new();
    // English since the last Chinese block, and where the current Chinese block began.
    let mut english_from = 0;
    let mut block: Option<(usize, usize)> = None;
    for run in &runs {
        let sentences = split_run(doc, run);
        match run.lang {
            Lang::Chinese => {
                if block.is_none() {
                    block = Some((alignment.zh.len(), alignment.en.len()));
                }
                alignment.zh.extend(sentences);
            }
            Lang::English => {
                if let Some((zh_start, en_end)) = block.take() {
                    windows.push(Window {
                        zh: zh_start..alignment.zh.len(),
                        en: english_from..en_end,
                        layout: Layout::Interleaved,
                    });
                    english_from = en_end;
                }
                alignment.en.extend(sentences);
            }
            Lang::Other => alignment.other.extend(sentences),
        }
    }
    if let Some((zh_start, en_end)) = block {
        windows.push(Window {
            zh: zh_start..alignment.zh.len(),
            en: english_from..en_end,
            layout: Layout::Interleaved,
        });
        english_from = en_end;
    }
    let mut scorer = stage("scorer", || Scorer::new(&alignment.zh, &alignment.en));
    scorer.mark_repeats(repeated_chinese(&alignment.zh));
    let mut beads = stage("alignment", || align(&mut scorer, &windows, &options.cost));
    beads.extend((english_from..alignment.en.len()).map(|j| Bead {
        zh: vec![],
        en: vec![j],
        score: 1.0,
    }));
    alignment.beads = pair_repeated_chinese(&alignment.zh, beads);
    alignment
}

/// Which of two documents is the Chinese one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    ChineseFirst,
    EnglishFirst,
}

/// Aligns a Chinese document with its English translation, given in either order.
pub fn align_pair(
    first: &Document,
    second: &Document,
    options: &Options,
) -> Result<(Alignment, Order), PairError> {
    let (first_han, second_han) =
        rayon::join(|| han_share(first.body()), || han_share(second.body()));
    let (order, zh_doc, en_doc, zh_han, en_han) = match first_han > second_han {
        true => (Order::ChineseFirst, first, second, first_han, second_han),
        false => (Order::EnglishFirst, second, first, second_han, first_han),
    };
    if zh_han < 0.05 {
        return Err(PairError::NoChinese {
            first: first.name.clone(),
            second: second.name.clone(),
        });
    }
    if en_han > 0.3 {
        return Err(PairError::NoEnglish {
            first: first.name.clone(),
            second: second.name.clone(),
        });
    }
    let mut alignment = Alignment::default();
    if options.presplit {
        alignment.zh = lines_as_sentences(zh_doc, Lang::Chinese);
        alignment.en = lines_as_sentences(en_doc, Lang::English);
    } else {
        for (doc, wanted) in [(zh_doc, Lang::Chinese), (en_doc, Lang::English)] {
            for run in language_runs(doc) {
                let sentences = split_run(doc, &run);
                match (run.lang, wanted) {
                    (Lang::Chinese, Lang::Chinese) => alignment.zh.extend(sentences),
                    (Lang::English, Lang::English) => alignment.en.extend(sentences),
                    _ => alignment.other.extend(sentences),
                }
            }
        }
    }
    let windows = [Window {
        zh: 0..alignment.zh.len(),
        en: 0..alignment.en.len(),
        layout: Layout::Parallel,
    }];
    let mut scorer = stage("scorer", || Scorer::new(&alignment.zh, &alignment.en));
    alignment.beads = stage("alignment", || align(&mut scorer, &windows, &options.cost));
    Ok((alignment, order))
}

/// Why two documents cannot be aligned as a pair.
#[derive(Debug)]
pub enum PairError {
    NoChinese { first: String, second: String },
    NoEnglish { first: String, second: String },
}

impl std::fmt::Display for PairError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PairError::NoChinese { first, second } => write!(
                f,
                "neither {first} nor {second} is Chinese text; give one Chinese and one English file \
                 (or a single file with both languages interleaved)"
            ),
            PairError::NoEnglish { first, second } => write!(
                f,
                "both {first} and {second} look like Chinese text; give one Chinese and one English file"
            ),
        }
    }
}

impl std::error::Error for PairError {}

/// Every line of the document (ended by LF, CRLF or a lone CR) is one sentence (pre-split
/// input), empty lines included, so that sentence ids equal line numbers.
fn lines_as_sentences(doc: &Document, lang: Lang) -> Vec<Sentence> {
    let mut lines: Vec<Span> = crate::span::line_spans(&doc.text, doc.body_start).collect();
    // A final line end closes the last line; it does not open an empty one.
    if lines.len() > 1 && lines.last().is_some_and(Span::is_empty) {
        lines.pop();
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(paragraph, span)| Sentence {
            lang,
            span,
            text: crate::sentences::display_text(&doc.text, span),
            paragraph,
        })
        .collect()
}

fn han_share(text: &str) -> f64 {
    let (mut han, mut letters) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
        } else if is_han(c) {
            han += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    // A Han character carries about as much text as three Latin letters.
    let han = han as f64 * 3.0;
    if han + letters as f64 == 0.0 {
        0.0
    } else {
        han / (han + letters as f64)
    }
}

/// What identifies a Chinese sentence when it is quoted again: its Han characters,
/// letters and digits. Short sentences (是。好！) recur by chance and have no key.
fn repeat_key(sentence: &Sentence) -> Option<String> {
    let key: String = sentence
        .text
        .chars()
        .filter(|&c| is_han(c) || c.is_alphanumeric())
        .collect();
    (key.chars().count() >= MIN_REPEAT_CHARS).then_some(key)
}

const MIN_REPEAT_CHARS: usize = 8;

/// For each Chinese sentence, whether an earlier one has the same [`repeat_key`].
fn repeated_chinese(zh: &[Sentence]) -> Vec<bool> {
    let mut seen = std::collections::HashSet::new();
    zh.iter()
        .map(|s| repeat_key(s).is_some_and(|k| !seen.insert(k)))
        .collect()
}

/// Chinese that repeats Chinese already paired (a paragraph quoted again and extended)
/// gets the English of its earlier occurrence, so it counts as translated. Consecutive
/// repeats of sentences from one earlier bead form one bead again.
fn pair_repeated_chinese(zh: &[Sentence], beads: Vec<Bead>) -> Vec<Bead> {
    let mut earlier: HashMap<String, usize> = HashMap::new();
    for (b, bead) in beads.iter().enumerate().filter(|(_, b)| b.is_pair()) {
        for key in bead.zh.iter().filter_map(|&i| repeat_key(&zh[i])) {
            earlier.entry(key).or_insert(b);
        }
    }
    let mut out: Vec<Bead> = Vec::with_capacity(beads.len());
    // The earlier bead the last bead of `out` repeats, if it is such a repeat.
    let mut repeating: Option<usize> = None;
    for bead in &beads {
        let source = match bead.zh.as_slice() {
            [i] if bead.en.is_empty() => repeat_key(&zh[*i]).and_then(|k| earlier.get(&k).copied()),
            _ => None,
        };
        match (source, out.last_mut()) {
            (Some(b), Some(last)) if repeating == Some(b) => last.zh.extend(&bead.zh),
            (Some(b), _) => out.push(Bead {
                zh: bead.zh.clone(),
                en: beads[b].en.clone(),
                score: beads[b].score,
            }),
            (None, _) => out.push(bead.clone()),
        }
        repeating = source;
    }
    out
}
