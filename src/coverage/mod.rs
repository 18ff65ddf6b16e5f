//! Coverage: an [`Alignment`] and its documents in, a [`Report`] of what was translated
//! and what was not out.
//!
//! The report has a [`Summary`] (sentences and text of each side that are paired,
//! partially paired or unpaired) and [`Finding`]s, each pointing at its place in the
//! input (file, line:column, byte range):
//!
//! * `untranslated_chinese`: a Chinese sentence with no English;
//! * `english_without_chinese`: English with no Chinese (commentary, or a translation
//!   whose original is missing);
//! * `partial_translation`: a pair whose lengths say one side says much less than the
//!   other would need to;
//! * `number_mismatch`: a number in a pair with no equal quantity on the other side, after
//!   normalising digits and numerals, 万/亿 and million/billion scales and percentages
//!   (2.79% ↔ 2.97% is flagged, 144.3万 ↔ 1.443 million is not);
//! * `name_missing`: a Chinese name (a dictionary proper noun, or a pinyin name) whose
//!   romanisation is not in the English of its pair;
//! * `suspect_alignment` (two documents only): a stretch where the alignment itself may
//!   be wrong, sentences of both sides left unpaired near each other or a run of pairs
//!   that share almost nothing ([`crate::align::suspects`]); one finding a side.
//!
//! A finding's `start`/`end` are byte offsets into the file as it is on disk (for GBK,
//! Big5 or UTF-16 input translated with [`Document::source_offset`], as JSONL spans are);
//! its line and column are counted in the decoded text.
//!
//! [`terminal`] and [`html`] render a report; it serialises to JSON as is.

pub mod html;
pub mod terminal;

use serde::Serialize;

use crate::anchors::lexicon::Lexicon;
use crate::anchors::names::name_keys;
use crate::anchors::numbers::{chinese_numbers, english_numbers, same_quantity, Number};
pub use crate::beads::Sources;
use crate::beads::{Alignment, Bead};
use crate::read::Document;
use crate::runs::is_han;
use crate::sentences::Sentence;
use crate::span::Span;
use crate::tokens::{english_word_spans, Tokenizer};

/// A pair is partial when one side is shorter than this share of what the other side's
/// length predicts (with the document's own English/Chinese length ratio).
const PARTIAL_SHARE: f64 = 0.45;

/// Everything `duiqi coverage` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What share of each side is paired.
    pub summary: Summary,
    /// Everything a reviewer should look at, in reading order.
    pub findings: Vec<Finding>,
    /// Runs of two or more consecutive sentences of one side with no translation, each
    /// also listed sentence by sentence in `findings`.
    pub passages: Vec<Passage>,
}

/// Consecutive sentences of one side that have no translation: a passage the translator
/// left out (or commentary that has no original).
#[derive(Debug, Clone, Serialize)]
pub struct Passage {
    /// `untranslated_chinese` or `english_without_chinese`.
    pub kind: FindingKind,
    /// The side the passage is on: `zh` or `en`.
    pub side: &'static str,
    /// The file it is in.
    pub file: String,
    /// 1-based lines of its first and its last sentence.
    pub first_line: usize,
    /// See `first_line`.
    pub last_line: usize,
    /// Byte range in `file`, from the first sentence's start to the last one's end.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// How many sentences it has.
    pub sentences: usize,
    /// Index of its first bead (in reading order).
    pub bead: usize,
}

impl Passage {
    /// "lines 40–44 of FILE: 5 Chinese sentences have no English".
    pub fn describe(&self) -> String {
        let (this, other) = if self.side == "zh" {
            ("Chinese", "English")
        } else {
            ("English", "Chinese")
        };
        format!(
            "lines {}–{} of {}: {} {this} sentences have no {other}",
            self.first_line, self.last_line, self.file, self.sentences
        )
    }
}

/// The runs of untranslated findings in consecutive beads, two sentences or longer.
fn passages(findings: &[Finding]) -> Vec<Passage> {
    let mut passages: Vec<Passage> = Vec::new();
    let mut last_bead = None;
    for f in findings.iter().filter(|f| {
        matches!(
            f.kind,
            FindingKind::UntranslatedChinese | FindingKind::EnglishWithoutChinese
        )
    }) {
        match passages.last_mut() {
            Some(p)
                if p.kind == f.kind
                    && last_bead.is_some_and(|b: usize| f.bead == b || f.bead == b + 1) =>
            {
                p.last_line = f.line;
                p.end = f.end;
                p.sentences += 1;
            }
            _ => passages.push(Passage {
                kind: f.kind,
                side: f.side,
                file: f.file.clone(),
                first_line: f.line,
                last_line: f.line,
                start: f.start,
                end: f.end,
                sentences: 1,
                bead: f.bead,
            }),
        }
        last_bead = Some(f.bead);
    }
    passages.retain(|p| p.sentences >= 2);
    passages
}

/// Paired and unpaired text of both sides.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub zh: SideSummary,
    pub en: SideSummary,
    /// Interleaved input: which way its translations run (`en-first`, `zh-first`,
    /// `mixed`, `none`), and how many Chinese blocks run each way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<crate::pipeline::FoundLayout>,
}

/// One side's coverage. Units are Han characters for Chinese and words for English.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SideSummary {
    pub sentences: usize,
    /// Sentences in pairs (partial pairs included).
    pub paired: usize,
    /// Sentences in pairs flagged as partial translations.
    pub partial: usize,
    pub unpaired: usize,
    pub units: usize,
    pub paired_units: usize,
    /// `paired_units` as a percentage of `units` (100 when the side is empty).
    pub percent_paired: f64,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    UntranslatedChinese,
    EnglishWithoutChinese,
    PartialTranslation,
    NumberMismatch,
    NameMissing,
    SuspectAlignment,
}

impl FindingKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [FindingKind; 6] = [
        FindingKind::UntranslatedChinese,
        FindingKind::EnglishWithoutChinese,
        FindingKind::PartialTranslation,
        FindingKind::NumberMismatch,
        FindingKind::NameMissing,
        FindingKind::SuspectAlignment,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FindingKind::UntranslatedChinese => "untranslated Chinese",
            FindingKind::EnglishWithoutChinese => "English without Chinese",
            FindingKind::PartialTranslation => "partial translation",
            FindingKind::NumberMismatch => "number mismatch",
            FindingKind::NameMissing => "name missing",
            FindingKind::SuspectAlignment => "suspect alignment",
        }
    }
}

/// One thing a reviewer should look at.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The side the finding is on: `zh` or `en`.
    pub side: &'static str,
    pub file: String,
    /// 1-based line and column (in characters) of `start`.
    pub line: usize,
    pub column: usize,
    /// Byte range in `file` as it is on disk (whatever its encoding).
    pub start: usize,
    pub end: usize,
    /// The text at that range (a sentence, a number, a name).
    pub text: String,
    /// What is wrong, in words.
    pub detail: String,
    /// Index of the bead (in reading order) the finding belongs to.
    pub bead: usize,
}

impl Finding {
    /// A finding at `place` of `doc`, in bead `bead`.
    fn at(
        kind: FindingKind,
        side: &'static str,
        doc: &Document,
        place: Place,
        text: String,
        detail: String,
        bead: usize,
    ) -> Finding {
        Finding {
            kind,
            side,
            file: doc.name.clone(),
            line: place.line,
            column: place.column,
            start: place.start,
            end: place.end,
            text,
            detail,
            bead,
        }
    }
}

/// Checks an alignment for what was left untranslated or mistranslated.
pub fn check(alignment: &Alignment, sources: Sources<'_>) -> Report {
    let ratio = length_ratio(alignment);
    let mut findings = Vec::new();
    let mut zh = side_totals(&alignment.zh, han_units);
    let mut en = side_totals(&alignment.en, english_units);
    let mut zh_seen = vec![false; alignment.zh.len()];
    let mut en_seen = vec![false; alignment.en.len()];
    let places = Places::new(sources);
    for (b, bead) in alignment.beads.iter().enumerate() {
        let finding = |kind, side, doc: &Document, span: Span, text: String, detail: String| {
            Finding::at(kind, side, doc, places.of(doc, span), text, detail, b)
        };
        if !bead.is_pair() {
            for &i in &bead.zh {
                let s = &alignment.zh[i];
                let detail = "no English translation".to_string();
                findings.push(finding(
                    FindingKind::UntranslatedChinese,
                    "zh",
                    sources.zh,
                    s.span,
                    s.text.clone(),
                    detail,
                ));
            }
            for &j in &bead.en {
                let s = &alignment.en[j];
                let detail = "no Chinese original in the text".to_string();
                findings.push(finding(
                    FindingKind::EnglishWithoutChinese,
                    "en",
                    sources.en,
                    s.span,
                    s.text.clone(),
                    detail,
                ));
            }
            continue;
        }
        let (zh_len, en_len) = (
            chars(bead.zh.iter().map(|&i| &alignment.zh[i])),
            chars(bead.en.iter().map(|&j| &alignment.en[j])),
        );
        let partial = if en_len < PARTIAL_SHARE * zh_len * ratio {
            Some((
                "en",
                format!(
                    "the English is {:.0}% of the length the Chinese predicts",
                    100.0 * en_len / (zh_len * ratio)
                ),
            ))
        } else if zh_len * ratio < PARTIAL_SHARE * en_len {
            Some((
                "zh",
                format!(
                    "the Chinese is {:.0}% of the length the English predicts",
                    100.0 * zh_len * ratio / en_len
                ),
            ))
        } else {
            None
        };
        for &i in &bead.zh {
            if !std::mem::replace(&mut zh_seen[i], true) {
                zh.paired += 1;
                zh.paired_units += han_units(&alignment.zh[i]);
                zh.partial += usize::from(partial.is_some());
            }
        }
        for &j in &bead.en {
            if !std::mem::replace(&mut en_seen[j], true) {
                en.paired += 1;
                en.paired_units += english_units(&alignment.en[j]);
                en.partial += usize::from(partial.is_some());
            }
        }
        if let Some((side, detail)) = partial {
            let (sentences, doc, first) = if side == "en" {
                (&alignment.en, sources.en, bead.en[0])
            } else {
                (&alignment.zh, sources.zh, bead.zh[0])
            };
            let s = &sentences[first];
            let text = if side == "en" {
                alignment.en_text(bead)
            } else {
                alignment.zh_text(bead)
            };
            findings.push(finding(
                FindingKind::PartialTranslation,
                side,
                doc,
                s.span,
                text,
                detail,
            ));
        }
        for (side, number, sentence, other) in number_mismatches(alignment, bead) {
            let doc = if side == "zh" { sources.zh } else { sources.en };
            let span = number_span(doc, sentence, &number);
            let text = span.slice(&doc.text).to_string();
            let detail = format!("{text} has no equal quantity in the {other}");
            findings.push(finding(
                FindingKind::NumberMismatch,
                side,
                doc,
                span,
                text,
                detail,
            ));
        }
        for (sentence, word, romanised) in missing_names(alignment, bead) {
            let span = sentence
                .span
                .slice(&sources.zh.text)
                .find(word.as_str())
                .map_or(sentence.span, |at| {
                    Span::new(
                        sentence.span.start + at,
                        sentence.span.start + at + word.len(),
                    )
                });
            let detail = format!("{word} ({romanised}) is not in the English");
            findings.push(finding(
                FindingKind::NameMissing,
                "zh",
                sources.zh,
                span,
                word,
                detail,
            ));
        }
    }
    zh.unpaired = zh.sentences - zh.paired;
    en.unpaired = en.sentences - en.paired;
    for side in [&mut zh, &mut en] {
        side.percent_paired = if side.units == 0 {
            100.0
        } else {
            100.0 * side.paired_units as f64 / side.units as f64
        };
    }
    findings.extend(suspects_at(alignment, &places));
    findings.sort_by_key(|f| (f.bead, f.side != "zh", f.start));
    Report {
        summary: Summary {
            zh,
            en,
            layout: alignment.layout,
        },
        passages: passages(&findings),
        findings,
    }
}

/// The stretches of an alignment of two documents where it may have lost its way, one
/// finding on each side, each naming the lines and bytes of both (interleaved text is
/// aligned in short windows searched whole, and its commentary is often unpaired on
/// both sides, so it is not checked).
pub fn suspect_findings(alignment: &Alignment, sources: Sources<'_>) -> Vec<Finding> {
    suspects_at(alignment, &Places::new(sources))
}

fn suspects_at(alignment: &Alignment, places: &Places<'_>) -> Vec<Finding> {
    let sources = places.sources;
    if std::ptr::eq(sources.zh, sources.en) {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for suspect in crate::align::suspects(&alignment.beads) {
        let sides = [
            (
                "zh",
                "Chinese",
                sources.zh,
                &alignment.zh,
                suspect.zh.clone(),
            ),
            (
                "en",
                "English",
                sources.en,
                &alignment.en,
                suspect.en.clone(),
            ),
        ];
        let Some(found) = sides
            .iter()
            .map(|(_, name, doc, sentences, range)| {
                let (first, last) = (sentences.get(range.start)?, sentences.get(range.end - 1)?);
                let place = places.of(doc, Span::new(first.span.start, last.span.end));
                let end_line = places.of(doc, last.span).line;
                let words = format!(
                    "{name} lines {}-{end_line} of {} (bytes {}..{})",
                    place.line, doc.name, place.start, place.end
                );
                Some((place, first.text.clone(), words))
            })
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let detail = format!(
            "{} ({} beads, {} unpaired, {} low-confidence pairs) in {} and {}: the alignment may be wrong here; check it, or align these parts of the documents on their own",
            suspect.kind.label(),
            suspect.beads.len(),
            suspect.one_sided,
            suspect.low_pairs,
            found[0].2,
            found[1].2
        );
        for ((side, _, doc, _, _), (place, text, _)) in sides.iter().zip(found) {
            findings.push(Finding::at(
                FindingKind::SuspectAlignment,
                side,
                doc,
                place,
                text,
                detail.clone(),
                suspect.beads.start,
            ));
        }
    }
    findings
}

fn side_totals(sentences: &[Sentence], units: fn(&Sentence) -> usize) -> SideSummary {
    SideSummary {
        sentences: sentences.len(),
        units: sentences.iter().map(units).sum(),
        ..SideSummary::default()
    }
}

fn han_units(sentence: &Sentence) -> usize {
    sentence.text.chars().filter(|&c| is_han(c)).count()
}

fn english_units(sentence: &Sentence) -> usize {
    english_word_spans(&sentence.text).count()
}

fn chars<'s>(sentences: impl Iterator<Item = &'s Sentence>) -> f64 {
    sentences
        .map(|s| s.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum::<usize>() as f64
}

/// English characters per Chinese character over the document's pairs (3.0 without any).
fn length_ratio(alignment: &Alignment) -> f64 {
    let pairs = alignment.beads.iter().filter(|b| b.is_pair());
    let (mut zh, mut en) = (0.0, 0.0);
    for bead in pairs {
        zh += chars(bead.zh.iter().map(|&i| &alignment.zh[i]));
        en += chars(bead.en.iter().map(|&j| &alignment.en[j]));
    }
    if zh > 0.0 && en > 0.0 {
        en / zh
    } else {
        3.0
    }
}

/// Where a span of an alignment's sources is, as a report names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1-based line and character column of the span's start in the (decoded) text.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// The span as byte offsets into the file as it is on disk, whatever its encoding.
    pub start: usize,
    /// See `start`.
    pub end: usize,
}

/// Line indexes of an alignment's one or two source documents, built once and shared by
/// every finding, passage and row of a report.
pub struct Places<'a> {
    sources: Sources<'a>,
    zh: TextPositions<'a>,
    /// `None` for interleaved text, whose two sides are one document.
    en: Option<TextPositions<'a>>,
}

impl<'a> Places<'a> {
    /// Indexes the documents of `sources`.
    pub fn new(sources: Sources<'a>) -> Places<'a> {
        Places {
            sources,
            zh: TextPositions::new(&sources.zh.text),
            en: (!std::ptr::eq(sources.zh, sources.en))
                .then(|| TextPositions::new(&sources.en.text)),
        }
    }

    /// Where `span` (of the decoded text of `doc`, one of the sources) is.
    pub fn of(&self, doc: &Document, span: Span) -> Place {
        let positions = match &self.en {
            Some(en) if !std::ptr::eq(doc, self.sources.zh) => en,
            _ => &self.zh,
        };
        let (line, column) = positions.line_column(span.start);
        Place {
            line,
            column,
            start: doc.source_offset(span.start),
            end: doc.source_offset(span.end),
        }
    }
}

/// 1-based lines and character columns of byte offsets into one text, each found by binary
/// search rather than by rescanning the text (a report has a finding per sentence or more).
pub struct TextPositions<'a> {
    text: &'a str,
    /// Where each line starts (lines end at LF, CRLF or a lone CR, as everywhere).
    line_starts: Vec<usize>,
    /// (byte offset, characters before it) every [`CHECKPOINT_BYTES`] or so, so that a
    /// column in a long line is counted from a nearby checkpoint, not from the line start.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT_BYTES: usize = 4096;

impl<'a> TextPositions<'a> {
    pub fn new(text: &'a str) -> TextPositions<'a> {
        let line_starts = crate::span::line_spans(text, 0).map(|l| l.start).collect();
        let mut checkpoints = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + CHECKPOINT_BYTES < text.len() {
            let mut next = at + CHECKPOINT_BYTES;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            checkpoints.push((next, chars));
            at = next;
        }
        TextPositions {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// Characters before byte `offset` (clamped to the text, and to a char boundary).
    fn char_index(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let k = self.checkpoints.partition_point(|&(at, _)| at <= offset) - 1;
        let (at, chars) = self.checkpoints[k];
        chars + self.text[at..offset].chars().count()
    }

    /// 1-based line and character column of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        (
            line,
            self.char_index(offset) - self.char_index(line_start) + 1,
        )
    }
}

/// Numbers of a pair with no equal quantity on the other side: (side, number, its
/// sentence, the other side's name).
fn number_mismatches<'a>(
    alignment: &'a Alignment,
    bead: &Bead,
) -> Vec<(&'static str, Number, &'a Sentence, &'static str)> {
    let zh: Vec<(Number, &Sentence)> = bead
        .zh
        .iter()
        .flat_map(|&i| {
            chinese_numbers(&alignment.zh[i].text)
                .into_iter()
                .map(move |n| (n, &alignment.zh[i]))
        })
        .collect();
    let en: Vec<(Number, &Sentence)> = bead
        .en
        .iter()
        .flat_map(|&j| {
            english_numbers(&alignment.en[j].text)
                .into_iter()
                .map(move |n| (n, &alignment.en[j]))
        })
        .collect();
    let unmatched =
        |from: &[(Number, &'a Sentence)], to: &[(Number, &'a Sentence)], side, other| {
            from.iter()
                .filter(|(n, s)| is_checkable(n, s) && !to.iter().any(|(m, _)| same_quantity(n, m)))
                .map(|&(n, s)| (side, n, s, other))
                .collect::<Vec<_>>()
        };
    let mut out = unmatched(&zh, &en, "zh", "English");
    out.extend(unmatched(&en, &zh, "en", "Chinese"));
    out
}

/// Numbers written with digits, and any number of ten or more, are reported when they
/// have no partner. Small numbers in words (six countries ↔ 六国, four beams and eight
/// pillars ↔ 四梁八柱, Phase II ↔ 二期) still anchor the alignment, but translators add and
/// drop them too freely for a missing one to mean an error.
fn is_checkable(number: &Number, sentence: &Sentence) -> bool {
    let digits = || {
        sentence.text[number.start..number.end]
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    (number.value >= 10.0 || digits()) && !is_label(number, sentence)
}

/// Whether a number belongs to a label that opens its sentence, such as "Page 3:",
/// "Section 2:" or "第3版：": it points into the source (a page, a section) and has no
/// counterpart to match in the translation.
fn is_label(number: &Number, sentence: &Sentence) -> bool {
    let before = &sentence.text[..number.start];
    let after = sentence.text[number.end..].trim_start();
    (after.starts_with(':') || after.starts_with('：'))
        && before.split_whitespace().count() <= 2
        && before.chars().count() <= 16
}

/// Where a number found in a sentence's display text lies in the document.
fn number_span(doc: &Document, sentence: &Sentence, number: &Number) -> Span {
    let original = sentence.span.slice(&doc.text);
    let written = &sentence.text[number.start..number.end];
    match original.find(written) {
        Some(at) => Span::new(
            sentence.span.start + at,
            sentence.span.start + at + written.len(),
        ),
        None => sentence.span,
    }
}

/// Chinese names of a pair whose romanisation the English lacks: (sentence, word, the
/// romanised form looked for).
fn missing_names<'a>(alignment: &'a Alignment, bead: &Bead) -> Vec<(&'a Sentence, String, String)> {
    let english: Vec<String> = bead
        .en
        .iter()
        .flat_map(|&j| english_word_spans(&alignment.en[j].text).map(str::to_lowercase))
        .collect();
    let squeezed: String = english.concat();
    let lexicon = Lexicon::global();
    let mut out = Vec::new();
    for &i in &bead.zh {
        let sentence = &alignment.zh[i];
        for word in Tokenizer::global().chinese_words(&sentence.text) {
            let Some(glosses) = proper_name(lexicon, word) else {
                continue;
            };
            let pinyin = name_keys(word).into_iter().next().unwrap_or_default();
            let found = (!pinyin.is_empty() && squeezed.contains(&pinyin))
                || glosses.iter().any(|g| name_in(g, &english));
            if !found && !out.iter().any(|(_, w, _)| w == word) {
                out.push((sentence, word.to_string(), glosses[0].to_string()));
            }
        }
    }
    out
}

/// Whether the English words render the name `gloss` (United Nations, Arabian): by its
/// initials (UN), or by one of its words sharing a stem-like prefix with an English word
/// (Arabian ↔ Arab, China ↔ Chinese). Lenient on purpose: a missed omission costs less
/// than a reviewer's trust in false alarms.
fn name_in(gloss: &str, english: &[String]) -> bool {
    let words: Vec<String> = gloss
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
    if words.len() > 1 && english.contains(&initials) {
        return true;
    }
    words.iter().any(|w| {
        let need = w.chars().count().min(4);
        english
            .iter()
            .any(|e| w.chars().zip(e.chars()).take_while(|(a, b)| a == b).count() >= need)
    })
}

/// The romanisations of a Chinese personal or place name, if `word` is one: a dictionary
/// entry whose every gloss starts with a capitalised name of one to three words, before
/// any comma or parenthesis (习近平 → `Xi Jinping (1953-), PRC politician…`, 杜尚别 →
/// `Dushanbe, capital of Tajikistan`), not a common word with a capitalised sense.
fn proper_name(lexicon: Lexicon, word: &str) -> Option<Vec<&'static str>> {
    if word.chars().count() < 2 || !word.chars().all(is_han) {
        return None;
    }
    let heads: Vec<&'static str> = lexicon
        .glosses(word)?
        .into_iter()
        .map(|g| g.split([',', '(', ';']).next().unwrap_or(g).trim())
        .collect();
    let is_name = |head: &&str| {
        let words: Vec<&str> = head.split_whitespace().collect();
        (1..=3).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '-')
            })
    };
    heads.iter().all(is_name).then_some(heads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{align_interleaved, Options};

    fn report(text: &str) -> Report {
        let doc = Document::from_text("t.txt", text);
        let alignment = align_interleaved(&doc, &Options::default());
        check(&alignment, Sources { zh: &doc, en: &doc })
    }

    #[test]
    fn agreeing_numbers_are_not_flagged_and_different_ones_are() {
        let ok = report("In 2024, R&D intensity reached 2.79%, and 1.443 million people took part. 2024年研发投入强度达到2.79%,144.3万人参与。\n");
        assert!(
            ok.findings
                .iter()
                .all(|f| f.kind != FindingKind::NumberMismatch),
            "{:?}",
            ok.findings
        );
        let bad = report("In 2024, R&D intensity reached 2.97%. 2024年研发投入强度达到2.79%。\n");
        let kinds: Vec<(FindingKind, &str)> = bad
            .findings
            .iter()
            .map(|f| (f.kind, f.text.as_str()))
            .collect();
        assert!(
            kinds.contains(&(FindingKind::NumberMismatch, "2.79%")),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&(FindingKind::NumberMismatch, "2.97%")),
            "{kinds:?}"
        );
    }

    #[test]
    fn consecutive_untranslated_sentences_are_one_passage() {
        let finding = |kind, bead, line, start| Finding {
            kind,
            side: if kind == FindingKind::UntranslatedChinese {
                "zh"
            } else {
                "en"
            },
            file: "f".into(),
            line,
            column: 1,
            start,
            end: start + 5,
            text: String::new(),
            detail: String::new(),
            bead,
        };
        let zh = FindingKind::UntranslatedChinese;
        let en = FindingKind::EnglishWithoutChinese;
        let findings = [
            finding(zh, 3, 4, 40),
            finding(zh, 4, 5, 50),
            finding(zh, 5, 6, 60),
            finding(en, 6, 7, 70),
            finding(zh, 8, 9, 90),
            finding(en, 9, 10, 100),
            finding(en, 9, 11, 110),
        ];
        let found: Vec<(FindingKind, usize, usize, usize, usize, usize)> = passages(&findings)
            .iter()
            .map(|p| {
                (
                    p.kind,
                    p.first_line,
                    p.last_line,
                    p.start,
                    p.end,
                    p.sentences,
                )
            })
            .collect();
        assert_eq!(found, [(zh, 4, 6, 40, 65, 3), (en, 10, 11, 100, 115, 2)]);
        assert_eq!(
            passages(&findings)[0].describe(),
            "lines 4–6 of f: 3 Chinese sentences have no English"
        );
    }

    #[test]
    fn page_and_section_labels_are_not_number_mismatches() {
        let r =
            report("Page 3: In 2024, R&D intensity reached 2.97%. 2024年研发投入强度达到2.79%。\n");
        let numbers: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::NumberMismatch)
            .map(|f| f.text.as_str())
            .collect();
        assert!(numbers.contains(&"2.97%"), "{numbers:?}");
        assert!(!numbers.contains(&"3"), "{numbers:?}");
    }

    #[test]
    fn unpaired_sentences_are_findings_with_their_place() {
        let r = report(
            "Commentary first.\nThe six countries agreed. 六国达成一致。此行期间,友城数量增加。\n",
        );
        let untranslated: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::UntranslatedChinese)
            .collect();
        assert_eq!(untranslated.len(), 1);
        assert_eq!(
            (untranslated[0].line, untranslated[0].text.as_str()),
            (2, "此行期间,友城数量增加。")
        );
        let commentary = r
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::EnglishWithoutChinese)
            .unwrap();
        assert_eq!(
            (commentary.line, commentary.column, commentary.start),
            (1, 1, 0)
        );
        assert_eq!(
            (
                r.summary.zh.sentences,
                r.summary.zh.paired,
                r.summary.zh.unpaired
            ),
            (2, 1, 1)
        );
    }

    #[test]
    fn missing_names_are_flagged() {
        let r = report("The president met the mayor. 习近平会见了市长。\n");
        assert!(
            r.findings
                .iter()
                .any(|f| f.kind == FindingKind::NameMissing && f.text == "习近平"),
            "{:?}",
            r.findings
        );
        let r = report("Xi Jinping met the mayor. 习近平会见了市长。\n");
        assert!(r
            .findings
            .iter()
            .all(|f| f.kind != FindingKind::NameMissing));
    }

    #[test]
    fn line_and_column_count_characters() {
        let positions = TextPositions::new("ab\n中文x\r\ny\rz");
        assert_eq!(positions.line_column(9), (2, 3));
        assert_eq!(positions.line_column(0), (1, 1));
        assert_eq!(positions.line_column(12), (3, 1));
        assert_eq!(positions.line_column(14), (4, 1));
        // Far into a long line: counted from a checkpoint, the same as from the line start.
        let long = format!("x\n{}", "中a".repeat(5000));
        let positions = TextPositions::new(&long);
        let offset = 2 + 4 * 3000;
        assert_eq!(positions.line_column(offset), (2, 6001));
    }
}
