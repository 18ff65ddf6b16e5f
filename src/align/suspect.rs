//! Suspect stretches: beads in, the stretches of them where the alignment may have lost
//! its way out.
//!
//! A path that leaves the diagonal of two long documents shows as a stretch of beads
//! that pair nothing or pair poorly: first sentences of one side left unpaired, then
//! those of the other, or pairs of sentences that share almost no words. A passage only
//! one side has (a preface, endnotes) leaves sentences of that side alone unpaired, and is
//! not suspect. The aligner searches suspect stretches again with every cell of their
//! rectangle; what is still suspect after that is reported to the user.

use std::ops::Range;

use serde::Serialize;

use crate::beads::Bead;

/// A pair this unsure is doubtful: a correct path has some, but not most of any stretch
/// (of 20 beads of the Bible aligned right, at most 9; of MAC-dev, 5).
const LOW_CONFIDENCE: f64 = 0.4;
/// A stretch is made of windows of this many beads, at least [`MIN_DOUBTFUL`] of them
/// doubtful.
const WINDOW: usize = 20;
const MIN_DOUBTFUL: usize = 12;
/// A stretch with this many one-sided beads, with at least [`MIN_UNPAIRED_EACH_SIDE`]
/// sentences of each side among them, has lost its way…
const MIN_ONE_SIDED: usize = 10;
const MIN_UNPAIRED_EACH_SIDE: usize = 3;
/// …and so has one with this many doubtful pairs.
const MIN_LOW_PAIRS: usize = 10;

/// Why a stretch is suspect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuspectKind {
    /// Sentences of both sides left unpaired near each other: one side's sentences were
    /// probably each other's translations.
    UnpairedOnBothSides,
    /// Many pairs in a row whose sides share little.
    LowConfidence,
}

impl SuspectKind {
    pub fn label(self) -> &'static str {
        match self {
            SuspectKind::UnpairedOnBothSides => "unpaired text on both sides",
            SuspectKind::LowConfidence => "a run of low-confidence pairs",
        }
    }
}

/// A suspect stretch of an alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    pub kind: SuspectKind,
    /// The beads of the stretch.
    pub beads: Range<usize>,
    /// The Chinese and English sentences in those beads (empty when a side has none).
    pub zh: Range<usize>,
    pub en: Range<usize>,
    /// Beads in the stretch that pair nothing, and pairs in it that are doubtful.
    pub one_sided: usize,
    pub low_pairs: usize,
}

/// The suspect stretches of `beads` (in reading order), in order: runs of beads where
/// some `WINDOW` beads around hold `MIN_DOUBTFUL` doubtful ones (one-sided beads, and
/// pairs less sure than `LOW_CONFIDENCE`), classified by what they hold.
pub fn suspects(beads: &[Bead]) -> Vec<Suspect> {
    let doubtful = |b: &Bead| !b.is_pair() || b.confidence < LOW_CONFIDENCE;
    // Doubtful beads before each bead.
    let mut before = vec![0; beads.len() + 1];
    for (k, bead) in beads.iter().enumerate() {
        before[k + 1] = before[k] + usize::from(doubtful(bead));
    }
    let window = WINDOW.min(beads.len());
    // Beads inside a doubtful window, from its first doubtful bead to its last.
    let mut inside = vec![false; beads.len()];
    for start in 0..=beads.len() - window {
        let end = start + window;
        if before[end] - before[start] < MIN_DOUBTFUL.min(window) || window == 0 {
            continue;
        }
        let first = (start..end).find(|&k| doubtful(&beads[k])).unwrap_or(start);
        let last = (start..end)
            .rfind(|&k| doubtful(&beads[k]))
            .unwrap_or(end - 1);
        inside[first..=last].fill(true);
    }
    let mut found = Vec::new();
    let mut k = 0;
    while k < beads.len() {
        if !inside[k] {
            k += 1;
            continue;
        }
        let end = (k..beads.len())
            .find(|&e| !inside[e])
            .unwrap_or(beads.len());
        found.extend(classify(beads, k..end));
        k = end;
    }
    found
}

fn classify(beads: &[Bead], range: Range<usize>) -> Option<Suspect> {
    let stretch = &beads[range.clone()];
    let one_sided = stretch.iter().filter(|b| !b.is_pair()).count();
    let low_pairs = stretch
        .iter()
        .filter(|b| b.is_pair() && b.confidence < LOW_CONFIDENCE)
        .count();
    let unpaired = |side: fn(&Bead) -> &Vec<usize>| {
        stretch
            .iter()
            .filter(|b| !b.is_pair())
            .map(|b| side(b).len())
            .sum::<usize>()
    };
    let (zh_alone, en_alone) = (unpaired(|b| &b.zh), unpaired(|b| &b.en));
    let kind = if one_sided >= MIN_ONE_SIDED
        && zh_alone >= MIN_UNPAIRED_EACH_SIDE
        && en_alone >= MIN_UNPAIRED_EACH_SIDE
    {
        SuspectKind::UnpairedOnBothSides
    } else if low_pairs >= MIN_LOW_PAIRS {
        SuspectKind::LowConfidence
    } else {
        return None;
    };
    let span = |side: fn(&Bead) -> &Vec<usize>| {
        let mut ids = stretch.iter().flat_map(|b| side(b).iter().copied());
        let first = ids.next();
        match first {
            Some(first) => {
                let (lo, hi) = ids.fold((first, first), |(lo, hi), i| (lo.min(i), hi.max(i)));
                lo..hi + 1
            }
            None => 0..0,
        }
    };
    Some(Suspect {
        kind,
        beads: range,
        zh: span(|b| &b.zh),
        en: span(|b| &b.en),
        one_sided,
        low_pairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(zh: &[usize], en: &[usize], confidence: f64) -> Bead {
        Bead::new(zh.to_vec(), en.to_vec(), confidence)
    }

    /// 1-1 pairs from (i, j) on, `count` of them.
    fn pairs(i: usize, j: usize, count: usize, score: f64) -> Vec<Bead> {
        (0..count)
            .map(|k| bead(&[i + k], &[j + k], score))
            .collect()
    }

    #[test]
    fn a_path_gone_astray_is_suspect() {
        // 20 good pairs, then 12 English sentences alone, one chance pair, 12 Chinese alone.
        let mut beads = pairs(0, 0, 20, 0.9);
        beads.extend((20..32).map(|j| bead(&[], &[j], 1.0)));
        beads.push(bead(&[20], &[32], 0.2));
        beads.extend((21..33).map(|i| bead(&[i], &[], 1.0)));
        beads.extend(pairs(33, 33, 20, 0.9));
        let found = suspects(&beads);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, SuspectKind::UnpairedOnBothSides);
        assert_eq!((found[0].zh.clone(), found[0].en.clone()), (20..33, 20..33));
        assert_eq!(found[0].beads, 20..45);
    }

    #[test]
    fn a_passage_one_side_has_is_not_suspect() {
        let mut beads = pairs(0, 0, 20, 0.9);
        beads.extend((20..320).map(|i| bead(&[i], &[], 1.0)));
        beads.extend(pairs(320, 20, 20, 0.9));
        assert!(suspects(&beads).is_empty());
    }

    #[test]
    fn a_run_of_poor_pairs_is_suspect_and_a_few_are_not() {
        let mut beads = pairs(0, 0, 20, 0.9);
        beads.extend(pairs(20, 20, 4, 0.1));
        beads.extend(pairs(24, 24, 20, 0.9));
        assert!(suspects(&beads).is_empty());
        beads.extend(pairs(44, 44, 12, 0.1));
        beads.extend(pairs(56, 56, 5, 0.9));
        let found = suspects(&beads);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, SuspectKind::LowConfidence);
        assert_eq!(found[0].zh, 44..56);
    }
}
