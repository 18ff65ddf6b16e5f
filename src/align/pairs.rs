//! Sentence-pair hits for the DP rows in reach.
//!
//! Every bead shape at a DP cell looks at the pairs formed by its last few Chinese and
//! English sentences; the same pair turns up in up to a dozen shapes across neighbouring
//! cells. [`PairRows`] computes each pair of the band once, and keeps only the rows the
//! largest bead can reach back to, so memory stays proportional to the band's width.

use crate::score::{PairHits, Scorer};

use super::band::Band;

/// One Chinese sentence's translations as a table indexed by English term id: a lookup
/// per English word instead of a search. Allocated once per alignment and reused; only
/// the entries of the sentence loaded are ever non-zero.
pub struct DenseBag {
    masks: Vec<u128>,
    loaded: Option<usize>,
}

impl DenseBag {
    pub fn new(scorer: &Scorer) -> DenseBag {
        DenseBag {
            masks: vec![0; scorer.en_vocabulary()],
            loaded: None,
        }
    }

    fn load(&mut self, scorer: &Scorer, zh: usize) {
        if self.loaded == Some(zh) {
            return;
        }
        if let Some(previous) = self.loaded.take() {
            scorer.for_each_translation(previous, |term, _| self.masks[term as usize] = 0);
        }
        scorer.for_each_translation(zh, |term, position| self.masks[term as usize] |= position);
        self.loaded = Some(zh);
    }

    /// The hits of Chinese sentence `zh` with English sentence `en` (absolute indices).
    pub fn hits(&mut self, scorer: &Scorer, zh: usize, en: usize) -> PairHits {
        self.load(scorer, zh);
        scorer.pair_with(|term| self.masks[term as usize], zh, en)
    }
}

/// Computed pair rows: Chinese sentence (window-relative) → hits against a run of English.
pub struct PairRows<'b> {
    z0: usize,
    e0: usize,
    /// English sentences in the window.
    en_len: usize,
    reach: usize,
    /// Row of Chinese sentence `zh` at `zh % rows.len()`.
    rows: Vec<Row>,
    bag: &'b mut DenseBag,
}

#[derive(Default)]
struct Row {
    zh: Option<usize>,
    first_en: usize,
    hits: Vec<PairHits>,
}

impl<'b> PairRows<'b> {
    /// `reach`: the most sentences a bead has on one side.
    pub fn new(
        bag: &'b mut DenseBag,
        z0: usize,
        e0: usize,
        en_len: usize,
        reach: usize,
    ) -> PairRows<'b> {
        // A power of two at least `reach + 1`, so that finding a row is a mask.
        let rows = (0..(reach + 1).next_power_of_two())
            .map(|_| Row::default())
            .collect();
        PairRows {
            z0,
            e0,
            en_len,
            reach,
            rows,
            bag,
        }
    }

    /// Makes the pairs of Chinese sentence `zh` available for the DP rows after it.
    pub fn compute_row(&mut self, scorer: &Scorer, band: &Band, zh: usize) {
        let last_row = band.rows().len() - 1;
        let reachable = zh + 1..(zh + self.reach).min(last_row) + 1;
        let first_en = reachable
            .clone()
            .map(|i| band.row(i).start)
            .min()
            .unwrap_or(0)
            .saturating_sub(self.reach);
        // DP column j ends after English sentence j - 1.
        let end_en = reachable
            .map(|i| band.row(i).end)
            .max()
            .unwrap_or(0)
            .min(self.en_len);
        let slot = zh & (self.rows.len() - 1);
        let row = &mut self.rows[slot];
        row.zh = Some(zh);
        row.first_en = first_en;
        row.hits.clear();
        let (bag, z, e0) = (&mut *self.bag, self.z0 + zh, self.e0);
        row.hits
            .extend((first_en..end_en.max(first_en)).map(|j| bag.hits(scorer, z, e0 + j)));
    }

    /// Hits of the pair (absolute sentence indices), from the rows kept or computed anew.
    pub fn get(&self, scorer: &Scorer, i: usize, j: usize) -> PairHits {
        let (zh, en) = (i - self.z0, j - self.e0);
        let row = &self.rows[zh & (self.rows.len() - 1)];
        match row.zh == Some(zh) {
            true => en
                .checked_sub(row.first_en)
                .and_then(|k| row.hits.get(k))
                .copied(),
            false => None,
        }
        .unwrap_or_else(|| scorer.pair(i, j))
    }
}
