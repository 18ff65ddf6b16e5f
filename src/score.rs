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
//!   document's own confident pairs ([`Scorer::learn_translations`]).
//! * **numbers**: each number counts as a heavily weighted word that is matched when the
//!   other side has the same quantity (144.3万 ↔ 1.443 million).
//! * **length**: a Gale–Church cost on character counts with the ratio of the document.

use std::collections::HashMap;
use std::ops::Range;

use crate::anchors::lexicon::Lexicon;
use crate::anchors::names::name_keys;
use crate::anchors::numbers::{chinese_numbers, english_numbers, same_quantity, Number};
use crate::anchors::punctuation;
use crate::sentences::Sentence;
use crate::tokens::{english_word_spans, is_stop_word, Tokenizer};

const NO_TERM: u32 = u32::MAX;
/// Weight of a number relative to an IDF-weighted word: a shared number is rarer than
/// any shared word and a good deal more telling.
const NUMBER_WEIGHT: f32 = 4.0;

/// What the scorer keeps of one sentence.
#[derive(Debug, Clone, Default)]
struct Features {
    /// Term ids: Chinese word ids on the Chinese side, English stem ids on the English side.
    terms: Vec<u32>,
    /// English side only: for each term, the id of the capitalised word form that pinyin
    /// name keys match, or [`NO_TERM`].
    names: Vec<u32>,
    numbers: Vec<Number>,
    /// Characters, not counting whitespace.
    length: f32,
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

fn shrunk_coverage(hit: f32, weight: f32) -> f32 {
    (hit + COVERAGE_PRIOR * PSEUDO_WEIGHT) / (weight + PSEUDO_WEIGHT)
}

/// Reusable marks so that scoring a bead allocates nothing.
#[derive(Debug, Default)]
pub struct Scratch {
    generation: u32,
    on_english_side: Vec<u32>,
    translated_by_chinese: Vec<u32>,
}

impl Scratch {
    fn next(&mut self, terms: usize) -> u32 {
        if self.on_english_side.len() < terms {
            self.on_english_side.resize(terms, 0);
            self.translated_by_chinese.resize(terms, 0);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.on_english_side.iter_mut().for_each(|g| *g = 0);
            self.translated_by_chinese.iter_mut().for_each(|g| *g = 0);
            self.generation = 1;
        }
        self.generation
    }
}

/// Bead scoring for one pair of sentence sequences.
pub struct Scorer {
    zh: Vec<Features>,
    en: Vec<Features>,
    zh_weight: Vec<f32>,
    en_weight: Vec<f32>,
    /// Chinese word id → English term ids it may translate to.
    translations: Vec<Vec<u32>>,
    en_terms: usize,
    /// English characters per Chinese character in this document.
    length_ratio: f32,
    /// Chinese sentences that repeat earlier Chinese of the same document.
    repeats: Vec<bool>,
}

/// Interns strings to dense ids.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
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
        let lexicon = Lexicon::global();
        let mut en_ids = Interner::default();
        let en_features: Vec<Features> = en.iter().map(|s| english_features(&s.text, tokenizer, &mut en_ids)).collect();

        let mut zh_ids = Interner::default();
        let mut translations: Vec<Vec<u32>> = Vec::new();
        let mut gloss_stems: HashMap<&'static str, Vec<String>> = HashMap::new();
        let mut zh_features = Vec::with_capacity(zh.len());
        for sentence in zh {
            let words = tokenizer.chinese_words(&sentence.text);
            let mut terms = Vec::with_capacity(words.len());
            for word in words.into_iter().chain(punctuation::marks(&sentence.text)) {
                let id = zh_ids.id(word);
                if id as usize == translations.len() {
                    let targets = word_translations(word, tokenizer, lexicon, &mut gloss_stems);
                    let mut ids: Vec<u32> = targets.iter().map(|t| en_ids.id(t)).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    translations.push(ids);
                }
                terms.push(id);
            }
            zh_features.push(Features {
                terms,
                names: Vec::new(),
                numbers: chinese_numbers(&sentence.text),
                length: char_length(&sentence.text),
            });
        }
        let en_terms = en_ids.ids.len();
        let zh_weight = idf(&zh_features, zh_ids.ids.len());
        let en_weight = idf(&en_features, en_terms);
        let total = |f: &[Features]| f.iter().map(|f| f.length).sum::<f32>();
        let length_ratio = match (total(&zh_features), total(&en_features)) {
            (z, e) if z > 0.0 && e > 0.0 => e / z,
            _ => DEFAULT_LENGTH_RATIO,
        };
        let repeats = vec![false; zh_features.len()];
        Scorer { zh: zh_features, en: en_features, zh_weight, en_weight, translations, en_terms, length_ratio, repeats }
    }

    pub fn zh_len(&self) -> usize {
        self.zh.len()
    }

    pub fn en_len(&self) -> usize {
        self.en.len()
    }

    /// English characters per Chinese character, as estimated from this document.
    pub fn length_ratio(&self) -> f32 {
        self.length_ratio
    }

    /// Lexical and numeric match of the Chinese sentences `zh` with the English `en`.
    pub fn matching(&self, zh: Range<usize>, en: Range<usize>, scratch: &mut Scratch) -> Match {
        let generation = scratch.next(self.en_terms);
        for f in &self.en[en.clone()] {
            for (&term, &name) in f.terms.iter().zip(&f.names) {
                scratch.on_english_side[term as usize] = generation;
                if name != NO_TERM {
                    scratch.on_english_side[name as usize] = generation;
                }
            }
        }
        let (zh_side, en_side) = (&self.zh[zh], &self.en[en]);
        let mut m = Match::default();
        let (mut zh_hit, mut zh_weight) = (0.0f32, 0.0f32);
        for f in zh_side {
            let (mut hit, mut weight) = numbers_matched(f, en_side);
            for &word in &f.terms {
                let targets = &self.translations[word as usize];
                if targets.is_empty() {
                    continue;
                }
                let w = self.zh_weight[word as usize];
                weight += w;
                let mut found = false;
                for &t in targets {
                    found |= scratch.on_english_side[t as usize] == generation;
                    scratch.translated_by_chinese[t as usize] = generation;
                }
                if found {
                    hit += w;
                }
            }
            m.unexplained += 1.0 - shrunk_coverage(hit, weight);
            zh_hit += hit;
            zh_weight += weight;
        }
        let (mut en_hit, mut en_weight) = (0.0f32, 0.0f32);
        for f in en_side {
            let (mut hit, mut weight) = numbers_matched(f, zh_side);
            for (&term, &name) in f.terms.iter().zip(&f.names) {
                let w = self.en_weight[term as usize];
                weight += w;
                let translated = |t: u32| t != NO_TERM && scratch.translated_by_chinese[t as usize] == generation;
                if translated(term) || translated(name) {
                    hit += w;
                }
            }
            m.unexplained += 1.0 - shrunk_coverage(hit, weight);
            en_hit += hit;
            en_weight += weight;
        }
        m.zh_coverage = shrunk_coverage(zh_hit, zh_weight);
        m.en_coverage = shrunk_coverage(en_hit, en_weight);
        m
    }

    /// Gale–Church length cost: how surprising the English length is given the Chinese
    /// length, in units of negative log probability.
    pub fn length_cost(&self, zh: Range<usize>, en: Range<usize>) -> f32 {
        let lz: f32 = self.zh[zh].iter().map(|f| f.length).sum();
        let le: f32 = self.en[en].iter().map(|f| f.length).sum();
        let expected = lz * self.length_ratio;
        let variance = LENGTH_VARIANCE * (expected + le).max(1.0) / 2.0 * self.length_ratio;
        let delta = (le - expected) / variance.sqrt();
        delta * delta / 2.0
    }

    /// Marks Chinese sentences that repeat earlier ones: leaving them unpaired costs
    /// nothing, since their translation is already paired with the first occurrence.
    pub fn mark_repeats(&mut self, repeats: Vec<bool>) {
        assert_eq!(repeats.len(), self.zh.len(), "one flag per Chinese sentence");
        self.repeats = repeats;
    }

    pub fn is_repeat(&self, zh: usize) -> bool {
        self.repeats[zh]
    }

    /// Adds word pairs learnt from the document's own confident beads.
    pub fn learn_translations(&mut self, pairs: &[(u32, u32)]) {
        for &(zh, en) in pairs {
            let list = &mut self.translations[zh as usize];
            if let Err(at) = list.binary_search(&en) {
                list.insert(at, en);
            }
        }
    }

    /// Chinese word ids of sentence `i` and English term ids of sentence `j`, for learning.
    pub fn zh_terms(&self, i: usize) -> &[u32] {
        &self.zh[i].terms
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

    pub fn has_translation(&self, zh_word: u32) -> bool {
        !self.translations[zh_word as usize].is_empty()
    }
}

/// English characters per Chinese character when a document gives no evidence (one side
/// empty); about what news and literary translation show.
const DEFAULT_LENGTH_RATIO: f32 = 3.0;
/// Variance of the length difference per character (Gale & Church's s², scaled).
const LENGTH_VARIANCE: f32 = 2.5;

/// Weighted hits and weight of the numbers of one sentence against the other side.
fn numbers_matched(sentence: &Features, other_side: &[Features]) -> (f32, f32) {
    let mut matched = 0;
    for number in &sentence.numbers {
        if other_side.iter().flat_map(|f| &f.numbers).any(|other| same_quantity(number, other)) {
            matched += 1;
        }
    }
    (NUMBER_WEIGHT * matched as f32, NUMBER_WEIGHT * sentence.numbers.len() as f32)
}

fn english_features(text: &str, tokenizer: &Tokenizer, ids: &mut Interner) -> Features {
    let mut terms = Vec::new();
    let mut names = Vec::new();
    for word in english_word_spans(text) {
        let lower = word.to_lowercase();
        if is_stop_word(&lower) || lower.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        terms.push(ids.id(&tokenizer.stem(&lower)));
        let capitalized = word.chars().next().is_some_and(char::is_uppercase);
        names.push(if capitalized { ids.id(&name_term(&lower)) } else { NO_TERM });
    }
    for mark in punctuation::marks(text) {
        terms.push(ids.id(mark));
        names.push(NO_TERM);
    }
    Features { terms, names, numbers: english_numbers(text), length: char_length(text) }
}

/// The term under which a romanised name is matched, apart from ordinary stems.
fn name_term(lower: &str) -> String {
    format!("#{lower}")
}

/// English terms a Chinese word may translate to: stems of its dictionary glosses (or of
/// the glosses of its parts), its pinyin name keys, and itself when it is Latin.
fn word_translations(
    word: &str,
    tokenizer: &Tokenizer,
    lexicon: &'static Lexicon,
    cache: &mut HashMap<&'static str, Vec<String>>,
) -> Vec<String> {
    let mut out = Vec::new();
    if word.starts_with('<') {
        out.push(word.to_string()); // a punctuation mark stands for itself
        return out;
    }
    if word.chars().all(|c| c.is_alphanumeric() && !crate::runs::is_han(c)) {
        let lower = word.to_lowercase();
        out.push(tokenizer.stem(&lower));
        out.push(name_term(&lower));
        return out;
    }
    let mut add_glosses = |w: &str, out: &mut Vec<String>| {
        if let Some(glosses) = lexicon.glosses(w) {
            for gloss in glosses {
                out.extend(cache.entry(gloss).or_insert_with(|| gloss_stems(gloss, tokenizer)).iter().cloned());
            }
            true
        } else {
            false
        }
    };
    if !add_glosses(word, &mut out) {
        for part in lexicon.decompose(word) {
            add_glosses(part, &mut out);
        }
    }
    out.extend(name_keys(word).iter().map(|k| name_term(k)));
    out
}

/// Content-word stems of one dictionary gloss; notes in parentheses are dropped.
fn gloss_stems(gloss: &str, tokenizer: &Tokenizer) -> Vec<String> {
    let mut plain = String::with_capacity(gloss.len());
    let mut depth = 0usize;
    for c in gloss.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    english_word_spans(&plain)
        .map(str::to_lowercase)
        .filter(|w| !is_stop_word(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| tokenizer.stem(&w))
        .collect()
}

/// Inverse document frequency of each term, over the sentences of one side.
fn idf(features: &[Features], vocabulary: usize) -> Vec<f32> {
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
    df.iter().map(|&d| (1.0 + n / d.max(1) as f32).ln()).collect()
}

fn char_length(text: &str) -> f32 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f32
}
