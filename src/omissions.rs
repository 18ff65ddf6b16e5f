//! Omissions: the beads of two parallel documents in, the same beads with untranslated
//! sentences split off (and the stretches around them aligned again) out.
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
//!
//! Then each stretch of beads around sentences left unpaired is aligned again by the
//! same evidence (see `realign_around_unpaired`), a passage left out weighed as one
//! omission: this moves the unpaired sentences of a chain the aligner shifted by one,
//! and gathers a passage's orphans it spread over the beads around them. A passage then
//! takes in the sentences next to it while any evidence is for them
//! (`extend_passages`), and last a sentence that repeats its neighbour, which the other
//! side renders once, is split off (`cut_echoes`).
//!
//! A word's translation rate leaves the tested sentence's own occurrences out
//! ([`Scorer::zh_position_rates`]), so that a sentence left untranslated does not lower
//! its own words' rates.

use std::ops::Range;

use crate::align::pairs::DenseBag;
use crate::align::SHAPES;
use crate::beads::Bead;
use crate::score::{shrunk_coverage, PairHits, Scorer};

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
/// Weighed evidence beyond which Chinese sentences whose coverage is below
/// `MAX_COVERAGE_LEFT_OUT` are cut. Translators add English (explanations, a clause
/// spelt out) far more often than they leave Chinese out, so a Chinese sentence of
/// which the English says (almost) nothing is rarely a free rendering.
const MIN_EVIDENCE_LEFT_OUT: f32 = 4.5;
/// Coverage by the other side of its bead under which a Chinese sentence is one the
/// English says almost nothing of (a translated sentence's median is about 0.5).
const MAX_COVERAGE_LEFT_OUT: f32 = 0.15;
/// What one sentence's words may count against its being untranslated: a sentence that
/// shares a passage's topic with its neighbour's translation matches many of its words
/// together (they are not independent sightings), and must not outweigh its length.
const MAX_COUNTER_EVIDENCE: f32 = 5.0;
/// Other-side sentences on each side of the tested ones whose matches with a sentence
/// measure what it matches by chance.
const CHANCE_SAMPLE: usize = 10;
/// What a bead's length misfit may count against it in the re-alignment (nats): one odd
/// length must not outweigh the words (the aligner caps its length cost likewise).
const MAX_LENGTH_MISFIT: f32 = 4.0;
/// A bead with at least this many sentences on a side has its length misfit counted in
/// full in the re-alignment: a free rendering lengthens or shortens a sentence or two, but
/// three or four sentences whose lengths disagree with their partner are no free rendering
/// (the aligner forms such beads only where the lengths fit); they are the shape a passage
/// left out takes when its edge sentences are folded into a neighbour's pair.
const MIN_FULL_MISFIT_SIDE: usize = 3;
/// A sentence echoes its neighbour when it says at least this share of the neighbour's
/// content, and half as much of its own is the neighbour's.
const MIN_ECHO_SHARE: f32 = 0.8;
/// A word translated (almost) always is still sometimes rendered freely.
const MAX_RATE: f32 = 0.9;

/// Splits off the edge sentences of multi-sentence beads that the other side of the bead
/// does not explain, as one-sided beads in reading order, then aligns the stretches
/// around unpaired sentences again by the words' evidence.
pub fn split_unexplained(scorer: &Scorer, beads: Vec<Bead>) -> Vec<Bead> {
    let mut bag = DenseBag::new(scorer);
    let beads = split_with(scorer, &mut bag, beads);
    let beads = realign_around_unpaired(scorer, &mut bag, beads);
    let beads = extend_passages(scorer, &mut bag, beads);
    cut_echoes(scorer, beads)
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

    /// The coverage of sentence `k` of this side by the sentences `other` of the other
    /// side ([`shrunk_coverage`] of what they explain of it).
    fn coverage(self, scorer: &Scorer, k: usize, other: Range<usize>) -> f32 {
        let (hit, weight) = self.explained(scorer, k, other);
        shrunk_coverage(hit, weight)
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

    /// The share of sentence `k`'s content that sentence `other` of this side says too.
    fn repeated(self, scorer: &Scorer, k: usize, other: usize) -> f32 {
        match self {
            Side::Zh => scorer.zh_repeated(k, other),
            Side::En => scorer.en_repeated(k, other),
        }
    }

    /// How many sentences this side has.
    fn sentences(self, scorer: &Scorer) -> usize {
        let (zh, en) = scorer.sentence_counts();
        match self {
            Side::Zh => zh,
            Side::En => en,
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
        self.other().sentences(scorer)
    }

    /// The side opposite this one.
    fn other(self) -> Side {
        match self {
            Side::Zh => Side::En,
            Side::En => Side::Zh,
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
        let coverage = |k: usize| side.coverage(scorer, k, other.clone());
        let needs_nothing = |k: usize| coverage(k) < MAX_COVERAGE;
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
                let bar = match side {
                    Side::Zh
                        if (this.start..kept.start)
                            .chain(kept.end..this.end)
                            .all(|k| coverage(k) < MAX_COVERAGE_LEFT_OUT) =>
                    {
                        MIN_EVIDENCE_LEFT_OUT
                    }
                    _ => MIN_EVIDENCE,
                };
                if weighed > bar && best_weighed.as_ref().is_none_or(|(e, ..)| weighed > *e) {
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
    Some(cut_edges(scorer, bead, side, kept))
}

/// `bead` with the sentences of `side` outside `kept` split off as one-sided beads, in
/// reading order.
fn cut_edges(scorer: &Scorer, bead: &Bead, side: Side, kept: Range<usize>) -> Vec<Bead> {
    let (this, other) = side.sides(range(&bead.zh), range(&bead.en));
    let one_sided = |k: usize| {
        let confidence = 1.0 - side.coverage(scorer, k, other.clone());
        side.bead(vec![k], Vec::new(), f64::from(confidence))
    };
    let mut split: Vec<Bead> = (this.start..kept.start).map(one_sided).collect();
    split.push(side.bead(
        kept.clone().collect(),
        other.clone().collect(),
        bead.confidence,
    ));
    split.extend((kept.end..this.end).map(one_sided));
    split
}

/// Extends each run of unpaired sentences by the sentences of its side at the edges of
/// the beads around it, while the weighed evidence (length gain plus the words'
/// [`untranslated_evidence`]) says the bead does not translate them: omissions come in
/// passages, so a sentence next to one is far likelier left out than one anywhere.
fn extend_passages(scorer: &Scorer, bag: &mut DenseBag, mut beads: Vec<Bead>) -> Vec<Bead> {
    let mut i = 0;
    while i < beads.len() {
        let Some(side) = one_sided(&beads[i]) else {
            i += 1;
            continue;
        };
        let run = side.sides(range(&beads[i].zh), range(&beads[i].en)).0;
        // The last sentence of the bead before, else the first of the bead after.
        let cut = [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .find_map(|b| {
                let bead = beads.get(b).filter(|bead| bead.is_pair())?;
                let (zh, en) = (range(&bead.zh), range(&bead.en));
                let (this, other) = side.sides(zh.clone(), en.clone());
                let (k, kept) = match b < i {
                    true if this.end == run.start => (this.end - 1, this.start..this.end - 1),
                    false if this.start == run.end => (this.start, this.start + 1..this.end),
                    _ => return None,
                };
                let gain = scorer.length_cost(zh, en)
                    - side.length_cost(scorer, kept.clone(), other.clone());
                let evidence =
                    untranslated_evidence(scorer, bag, side, k, widened(side, scorer, &other))
                        .max(-MAX_COUNTER_EVIDENCE);
                (!kept.is_empty() && gain + evidence > PASSAGE_EDGE_EVIDENCE).then_some((b, kept))
            });
        match cut {
            // Look at the new run's edge again.
            Some((b, kept)) => {
                let split = cut_edges(scorer, &beads[b], side, kept);
                beads.splice(b..b + 1, split);
                i = b;
            }
            None => i += 1,
        }
    }
    beads
}

/// Splits off the repeats that [`echo_cut`] finds. It runs after the re-alignment, which
/// weighs each sentence's words alone and would pair both copies with the one rendering.
fn cut_echoes(scorer: &Scorer, beads: Vec<Bead>) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len());
    for bead in beads {
        match bead.is_pair().then(|| echo_cut(scorer, &bead)).flatten() {
            Some((_, side, kept)) => out.extend(cut_edges(scorer, &bead, side, kept)),
            None => out.push(bead),
        }
    }
    out
}

/// (length gain, side, kept) of a bead whose edge sentence repeats a neighbour of its own
/// side (a line said again, an echo of the last speaker) that the other side translates
/// once: a translator often renders a repeat once. With both copies in the bead, the copy
/// the other side explains less is cut if the bead's lengths fit better without it; with
/// the first copy in the bead before or after, the repeat is cut if the other side of its
/// own bead explains almost none of it and its lengths do not speak clearly against.
fn echo_cut(scorer: &Scorer, bead: &Bead) -> Option<(f32, Side, Range<usize>)> {
    let (zh, en) = (range(&bead.zh), range(&bead.en));
    let full_cost = scorer.length_cost(zh.clone(), en.clone());
    let mut best: Option<(f32, Side, Range<usize>)> = None;
    for side in [Side::Zh, Side::En] {
        let (this, other) = side.sides(zh.clone(), en.clone());
        if this.len() < 2 {
            continue;
        }
        let coverage = |k: usize| side.coverage(scorer, k, other.clone());
        let edges = [
            (this.start, this.start + 1..this.end),
            (this.end - 1, this.start..this.end - 1),
        ];
        for (k, kept) in edges {
            let neighbours = [k.checked_sub(1), Some(k + 1)];
            let echoes = neighbours.into_iter().flatten().filter(|&n| {
                n < side.sentences(scorer)
                    && side.repeated(scorer, n, k) >= MIN_ECHO_SHARE
                    && side.repeated(scorer, k, n) >= MIN_ECHO_SHARE / 2.0
            });
            let gain = full_cost - side.length_cost(scorer, kept.clone(), other.clone());
            for n in echoes {
                let cut = match this.contains(&n) {
                    true => gain > 0.0 && coverage(k) <= coverage(n),
                    false => gain > -MIN_LENGTH_GAIN && coverage(k) < MAX_COVERAGE,
                };
                if cut && best.as_ref().is_none_or(|(g, ..)| gain > *g) {
                    best = Some((gain, side, kept.clone()));
                }
            }
        }
    }
    best
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
    weigh_words(&rates, |j| side.hits(scorer, bag, k, j), other, end)
}

/// [`untranslated_evidence`] of a sentence whose words' translation rates are `rates`,
/// where `hits(j)` gives which of its words sentence `j` of the other side (of `end`)
/// shows.
fn weigh_words(
    rates: &[Option<f32>],
    mut hits: impl FnMut(usize) -> u128,
    other: Range<usize>,
    end: usize,
) -> f32 {
    let in_other = other.clone().fold(0u128, |mask, j| mask | hits(j));
    let before = other.start.saturating_sub(CHANCE_SAMPLE)..other.start;
    let after = other.end..(other.end + CHANCE_SAMPLE).min(end);
    let chance: Vec<u128> = before.chain(after).map(hits).collect();
    let sampled = chance.len() as f32;
    let mut evidence = 0.0;
    for (p, &rate) in rates.iter().enumerate() {
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

/// Weighed evidence beyond which a sentence next to a passage left out joins it: any
/// evidence for it at all, as a passage's own sentences are far likelier left out than
/// sentences anywhere.
const PASSAGE_EDGE_EVIDENCE: f32 = 0.0;
/// Beads on each side of a run of unpaired sentences that are aligned again with it.
const REALIGN_CONTEXT: usize = 4;
/// The most sentences a side of a re-aligned stretch may have (a stretch is a few dozen
/// sentences; this bounds the dynamic programming's work where a long passage is left out).
const MAX_REALIGNED: usize = 64;
/// What leaving a passage untranslated costs (nats) in the re-alignment: omissions are
/// rare, prior odds of some thousands to one, beyond the [`MIN_EVIDENCE`] of a cut that
/// the aligner's path already points to.
const PASSAGE_OPENING: f32 = 9.0;
/// What each further sentence of an untranslated passage costs (nats): a passage left
/// out goes on for another sentence about one time in five (e^-1.5), so that a run of
/// orphans is weighed as one omission, not as several unlikely ones.
const PASSAGE_SENTENCE: f32 = 1.5;
/// Nats by which a re-aligned stretch must score above the aligner's path: that path
/// also weighed what this score leaves out (quotation marks, paragraph breaks), so a
/// small difference in the words' favour is no reason to change it.
const MIN_REALIGN_GAIN: f32 = 3.0;

/// Aligns again, by the words' evidence, each stretch of beads around sentences left
/// unpaired.
///
/// Where a translation leaves out a sentence or a passage, the aligner (which weighs
/// length and dictionary similarity, and leaves a sentence unpaired reluctantly) may
/// pair a chain of sentences each with its neighbour's partner, spread a passage's
/// orphans over the beads around it, and leave other sentences unpaired in their place.
/// Around every run of unpaired sentences, [`REALIGN_CONTEXT`] beads a side are aligned
/// again by dynamic programming (see [`realign`]) whose bead score is the evidence that
/// the bead's sentences translate each other, and where a passage left unpaired costs
/// [`PASSAGE_OPENING`] plus [`PASSAGE_SENTENCE`] for each sentence after its first: the
/// whole run is weighed against the other side at once, not one sentence at a time.
/// Each pair also costs how much rarer its shape is than 1-1 in the aligner's path of
/// the whole document ([`ShapePrior`]).
fn realign_around_unpaired(scorer: &Scorer, bag: &mut DenseBag, beads: Vec<Bead>) -> Vec<Bead> {
    let mut stretches: Vec<Range<usize>> = Vec::new();
    for (i, bead) in beads.iter().enumerate() {
        if bead.is_pair() {
            continue;
        }
        let around = i.saturating_sub(REALIGN_CONTEXT)..(i + 1 + REALIGN_CONTEXT).min(beads.len());
        match stretches.last_mut() {
            Some(last) if last.end >= around.start => last.end = around.end,
            _ => stretches.push(around),
        }
    }
    let shapes = ShapePrior::new(&beads);
    let mut out = Vec::with_capacity(beads.len());
    let mut done = 0;
    for stretch in stretches {
        out.extend_from_slice(&beads[done..stretch.start]);
        let old = &beads[stretch.clone()];
        match realign(scorer, bag, &shapes, old) {
            Some(new) => out.extend(new),
            None => out.extend_from_slice(old),
        }
        done = stretch.end;
    }
    out.extend_from_slice(&beads[done..]);
    out
}

/// The shapes the re-alignment forms: the aligner's but 2-2, which the union of two
/// sentences a side would win by chance.
fn realigned_shape(shape: (usize, usize)) -> bool {
    SHAPES.contains(&shape) && shape != (2, 2)
}

/// How much rarer (nats) each pair shape is than 1-1 in the aligner's path through the
/// document. Without it, a sentence whose words its own pair shows poorly (a free
/// rendering) costs nothing to fold into a neighbour's pair where a word matches by
/// chance, and a passage's edge sentences fold into the pairs around it; with it, a
/// 1-3 pair is as likely as this translation makes 1-3 pairs (a translator who splits
/// long sentences makes them often).
struct ShapePrior {
    /// Pairs of the path by shape, as (Chinese, English) sentences.
    counts: Vec<((usize, usize), usize)>,
    one_to_one: usize,
}

impl ShapePrior {
    fn new(beads: &[Bead]) -> Self {
        let count = |shape: (usize, usize)| {
            beads
                .iter()
                .filter(|b| (b.zh.len(), b.en.len()) == shape)
                .count()
        };
        let counts = SHAPES
            .iter()
            .filter(|&&shape| realigned_shape(shape))
            .map(|&shape| (shape, count(shape)))
            .collect();
        ShapePrior {
            counts,
            one_to_one: count((1, 1)),
        }
    }

    /// The cost of a pair of `shape` (add-one smoothed); none for a shape the
    /// re-alignment does not form, which only the aligner's path has and whose shape the
    /// aligner weighed.
    fn cost(&self, shape: (usize, usize)) -> f32 {
        match self.counts.iter().find(|(s, _)| *s == shape) {
            Some(&(_, n)) => ((self.one_to_one + 1) as f32 / (n + 1) as f32).ln(),
            None => 0.0,
        }
    }
}

/// The sentences of consecutive beads as one range a side, if each side's follow each
/// other (a repeated paragraph paired with earlier English does not).
fn sentences_of(beads: &[Bead]) -> Option<(Range<usize>, Range<usize>)> {
    let (mut zh, mut en) = (None::<Range<usize>>, None::<Range<usize>>);
    for bead in beads {
        for (ids, side) in [(&bead.zh, &mut zh), (&bead.en, &mut en)] {
            for &k in ids.iter() {
                match side {
                    None => *side = Some(k..k + 1),
                    Some(r) if r.end == k => r.end = k + 1,
                    Some(_) => return None,
                }
            }
        }
    }
    Some((zh?, en?))
}

/// Bead scores inside one stretch: the hits of its sentences with the other side's
/// sentences around it (held once, as [`untranslated_evidence`] would look them up for
/// every candidate bead), and its words' translation rates.
struct StretchScorer<'s> {
    scorer: &'s Scorer,
    /// The stretch's Chinese and English sentences.
    zh: Range<usize>,
    en: Range<usize>,
    /// Sentences whose hits are held: the stretch and [`CHANCE_SAMPLE`] more a side.
    zh_held: Range<usize>,
    en_held: Range<usize>,
    hits: Vec<PairHits>,
    zh_rates: Vec<Vec<Option<f32>>>,
    en_rates: Vec<Vec<Option<f32>>>,
    /// Whether each sentence of the stretch was left unpaired before.
    zh_unpaired: Vec<bool>,
    en_unpaired: Vec<bool>,
}

impl<'s> StretchScorer<'s> {
    fn new(
        scorer: &'s Scorer,
        bag: &mut DenseBag,
        old: &[Bead],
        zh: Range<usize>,
        en: Range<usize>,
    ) -> Self {
        let mut zh_unpaired = vec![false; zh.len()];
        let mut en_unpaired = vec![false; en.len()];
        for b in old.iter().filter(|b| !b.is_pair()) {
            b.zh.iter().for_each(|&i| zh_unpaired[i - zh.start] = true);
            b.en.iter().for_each(|&j| en_unpaired[j - en.start] = true);
        }
        let (zh_count, en_count) = scorer.sentence_counts();
        let around = |r: &Range<usize>, end: usize| {
            r.start.saturating_sub(CHANCE_SAMPLE)..(r.end + CHANCE_SAMPLE).min(end)
        };
        let (zh_held, en_held) = (around(&zh, zh_count), around(&en, en_count));
        let hits = zh_held
            .clone()
            .flat_map(|i| en_held.clone().map(move |j| (i, j)))
            .map(|(i, j)| bag.hits(scorer, i, j))
            .collect();
        StretchScorer {
            scorer,
            zh_rates: zh.clone().map(|i| scorer.zh_position_rates(i)).collect(),
            en_rates: en.clone().map(|j| scorer.en_position_rates(j)).collect(),
            zh,
            en,
            zh_unpaired,
            en_unpaired,
            zh_held,
            en_held,
            hits,
        }
    }

    fn hits(&self, i: usize, j: usize) -> &PairHits {
        &self.hits[(i - self.zh_held.start) * self.en_held.len() + (j - self.en_held.start)]
    }

    /// Evidence (nats) that the Chinese sentences `zh` and the English `en` (both
    /// non-empty) translate each other: each sentence's [`untranslated_evidence`] against
    /// the other side, counted for them, and the length misfit (at most
    /// [`MAX_LENGTH_MISFIT`] unless a side has [`MIN_FULL_MISFIT_SIDE`] sentences)
    /// against them.
    fn pair(&self, zh: Range<usize>, en: Range<usize>) -> f32 {
        let (zh_end, en_end) = (self.zh_held.end, self.en_held.end);
        let mut evidence = 0.0;
        for i in zh.clone() {
            let rates = &self.zh_rates[i - self.zh.start];
            let words = weigh_words(rates, |j| self.hits(i, j).zh, en.clone(), en_end);
            evidence -= self.counted(Side::Zh, i, words);
        }
        for j in en.clone() {
            let rates = &self.en_rates[j - self.en.start];
            let words = weigh_words(rates, |i| self.hits(i, j).en, zh.clone(), zh_end);
            evidence -= self.counted(Side::En, j, words);
        }
        let misfit = self.scorer.length_cost(zh.clone(), en.clone());
        match zh.len().max(en.len()) >= MIN_FULL_MISFIT_SIDE {
            true => evidence - misfit,
            false => evidence - misfit.min(MAX_LENGTH_MISFIT),
        }
    }

    /// Whether sentence `k` of `side` was left unpaired before the stretch was aligned
    /// again.
    fn was_unpaired(&self, side: Side, k: usize) -> bool {
        match side {
            Side::Zh => self.zh_unpaired[k - self.zh.start],
            Side::En => self.en_unpaired[k - self.en.start],
        }
    }

    /// What `evidence` (of [`untranslated_evidence`]) of sentence `k` of `side` counts:
    /// for a sentence left unpaired before, at most [`MAX_COUNTER_EVIDENCE`] against its
    /// being untranslated, as in the cut that left it so (a sentence on its neighbour's
    /// topic matches many of its words together).
    fn counted(&self, side: Side, k: usize, evidence: f32) -> f32 {
        match self.was_unpaired(side, k) {
            true => evidence.max(-MAX_COUNTER_EVIDENCE),
            false => evidence,
        }
    }

    /// What leaving a sentence of `side` unpaired costs (nats) right after a bead that
    /// left a sentence of `previous` unpaired (or none): opening a passage costs
    /// [`PASSAGE_OPENING`], each further sentence of it only [`PASSAGE_SENTENCE`]. A
    /// sentence left unpaired before costs as much: at a discount, a wrong run the
    /// aligner's path left would hold against the pairs the words show around it.
    fn skip_cost(previous: Option<Side>, side: Side) -> f32 {
        match previous == Some(side) {
            true => PASSAGE_SENTENCE,
            false => PASSAGE_OPENING,
        }
    }

    /// How sure a sentence left unpaired is to be untranslated: how little of it the
    /// other side of the stretch explains.
    fn unpaired_confidence(&self, side: Side, k: usize) -> f64 {
        let other = side.sides(self.zh.clone(), self.en.clone()).1;
        f64::from(1.0 - side.coverage(self.scorer, k, other))
    }
}

/// The beads `old` (a stretch around unpaired sentences) aligned again, if the new
/// beads score more than [`MIN_REALIGN_GAIN`] above the old: the path through the
/// stretch that maximises the evidence of its pairs ([`StretchScorer::pair`]) less their
/// shapes' cost ([`ShapePrior`]) and what the sentences it leaves unpaired cost
/// ([`StretchScorer::skip_cost`]). Only a side whose sentences
/// the old beads leave unpaired may leave sentences unpaired: the words of a freely
/// translated stretch are weak on both sides, and must not turn into omissions on both.
fn realign(
    scorer: &Scorer,
    bag: &mut DenseBag,
    shapes: &ShapePrior,
    old: &[Bead],
) -> Option<Vec<Bead>> {
    let (zh, en) = sentences_of(old)?;
    if zh.len() > MAX_REALIGNED || en.len() > MAX_REALIGNED {
        return None;
    }
    let s = StretchScorer::new(scorer, bag, old, zh.clone(), en.clone());
    let skippable = |side: Side| old.iter().any(|b| one_sided(b) == Some(side));
    let mut old_score = 0.0;
    let mut previous = None;
    for bead in old {
        let side = one_sided(bead);
        old_score += match side {
            Some(side) => -StretchScorer::skip_cost(previous, side),
            None => {
                s.pair(range(&bead.zh), range(&bead.en))
                    - shapes.cost((bead.zh.len(), bead.en.len()))
            }
        };
        previous = side;
    }
    // best[state][cell]: the best score of the first i Chinese and j English sentences
    // of the stretch, whose last bead is a pair (state 0) or leaves a Chinese (1) or an
    // English (2) sentence unpaired.
    let (n, m) = (zh.len(), en.len());
    let cell = |i: usize, j: usize| i * (m + 1) + j;
    let states = [None, Some(Side::Zh), Some(Side::En)];
    let mut best = vec![vec![f32::NEG_INFINITY; (n + 1) * (m + 1)]; 3];
    let mut back = vec![vec![(0usize, 0usize, 0usize); (n + 1) * (m + 1)]; 3];
    best[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            for &(a, b) in SHAPES.iter().filter(|&&shape| realigned_shape(shape)) {
                if a > i || b > j {
                    continue;
                }
                let to = match (a, b) {
                    (_, 0) if skippable(Side::Zh) => 1,
                    (0, _) if skippable(Side::En) => 2,
                    (_, 0) | (0, _) => continue,
                    _ => 0,
                };
                let pair = match to {
                    0 => {
                        s.pair(
                            zh.start + i - a..zh.start + i,
                            en.start + j - b..en.start + j,
                        ) - shapes.cost((a, b))
                    }
                    _ => 0.0,
                };
                for from in 0..3 {
                    // Sentences left unpaired on both sides next to each other are a
                    // pair the words do not back (a free rendering), not two omissions.
                    if from + to == 3 {
                        continue;
                    }
                    let before = best[from][cell(i - a, j - b)];
                    let score = match states[to] {
                        None => before + pair,
                        Some(side) => before - StretchScorer::skip_cost(states[from], side),
                    };
                    if score > best[to][cell(i, j)] {
                        best[to][cell(i, j)] = score;
                        back[to][cell(i, j)] = (a, b, from);
                    }
                }
            }
        }
    }
    let (mut state, new_score) = (0..3)
        .map(|k| (k, best[k][cell(n, m)]))
        .max_by(|x, y| x.1.total_cmp(&y.1))?;
    if new_score <= old_score + MIN_REALIGN_GAIN {
        return None;
    }
    let (mut i, mut j) = (n, m);
    let mut new = Vec::new();
    while i > 0 || j > 0 {
        let (a, b, from) = back[state][cell(i, j)];
        let (zr, er) = (
            zh.start + i - a..zh.start + i,
            en.start + j - b..en.start + j,
        );
        // A bead the old path has keeps its confidence; a new pair's is how likely its
        // evidence makes it at even odds.
        let kept = old
            .iter()
            .find(|o| range(&o.zh) == zr && range(&o.en) == er);
        new.push(match (kept, states[state]) {
            (Some(bead), _) => bead.clone(),
            (None, None) => {
                let evidence = f64::from(s.pair(zr.clone(), er.clone()));
                Bead::new(zr.collect(), er.collect(), 1.0 / (1.0 + (-evidence).exp()))
            }
            (None, Some(side)) => {
                let k = side.sides(zr.clone(), er.clone()).0.start;
                Bead::new(zr.collect(), er.collect(), s.unpaired_confidence(side, k))
            }
        });
        i -= a;
        j -= b;
        state = from;
    }
    new.reverse();
    Some(new)
}
