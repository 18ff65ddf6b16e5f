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

use std::ops::Range;

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

/// Splits off the edge sentences of multi-sentence beads that the other side of the bead
/// does not explain, as one-sided beads in reading order.
pub fn split_unexplained(scorer: &Scorer, beads: Vec<Bead>) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len());
    for bead in beads {
        match unexplained_edges(scorer, &bead) {
            None => out.push(bead),
            Some(split) => out.extend(split),
        }
    }
    out
}

/// Which side of a bead a cut applies to.
#[derive(Clone, Copy)]
enum Side {
    Zh,
    En,
}

/// The bead cut into (leading one-sided beads, the pair, trailing one-sided beads), when
/// the edges of one of its sides are not translated by the other side.
fn unexplained_edges(scorer: &Scorer, bead: &Bead) -> Option<Vec<Bead>> {
    if !bead.is_pair() {
        return None;
    }
    let zh = range(&bead.zh);
    let en = range(&bead.en);
    let full_cost = scorer.length_cost(zh.clone(), en.clone());
    let mut best: Option<(f32, Side, Range<usize>)> = None;
    for side in [Side::Zh, Side::En] {
        let (this, other) = match side {
            Side::Zh => (zh.clone(), en.clone()),
            Side::En => (en.clone(), zh.clone()),
        };
        if this.len() < 2 {
            continue;
        }
        // What of the other side a stretch of this side translates, and the reverse.
        let explained_by = |part: Range<usize>| -> f32 {
            other
                .clone()
                .map(|k| match side {
                    Side::Zh => scorer.en_explained(k, part.clone()).0,
                    Side::En => scorer.zh_explained(k, part.clone()).0,
                })
                .sum()
        };
        let needs_nothing = |k: usize| {
            let (hit, weight) = match side {
                Side::Zh => scorer.zh_explained(k, other.clone()),
                Side::En => scorer.en_explained(k, other.clone()),
            };
            shrunk_coverage(hit, weight) < MAX_COVERAGE
        };
        let length = |part: Range<usize>| -> f32 {
            part.map(|k| match side {
                Side::Zh => scorer.zh_length(k),
                Side::En => scorer.en_length(k),
            })
            .sum()
        };
        let explained_by_all = explained_by(this.clone());
        let n = this.len();
        for p in 0..n {
            for q in 0..n - p {
                if p + q == 0 {
                    continue;
                }
                let kept = this.start + p..this.end - q;
                let cost = match side {
                    Side::Zh => scorer.length_cost(kept.clone(), en.clone()),
                    Side::En => scorer.length_cost(zh.clone(), kept.clone()),
                };
                let gain = full_cost - cost;
                if gain <= MIN_LENGTH_GAIN || best.as_ref().is_some_and(|(g, ..)| gain <= *g) {
                    continue;
                }
                let cut = (this.start..kept.start).chain(kept.end..this.end);
                let cut_share = 1.0 - length(kept.clone()) / length(this.clone()).max(1.0);
                let marginal = explained_by_all - explained_by(kept.clone());
                let nothing_needs_them =
                    marginal <= MAX_MARGINAL_SHARE * cut_share * explained_by_all;
                if nothing_needs_them || cut.clone().all(needs_nothing) {
                    best = Some((gain, side, kept));
                }
            }
        }
    }
    let (_, side, kept) = best?;
    let (this, other) = match side {
        Side::Zh => (zh, en),
        Side::En => (en, zh),
    };
    let one_sided = |k: usize| {
        let ((hit, weight), zh, en) = match side {
            Side::Zh => (scorer.zh_explained(k, other.clone()), vec![k], Vec::new()),
            Side::En => (scorer.en_explained(k, other.clone()), Vec::new(), vec![k]),
        };
        Bead {
            zh,
            en,
            score: f64::from(1.0 - shrunk_coverage(hit, weight)),
        }
    };
    let pair = match side {
        Side::Zh => Bead {
            zh: kept.clone().collect(),
            ..bead.clone()
        },
        Side::En => Bead {
            en: kept.clone().collect(),
            ..bead.clone()
        },
    };
    let mut split: Vec<Bead> = (this.start..kept.start).map(one_sided).collect();
    split.push(pair);
    split.extend((kept.end..this.end).map(one_sided));
    Some(split)
}

/// The consecutive ids of one side of a bead as a range.
fn range(ids: &[usize]) -> Range<usize> {
    match (ids.first(), ids.last()) {
        (Some(&first), Some(&last)) => first..last + 1,
        _ => 0..0,
    }
}
