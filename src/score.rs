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
//!
//! Matching is computed per sentence pair ([`Scorer::pair`]: which anchor positions of
//! each sentence the other one explains, as bit masks) and combined for many-to-many
//! beads by OR-ing masks, so the aligner computes each pair once however many bead
//! shapes contain it.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::ops::Range;

use crate::anchors::lexicon::Lexicon;
use crate::anchors::names::{name_keys, romanisation_matches};
use pinyin::ToPinyin;
use crate::anchors::numbers::{chinese_numbers, english_numbers, same_quantity, Number};
use crate::anchors::punctuation;
use crate::sentences::Sentence;
use crate::tokens::{english_word_spans, is_stop_word, Tokenizer};

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
    /// Characters, not counting whitespace.
    length: f32,
    /// Weight of each anchor position: the translatable terms, then the numbers.
    weights: Vec<f32>,
    /// Their sum.
    total_weight: f32,
    /// Where the numbers' positions start.
    first_number: usize,
}

impl Features {
    fn set_weights(&mut self, terms: impl Iterator<Item = f32>) {
        self.weights.clear();
        self.weights.extend(terms.take(MAX_POSITIONS));
        self.first_number = self.weights.len();
        let room = MAX_POSITIONS - self.weights.len();
        self.weights.extend(self.numbers.iter().take(room).map(|_| NUMBER_WEIGHT));
        self.total_weight = self.weights.iter().sum();
    }
}

/// One Chinese sentence's translations: English term id → positions of the words that
/// translate to it, sorted by term. Built when a DP row needs it and dropped after, so
/// memory does not grow with the document (a bag holds hundreds of entries).
#[derive(Debug, Clone, Default)]
pub struct Bag(Vec<(u32, u128)>);

impl Bag {
    fn lookup(&self, term: u32) -> u128 {
        match self.0.binary_search_by_key(&term, |&(t, _)| t) {
            Ok(at) => self.0[at].1,
            Err(_) => 0,
        }
    }
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

fn shrunk_coverage(hit: f32, weight: f32) -> f32 {
    (hit + COVERAGE_PRIOR * PSEUDO_WEIGHT) / (weight + PSEUDO_WEIGHT)
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
        let lexicon = Lexicon::global();
        let mut en_ids = Interner::default();
        let en_features: Vec<Features> = en.iter().map(|s| english_features(&s.text, tokenizer, &mut en_ids)).collect();

        let mut zh_ids = Interner::default();
        let mut translations: Vec<Vec<u32>> = Vec::new();
        let mut zh_features = Vec::with_capacity(zh.len());
        for sentence in zh {
            let words = tokenizer.chinese_words(&sentence.text);
            let mut terms = Vec::with_capacity(words.len());
            for word in words.into_iter().chain(punctuation::marks(&sentence.text)) {
                let id = zh_ids.id(word);
                if id as usize == translations.len() {
                    let mut ids: Vec<u32> = with_translations(word, tokenizer, lexicon, |targets| targets.iter().map(|t| en_ids.id(t)).collect());
                    ids.sort_unstable();
                    ids.dedup();
                    translations.push(ids);
                }
                terms.push(id);
            }
            zh_features.push(Features {
                terms,
                numbers: chinese_numbers(&sentence.text),
                length: char_length(&sentence.text),
                ..Features::default()
            });
        }
        add_transliterated_names(&zh_ids, &en_ids, lexicon, &mut translations);
        let en_terms = en_ids.ids.len();
        let zh_weight = idf(&zh_features, zh_ids.ids.len());
        let en_weight = idf(&en_features, en_terms);
        let total = |f: &[Features]| f.iter().map(|f| f.length).sum::<f32>();
        let length_ratio = match (total(&zh_features), total(&en_features)) {
            (z, e) if z > 0.0 && e > 0.0 => e / z,
            _ => DEFAULT_LENGTH_RATIO,
        };
        let repeats = vec![false; zh_features.len()];
        let mut scorer =
            Scorer { zh: zh_features, en: en_features, zh_weight, en_weight, translations, en_terms, length_ratio, repeats };
        scorer.index_english();
        scorer.index_chinese();
        scorer
    }

    fn index_english(&mut self) {
        for f in &mut self.en {
            let terms = std::mem::take(&mut f.terms);
            f.set_weights(terms.iter().map(|&t| self.en_weight[t as usize]));
            f.terms = terms;
        }
    }

    /// Anchor positions of the Chinese sentences; again after learning translations.
    fn index_chinese(&mut self) {
        for f in &mut self.zh {
            let terms = std::mem::take(&mut f.terms);
            let translatable = terms.iter().filter(|&&w| !self.translations[w as usize].is_empty());
            f.set_weights(translatable.map(|&w| self.zh_weight[w as usize]));
            f.terms = terms;
        }
    }

    /// Calls `f(term, positions)` for every English term a word of Chinese sentence `i`
    /// translates to, with the anchor position of that word (numbered as in
    /// [`Scorer::index_chinese`]); a term comes once per word that has it.
    pub fn for_each_translation(&self, i: usize, mut f: impl FnMut(u32, u128)) {
        let mut position = 0;
        for &word in &self.zh[i].terms {
            let targets = &self.translations[word as usize];
            if targets.is_empty() || position == MAX_POSITIONS {
                continue;
            }
            for &t in targets {
                f(t, 1u128 << position);
            }
            position += 1;
        }
    }

    /// The translations of Chinese sentence `i`, for [`Scorer::pair_with`].
    pub fn bag(&self, i: usize) -> Bag {
        let mut bag: Vec<(u32, u128)> = Vec::new();
        self.for_each_translation(i, |t, position| bag.push((t, position)));
        bag.sort_unstable_by_key(|&(t, _)| t);
        bag.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                earlier.1 |= later.1;
            }
            same
        });
        Bag(bag)
    }

    /// [`Scorer::pair_with`] building sentence `i`'s bag on the spot.
    pub fn pair(&self, i: usize, j: usize) -> PairHits {
        let bag = self.bag(i);
        self.pair_with(|term| bag.lookup(term), !bag.0.is_empty(), i, j)
    }

    /// Which anchor positions of Chinese sentence `i` and English sentence `j` the other
    /// explains: a Chinese word whose translation is in `j`, an English term that
    /// translates a word of `i` (or a name whose pinyin it is), a number both state.
    /// `translate` looks an English term up in sentence `i`'s [`Bag`] (or a faster copy
    /// of it); `any_translations` says whether that bag has entries at all.
    pub fn pair_with(&self, translate: impl Fn(u32) -> u128, any_translations: bool, i: usize, j: usize) -> PairHits {
        let (z, e) = (&self.zh[i], &self.en[j]);
        let mut hits = PairHits::default();
        if any_translations {
            for (p, (&term, &name)) in e.terms.iter().zip(&e.names).take(e.first_number).enumerate() {
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
        for (a, zn) in z.numbers.iter().enumerate().take(z.weights.len() - z.first_number) {
            for (b, en) in e.numbers.iter().enumerate().take(e.weights.len() - e.first_number) {
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
    pub fn matching(&self, zh: Range<usize>, en: Range<usize>, mut pairs: impl FnMut(usize, usize) -> PairHits) -> Match {
        debug_assert!(zh.len() <= MAX_SIDE && en.len() <= MAX_SIDE);
        let mut en_masks = [0u128; MAX_SIDE];
        let mut en_hits = [0.0f32; MAX_SIDE];
        let mut m = Match::default();
        let (mut zh_hit, mut zh_weight) = (0.0f32, 0.0f32);
        for i in zh.clone() {
            let f = &self.zh[i];
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
            m.unexplained += 1.0 - shrunk_coverage(hit, f.total_weight);
            zh_hit += hit;
            zh_weight += f.total_weight;
        }
        let (mut en_hit, mut en_weight) = (0.0f32, 0.0f32);
        for (k, j) in en.enumerate() {
            let f = &self.en[j];
            let hit = if zh.len() > 1 { weight_of(en_masks[k], &f.weights) } else { en_hits[k] };
            m.unexplained += 1.0 - shrunk_coverage(hit, f.total_weight);
            en_hit += hit;
            en_weight += f.total_weight;
        }
        m.zh_coverage = shrunk_coverage(zh_hit, zh_weight);
        m.en_coverage = shrunk_coverage(en_hit, en_weight);
        m
    }

    /// A lower bound on [`Match::unexplained`] of [`Scorer::matching`] that needs no mask
    /// unions: the most of a sentence the other side can explain is the sum of what each
    /// of its sentences explains alone. Exact when both sides have one sentence.
    pub fn unexplained_bound(&self, zh: Range<usize>, en: Range<usize>, mut pairs: impl FnMut(usize, usize) -> PairHits) -> f32 {
        let mut en_hits = [0.0f32; MAX_SIDE];
        let mut unexplained = 0.0;
        for i in zh {
            let mut hit = 0.0;
            for (k, j) in en.clone().enumerate() {
                let pair = pairs(i, j);
                hit += pair.zh_weight;
                en_hits[k] += pair.en_weight;
            }
            let weight = self.zh[i].total_weight;
            unexplained += 1.0 - shrunk_coverage(hit.min(weight), weight);
        }
        for (k, j) in en.enumerate() {
            let weight = self.en[j].total_weight;
            unexplained += 1.0 - shrunk_coverage(en_hits[k].min(weight), weight);
        }
        unexplained
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
        self.index_chinese();
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

    /// English term ids a Chinese word may translate to.
    pub fn translations_of(&self, zh_word: u32) -> &[u32] {
        &self.translations[zh_word as usize]
    }

    /// How telling a Chinese word is (its IDF in this document).
    pub fn zh_weight(&self, zh_word: u32) -> f32 {
        self.zh_weight[zh_word as usize]
    }

}

/// English characters per Chinese character when a document gives no evidence (one side
/// empty); about what news and literary translation show.
const DEFAULT_LENGTH_RATIO: f32 = 3.0;
/// Variance of the length difference per character (Gale & Church's s², scaled).
const LENGTH_VARIANCE: f32 = 2.5;

fn english_features(text: &str, tokenizer: &Tokenizer, ids: &mut Interner) -> Features {
    let mut terms = Vec::new();
    let mut names = Vec::new();
    for word in tokenizer.english_words(text) {
        terms.push(ids.id(&word.stem));
        names.push(if word.capitalized { ids.id(&name_term(&word.lower)) } else { NO_TERM });
    }
    for mark in punctuation::marks(text) {
        terms.push(ids.id(mark));
        names.push(NO_TERM);
    }
    Features { terms, names, numbers: english_numbers(text), length: char_length(text), ..Features::default() }
}

/// Chinese words the dictionary lacks (mostly names) translate to capitalised English
/// words whose spelling is close to their pinyin ([`romanisation_matches`]).
fn add_transliterated_names(zh_ids: &Interner, en_ids: &Interner, lexicon: Lexicon, translations: &mut [Vec<u32>]) {
    // Names by first and last letter, the two letters a transliteration must share.
    let mut names_by_ends: HashMap<(u8, u8), Vec<(&str, u32)>> = HashMap::new();
    for (term, &id) in &en_ids.ids {
        if let Some(name) = term.strip_prefix('#').filter(|n| n.is_ascii()) {
            let b = name.as_bytes();
            names_by_ends.entry((b[0], b[b.len() - 1])).or_default().push((name, id));
        }
    }
    for (word, &id) in &zh_ids.ids {
        let han = word.chars().filter(|&c| crate::runs::is_han(c)).count();
        if han != word.chars().count() || !(2..=6).contains(&han) || lexicon.glosses(word).is_some() {
            continue;
        }
        let key: String = word.as_str().to_pinyin().flatten().map(|p| p.plain()).collect();
        let ends = key.as_bytes().first().zip(key.as_bytes().last());
        let Some(candidates) = ends.and_then(|(&a, &z)| names_by_ends.get(&(a, z))) else { continue };
        let list = &mut translations[id as usize];
        for &(name, name_id) in candidates {
            if romanisation_matches(&key, name) && !list.contains(&name_id) {
                list.push(name_id);
            }
        }
        list.sort_unstable();
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
    /// documents repeats most of its vocabulary, and stemming glosses is the dearest part
    /// of building a scorer.
    static TRANSLATIONS: std::cell::RefCell<FxHashMap<String, Vec<String>>> = Default::default();
}

/// Calls `f` with the English terms `word` may translate to, computed once per thread.
fn with_translations<T>(word: &str, tokenizer: &Tokenizer, lexicon: Lexicon, f: impl FnOnce(&[String]) -> T) -> T {
    TRANSLATIONS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if !cache.contains_key(word) {
            if cache.len() >= TRANSLATION_CACHE_WORDS {
                cache.clear();
            }
            cache.insert(word.to_string(), word_translations(word, tokenizer, lexicon));
        }
        f(&cache[word])
    })
}

/// English terms a Chinese word may translate to: stems of its dictionary glosses (or of
/// the glosses of its parts), its pinyin name keys, and itself when it is Latin.
fn word_translations(word: &str, tokenizer: &Tokenizer, lexicon: Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    if word.starts_with('<') {
        out.push(word.to_string()); // a punctuation mark stands for itself
        return out;
    }
    if word.chars().all(|c| c.is_alphanumeric() && !crate::runs::is_han(c)) {
        // Full-width Latin in Chinese text (ＷＴＯ) is the same word as its ASCII form.
        let lower: String = word.chars().map(crate::tokens::half_width).collect::<String>().to_lowercase();
        out.push(tokenizer.stem(&lower));
        out.push(name_term(&lower));
        return out;
    }
    let add_glosses = |w: &str, out: &mut Vec<String>| {
        if let Some(glosses) = lexicon.glosses(w) {
            for gloss in glosses {
                out.extend(gloss_stems(gloss, tokenizer));
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
