//! Self-training: a first alignment in, word pairs the document itself teaches out.
//!
//! Literary and news translation use many words a dictionary pairs differently or not at
//! all (韦小宝 is `Trinket`; 红岸 is `Red Coast`). The beads a first pass is confident of
//! are a small parallel corpus: Chinese words and English stems that keep turning up
//! in the same beads, and rarely apart, are very likely translations (Dice association,
//! as in Moore 2002 and hunalign's realign). The same beads tell how reliably each word's
//! translation shows up at all (see [`Scorer::weigh_by_translation_rates`]).

use rayon::prelude::*;

use crate::beads::Bead;
use crate::score::Scorer;

/// Beads below this confidence teach nothing.
const MIN_CONFIDENCE: f64 = 0.5;
/// A pair must co-occur in at least this many beads.
const MIN_COOCCURRENCE: u32 = 2;
/// Minimum Dice coefficient 2·c(z,e) / (c(z) + c(e)).
const MIN_DICE: f32 = 0.5;
/// At most this many new translations per Chinese word.
const MAX_PER_WORD: usize = 2;
/// Below this many beads a parallel task is not worth its overhead.
const PARALLEL_BEADS: usize = 256;

/// The pairs among `beads` confident enough to learn from: the small parallel corpus
/// that both word pairs ([`confident_word_pairs`]) and how reliably each word is
/// translated ([`Scorer::weigh_by_translation_rates`]) are learnt from.
pub fn confident<'b>(beads: impl Iterator<Item = &'b Bead>) -> impl Iterator<Item = &'b Bead> {
    beads.filter(|b| b.is_pair() && b.confidence >= MIN_CONFIDENCE)
}

/// Word pairs (Chinese word id, English term id) to add to the scorer's translations.
pub fn confident_word_pairs<'b>(
    scorer: &Scorer,
    beads: impl Iterator<Item = &'b Bead>,
) -> Vec<(u32, u32)> {
    let confident: Vec<&Bead> = confident(beads).collect();
    let terms: Vec<(Vec<u32>, Vec<u32>)> = confident
        .par_iter()
        .with_min_len(PARALLEL_BEADS)
        .map(|bead| {
            let zh = distinct(bead.zh.iter().flat_map(|&i| scorer.zh_terms(i)));
            let en = distinct(bead.en.iter().flat_map(|&j| scorer.en_terms(j)));
            (zh, en)
        })
        .collect();
    let mut zh_count = vec![0u32; scorer.zh_vocabulary()];
    let mut en_count = vec![0u32; scorer.en_vocabulary()];
    for (zh, en) in &terms {
        zh.iter().for_each(|&z| zh_count[z as usize] += 1);
        en.iter().for_each(|&e| en_count[e as usize] += 1);
    }
    // Every (Chinese word, English term) co-occurrence that could reach the thresholds
    // as one u64, counted by sorting: far cheaper than a hash map when a long document
    // gives millions of them. A pair co-occurs at most min(c(z), c(e)) times, so words of
    // very different frequency can be left out from the start.
    let promising = |z: u32, e: u32| {
        let (cz, ce) = (zh_count[z as usize], en_count[e as usize]);
        let most = cz.min(ce);
        most >= MIN_COOCCURRENCE && 2.0 * most as f32 >= MIN_DICE * (cz + ce) as f32
    };
    let mut joint: Vec<u64> = terms
        .par_iter()
        .with_min_len(PARALLEL_BEADS)
        .fold(Vec::new, |mut joint, (zh, en)| {
            for &z in zh {
                joint.extend(
                    en.iter()
                        .filter(|&&e| promising(z, e))
                        .map(|&e| (u64::from(z) << 32) | u64::from(e)),
                );
            }
            joint
        })
        .reduce(Vec::new, |mut a, b| {
            a.extend(b);
            a
        });
    joint.par_sort_unstable();
    let mut pairs = Vec::new();
    let mut candidates: Vec<(f32, u32)> = Vec::new();
    let mut at = 0;
    while at < joint.len() {
        let z = (joint[at] >> 32) as u32;
        candidates.clear();
        while at < joint.len() && (joint[at] >> 32) as u32 == z {
            let key = joint[at];
            let run = joint[at..].iter().take_while(|&&k| k == key).count() as u32;
            at += run as usize;
            let e = key as u32;
            let dice = 2.0 * run as f32 / (zh_count[z as usize] + en_count[e as usize]) as f32;
            if run >= MIN_COOCCURRENCE && dice >= MIN_DICE {
                candidates.push((dice, e));
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        pairs.extend(candidates.iter().take(MAX_PER_WORD).map(|&(_, e)| (z, e)));
    }
    pairs
}

fn distinct<'a>(terms: impl Iterator<Item = &'a u32>) -> Vec<u32> {
    let mut v: Vec<u32> = terms.copied().collect();
    v.sort_unstable();
    v.dedup();
    v
}
