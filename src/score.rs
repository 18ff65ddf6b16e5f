//! Scores: sentences of both sides in, bead costs out.
//!
//! A [`Scorer`] is built once per alignment problem. It turns every sentence into
//! features (term ids, numbers, length), learns what it can from the document itself
//! (the zh/en length ratio, how rare each word is) and then answers, for any candidate
//! bead, how well its two sides match:
//!
//! * **lexical coverage**: the IDF-weighted share of Chinese words with a dictionary
//!   translation present on the English side, and of English words that translate some
//!   Chinese word of the bead. Translations come from CC-CEDICT glosses, pinyin name
//!   keys, Latin words shared by both sides and, after a first pass, from the
//!   document's own confident pairs ([`Scorer::learn_translations`]). A word weighs its
//!   IDF, and after the first pass its IDF times how reliably the document translates
//!   it ([`Scorer::weigh_by_translation_rates`]): particles and freely rendered words
//!   weigh little.
//! * **numbers**: each number counts as a heavily weighted word that is matched when the
//!   other side has the same quantity (144.3万 ↔ 1.443 million).
//! * **length**: a Gale–Church cost on character counts with the ratio of the document.
//!
//! Matching is computed per sentence pair ([`Scorer::pair`]: which anchor positions of
//! each sentence the other one explains, as bit masks) and combined for many-to-many
//! beads by OR-ing masks, so the aligner computes each pair once however many bead
//! shapes contain it.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::align::pairs::DenseBag;
use crate::anchors::lexicon::Lexicon;
use crate::anchors::names::{name_keys, romanisation_matches, Romanised};
use crate::anchors::numbers::{chinese_numbers, english_numbers, same_quantity, Number};
use crate::anchors::quotes::{self, QuoteStates};
use crate::anchors::{pronouns, punctuation};
use crate::beads::Bead;
use crate::learn::HanKey;
use crate::sentences::Sentence;
use crate::timing::stage;
use crate::tokens::{english_word_spans, Tokenizer};
use pinyin::ToPinyin;
use rayon::prelude::*;

const NO_TERM: u32 = u32::MAX;
/// Weight of a number relative to an IDF-weighted word: a shared number is rarer than
/// any shared word and a good deal more telling.
const NUMBER_WEIGHT: f32 = 4.0;

/// At most this many anchor positions (translatable words and numbers) of a sentence
/// take part in matching; a sentence longer than that is matched on its first ones.
const MAX_POSITIONS: usize = 128;

/// The most sentences on one side of a bead that [`Scorer::matching`] combines.
const MAX_SIDE: usize = 8;

/// What the scorer keeps of one sentence.
#[derive(Debug, Clone, Default)]
struct Features {
    /// Term ids: Chinese word ids on the Chinese side, English stem ids on the English side.
    terms: Vec<u32>,
    /// English side only: for each term, the id of the capitalised word form that pinyin
    /// name keys match, or [`NO_TERM`].
    names: Vec<u32>,
    numbers: Vec<Number>,
    /// Weight of each anchor position: the translatable terms, then the numbers.
    weights: Vec<f32>,
    /// Where the numbers' positions start.
    first_number: usize,
    /// Anchor positions that are personal pronouns ([`pronouns`]).
    pronouns: u128,
}

impl Features {
    /// Sets the anchor positions' weights (the terms' ones given) and returns their sum.
    fn set_weights(&mut self, terms: impl Iterator<Item = f32>) -> f32 {
        self.weights.clear();
        self.weights.extend(terms.take(MAX_POSITIONS));
        self.first_number = self.weights.len();
        let room = MAX_POSITIONS - self.weights.len();
        self.weights
            .extend(self.numbers.iter().take(room).map(|_| NUMBER_WEIGHT));
        self.weights.iter().sum()
    }
}

/// The anchor positions (numbered as in [`Features::set_weights`]) of the `terms` for
/// which `flag` is set, as a mask.
fn positions_where<'t>(
    terms: impl Iterator<Item = &'t u32>,
    first_number: usize,
    flag: &[bool],
) -> u128 {
    terms
        .take(first_number)
        .enumerate()
        .filter(|&(_, &t)| flag[t as usize])
        .fold(0, |mask, (p, _)| mask | 1u128 << p)
}

/// The two figures of a sentence every bead cost needs, kept apart from the bulkier
/// [`Features`] so that the DP's inner loop reads them from a few cache lines.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    /// Characters, not counting whitespace.
    length: f32,
    /// Sum of the anchor positions' weights.
    weight: f32,
}

/// Which anchor positions of a Chinese and an English sentence the other one explains,
/// and the weight of those positions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairHits {
    pub zh: u128,
    pub en: u128,
    pub zh_weight: f32,
    pub en_weight: f32,
}

fn weight_of(mut mask: u128, weights: &[f32]) -> f32 {
    let mut sum = 0.0;
    while mask != 0 {
        sum += weights[mask.trailing_zeros() as usize];
        mask &= mask - 1;
    }
    sum
}

/// How well the two sides of a candidate bead match.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Match {
    /// Weighted share of translatable Chinese words whose translation is on the English side.
    pub zh_coverage: f32,
    /// Weighted share of English words that translate a Chinese word of the bead.
    pub en_coverage: f32,
    /// Σ over the bead's sentences of (1 − that sentence's own coverage): every sentence
    /// must be explained by the other side on its own, so that a short unrelated sentence
    /// cannot ride along with a long well-matched one.
    pub unexplained: f32,
}

impl Match {
    /// The two coverages in one figure in 0..1.
    pub fn similarity(&self) -> f32 {
        (self.zh_coverage + self.en_coverage) / 2.0
    }
}

/// A sentence's coverage is shrunk towards [`COVERAGE_PRIOR`] as if it had this much more
/// weight (about one content word): one matched word out of one proves little.
const PSEUDO_WEIGHT: f32 = 2.0;
/// The coverage assumed for a sentence with nothing translatable ("Yes!", "好。").
const COVERAGE_PRIOR: f32 = 0.3;

/// A sentence's coverage: the share `hit / weight` of its anchor weight that the other
/// side explains, shrunk towards `COVERAGE_PRIOR` by `PSEUDO_WEIGHT`.
pub fn shrunk_coverage(hit: f32, weight: f32) -> f32 {
    (hit + COVERAGE_PRIOR * PSEUDO_WEIGHT) / (weight + PSEUDO_WEIGHT)
}

/// Bead scoring for one pair of sentence sequences.
pub struct Scorer {
    zh: Vec<Features>,
    en: Vec<Features>,
    zh_size: Vec<Size>,
    en_size: Vec<Size>,
    zh_weight: Vec<f32>,
    en_weight: Vec<f32>,
    /// Share of the sentences of each side that use each word (term).
    zh_share: Vec<f32>,
    en_share: Vec<f32>,
    /// How reliably each Chinese word and English term is translated in this document:
    /// the share of its occurrences whose translation the other side shows (see
    /// [`Scorer::weigh_by_translation_rates`]), 1 until measured.
    zh_reliability: Vec<f32>,
    en_reliability: Vec<f32>,
    /// What the translation rates were measured from: per word (occurrences whose
    /// translation was found, occurrences), and per sentence the anchor positions whose
    /// translation was found (`None` for a sentence not learnt from).
    zh_rate_counts: RateCounts,
    en_rate_counts: RateCounts,
    /// Whether each Chinese word / English term is a personal pronoun's class.
    zh_pronoun: Vec<bool>,
    en_pronoun: Vec<bool>,
    /// Chinese word id → English term ids it may translate to, of those the English
    /// side uses (no other can match).
    translations: Vec<Vec<u32>>,
    /// Chinese word id → whether it has any translation, used in the English or not: a
    /// word the dictionary knows counts in its sentence's weight even when nothing in the
    /// document translates it.
    translatable: Vec<bool>,
    en_terms: usize,
    /// English characters per Chinese character in this document.
    length_ratio: f32,
    /// For each boundary between sentences (after the first k), whether it is inside a
    /// quotation, Chinese and English, when both sides quote at all (see
    /// [`crate::anchors::quotes`]); read by [`Scorer::read_quotes`].
    quotes: Option<(QuoteStates, QuoteStates)>,
    /// For each boundary, Chinese and English, whether a new speech starts there (see
    /// [`quotes::speech_turns`]); read with `quotes`.
    speech_turns: Option<(Vec<bool>, Vec<bool>)>,
    /// How far the two sides' quotation states agree beyond chance on a path found
    /// before (Cohen's kappa, 0 until measured): the weight of a disagreement.
    quote_agreement: f32,
    /// Chinese sentences that repeat earlier Chinese of the same document.
    repeats: Vec<bool>,
    /// Per Chinese and English sentence: whether it opens a paragraph, after a line
    /// that ended with a full sentence (see [`opens_paragraph`]).
    zh_opens_paragraph: Vec<bool>,
    en_opens_paragraph: Vec<bool>,
    /// The Chinese sentences' text, where name strings are learnt and found
    /// ([`Scorer::learn_name_strings`]).
    zh_text: Vec<String>,
    /// English name term id → the name (lowercase), for comparing it with pinyin; only
    /// the names the document never writes in lower case.
    name_text: FxHashMap<u32, String>,
}

/// Per sentence, whether it opens a new paragraph (input line) and the line before ended
/// a sentence: a line that stops mid-sentence is text wrapped by hand, not a paragraph.
fn opens_paragraph(sentences: &[Sentence]) -> Vec<bool> {
    let ends_sentence = |text: &str| {
        let text = text.trim_end_matches(|c: char| CLOSING.contains(c) || c.is_whitespace());
        text.ends_with(|c: char| SENTENCE_ENDS.contains(c))
    };
    std::iter::once(false)
        .chain(
            sentences
                .windows(2)
                .map(|pair| pair[0].paragraph != pair[1].paragraph && ends_sentence(&pair[0].text)),
        )
        .take(sentences.len())
        .collect()
}

/// What ends a sentence, and what may close one after it (quotation marks, brackets).
const SENTENCE_ENDS: &str = ".!?…。！？";
const CLOSING: &str = "\"'”’」』)）]】";

/// Interns strings to dense ids.
#[derive(Default)]
struct Interner {
    ids: FxHashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.to_string(), id);
        id
    }
}

impl Scorer {
    pub fn new(zh: &[Sentence], en: &[Sentence]) -> Scorer {
        let tokenizer = Tokenizer::global();
        // The sides are read at the same time: jieba loads its dictionary while English
        // is tokenized.
        let ((en_ids, en_features, en_size, name_text), (vocabulary, zh_features, zh_size)) =
            stage("tokens", || {
                rayon::join(
                    || read_english(en, tokenizer),
                    || read_chinese(zh, tokenizer),
                )
            });
        let lexicon = Lexicon::global();
        let found: Vec<Arc<WordTranslations>> = stage("dictionary", || {
            vocabulary
                .par_iter()
                .with_min_len(PARALLEL_WORDS)
                .map(|w| cached_translations(w, tokenizer, lexicon))
                .collect()
        });
        let mut translatable: Vec<bool> = found.iter().map(|f| !f.terms.is_empty()).collect();
        let mut translations: Vec<Vec<u32>> = found
            .par_iter()
            .with_min_len(PARALLEL_WORDS)
            .map(|f| {
                let mut ids: Vec<u32> = f
                    .terms
                    .iter()
                    .filter_map(|t| en_ids.ids.get(t.as_ref()).copied())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect();
        stage("names", || {
            add_transliterated_names(&found, &en_ids, &mut translations, &mut translatable)
        });
        add_glossed_words(&vocabulary, &en_ids, &mut translations, &mut translatable);
        let en_terms = en_ids.ids.len();
        let zh_share = document_share(&zh_features, vocabulary.len());
        let en_share = document_share(&en_features, en_terms);
        let total = |sizes: &[Size]| sizes.iter().map(|s| s.length).sum::<f32>();
        let length_ratio = match (total(&zh_size), total(&en_size)) {
            (z, e) if z > 0.0 && e > 0.0 => e / z,
            _ => DEFAULT_LENGTH_RATIO,
        };
        let repeats = vec![false; zh_features.len()];
        let mut scorer = Scorer {
            zh: zh_features,
            en: en_features,
            zh_size,
            en_size,
            // Set by `reweigh` below.
            zh_weight: Vec::new(),
            en_weight: Vec::new(),
            zh_pronoun: vocabulary
                .iter()
                .map(|w| pronouns::class(w).is_some())
                .collect(),
            en_pronoun: {
                let mut pronoun = vec![false; en_terms];
                for (term, &id) in &en_ids.ids {
                    pronoun[id as usize] = pronouns::is_class(term);
                }
                pronoun
            },
            zh_reliability: vec![1.0; zh_share.len()],
            en_reliability: vec![1.0; en_share.len()],
            zh_rate_counts: RateCounts::default(),
            en_rate_counts: RateCounts::default(),
            zh_share,
            en_share,
            translations,
            translatable,
            en_terms,
            length_ratio,
            quotes: None,
            speech_turns: None,
            quote_agreement: 0.0,
            repeats,
            zh_opens_paragraph: opens_paragraph(zh),
            en_opens_paragraph: opens_paragraph(en),
            zh_text: zh.iter().map(|s| s.text.clone()).collect(),
            name_text,
        };
        scorer.reweigh();
        scorer
    }

    /// Sets the words' weights, how rare they are (IDF) times how reliably this document
    /// translates them ([`Scorer::weigh_by_translation_rates`]), and indexes both sides.
    fn reweigh(&mut self) {
        let weights = |share: &[f32], reliability: &[f32]| {
            share
                .iter()
                .zip(reliability)
                .map(|(&p, &r)| idf_of(p) * r)
                .collect()
        };
        self.zh_weight = weights(&self.zh_share, &self.zh_reliability);
        self.en_weight = weights(&self.en_share, &self.en_reliability);
        self.index_english();
        self.index_chinese();
    }

    fn index_english(&mut self) {
        for (f, size) in self.en.iter_mut().zip(&mut self.en_size) {
            let terms = std::mem::take(&mut f.terms);
            size.weight = f.set_weights(terms.iter().map(|&t| self.en_weight[t as usize]));
            f.pronouns = positions_where(terms.iter(), f.first_number, &self.en_pronoun);
            f.terms = terms;
        }
    }

    /// Anchor positions of the Chinese sentences; again after learning translations.
    fn index_chinese(&mut self) {
        for (f, size) in self.zh.iter_mut().zip(&mut self.zh_size) {
            let terms = std::mem::take(&mut f.terms);
            let translatable = || terms.iter().filter(|&&w| self.translatable[w as usize]);
            size.weight = f.set_weights(translatable().map(|&w| self.zh_weight[w as usize]));
            f.pronouns = positions_where(translatable(), f.first_number, &self.zh_pronoun);
            f.terms = terms;
        }
    }

    /// Calls `f(term, positions)` for every English term a word of Chinese sentence `i`
    /// translates to, with the anchor position of that word (numbered as in
    /// `Scorer::index_chinese`); a term comes once per word that has it.
    pub fn for_each_translation(&self, i: usize, mut f: impl FnMut(u32, u128)) {
        let mut position = 0;
        for &word in &self.zh[i].terms {
            if !self.translatable[word as usize] || position == MAX_POSITIONS {
                continue;
            }
            for &t in &self.translations[word as usize] {
                f(t, 1u128 << position);
            }
            position += 1;
        }
    }

    /// [`Scorer::pair_with`] for a single pair: each English term is looked up in the
    /// (sorted) translation lists of the Chinese words.
    pub fn pair(&self, i: usize, j: usize) -> PairHits {
        let terms = &self.zh[i].terms;
        let translate = |term: u32| {
            let translatable = terms
                .iter()
                .filter(|&&w| self.translatable[w as usize])
                .map(|&w| &self.translations[w as usize]);
            let found = translatable
                .take(MAX_POSITIONS)
                .enumerate()
                .filter(|(_, t)| t.binary_search(&term).is_ok());
            found.fold(0u128, |mask, (position, _)| mask | 1 << position)
        };
        self.pair_with(translate, i, j)
    }

    /// Which anchor positions of Chinese sentence `i` and English sentence `j` the other
    /// explains: a Chinese word whose translation is in `j`, an English term that
    /// translates a word of `i` (or a name whose pinyin it is), a number both state.
    /// `translate(term)` gives the anchor positions of the words of `i` that translate to
    /// the English term (see [`Scorer::for_each_translation`]).
    pub fn pair_with(&self, translate: impl Fn(u32) -> u128, i: usize, j: usize) -> PairHits {
        let (z, e) = (&self.zh[i], &self.en[j]);
        let mut hits = PairHits::default();
        if z.first_number > 0 {
            for (p, (&term, &name)) in e
                .terms
                .iter()
                .zip(&e.names)
                .take(e.first_number)
                .enumerate()
            {
                let mut words = translate(term);
                if name != NO_TERM {
                    words |= translate(name);
                }
                if words != 0 {
                    hits.zh |= words;
                    hits.en |= 1 << p;
                }
            }
        }
        for (a, zn) in z
            .numbers
            .iter()
            .enumerate()
            .take(z.weights.len() - z.first_number)
        {
            for (b, en) in e
                .numbers
                .iter()
                .enumerate()
                .take(e.weights.len() - e.first_number)
            {
                if same_quantity(zn, en) {
                    hits.zh |= 1 << (z.first_number + a);
                    hits.en |= 1 << (e.first_number + b);
                }
            }
        }
        hits.zh_weight = weight_of(hits.zh, &z.weights);
        hits.en_weight = weight_of(hits.en, &e.weights);
        hits
    }

    /// Lexical and numeric match of the Chinese sentences `zh` with the English `en`,
    /// from the hits of each sentence pair (`pairs(i, j)`, usually [`Scorer::pair`] or a
    /// cache of it).
    pub fn matching(
        &self,
        zh: Range<usize>,
        en: Range<usize>,
        mut pairs: impl FnMut(usize, usize) -> PairHits,
    ) -> Match {
        debug_assert!(zh.len() <= MAX_SIDE && en.len() <= MAX_SIDE);
        let mut en_masks = [0u128; MAX_SIDE];
        let mut en_hits = [0.0f32; MAX_SIDE];
        let mut m = Match::default();
        let (mut zh_hit, mut zh_weight) = (0.0f32, 0.0f32);
        for i in zh.clone() {
            let (f, size) = (&self.zh[i], self.zh_size[i]);
            let mut mask = 0u128;
            let mut hit = 0.0;
            for (k, j) in en.clone().enumerate() {
                let pair = pairs(i, j);
                mask |= pair.zh;
                en_masks[k] |= pair.en;
                // With one sentence on the other side its hits are the pair's own.
                hit = pair.zh_weight;
                en_hits[k] = pair.en_weight;
            }
            if en.len() > 1 {
                hit = weight_of(mask, &f.weights);
            }
            m.unexplained += 1.0 - shrunk_coverage(hit, size.weight);
            zh_hit += hit;
            zh_weight += size.weight;
        }
        let (mut en_hit, mut en_weight) = (0.0f32, 0.0f32);
        for (k, j) in en.enumerate() {
            let weight = self.en_size[j].weight;
            let hit = if zh.len() > 1 {
                weight_of(en_masks[k], &self.en[j].weights)
            } else {
                en_hits[k]
            };
            m.unexplained += 1.0 - shrunk_coverage(hit, weight);
            en_hit += hit;
            en_weight += weight;
        }
        m.zh_coverage = shrunk_coverage(zh_hit, zh_weight);
        m.en_coverage = shrunk_coverage(en_hit, en_weight);
        m
    }

    /// A lower bound on [`Match::unexplained`] of [`Scorer::matching`] that needs no mask
    /// unions: the most of a sentence the other side can explain is the sum of what each
    /// of its sentences explains alone. Exact when both sides have one sentence.
    pub fn unexplained_bound(
        &self,
        zh: Range<usize>,
        en: Range<usize>,
        mut pairs: impl FnMut(usize, usize) -> PairHits,
    ) -> f32 {
        let mut en_hits = [0.0f32; MAX_SIDE];
        let mut unexplained = 0.0;
        for i in zh {
            let mut hit = 0.0;
            for (k, j) in en.clone().enumerate() {
                let pair = pairs(i, j);
                hit += pair.zh_weight;
                en_hits[k] += pair.en_weight;
            }
            let weight = self.zh_size[i].weight;
            unexplained += 1.0 - shrunk_coverage(hit.min(weight), weight);
        }
        for (k, j) in en.enumerate() {
            let weight = self.en_size[j].weight;
            unexplained += 1.0 - shrunk_coverage(en_hits[k].min(weight), weight);
        }
        unexplained
    }

    /// How much of Chinese sentence `i` the English sentences `en` explain: the weight of
    /// its anchor positions they translate, and its whole anchor weight.
    pub fn zh_explained(&self, i: usize, en: Range<usize>) -> (f32, f32) {
        let mask = en.fold(0u128, |mask, j| mask | self.pair(i, j).zh);
        let f = &self.zh[i];
        let pronouns = weight_of(f.pronouns, &f.weights);
        (
            weight_of(mask & !f.pronouns, &f.weights),
            self.zh_size[i].weight - pronouns,
        )
    }

    /// How much of English sentence `j` the Chinese sentences `zh` explain, as
    /// [`Scorer::zh_explained`].
    pub fn en_explained(&self, j: usize, zh: Range<usize>) -> (f32, f32) {
        let mask = zh.fold(0u128, |mask, i| mask | self.pair(i, j).en);
        let f = &self.en[j];
        let pronouns = weight_of(f.pronouns, &f.weights);
        (
            weight_of(mask & !f.pronouns, &f.weights),
            self.en_size[j].weight - pronouns,
        )
    }

    /// The share of Chinese sentence `i`'s anchor weight (pronouns aside) that Chinese
    /// sentence `other` says too: the same words and numbers.
    pub fn zh_repeated(&self, i: usize, other: usize) -> f32 {
        let f = &self.zh[i];
        let words = f.terms.iter().filter(|&&w| self.translatable[w as usize]);
        // A word of `i` is translatable wherever it is said, so `other`'s own terms can
        // be searched as they are.
        repeated_share(f, words, &self.zh[other])
    }
    /// [`Scorer::zh_repeated`] of English sentences.
    pub fn en_repeated(&self, j: usize, other: usize) -> f32 {
        let (f, g) = (&self.en[j], &self.en[other]);
        repeated_share(f, f.terms.iter(), g)
    }

    /// Per anchor position of Chinese sentence `i` (numbered as in [`Scorer::pair`]'s
    /// masks): how often this document's translation shows that word's translation (its
    /// translation rate, see [`Scorer::weigh_by_translation_rates`]; [`NUMBER_RATE`] for a
    /// number), or `None` for a personal pronoun, which a neighbour explains as well, and
    /// for a word said again in the sentence.
    ///
    /// The rates leave out the sentence's own occurrences: a sentence whose translation
    /// is missing must not lower its own words' rates (as a word said only there would
    /// have none but its own, missing, translation).
    pub fn zh_position_rates(&self, i: usize) -> Vec<Option<f32>> {
        let f = &self.zh[i];
        let words: Vec<u32> = f
            .terms
            .iter()
            .filter(|&&w| self.translatable[w as usize])
            .copied()
            .collect();
        let rates = self
            .zh_rate_counts
            .rates_without(i, f, &words, &self.zh_reliability);
        position_rates(f, words.iter().copied().zip(rates))
    }

    /// [`Scorer::zh_position_rates`] of English sentence `j`.
    pub fn en_position_rates(&self, j: usize) -> Vec<Option<f32>> {
        let f = &self.en[j];
        let rates = self
            .en_rate_counts
            .rates_without(j, f, &f.terms, &self.en_reliability);
        position_rates(f, f.terms.iter().copied().zip(rates))
    }

    /// How many Chinese and English sentences the scorer holds.
    pub fn sentence_counts(&self) -> (usize, usize) {
        (self.zh.len(), self.en.len())
    }

    /// Characters (whitespace not counted) of Chinese sentence `i`.
    pub fn zh_length(&self, i: usize) -> f32 {
        self.zh_size[i].length
    }

    /// Characters (whitespace not counted) of English sentence `j`.
    pub fn en_length(&self, j: usize) -> f32 {
        self.en_size[j].length
    }

    /// English characters per Chinese character over the whole document.
    pub fn length_ratio(&self) -> f32 {
        self.length_ratio
    }

    /// Gale–Church length cost: how surprising the English length is given the Chinese
    /// length, in units of negative log probability.
    pub fn length_cost(&self, zh: Range<usize>, en: Range<usize>) -> f32 {
        let lz: f32 = self.zh_size[zh].iter().map(|s| s.length).sum();
        let le: f32 = self.en_size[en].iter().map(|s| s.length).sum();
        let expected = lz * self.length_ratio;
        let variance = LENGTH_VARIANCE * (expected + le).max(1.0) / 2.0 * self.length_ratio;
        // δ = (le − expected) / √variance; the cost is δ²/2.
        (le - expected) * (le - expected) / (2.0 * variance)
    }

    /// Reads where each side's speech runs ([`crate::anchors::quotes`]), so that a bead
    /// boundary that splits a speech from its translation can cost more. Not part of
    /// [`Scorer::new`]: a scorer built to weigh a few candidate spans (`trim`) has no
    /// use for it. The English is read only when the Chinese quotes at all.
    pub fn read_quotes(&mut self, zh: &[Sentence], en: &[Sentence]) {
        let (zh, en) = (texts(zh), texts(en));
        self.quotes = quotes::inside_quotes(&zh, true)
            .and_then(|z| Some((z, quotes::inside_quotes(&en, false)?)));
        self.speech_turns = self.quotes.as_ref().map(|(z, e)| {
            (
                quotes::speech_turns(&zh, z, true),
                quotes::speech_turns(&en, e, false),
            )
        });
    }

    /// How much a bead boundary after the first `zh` Chinese sentences and the first `en`
    /// English ones splits a speech from its translation: 0 where the two sides agree on
    /// being inside a quotation (or either cannot tell), else how far this document's
    /// quotation states agree beyond chance ([`Scorer::measure_quote_agreement`]).
    pub fn quote_disagreement(&self, zh: usize, en: usize) -> f32 {
        match &self.quotes {
            Some((z, e)) if matches!((z[zh], e[en]), (Some(a), Some(b)) if a != b) => {
                self.quote_agreement
            }
            _ => 0.0,
        }
    }

    /// Whether a new speech starts (Chinese, English) at the boundary after the first
    /// `zh` Chinese and the first `en` English sentences (see [`quotes::speech_turns`]),
    /// in a document whose quotation states agree beyond chance ([`Scorer::quotes_agree`]);
    /// never otherwise.
    pub fn speech_turns_at(&self, zh: usize, en: usize) -> (bool, bool) {
        match &self.speech_turns {
            Some((z, e)) if self.quotes_agree() => (z[zh], e[en]),
            _ => (false, false),
        }
    }

    /// Whether a new speech starts on both sides at that boundary
    /// ([`Scorer::speech_turns_at`]).
    pub fn speech_turn(&self, zh: usize, en: usize) -> bool {
        self.speech_turns_at(zh, en) == (true, true)
    }

    /// Whether the two sides' quotation states were found to agree beyond chance.
    pub fn quotes_agree(&self) -> bool {
        self.quote_agreement > 0.0
    }

    /// Measures, on the boundaries of a path (absolute sentence counts), how far the two
    /// sides' quotation states agree beyond chance (Cohen's kappa). A literary
    /// translation keeps its dialogue (kappa near 1); a news translation that quotes
    /// what the Chinese reports says little (near 0), and disagreements then cost
    /// nothing.
    pub fn measure_quote_agreement(&mut self, boundaries: impl Iterator<Item = (usize, usize)>) {
        let Some((z, e)) = &self.quotes else {
            return;
        };
        let (mut n, mut agree, mut zh_inside, mut en_inside) = (0.0f32, 0.0, 0.0, 0.0);
        for (i, j) in boundaries {
            if let (Some(a), Some(b)) = (z[i], e[j]) {
                n += 1.0;
                agree += f32::from(a == b);
                zh_inside += f32::from(a);
                en_inside += f32::from(b);
            }
        }
        if n == 0.0 {
            return;
        }
        let (pz, pe) = (zh_inside / n, en_inside / n);
        let chance = pz * pe + (1.0 - pz) * (1.0 - pe);
        self.quote_agreement = match chance < 1.0 {
            true => ((agree / n - chance) / (1.0 - chance)).clamp(0.0, 1.0),
            false => 0.0,
        };
    }

    /// Marks Chinese sentences that repeat earlier ones: leaving them unpaired costs
    /// nothing, since their translation is already paired with the first occurrence.
    pub fn mark_repeats(&mut self, repeats: Vec<bool>) {
        assert_eq!(
            repeats.len(),
            self.zh.len(),
            "one flag per Chinese sentence"
        );
        self.repeats = repeats;
    }

    /// How many paragraph breaks fall inside a bead's two sides: translators keep
    /// paragraphs, so a pair rarely spans one.
    pub fn paragraph_breaks(&self, zh: Range<usize>, en: Range<usize>) -> usize {
        let inside = |opens: &[bool], side: Range<usize>| match side.is_empty() {
            true => 0,
            false => opens[side.start + 1..side.end]
                .iter()
                .filter(|&&o| o)
                .count(),
        };
        inside(&self.zh_opens_paragraph, zh) + inside(&self.en_opens_paragraph, en)
    }

    pub fn is_repeat(&self, zh: usize) -> bool {
        self.repeats[zh]
    }

    /// Adds word pairs learnt from the document's own confident beads.
    pub fn learn_translations(&mut self, pairs: &[(u32, u32)]) {
        for &(zh, en) in pairs {
            self.translatable[zh as usize] = true;
            let list = &mut self.translations[zh as usize];
            if let Err(at) = list.binary_search(&en) {
                list.insert(at, en);
            }
        }
        self.index_chinese();
    }

    /// Adds strings of Han characters learnt as translations of English names
    /// ([`crate::learn::confident_name_strings`]): each string becomes a word of its
    /// own, added to every Chinese sentence that holds it (leftmost longest, whatever
    /// words jieba cut it into), and translates to its names.
    pub fn learn_name_strings(&mut self, pairs: &[(HanKey, u32)]) {
        if pairs.is_empty() {
            return;
        }
        let mut words: FxHashMap<HanKey, u32> = FxHashMap::default();
        for &(key, name) in pairs {
            let next = self.translations.len() as u32;
            let word = *words.entry(key).or_insert(next);
            if word == next {
                self.translations.push(Vec::new());
                self.translatable.push(true);
                self.zh_pronoun.push(false);
                self.zh_reliability.push(1.0);
                self.zh_share.push(0.0);
            }
            let list = &mut self.translations[word as usize];
            if let Err(at) = list.binary_search(&name) {
                list.insert(at, name);
            }
        }
        let found: Vec<Vec<u32>> = self
            .zh_text
            .par_iter()
            .with_min_len(PARALLEL_SENTENCES)
            .map(|text| {
                // Learnt strings found, as (start, length, word): the leftmost, and the
                // longest of those starting there, is taken first.
                let mut longest: Vec<(usize, usize, u32)> = Vec::new();
                crate::learn::han_strings(text, |key, start, length| {
                    if let Some(&word) = words.get(&key) {
                        longest.push((start, length, word));
                    }
                });
                longest
                    .sort_unstable_by_key(|&(start, length, _)| (start, std::cmp::Reverse(length)));
                let mut found = Vec::new();
                let mut free_from = 0;
                for (start, length, word) in longest {
                    if start >= free_from {
                        found.push(word);
                        free_from = start + length;
                    }
                }
                found
            })
            .collect();
        let n = self.zh.len().max(1) as f32;
        let first_new = self.zh_share.len() - words.len();
        for (f, words) in self.zh.iter_mut().zip(found) {
            let mut seen: Vec<u32> = Vec::new();
            for word in words {
                if !seen.contains(&word) {
                    seen.push(word);
                    self.zh_share[word as usize] += 1.0 / n;
                }
                f.terms.push(word);
            }
        }
        // As `document_share` counts: at least one sentence.
        for share in &mut self.zh_share[first_new..] {
            *share = share.max(1.0 / n);
        }
        self.reweigh();
    }

    /// Weighs each word by how reliably the other side of the given beads (the confident
    /// ones of a first pass) translates it, as far as the evidence can tell: a word whose
    /// translation shows up whenever it is translated says more, found or missed, than a
    /// particle (了, 的), a pronoun or a word the translator renders freely, whose glosses
    /// the translation seldom uses. A word's weight becomes its IDF times the share of its
    /// occurrences in those beads whose translation is on the other side, shrunk towards
    /// the share over all words as if seen `RATE_PRIOR` (two) more times at that share.
    /// So a translated sentence's coverage estimates how much of what can be matched was,
    /// not how much of its vocabulary.
    pub fn weigh_by_translation_rates<'b>(&mut self, beads: impl Iterator<Item = &'b Bead>) {
        // (occurrences whose translation was found, occurrences) per word and term.
        let mut zh_counts = vec![(0u32, 0u32); self.zh_share.len()];
        let mut en_counts = vec![(0u32, 0u32); self.en_share.len()];
        let mut zh_found = vec![None; self.zh.len()];
        let mut en_found = vec![None; self.en.len()];
        // Each sentence pair of a bead is scored once, for both sides, with the Chinese
        // sentence's translations loaded once for all its pairs.
        let mut bag = DenseBag::new(self);
        let mut hits: Vec<PairHits> = Vec::new();
        for bead in beads {
            hits.clear();
            for &i in &bead.zh {
                hits.extend(bead.en.iter().map(|&j| bag.hits(self, i, j)));
            }
            let width = bead.en.len();
            for (a, &i) in bead.zh.iter().enumerate() {
                let row = &hits[a * width..(a + 1) * width];
                let found = row.iter().fold(0, |mask, h| mask | h.zh);
                zh_found[i] = Some(found);
                let z = &self.zh[i];
                let words = z.terms.iter().filter(|&&w| self.translatable[w as usize]);
                for (p, &w) in words.take(z.first_number).enumerate() {
                    let c = &mut zh_counts[w as usize];
                    c.0 += (found >> p & 1) as u32;
                    c.1 += 1;
                }
            }
            for (b, &j) in bead.en.iter().enumerate() {
                let column = hits.iter().skip(b).step_by(width);
                let found = column.fold(0, |mask, h| mask | h.en);
                en_found[j] = Some(found);
                let e = &self.en[j];
                for (p, &t) in e.terms.iter().take(e.first_number).enumerate() {
                    let c = &mut en_counts[t as usize];
                    c.0 += (found >> p & 1) as u32;
                    c.1 += 1;
                }
            }
        }
        self.zh_rate_counts = RateCounts::new(zh_counts, zh_found);
        self.en_rate_counts = RateCounts::new(en_counts, en_found);
        self.zh_reliability = self.zh_rate_counts.rates();
        self.en_reliability = self.en_rate_counts.rates();
        self.reweigh();
    }

    /// Chinese word ids of sentence `i` and English term ids of sentence `j`, for learning.
    pub fn zh_terms(&self, i: usize) -> &[u32] {
        &self.zh[i].terms
    }

    /// Numbers stated by Chinese sentence `i` and English sentence `j`.
    pub fn zh_numbers(&self, i: usize) -> &[Number] {
        &self.zh[i].numbers
    }

    pub fn en_numbers(&self, j: usize) -> &[Number] {
        &self.en[j].numbers
    }

    /// The name terms of English sentence `j`: its capitalised words the document never
    /// writes in lower case ([`crate::learn::confident_name_strings`]).
    pub fn en_names(&self, j: usize) -> impl Iterator<Item = &u32> {
        let names = &self.en[j].names;
        names
            .iter()
            .filter(|name| self.name_text.contains_key(name))
    }

    /// The name (lowercase) an English name term stands for.
    pub fn en_name_text(&self, name: u32) -> Option<&str> {
        self.name_text.get(&name).map(String::as_str)
    }

    /// The text of Chinese sentence `i`.
    pub fn zh_text(&self, i: usize) -> &str {
        &self.zh_text[i]
    }

    pub fn en_terms(&self, j: usize) -> &[u32] {
        &self.en[j].terms
    }

    pub fn zh_vocabulary(&self) -> usize {
        self.translations.len()
    }

    pub fn en_vocabulary(&self) -> usize {
        self.en_terms
    }

    /// English term ids a Chinese word may translate to.
    pub fn translations_of(&self, zh_word: u32) -> &[u32] {
        &self.translations[zh_word as usize]
    }

    /// How telling a Chinese word is (its IDF in this document).
    pub fn zh_weight(&self, zh_word: u32) -> f32 {
        self.zh_weight[zh_word as usize]
    }
}

// Tokenizing is independent per sentence and runs in parallel; interning the words to
// ids is sequential, so ids do not depend on the thread count. Chunks keep the tokenized
// text of a long document from being held all at once.

/// English sentences as features, and the interner of their terms.
/// Also gives the document's proper names: the name terms of words it writes with a
/// capital inside a sentence and never in lower case (a capital that only opens a
/// sentence, or a word also written in lower case, names no one; nor does `I'll`).
fn read_english(
    en: &[Sentence],
    tokenizer: &Tokenizer,
) -> (Interner, Vec<Features>, Vec<Size>, FxHashMap<u32, String>) {
    let mut ids = Interner::default();
    let mut lowercase = FxHashSet::default();
    let mut capitalised_inside = FxHashSet::default();
    // Word form as written → its (stem, name) term ids, or None for a function word.
    let mut analysed: FxHashMap<&str, Option<(u32, u32)>> = FxHashMap::default();
    let (mut features, mut sizes) = (Vec::with_capacity(en.len()), Vec::with_capacity(en.len()));
    for chunk in en.chunks(TOKENIZE_CHUNK) {
        let read: Vec<EnglishSentence> = chunk
            .par_iter()
            .with_min_len(PARALLEL_SENTENCES)
            .map(|s| EnglishSentence::read(&s.text, tokenizer))
            .collect();
        for sentence in read {
            let mut terms = Vec::with_capacity(sentence.forms.len() + sentence.marks.len());
            let mut names = Vec::with_capacity(terms.capacity());
            for (k, form) in sentence.forms.into_iter().enumerate() {
                let word = *analysed.entry(form).or_insert_with(|| {
                    if let Some(class) = pronouns::class(&form.to_lowercase()) {
                        return Some((ids.id(class), NO_TERM));
                    }
                    let word = tokenizer.english_word(form)?;
                    if !word.capitalized {
                        lowercase.insert(word.lower.clone());
                    }
                    let name = if word.capitalized {
                        ids.id(&name_term(&word.lower))
                    } else {
                        NO_TERM
                    };
                    Some((ids.id(&word.stem), name))
                });
                if let Some((stem, name)) = word {
                    if k > 0 && name != NO_TERM {
                        capitalised_inside.insert(name);
                    }
                    terms.push(stem);
                    names.push(name);
                }
            }
            for mark in sentence.marks {
                terms.push(ids.id(mark));
                names.push(NO_TERM);
            }
            for word in sentence.glosses {
                terms.push(ids.id(&gloss_term(word)));
                names.push(NO_TERM);
            }
            features.push(Features {
                terms,
                names,
                numbers: sentence.numbers,
                ..Features::default()
            });
            sizes.push(Size {
                length: sentence.length,
                weight: 0.0,
            });
        }
    }
    let names = ids
        .ids
        .iter()
        .filter(|(_, id)| capitalised_inside.contains(*id))
        .filter_map(|(term, &id)| Some((id, term.strip_prefix('#')?)))
        .filter(|(_, name)| !lowercase.contains(*name) && !name.starts_with("i'"))
        .map(|(id, name)| (id, name.to_string()))
        .collect();
    (ids, features, sizes, names)
}

/// Chinese sentences as features, and their vocabulary in the order of the word ids.
fn read_chinese<'a>(
    zh: &'a [Sentence],
    tokenizer: &Tokenizer,
) -> (Vec<&'a str>, Vec<Features>, Vec<Size>) {
    let mut ids = Interner::default();
    let mut vocabulary: Vec<&str> = Vec::new();
    let (mut features, mut sizes) = (Vec::with_capacity(zh.len()), Vec::with_capacity(zh.len()));
    for chunk in zh.chunks(TOKENIZE_CHUNK) {
        let read: Vec<ChineseSentence> = chunk
            .par_iter()
            .with_min_len(PARALLEL_SENTENCES)
            .map(|s| ChineseSentence::read(&s.text, tokenizer))
            .collect();
        for sentence in read {
            let terms = sentence.words.iter().map(|&w| {
                let id = ids.id(w);
                if id as usize == vocabulary.len() {
                    vocabulary.push(w);
                }
                id
            });
            features.push(Features {
                terms: terms.collect(),
                numbers: sentence.numbers,
                ..Features::default()
            });
            sizes.push(Size {
                length: sentence.length,
                weight: 0.0,
            });
        }
    }
    (vocabulary, features, sizes)
}

/// The texts of sentences.
fn texts(sentences: &[Sentence]) -> Vec<&str> {
    sentences.iter().map(|s| s.text.as_str()).collect()
}

/// English characters per Chinese character when a document gives no evidence (one side
/// empty); about what news and literary translation show.
const DEFAULT_LENGTH_RATIO: f32 = 3.0;
/// Variance of the length difference per character (Gale & Church's s², scaled).
const LENGTH_VARIANCE: f32 = 2.5;

/// Below these many sentences (words) a parallel task is not worth its overhead.
const PARALLEL_SENTENCES: usize = 64;
const PARALLEL_WORDS: usize = 256;
/// Sentences tokenized at a time before their words are interned.
const TOKENIZE_CHUNK: usize = 4096;

/// An English sentence cut into word forms as written, before they are analysed (a
/// document repeats most of its word forms, so each is stemmed once, see
/// [`read_english`]) and interned.
struct EnglishSentence<'a> {
    forms: Vec<&'a str>,
    marks: Vec<&'static str>,
    /// Chinese words glossing English ones (`World Heritage Site(世界文化遗产)`).
    glosses: Vec<&'a str>,
    numbers: Vec<Number>,
    length: f32,
}

impl<'a> EnglishSentence<'a> {
    fn read(text: &'a str, tokenizer: &Tokenizer) -> EnglishSentence<'a> {
        let glosses = match text.contains(crate::runs::is_han) {
            true => text
                .split(|c: char| !crate::runs::is_han(c))
                .filter(|stretch| !stretch.is_empty())
                .flat_map(|stretch| tokenizer.chinese_words(stretch))
                .collect(),
            false => Vec::new(),
        };
        EnglishSentence {
            forms: english_word_spans(text).collect(),
            marks: punctuation::marks(text),
            glosses,
            numbers: english_numbers(text),
            length: char_length(text),
        }
    }
}

/// A Chinese sentence tokenized: its words (punctuation marks last), before interning.
struct ChineseSentence<'a> {
    words: Vec<&'a str>,
    numbers: Vec<Number>,
    length: f32,
}

impl<'a> ChineseSentence<'a> {
    fn read(text: &'a str, tokenizer: &Tokenizer) -> ChineseSentence<'a> {
        let mut words = tokenizer.chinese_words(text);
        words.extend(punctuation::marks(text));
        ChineseSentence {
            words,
            numbers: chinese_numbers(text),
            length: char_length(text),
        }
    }
}

/// What a Chinese word may translate to, before interning.
#[derive(Debug, Clone, Default)]
struct WordTranslations {
    /// English terms: stems of its dictionary glosses (or of the glosses of its parts),
    /// its pinyin name keys, and itself when it is Latin.
    terms: Vec<Cow<'static, str>>,
    /// For a word of 2–6 Han characters the dictionary lacks (mostly a name): its pinyin,
    /// to be compared with the document's capitalised English words.
    transliteration: Option<String>,
}

/// Chinese words the dictionary lacks (mostly names) translate to capitalised English
/// words whose spelling is close to their pinyin ([`romanisation_matches`]).
fn add_transliterated_names(
    found: &[Arc<WordTranslations>],
    en_ids: &Interner,
    translations: &mut [Vec<u32>],
    translatable: &mut [bool],
) {
    // Names by first and last letter, the two letters a transliteration must share.
    let mut names_by_ends: FxHashMap<(u8, u8), Vec<(Romanised, u32)>> = FxHashMap::default();
    for (term, &id) in &en_ids.ids {
        if let Some(name) = term.strip_prefix('#').filter(|n| n.is_ascii()) {
            let b = name.as_bytes();
            names_by_ends
                .entry((b[0], b[b.len() - 1]))
                .or_default()
                .push((Romanised::new(name), id));
        }
    }
    let matches: Vec<(usize, Vec<u32>)> = found
        .par_iter()
        .enumerate()
        .with_min_len(PARALLEL_WORDS)
        .filter_map(|(word, f)| {
            let key = Romanised::new(f.transliteration.as_deref()?);
            let ends = key.text.as_bytes().first().zip(key.text.as_bytes().last());
            let candidates = ends.and_then(|(&a, &z)| names_by_ends.get(&(a, z)))?;
            let names: Vec<u32> = candidates
                .iter()
                .filter(|(name, _)| romanisation_matches(&key, name))
                .map(|&(_, id)| id)
                .collect();
            (!names.is_empty()).then_some((word, names))
        })
        .collect();
    for (word, names) in matches {
        translatable[word] = true;
        let list = &mut translations[word];
        list.extend(names);
        list.sort_unstable();
        list.dedup();
    }
}

/// The English term of a Chinese word written in English text (a gloss): it translates
/// that same word on the Chinese side.
fn gloss_term(word: &str) -> String {
    format!("={word}")
}

/// Chinese words that English sentences gloss (`…Site(世界文化遗产)list.`) translate to
/// those glosses: the gloss is the translator's own word for them.
fn add_glossed_words(
    vocabulary: &[&str],
    en_ids: &Interner,
    translations: &mut [Vec<u32>],
    translatable: &mut [bool],
) {
    let glosses: FxHashMap<&str, u32> = en_ids
        .ids
        .iter()
        .filter_map(|(term, &id)| Some((term.strip_prefix('=')?, id)))
        .collect();
    if glosses.is_empty() {
        return;
    }
    for (word, &form) in vocabulary.iter().enumerate() {
        if let Some(&id) = glosses.get(form) {
            translatable[word] = true;
            if let Err(at) = translations[word].binary_search(&id) {
                translations[word].insert(at, id);
            }
        }
    }
}

/// The term under which a romanised name is matched, apart from ordinary stems.
fn name_term(lower: &str) -> String {
    format!("#{lower}")
}

/// Words whose translations a thread keeps before starting afresh (a few tens of MB).
const TRANSLATION_CACHE_WORDS: usize = 200_000;

thread_local! {
    /// Translations of the Chinese words this thread has met: a batch or stream of
    /// documents repeats most of its vocabulary.
    static TRANSLATIONS: std::cell::RefCell<FxHashMap<String, Arc<WordTranslations>>> = Default::default();
}

/// [`word_translations`], computed once per thread.
fn cached_translations(
    word: &str,
    tokenizer: &Tokenizer,
    lexicon: Lexicon,
) -> Arc<WordTranslations> {
    TRANSLATIONS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(found) = cache.get(word) {
            return Arc::clone(found);
        }
        if cache.len() >= TRANSLATION_CACHE_WORDS {
            cache.clear();
        }
        let found = Arc::new(word_translations(word, tokenizer, lexicon));
        cache.insert(word.to_string(), Arc::clone(&found));
        found
    })
}

fn word_translations(word: &str, tokenizer: &Tokenizer, lexicon: Lexicon) -> WordTranslations {
    let mut out = WordTranslations::default();
    if let Some(class) = pronouns::class(word) {
        out.terms.push(Cow::Borrowed(class));
        return out;
    }
    if word.starts_with('<') {
        out.terms.push(Cow::Owned(word.to_string())); // a punctuation mark stands for itself
        return out;
    }
    if word
        .chars()
        .all(|c| c.is_alphanumeric() && !crate::runs::is_han(c))
    {
        // Full-width Latin in Chinese text (ＷＴＯ) is the same word as its ASCII form.
        let lower: String = word
            .chars()
            .map(crate::tokens::half_width)
            .collect::<String>()
            .to_lowercase();
        out.terms.push(Cow::Owned(tokenizer.stem(&lower)));
        out.terms.push(Cow::Owned(name_term(&lower)));
        return out;
    }
    match lexicon.gloss_stems(word) {
        Some(stems) => out.terms.extend(stems.into_iter().map(Cow::Borrowed)),
        None => {
            for part in lexicon.decompose(word) {
                out.terms.extend(
                    lexicon
                        .gloss_stems(part)
                        .into_iter()
                        .flatten()
                        .map(Cow::Borrowed),
                );
            }
            let han = word.chars().filter(|&c| crate::runs::is_han(c)).count();
            if han == word.chars().count() && (2..=6).contains(&han) {
                out.transliteration = Some(word.to_pinyin().flatten().map(|p| p.plain()).collect());
            }
        }
    }
    out.terms
        .extend(name_keys(word).iter().map(|k| Cow::Owned(name_term(k))));
    out
}

/// How often a number's translation shows it: numbers are seldom dropped or reworded.
pub const NUMBER_RATE: f32 = 0.8;

/// A sentence's anchor positions' translation rates, given its terms and their rates (in
/// position order), with `None` at its pronouns and at a term said again in it (its
/// occurrences are translated or left out together, and are one piece of evidence).
fn position_rates(f: &Features, terms: impl Iterator<Item = (u32, f32)>) -> Vec<Option<f32>> {
    let mut seen: Vec<u32> = Vec::new();
    let terms = terms.take(f.first_number).map(|(term, rate)| {
        let again = seen.contains(&term);
        seen.push(term);
        (!again).then_some(rate)
    });
    terms
        .chain(std::iter::repeat(Some(NUMBER_RATE)))
        .take(f.weights.len())
        .enumerate()
        .map(|(p, rate)| rate.filter(|_| f.pronouns >> p & 1 == 0))
        .collect()
}

/// The share of `f`'s anchor weight (pronouns aside) that `g` says too; `f_terms` are
/// `f`'s terms in anchor position order.
fn repeated_share<'t>(f: &Features, f_terms: impl Iterator<Item = &'t u32>, g: &Features) -> f32 {
    let mut said = 0u128;
    for (p, term) in f_terms.take(f.first_number).enumerate() {
        if g.terms.contains(term) {
            said |= 1 << p;
        }
    }
    for (p, number) in f.numbers.iter().enumerate() {
        let p = f.first_number + p;
        if p < f.weights.len() && g.numbers.iter().any(|n| n.value == number.value) {
            said |= 1 << p;
        }
    }
    let whole = f.weights.iter().sum::<f32>() - weight_of(f.pronouns, &f.weights);
    weight_of(said & !f.pronouns, &f.weights) / whole.max(f32::EPSILON)
}

/// Share of the sentences of one side that use each term.
fn document_share(features: &[Features], vocabulary: usize) -> Vec<f32> {
    let mut df = vec![0u32; vocabulary];
    let mut seen = vec![u32::MAX; vocabulary];
    for (i, f) in features.iter().enumerate() {
        for &t in &f.terms {
            if seen[t as usize] != i as u32 {
                seen[t as usize] = i as u32;
                df[t as usize] += 1;
            }
        }
    }
    let n = features.len().max(1) as f32;
    df.iter().map(|&d| d.max(1) as f32 / n).collect()
}

/// The counts one side's translation rates were measured from
/// ([`Scorer::weigh_by_translation_rates`]).
#[derive(Default)]
struct RateCounts {
    /// Per word: (occurrences whose translation was found, occurrences).
    words: Vec<(u32, u32)>,
    /// Per sentence learnt from: its anchor positions whose translation was found.
    found: Vec<Option<u128>>,
    /// The share of all occurrences whose translation was found.
    average: f32,
}

impl RateCounts {
    fn new(words: Vec<(u32, u32)>, found: Vec<Option<u128>>) -> RateCounts {
        let (f, s) = words
            .iter()
            .fold((0u32, 0u32), |(f, s), &(a, b)| (f + a, s + b));
        // With nothing measured every word keeps rate 1.
        let average = if s == 0 { 1.0 } else { f as f32 / s as f32 };
        RateCounts {
            words,
            found,
            average,
        }
    }

    /// The rate of a word whose translation was found `hits` times of `seen`, shrunk
    /// towards the average by [`RATE_PRIOR`] sightings.
    fn rate(&self, hits: u32, seen: u32) -> f32 {
        (hits as f32 + RATE_PRIOR * self.average) / (seen as f32 + RATE_PRIOR)
    }

    /// Each word's translation rate.
    fn rates(&self) -> Vec<f32> {
        self.words.iter().map(|&(f, s)| self.rate(f, s)).collect()
    }

    /// The translation rates of the words `terms` (in anchor position order) of sentence
    /// `k`, with `k`'s own occurrences left out; `measured` when `k` was not learnt from.
    fn rates_without(&self, k: usize, f: &Features, terms: &[u32], measured: &[f32]) -> Vec<f32> {
        let Some(found) = self.found.get(k).copied().flatten() else {
            return terms.iter().map(|&t| measured[t as usize]).collect();
        };
        let counted = &terms[..f.first_number.min(terms.len())];
        terms
            .iter()
            .map(|&t| {
                let (mut hits, mut seen) = self.words[t as usize];
                for (p, _) in counted.iter().enumerate().filter(|&(_, &u)| u == t) {
                    hits = hits.saturating_sub((found >> p & 1) as u32);
                    seen = seen.saturating_sub(1);
                }
                self.rate(hits, seen)
            })
            .collect()
    }
}

/// How many occurrences at the average rate a word's own translation rate is shrunk by
/// (see [`Scorer::weigh_by_translation_rates`]): two sightings prove little.
const RATE_PRIOR: f32 = 2.0;

/// Inverse document frequency of a term used by this share of the sentences.
fn idf_of(share: f32) -> f32 {
    (1.0 + 1.0 / share).ln()
}

fn char_length(text: &str) -> f32 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f32
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::span::{Lang, Span};

    /// One sentence per text, each its own paragraph (spans are not used).
    pub(crate) fn sentences(texts: &[&str], lang: Lang) -> Vec<Sentence> {
        texts
            .iter()
            .enumerate()
            .map(|(paragraph, text)| Sentence {
                lang,
                span: Span::new(0, 0),
                text: text.to_string(),
                paragraph,
            })
            .collect()
    }

    #[test]
    fn position_rates_leave_out_pronouns_and_words_said_again() {
        // "railway" twice, "he" a pronoun, 1,200 a number.
        let en = sentences(
            &["He saw the railway, the railway of 1,200 miles."],
            Lang::English,
        );
        let zh = sentences(&["他看见了铁路。"], Lang::Chinese);
        let scorer = Scorer::new(&zh, &en);
        let rates = scorer.en_position_rates(0);
        let (said, left_out): (Vec<Option<f32>>, Vec<Option<f32>>) =
            rates.iter().partition(|r| r.is_some());
        // he, the second "railway": left out; saw, railway, miles, the number: weighed.
        assert_eq!((said.len(), left_out.len()), (4, 2), "{rates:?}");
        assert_eq!(rates.last(), Some(&Some(NUMBER_RATE)));
        // Before any rate is measured every word counts as always translated.
        assert!(said[..3].iter().all(|&r| r == Some(1.0)));
    }

    #[test]
    fn words_the_translation_keeps_missing_weigh_less() {
        // 车站 is a station, but this translator always says "depot"; 铁路 is always "railway".
        let zh = sentences(&["铁路和车站。"; 3], Lang::Chinese);
        let en = sentences(&["The railway and the depot."; 3], Lang::English);
        let mut scorer = Scorer::new(&zh, &en);
        let (railway, station) = (scorer.zh_terms(0)[0], scorer.zh_terms(0)[2]);
        assert_eq!(scorer.zh_weight(railway), scorer.zh_weight(station));
        let before = scorer.zh_explained(0, 0..1);
        let beads: Vec<Bead> = (0..3).map(|k| Bead::new(vec![k], vec![k], 1.0)).collect();
        scorer.weigh_by_translation_rates(beads.iter());
        assert!(scorer.zh_weight(railway) > 2.0 * scorer.zh_weight(station));
        let after = scorer.zh_explained(0, 0..1);
        assert!(
            after.0 / after.1 > before.0 / before.1,
            "{before:?} → {after:?}"
        );
        // The English side likewise: "depot" translates nothing here.
        let (hit, weight) = scorer.en_explained(0, 0..1);
        assert!(hit > 0.0 && hit / weight > 0.5, "{hit} of {weight}");
    }

    #[test]
    fn pronouns_pair_a_line_but_do_not_explain_it() {
        let zh = sentences(&["你去过吗？", "她去过吗？"], Lang::Chinese);
        let en = sentences(&["Have you been there?"], Lang::English);
        let scorer = Scorer::new(&zh, &en);
        // 你 meets "you" (CC-CEDICT's "you" is a function word); 她 does not.
        assert!(scorer.pair(0, 0).zh != 0);
        let similarity = |i: usize| {
            scorer
                .matching(i..i + 1, 0..1, |i, j| scorer.pair(i, j))
                .similarity()
        };
        assert!(similarity(0) > similarity(1));
        // Every line of a dialogue shares its pronouns with its neighbours, so they say
        // nothing of whether a sentence is translated: coverage leaves them out.
        let (hit, weight) = scorer.zh_explained(0, 0..1);
        assert!(hit < weight, "{hit} of {weight}");
    }

    #[test]
    fn translation_rates_are_shrunk_towards_the_average() {
        let rates = RateCounts::new(vec![(10, 10), (0, 10), (0, 0)], Vec::new()).rates();
        assert!(rates[0] > 0.8 && rates[1] < 0.2, "{rates:?}");
        assert!(
            (rates[2] - 0.5).abs() < 1e-6,
            "an unseen word has the average rate"
        );
        assert_eq!(RateCounts::new(vec![(0, 0)], Vec::new()).rates(), [1.0]);
    }
}
