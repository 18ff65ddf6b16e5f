//! Self-training: a first alignment in, word pairs the document itself teaches out.
//!
//! Literary and news translation use many words a dictionary pairs differently or not at
//! all (韦小宝 is `Trinket`; 红岸 is `Red Coast`). The beads a first pass is confident of
//! are a small parallel corpus: Chinese words and English stems that keep turning up
//! in the same beads, and rarely apart, are very likely translations (Dice association,
//! as in Moore 2002 and hunalign's realign).

use std::collections::HashMap;

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

/// Word pairs (Chinese word id, English term id) to add to the scorer's translations.
pub fn confident_word_pairs<'b>(scorer: &Scorer, beads: impl Iterator<Item = &'b Bead>) -> Vec<(u32, u32)> {
    let mut zh_count: HashMap<u32, u32> = HashMap::new();
    let mut en_count: HashMap<u32, u32> = HashMap::new();
    let mut joint: HashMap<(u32, u32), u32> = HashMap::new();
    for bead in beads.filter(|b| b.is_pair() && b.score >= MIN_CONFIDENCE) {
        let zh = distinct(bead.zh.iter().flat_map(|&i| scorer.zh_terms(i)));
        let en = distinct(bead.en.iter().flat_map(|&j| scorer.en_terms(j)));
        for &z in &zh {
            *zh_count.entry(z).or_default() += 1;
            for &e in &en {
                *joint.entry((z, e)).or_default() += 1;
            }
        }
        for &e in &en {
            *en_count.entry(e).or_default() += 1;
        }
    }
    let mut candidates: HashMap<u32, Vec<(f32, u32)>> = HashMap::new();
    for (&(z, e), &c) in &joint {
        if c < MIN_COOCCURRENCE {
            continue;
        }
        let dice = 2.0 * c as f32 / (zh_count[&z] + en_count[&e]) as f32;
        if dice >= MIN_DICE {
            candidates.entry(z).or_default().push((dice, e));
        }
    }
    let mut pairs: Vec<(u32, u32)> = candidates
        .into_iter()
        .flat_map(|(z, mut list)| {
            list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            list.into_iter().take(MAX_PER_WORD).map(move |(_, e)| (z, e))
        })
        .collect();
    pairs.sort_unstable();
    pairs
}

fn distinct<'a>(terms: impl Iterator<Item = &'a u32>) -> Vec<u32> {
    let mut v: Vec<u32> = terms.copied().collect();
    v.sort_unstable();
    v.dedup();
    v
}
