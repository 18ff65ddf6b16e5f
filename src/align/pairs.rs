//! Sentence-pair hits for the DP rows in reach.
//!
//! Every bead shape at a DP cell looks at the pairs formed by its last few Chinese and
//! English sentences; the same pair turns up in up to a dozen shapes across neighbouring
//! cells. [`PairRows`] computes each pair of the band once, and keeps only the rows the
//! largest bead can reach back to, so memory stays proportional to the band's width.

use std::collections::VecDeque;

use crate::score::{PairHits, Scorer};

use super::band::Band;

/// Computed pair rows: Chinese sentence (window-relative) → hits against a run of English.
pub struct PairRows {
    z0: usize,
    e0: usize,
    /// English sentences in the window.
    en_len: usize,
    reach: usize,
    rows: VecDeque<Row>,
}

struct Row {
    zh: usize,
    first_en: usize,
    hits: Vec<PairHits>,
}

impl PairRows {
    /// `reach`: the most sentences a bead has on one side.
    pub fn new(z0: usize, e0: usize, en_len: usize, reach: usize) -> PairRows {
        PairRows { z0, e0, en_len, reach, rows: VecDeque::with_capacity(reach + 1) }
    }

    /// Makes the pairs of Chinese sentence `zh` available for the DP rows after it.
    pub fn compute_row(&mut self, scorer: &Scorer, band: &Band, zh: usize) {
        let last_row = band.rows().len() - 1;
        let reachable = zh + 1..(zh + self.reach).min(last_row) + 1;
        let first_en = reachable.clone().map(|i| band.row(i).start).min().unwrap_or(0).saturating_sub(self.reach);
        // DP column j ends after English sentence j - 1.
        let end_en = reachable.map(|i| band.row(i).end).max().unwrap_or(0).min(self.en_len);
        let bag = scorer.bag(self.z0 + zh);
        let hits = (first_en..end_en).map(|j| scorer.pair_with(&bag, self.z0 + zh, self.e0 + j)).collect();
        if self.rows.len() > self.reach {
            self.rows.pop_front();
        }
        self.rows.push_back(Row { zh, first_en, hits });
    }

    /// Hits of the pair (absolute sentence indices), from the rows kept or computed anew.
    pub fn get(&self, scorer: &Scorer, i: usize, j: usize) -> PairHits {
        let (zh, en) = (i - self.z0, j - self.e0);
        self.rows
            .iter()
            .find(|row| row.zh == zh)
            .and_then(|row| en.checked_sub(row.first_en).and_then(|k| row.hits.get(k)))
            .copied()
            .unwrap_or_else(|| scorer.pair(i, j))
    }
}
