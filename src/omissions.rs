//! Omissions: the beads of two parallel documents in, the same beads with untranslated
//! sentences split off out.
//!
//! The aligner leaves a sentence of two parallel documents unpaired only when nothing
//! near it can take it, because omissions are rare and leaving a translated sentence
//! alone costs a strict error. So a sentence whose translation is missing usually ends up
//! at the edge of a neighbouring bead (2-1 … 4-1), and `coverage` would report it as
//! translated. This stage looks at every bead with several sentences on a side and
//! weighs, for the sentences at its edges, the evidence that the other side of the bead
//! does not translate them:
//!
//! * **length**: without them the bead's two sides fit the document's length ratio much
//!   better (the Gale–Church cost falls by a clear margin); this is required;
//! * and **content**, either of:
//!   - *nothing of the other side needs them*: the words, numbers and names of the other
//!     side that they translate are (almost) all translated by the rest of the bead too,
//!     although their length would predict a proportional share. Of the two this is the
//!     telling one in news, where common words recur in every sentence;
//!   - *they need nothing of the other side*: little of their own content (their
//!     coverage) is translated by the other side.
//!
//! Only then is the edge split off as its own one-sided bead. Length or weak dictionary
//! evidence alone are common in faithful literary translation (free renderings, few
//! dictionary matches), which is why neither is used on its own.
//!
//! A second test weighs the same two kinds of evidence as one likelihood ratio (see
//! `untranslated_evidence`): the length gain plus, for each word of the sentences cut,
//! how likely it is that the other side shows (or lacks) its translation if they are
//! translated there (the word's translation rate in this document) against if they are
//! not (how often the other-side sentences around the bead show it by chance). A
//! well-translated word whose translation is missing counts for an omission, a rare word
//! matched counts against it, and a common word matched anywhere counts for nothing; so
//! a short sentence whose length misfit is small is still cut when its words are telling. A cut of the first test is taken only where this evidence
//! does not speak against it; where the first test finds none, this evidence alone cuts
//! when it passes `MIN_EVIDENCE` (6 nats). What is left of a cut bead is tested again.

use std::ops::Range;

use crate::align::pairs::DenseBag;
use crate::beads::Bead;
use crate::score::{shrunk_coverage, Scorer};

/// A sentence whose own coverage by the other side of its bead is below this is one that
/// "needs nothing" of it (a translated sentence's median is about 0.5).
const MAX_COVERAGE: f32 = 0.2;
/// Sentences "nothing of the other side needs" explain less than this share of what
/// their length predicts of the other side's translated content.
const MAX_MARGINAL_SHARE: f32 = 0.3;
/// The Gale–Church cost of the bead must fall by more than this (in units of negative
/// log probability) when the sentences are taken out.
const MIN_LENGTH_GAIN: f32 = 4.0;
/// Weighed evidence ([`untranslated_evidence`] of the sentences cut plus the length gain,
/// in nats) beyond which sentences are cut: omissions are rare, so the evidence must
/// outweigh prior odds of several hundred to one.
const MIN_EVIDENCE: f32 = 6.0;
/// What one sentence's words may count against its being untranslated: a sentence that
/// shares a passage's topic with its neighbour's translation matches many of its words
/// together (they are not independent sightings), and must not outweigh its length.
const MAX_COUNTER_EVIDENCE: f32 = 5.0;
/// Other-side sentences on each side of the tested ones whose matches with a sentence
/// measure what it matches by chance.
const CHANCE_SAMPLE: usize = 10;
/// One-to-one beads on each side of an unpaired run along which it may move.
const MAX_CHAIN: usize = 8;
/// What one pair's length misfit may count against it (nats): a sentence that is half of
/// a one-to-two translation fits its partner's length badly but matches its words, and
/// one odd length must not outweigh them (the aligner caps its length cost likewise).
const MAX_LENGTH_MISFIT: f32 = 4.0;
/// Nats by which a run's new place must fit the chain's pairs better than its old one.
const MIN_SLIDE_GAIN: f32 = 0.0;
/// A word translated (almost) always is still sometimes rendered freely.
const MAX_RATE: f32 = 0.9;

/// Splits off the edge sentences of multi-sentence beads that the other side of the bead
/// does not explain, as one-sided beads in reading order.
pub fn split_unexplained(scorer: &Scorer, beads: Vec<Bead>) -> Vec<Bead> {
    let mut bag = DenseBag::new(scorer);
    let beads = split_with(scorer, &mut bag, beads);
    slide_unpaired(scorer, &mut bag, beads)
}

/// [`split_unexplained`] with a table of the words' translations loaded once.
fn split_with(scorer: &Scorer, bag: &mut DenseBag, beads: Vec<Bead>) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len());
    for bead in beads {
        match unexplained_edges(scorer, bag, &bead) {
            None => out.push(bead),
            // What is left of the bead may lose another sentence: one cut at a time.
            Some(split) => out.extend(split_with(scorer, bag, split)),
        }
    }
    out
}

/// Which side of a bead a cut applies to; its methods put the two sides in the order the
/// scorer takes them.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Zh,
    En,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::Zh => Side::En,
            Side::En => Side::Zh,
        }
    }

    /// This side's sentences of a bead.
    fn of(self, bead: &Bead) -> &[usize] {
        match self {
            Side::Zh => &bead.zh,
            Side::En => &bead.en,
        }
    }

    /// The bead's (this side, other side) of its Chinese and English ranges.
    fn sides(self, zh: Range<usize>, en: Range<usize>) -> (Range<usize>, Range<usize>) {
        match self {
            Side::Zh => (zh, en),
            Side::En => (en, zh),
        }
    }

    /// (hit, weight) of sentence `k` of this side as the sentences `other` of the other
    /// side explain it.
    fn explained(self, scorer: &Scorer, k: usize, other: Range<usize>) -> (f32, f32) {
        match self {
            Side::Zh => scorer.zh_explained(k, other),
            Side::En => scorer.en_explained(k, other),
        }
    }

    /// How much of sentence `k` of the other side the sentences `part` of this side explain.
    fn explains(self, scorer: &Scorer, part: Range<usize>, k: usize) -> f32 {
        match self {
            Side::Zh => scorer.en_explained(k, part).0,
            Side::En => scorer.zh_explained(k, part).0,
        }
    }

    /// The anchor positions of sentence `k` of this side that sentence `j` of the other
    /// side explains.
    fn hits(self, scorer: &Scorer, bag: &mut DenseBag, k: usize, j: usize) -> u128 {
        match self {
            Side::Zh => bag.hits(scorer, k, j).zh,
            Side::En => bag.hits(scorer, j, k).en,
        }
    }

    fn position_rates(self, scorer: &Scorer, k: usize) -> Vec<Option<f32>> {
        match self {
            Side::Zh => scorer.zh_position_rates(k),
            Side::En => scorer.en_position_rates(k),
        }
    }

    /// How many sentences the other side has.
    fn other_sentences(self, scorer: &Scorer) -> usize {
        let (zh, en) = scorer.sentence_counts();
        match self {
            Side::Zh => en,
            Side::En => zh,
        }
    }

    fn length(self, scorer: &Scorer, part: Range<usize>) -> f32 {
        part.map(|k| match self {
            Side::Zh => scorer.zh_length(k),
            Side::En => scorer.en_length(k),
        })
        .sum()
    }

    /// The Gale–Church cost of `this` (of this side) against `other`.
    fn length_cost(self, scorer: &Scorer, this: Range<usize>, other: Range<usize>) -> f32 {
        match self {
            Side::Zh => scorer.length_cost(this, other),
            Side::En => scorer.length_cost(other, this),
        }
    }

    /// A bead with `this` on this side and `other` on the other.
    fn bead(self, this: Vec<usize>, other: Vec<usize>, confidence: f64) -> Bead {
        let (zh, en) = match self {
            Side::Zh => (this, other),
            Side::En => (other, this),
        };
        Bead::new(zh, en, confidence)
    }
}

/// The bead cut into (leading one-sided beads, the pair, trailing one-sided beads), when
/// the edges of one of its sides are not translated by the other side: by the length and
/// coverage test (see the module doc) where the weighed evidence of
/// [`untranslated_evidence`] does not speak against it, else where the weighed evidence
/// alone passes [`MIN_EVIDENCE`].
fn unexplained_edges(scorer: &Scorer, bag: &mut DenseBag, bead: &Bead) -> Option<Vec<Bead>> {
    if !bead.is_pair() {
        return None;
    }
    let (zh, en) = (range(&bead.zh), range(&bead.en));
    let full_cost = scorer.length_cost(zh.clone(), en.clone());
    // (length gain, side, kept) of the length and coverage test; (evidence, side, kept)
    // of the weighed evidence alone.
    let mut best: Option<(f32, Side, Range<usize>)> = None;
    let mut best_weighed: Option<(f32, Side, Range<usize>)> = None;
    for side in [Side::Zh, Side::En] {
        let (this, other) = side.sides(zh.clone(), en.clone());
        if this.len() < 2 {
            continue;
        }
        // What of the other side a stretch of this side translates.
        let explained_by = |part: Range<usize>| -> f32 {
            other
                .clone()
                .map(|k| side.explains(scorer, part.clone(), k))
                .sum()
        };
        let needs_nothing = |k: usize| {
            let (hit, weight) = side.explained(scorer, k, other.clone());
            shrunk_coverage(hit, weight) < MAX_COVERAGE
        };
        let explained_by_all = explained_by(this.clone());
        // Each sentence's evidence, counted against it at most `MAX_COUNTER_EVIDENCE`.
        let evidence: Vec<f32> = this
            .clone()
            .map(|k| {
                untranslated_evidence(scorer, bag, side, k, widened(side, scorer, &other))
                    .max(-MAX_COUNTER_EVIDENCE)
            })
            .collect();
        let n = this.len();
        for p in 0..n {
            for q in 0..n - p {
                if p + q == 0 {
                    continue;
                }
                let kept = this.start + p..this.end - q;
                let gain = full_cost - side.length_cost(scorer, kept.clone(), other.clone());
                let weighed = gain + evidence[..p].iter().chain(&evidence[n - q..]).sum::<f32>();
                if weighed > MIN_EVIDENCE
                    && best_weighed.as_ref().is_none_or(|(e, ..)| weighed > *e)
                {
                    best_weighed = Some((weighed, side, kept.clone()));
                }
                // The length and coverage test's cuts must not go against the words.
                if weighed <= 0.0
                    || gain <= MIN_LENGTH_GAIN
                    || best.as_ref().is_some_and(|(g, ..)| gain <= *g)
                {
                    continue;
                }
                let mut cut = (this.start..kept.start).chain(kept.end..this.end);
                let cut_share = 1.0
                    - side.length(scorer, kept.clone())
                        / side.length(scorer, this.clone()).max(1.0);
                let marginal = explained_by_all - explained_by(kept.clone());
                let nothing_needs_them =
                    marginal <= MAX_MARGINAL_SHARE * cut_share * explained_by_all;
                if nothing_needs_them || cut.all(needs_nothing) {
                    best = Some((gain, side, kept));
                }
            }
        }
    }
    // In news a sentence on its neighbour's topic matches many words of the neighbour's
    // translation together, and the length and coverage test tells better which edge
    // is the one left out (and finds more).
    let (_, side, kept) = best.or(best_weighed)?;
    let (this, other) = side.sides(zh, en);
    let one_sided = |k: usize| {
        let (hit, weight) = side.explained(scorer, k, other.clone());
        side.bead(
            vec![k],
            Vec::new(),
            f64::from(1.0 - shrunk_coverage(hit, weight)),
        )
    };
    let mut split: Vec<Bead> = (this.start..kept.start).map(one_sided).collect();
    split.push(side.bead(
        kept.clone().collect(),
        other.clone().collect(),
        bead.confidence,
    ));
    split.extend((kept.end..this.end).map(one_sided));
    Some(split)
}

/// Evidence, as a log-likelihood ratio in nats, that sentence `k` of `side` is not
/// translated by the other side's sentences `other` (positive) rather than translated
/// there (negative). Each of its words (pronouns aside, a word said twice once) is
/// weighed: if `k` is translated in `other`, the word's translation shows there as often
/// as this document translates that word (its translation rate); if not, only as often
/// as it shows by chance, which the other-side sentences around `other` measure
/// ([`CHANCE_SAMPLE`]). A word shown by chance as often as by translation says nothing;
/// a well-translated word whose translation is missing says much. The other side's one
/// sentence before and after `other` count as `other` too: a sentence the neighbouring
/// bead translates sits at the wrong boundary, it is not left out.
fn untranslated_evidence(
    scorer: &Scorer,
    bag: &mut DenseBag,
    side: Side,
    k: usize,
    other: Range<usize>,
) -> f32 {
    let rates = side.position_rates(scorer, k);
    let end = side.other_sentences(scorer);
    let in_other = other
        .clone()
        .fold(0u128, |mask, j| mask | side.hits(scorer, bag, k, j));
    let before = other.start.saturating_sub(CHANCE_SAMPLE)..other.start;
    let after = other.end..(other.end + CHANCE_SAMPLE).min(end);
    let chance: Vec<u128> = before
        .chain(after)
        .map(|j| side.hits(scorer, bag, k, j))
        .collect();
    let sampled = chance.len() as f32;
    let mut evidence = 0.0;
    for (p, rate) in rates.into_iter().enumerate() {
        let Some(rate) = rate else { continue };
        let rate = rate.min(MAX_RATE);
        // The chance that one sentence shows it (half a sighting added, so that a word
        // never seen is not impossible), then that any of `other` does.
        let seen = chance.iter().filter(|&&mask| mask >> p & 1 == 1).count() as f32;
        let in_one = (seen + 0.5) / (sampled + 1.0);
        let by_chance = 1.0 - (1.0 - in_one).powi(other.len() as i32);
        if by_chance >= rate {
            continue;
        }
        evidence += match in_other >> p & 1 == 1 {
            true => (by_chance / rate).ln(),
            false => ((1.0 - by_chance) / (1.0 - rate)).ln(),
        };
    }
    evidence
}

/// `other` (sentences of the side opposite `side`) and one more sentence on each side:
/// a sentence the neighbouring bead translates sits at the wrong boundary, it is not
/// left out.
fn widened(side: Side, scorer: &Scorer, other: &Range<usize>) -> Range<usize> {
    other.start.saturating_sub(1)..(other.end + 1).min(side.other_sentences(scorer))
}

/// Log-likelihood, in nats, that sentence `x` of `side` and sentence `y` of the other
/// side translate each other rather than not: each one's words as
/// [`untranslated_evidence`] weighs them against the other, and how well their lengths
/// fit (the Gale–Church cost, at most [`MAX_LENGTH_MISFIT`]).
fn pair_evidence(scorer: &Scorer, bag: &mut DenseBag, side: Side, x: usize, y: usize) -> f32 {
    -untranslated_evidence(scorer, bag, side, x, y..y + 1)
        - untranslated_evidence(scorer, bag, side.other(), y, x..x + 1)
        - side
            .length_cost(scorer, x..x + 1, y..y + 1)
            .min(MAX_LENGTH_MISFIT)
}

/// Moves each run of sentences left unpaired along the chain of one-to-one beads next to
/// it, to where the words say the chain's pairs fit best.
///
/// A translation that leaves out a sentence puts the two documents out of step by one
/// until the aligner leaves a sentence unpaired; a length-only path may instead pair a run
/// of one-to-one beads each with its neighbour's partner and leave the wrong sentence
/// unpaired at the run's end. With the run of `d` unpaired sentences at offset `q` of the
/// chain, the chain's sentences before it pair with their own partners and those after it
/// with the partners `d` further on; each placement is weighed by the sum of its pairs'
/// [`pair_evidence`], and the run moves where that sum is highest.
fn slide_unpaired(scorer: &Scorer, bag: &mut DenseBag, mut beads: Vec<Bead>) -> Vec<Bead> {
    let mut start = 0;
    while start < beads.len() {
        let Some(side) = one_sided(&beads[start]) else {
            start += 1;
            continue;
        };
        // The run of unpaired sentences of `side` at `start..end`.
        let mut end = start + 1;
        while end < beads.len()
            && one_sided(&beads[end]).is_some_and(|s| s == side)
            && side.of(&beads[end])[0] == side.of(&beads[end - 1])[0] + 1
        {
            end += 1;
        }
        let one_to_one = |b: &Bead| b.zh.len() == 1 && b.en.len() == 1;
        let before = beads[..start]
            .iter()
            .rev()
            .take(MAX_CHAIN)
            .take_while(|b| one_to_one(b))
            .count();
        let after = beads[end..]
            .iter()
            .take(MAX_CHAIN)
            .take_while(|b| one_to_one(b))
            .count();
        let chain = start - before..end + after;
        if let Some(slid) = slide(scorer, bag, side, &beads[chain.clone()], before) {
            beads.splice(chain, slid);
        }
        start = end + after;
    }
    beads
}

/// The beads of `chain` (one-to-one beads, then the unpaired run of `side` at `offset`,
/// then one-to-one beads) with the run moved where the pairs fit best, if that is not
/// where it is.
fn slide(
    scorer: &Scorer,
    bag: &mut DenseBag,
    side: Side,
    chain: &[Bead],
    offset: usize,
) -> Option<Vec<Bead>> {
    let this: Vec<usize> = chain.iter().flat_map(|b| side.of(b).iter().copied()).collect();
    let other: Vec<usize> = chain
        .iter()
        .flat_map(|b| side.other().of(b).iter().copied())
        .collect();
    let d = this.len() - other.len();
    if other.is_empty() {
        return None;
    }
    // own[i]: other[i] with this[i]; shifted[i]: other[i] with this[i + d].
    let own: Vec<f32> = (0..other.len())
        .map(|i| pair_evidence(scorer, bag, side, this[i], other[i]))
        .collect();
    let shifted: Vec<f32> = (0..other.len())
        .map(|i| pair_evidence(scorer, bag, side, this[i + d], other[i]))
        .collect();
    let fit = |q: usize| own[..q].iter().sum::<f32>() + shifted[q..].iter().sum::<f32>();
    let now = fit(offset);
    let (best, gain) = (0..=other.len())
        .map(|q| (q, fit(q) - now))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    if gain <= MIN_SLIDE_GAIN {
        return None;
    }
    // A pair keeps the confidence its other-side sentence had, the run its own.
    let pairs: Vec<f64> = chain.iter().filter(|b| b.is_pair()).map(|b| b.confidence).collect();
    let unpaired = chain.iter().filter(|b| !b.is_pair()).map(|b| b.confidence);
    let pair = |i: usize, k: usize| side.bead(vec![k], vec![other[i]], pairs[i]);
    let mut out: Vec<Bead> = (0..best).map(|i| pair(i, this[i])).collect();
    out.extend(
        this[best..best + d]
            .iter()
            .zip(unpaired)
            .map(|(&k, confidence)| side.bead(vec![k], Vec::new(), confidence)),
    );
    out.extend((best..other.len()).map(|i| pair(i, this[i + d])));
    Some(out)
}

/// The side of a one-sided bead.
fn one_sided(bead: &Bead) -> Option<Side> {
    match (bead.zh.is_empty(), bead.en.is_empty()) {
        (false, true) => Some(Side::Zh),
        (true, false) => Some(Side::En),
        _ => None,
    }
}

/// The consecutive ids of one side of a bead as a range.
fn range(ids: &[usize]) -> Range<usize> {
    match (ids.first(), ids.last()) {
        (Some(&first), Some(&last)) => first..last + 1,
        _ => 0..0,
    }
}
