//! The whole pipeline: documents in, an [`Alignment`] out.
//!
//! read → language runs → sentences → tokens/anchors/scores → alignment → calibrated
//! scores ([`crate::calibrate`]). Interleaved
//! text is cut into windows by its layout, found from the text (a Chinese block
//! translates English written before it, after it, or both; see [`align_interleaved`]);
//! English left unpaired inside a translated paragraph joins its pair
//! (`join_paragraph_strays`), and pairs are then trimmed to their translated part
//! ([`crate::trim`]). Two documents form one window.

use std::collections::HashMap;
use std::ops::Range;

use crate::align::pairs::DenseBag;
use crate::align::{align, CostModel, Layout, Window};
use crate::beads::{Alignment, Bead};
use crate::omissions::split_unexplained;
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
    /// Which way translations run in interleaved text.
    pub layout: LayoutChoice,
    pub cost: CostModel,
}

/// Which way translations run in interleaved text: found from the text, or given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LayoutChoice {
    /// Decided from the text, between every two Chinese blocks (see [`align_interleaved`]).
    #[default]
    Auto,
    /// Every Chinese block translates English written before it.
    EnglishFirst,
    /// Every Chinese block is followed by its English translation.
    ChineseFirst,
}

/// The layout an interleaved document was found in: how many of its Chinese blocks are
/// paired with English written before them, after them, or both (a Chinese headline
/// before its English and the paragraph's English before its Chinese).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FoundLayout {
    pub english_first: usize,
    pub chinese_first: usize,
    pub both_sides: usize,
}

impl FoundLayout {
    /// `en-first`, `zh-first`, `mixed` or `none` (nothing paired).
    pub fn name(&self) -> &'static str {
        match (self.english_first, self.chinese_first, self.both_sides) {
            (0, 0, 0) => "none",
            (_, 0, 0) => "en-first",
            (0, _, 0) => "zh-first",
            _ => "mixed",
        }
    }
}

/// As `{"name": "zh-first", "english_first": 0, "chinese_first": 12, "both_sides": 1}`.
impl serde::Serialize for FoundLayout {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("FoundLayout", 4)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("english_first", &self.english_first)?;
        s.serialize_field("chinese_first", &self.chinese_first)?;
        s.serialize_field("both_sides", &self.both_sides)?;
        s.end()
    }
}

impl std::fmt::Display for FoundLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({} Chinese blocks after their English, {} before it, {} between)",
            self.name(),
            self.english_first,
            self.chinese_first,
            self.both_sides
        )
    }
}

/// Aligns one interleaved document: blocks of English and Chinese, each Chinese block
/// translating English next to it, before or after.
///
/// Which English goes with which Chinese block is decided from the text: each English
/// block between two Chinese blocks is cut in two, its head going with the Chinese
/// before it and its tail with the Chinese after it, where the sentences of the head
/// are best explained by the Chinese before and those of the tail by the Chinese after
/// (`split_english_blocks`). English-first text cuts every block at its start,
/// Chinese-first text at its end, a Chinese headline followed by its English and the
/// English paragraph of the next Chinese cuts in the middle. Each Chinese block and the
/// English between its two cuts then form one [`Window`].
pub fn align_interleaved(doc: &Document, options: &Options) -> Alignment {
    let runs = language_runs(doc);
    let mut alignment = Alignment::default();
    // Chinese blocks, and the English blocks around them: `english[k]` is written before
    // `chinese[k]` and after `chinese[k - 1]`; there is one more English block than Chinese.
    let mut chinese: Vec<Range<usize>> = Vec::new();
    let mut english: Vec<Range<usize>> = std::iter::once(0..0).collect();
    for run in &runs {
        let sentences = split_run(doc, run);
        match run.lang {
            Lang::Chinese => {
                let start = alignment.zh.len();
                alignment.zh.extend(sentences);
                match chinese.last_mut() {
                    Some(last) if english.last().is_some_and(|e| e.is_empty()) => {
                        last.end = alignment.zh.len()
                    }
                    _ => {
                        chinese.push(start..alignment.zh.len());
                        let at = alignment.en.len();
                        english.push(at..at);
                    }
                }
            }
            Lang::English => {
                alignment.en.extend(sentences);
                english.last_mut().expect("one block at least").end = alignment.en.len();
            }
            Lang::Other => alignment.other.extend(sentences),
        }
    }
    let mut scorer = stage("scorer", || Scorer::new(&alignment.zh, &alignment.en));
    scorer.read_quotes(&alignment.zh, &alignment.en);
    scorer.mark_repeats(repeated_chinese(&alignment.zh));
    let cuts = stage("layout", || {
        split_english_blocks(&scorer, &chinese, &english, options.layout)
    });
    let windows: Vec<Window> = chinese
        .iter()
        .enumerate()
        .map(|(k, zh)| Window {
            zh: zh.clone(),
            en: cuts[k]..cuts[k + 1],
            layout: Layout::Interleaved {
                english_before: cuts[k] < english[k].end,
                english_after: cuts[k + 1] > english[k + 1].start,
            },
        })
        .collect();
    let unpaired_english = |range: Range<usize>| range.map(|j| Bead::new(vec![], vec![j], 1.0));
    let mut beads: Vec<Bead> = unpaired_english(0..cuts[0]).collect();
    beads.extend(stage("alignment", || {
        align(&mut scorer, &windows, &options.cost)
    }));
    beads.extend(unpaired_english(cuts[chinese.len()]..alignment.en.len()));
    let beads = join_paragraph_strays(&scorer, &alignment.en, beads);
    alignment.layout = Some(found_layout(&beads, &chinese, &english));
    alignment.beads = pair_repeated_chinese(&alignment.zh, beads);
    crate::trim::trim_commentary(doc, &mut alignment);
    crate::calibrate::calibrate(&mut alignment);
    alignment
}

/// Where each English block is cut (an English sentence index): the English before the
/// cut of `english[k]` translates `chinese[k - 1]`, the English after it `chinese[k]`.
///
/// With [`LayoutChoice::Auto`] the cut of each block maximises the evidence that its head
/// translates the Chinese before and its tail the Chinese after ([`translation_evidence`];
/// no Chinese block on a side is evidence 0, so English with nothing like a translation
/// there is left out). Where cuts score the same (sentences with no evidence either
/// way), the cut follows the document's prevailing direction, the sum of all evidence.
fn split_english_blocks(
    scorer: &Scorer,
    chinese: &[Range<usize>],
    english: &[Range<usize>],
    choice: LayoutChoice,
) -> Vec<usize> {
    match choice {
        LayoutChoice::EnglishFirst => return english.iter().map(|e| e.start).collect(),
        LayoutChoice::ChineseFirst => return english.iter().map(|e| e.end).collect(),
        LayoutChoice::Auto => {}
    }
    // Per English sentence: evidence that it translates the Chinese block before it,
    // minus the evidence that it translates the block after it.
    let (before, after) = translation_evidence(scorer, chinese, english);
    let lean: Vec<Vec<f32>> = english
        .iter()
        .map(|block| block.clone().map(|j| before[j] - after[j]).collect())
        .collect();
    let chinese_first = lean.iter().flatten().sum::<f32>() > 0.0;
    // Going against the document's direction takes clear evidence: by chance, commentary
    // resembles a neighbouring block about as much as [`AGAINST_THE_DIRECTION`].
    let bias = match chinese_first {
        true => AGAINST_THE_DIRECTION,
        false => -AGAINST_THE_DIRECTION,
    };
    english
        .iter()
        .zip(&lean)
        .map(|(block, lean)| {
            // score(cut) = Σ before the cut of lean + a constant; keep the best prefix.
            let mut best = (0.0f32, 0usize);
            let mut sum = 0.0f32;
            for (n, &l) in lean.iter().enumerate() {
                sum += l + bias;
                if sum > best.0 || (chinese_first && sum == best.0) {
                    best = (sum, n + 1);
                }
            }
            block.start + best.1
        })
        .collect()
}

/// How much more an English sentence must resemble the Chinese block on one side than
/// the block on the other to go with it against the document's prevailing direction.
const AGAINST_THE_DIRECTION: f32 = 0.25;
/// How many Chinese sentences of a long block [`translation_evidence`] looks at: those
/// around the English sentence's relative position in its own block.
const EVIDENCE_REACH: usize = 16;
/// The similarity at which a sentence pair is as likely a translation as not (as in the
/// aligner's pair confidence): evidence is the best similarity above it.
const EVEN_SIMILARITY: f32 = 0.2;

/// For every English sentence, evidence that it translates part of the Chinese block
/// before it and of the block after it: the best similarity it has with one of the
/// block's sentences, less [`EVEN_SIMILARITY`] (0 where there is no such block). In a long
/// Chinese block only the sentences within [`EVIDENCE_REACH`] of the English sentence's
/// relative position in its own block are tried. Pairs are computed a Chinese sentence
/// at a time, with its translations loaded once ([`DenseBag`]).
fn translation_evidence(
    scorer: &Scorer,
    chinese: &[Range<usize>],
    english: &[Range<usize>],
) -> (Vec<f32>, Vec<f32>) {
    let n = english.last().map_or(0, |e| e.end);
    let (mut before, mut after) = (vec![f32::MIN; n], vec![f32::MIN; n]);
    let mut bag = DenseBag::new(scorer);
    for (k, zh) in chinese.iter().enumerate() {
        for i in zh.clone() {
            // The English block before this Chinese one has it after, and the other way round.
            for (block, best) in [(&english[k], &mut after), (&english[k + 1], &mut before)] {
                for j in block.clone() {
                    let position = (j - block.start) as f32 / block.len() as f32;
                    let centre = zh.start + (position * zh.len() as f32) as usize;
                    if i + EVIDENCE_REACH < centre || i >= centre + EVIDENCE_REACH {
                        continue;
                    }
                    let hits = bag.hits(scorer, i, j);
                    let similarity = scorer
                        .matching(i..i + 1, j..j + 1, |_, _| hits)
                        .similarity();
                    best[j] = best[j].max(similarity - EVEN_SIMILARITY);
                }
            }
        }
    }
    // No block on a side, or nothing tried: no evidence either way.
    for value in before.iter_mut().chain(after.iter_mut()) {
        if *value == f32::MIN {
            *value = 0.0;
        }
    }
    (before, after)
}

/// English sentences left unpaired in the middle or at the end of a paragraph whose
/// sentences around them are paired join the pair next to them.
///
/// Commentary in interleaved text is a paragraph of its own or leads into the translated
/// part of one ("Next, there's a report on …"), so a sentence the aligner left alone
/// after translated sentences of its own paragraph, before more of them or ending the
/// paragraph, is a freely translated part of that passage. In the middle of a paragraph
/// it joins whichever neighbouring pair's Chinese explains more of it. Sentences opening
/// a paragraph are left alone: that is where a lead-in stands.
fn join_paragraph_strays(scorer: &Scorer, en: &[Sentence], mut beads: Vec<Bead>) -> Vec<Bead> {
    let same_paragraph = |a: usize, b: usize| b < en.len() && en[a].paragraph == en[b].paragraph;
    // The pair at `b` if it ends (`last`) or starts with English sentence `j`.
    let pair_with = |beads: &[Bead], b: Option<usize>, j: usize, last: bool| {
        b.and_then(|b| beads.get(b)).is_some_and(|bead| {
            bead.is_pair()
                && if last {
                    bead.en.last()
                } else {
                    bead.en.first()
                } == Some(&j)
        })
    };
    let mut b = 0;
    while b < beads.len() {
        let stray = match (beads[b].zh.is_empty(), beads[b].en.as_slice()) {
            (true, &[j]) if j > 0 && same_paragraph(j - 1, j) => j,
            _ => {
                b += 1;
                continue;
            }
        };
        let before = pair_with(&beads, b.checked_sub(1), stray - 1, true);
        let paragraph_goes_on = same_paragraph(stray, stray + 1);
        let after = paragraph_goes_on && pair_with(&beads, Some(b + 1), stray + 1, false);
        let explained = |bead: &Bead| {
            let zh = bead.zh[0]..bead.zh[bead.zh.len() - 1] + 1;
            scorer.en_explained(stray, zh).0
        };
        let into = match (before, after) {
            (true, true) if explained(&beads[b + 1]) > explained(&beads[b - 1]) => Some(b + 1),
            (true, true) => Some(b - 1),
            (true, false) if !paragraph_goes_on => Some(b - 1),
            _ => None,
        };
        match into {
            Some(target) => {
                let bead = &mut beads[target];
                match target > b {
                    true => bead.en.insert(0, stray),
                    false => bead.en.push(stray),
                }
                beads.remove(b);
            }
            None => b += 1,
        }
    }
    beads
}

/// Counts the Chinese blocks whose pairs use English written before them, after them,
/// or both.
fn found_layout(beads: &[Bead], chinese: &[Range<usize>], english: &[Range<usize>]) -> FoundLayout {
    let mut sides = vec![(false, false); chinese.len()];
    for bead in beads.iter().filter(|b| b.is_pair()) {
        let k = chinese.partition_point(|c| c.end <= bead.zh[0]);
        for &j in &bead.en {
            if j < english[k].end {
                sides[k].0 = true;
            } else {
                sides[k].1 = true;
            }
        }
    }
    let mut found = FoundLayout::default();
    for side in sides {
        match side {
            (true, false) => found.english_first += 1,
            (false, true) => found.chinese_first += 1,
            (true, true) => found.both_sides += 1,
            (false, false) => {}
        }
    }
    found
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
    let mut scorer = stage("scorer", || {
        let mut scorer = Scorer::new(&alignment.zh, &alignment.en);
        scorer.read_quotes(&alignment.zh, &alignment.en);
        scorer
    });
    let beads = stage("alignment", || align(&mut scorer, &windows, &options.cost));
    // Sentences folded into a neighbouring bead without being translated by it come out
    // unpaired, so that `coverage` reports them.
    alignment.beads = stage("omissions", || split_unexplained(&scorer, beads));
    crate::calibrate::calibrate(&mut alignment);
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
            (Some(b), _) => out.push(Bead::new(
                bead.zh.clone(),
                beads[b].en.clone(),
                beads[b].confidence,
            )),
            (None, _) => out.push(bead.clone()),
        }
        repeating = source;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Chinese and the English sentences of an interleaved text.
    fn sentences(text: &str) -> (Vec<Sentence>, Vec<Sentence>) {
        let doc = Document::from_text("t", text);
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        for run in language_runs(&doc) {
            match run.lang {
                Lang::Chinese => zh.extend(split_run(&doc, &run)),
                _ => en.extend(split_run(&doc, &run)),
            }
        }
        (zh, en)
    }

    fn bead(zh: &[usize], en: &[usize]) -> Bead {
        Bead::new(zh.to_vec(), en.to_vec(), 0.5)
    }

    const TEXT: &str = "Chinese paper cutting has a history of more than 1,500 years. \
        It is loved by young and old. \
        People use scissors or knives to cut flowers, birds, animals and figures out of paper. \
        Families put them on their windows.\n\
        中国剪纸有一千五百多年的历史。人们用剪刀或刻刀在纸上剪出花鸟、动物和人物。\n\
        This reminds me of my grandmother.\n";

    #[test]
    fn english_left_alone_inside_or_ending_a_paired_paragraph_joins_a_neighbouring_pair() {
        let (zh, en) = sentences(TEXT);
        assert_eq!((zh.len(), en.len()), (2, 5));
        let scorer = Scorer::new(&zh, &en);
        // Sentence 1 between two pairs of its paragraph, sentence 3 ending it.
        let beads = vec![
            bead(&[0], &[0]),
            bead(&[], &[1]),
            bead(&[1], &[2]),
            bead(&[], &[3]),
            bead(&[], &[4]),
        ];
        let joined = join_paragraph_strays(&scorer, &en, beads);
        let sides: Vec<(Vec<usize>, Vec<usize>)> =
            joined.into_iter().map(|b| (b.zh, b.en)).collect();
        // The commentary line of its own (4) stays alone.
        assert_eq!(
            sides,
            vec![
                (vec![0], vec![0, 1]),
                (vec![1], vec![2, 3]),
                (vec![], vec![4])
            ]
        );
    }

    #[test]
    fn a_bead_crosses_a_paragraph_break_only_where_a_line_ended_a_sentence() {
        // The first line is wrapped by hand mid-sentence; the second ends a paragraph.
        let text = "Chinese paper cutting has a history\nof more than 1,500 years. It is loved.\n\
            Families put them on their windows.\n中国剪纸有一千五百多年的历史。\n";
        let (zh, en) = sentences(text);
        assert_eq!(en.len(), 4);
        let scorer = Scorer::new(&zh, &en);
        assert_eq!(scorer.paragraph_breaks(0..1, 0..3), 0);
        assert_eq!(scorer.paragraph_breaks(0..1, 1..4), 1);
        assert_eq!(scorer.paragraph_breaks(0..0, 3..4), 0);
    }

    #[test]
    fn english_opening_a_paragraph_stays_alone_as_a_lead_in() {
        let (zh, en) = sentences(TEXT);
        let scorer = Scorer::new(&zh, &en);
        let beads = vec![
            bead(&[], &[0]),
            bead(&[0], &[1]),
            bead(&[1], &[2, 3]),
            bead(&[], &[4]),
        ];
        assert_eq!(join_paragraph_strays(&scorer, &en, beads.clone()), beads);
    }
}
