//! The search band: which cells of a window's DP matrix are worth computing.
//!
//! Small windows are searched whole. For long ones (two whole documents, a book
//! chapter, the Bible) the band is built Bertalign-style from anchors: Chinese sentences
//! whose rare words point, through their translations, at one English sentence much more
//! than at any other. The longest monotone chain of such anchor pairs fixes the path at
//! those points, and the DP only looks at the rectangles between consecutive anchors,
//! widened by a margin. Time and memory then grow with the length of the documents, not
//! with its square.

use std::ops::Range;

use crate::beads::Bead;
use crate::score::Scorer;

use super::Window;

/// Windows up to this many cells are searched whole.
const FULL_CELLS: usize = 250_000;
/// How far the path may stray from an anchor or a previous path, in sentences.
const MARGIN: usize = 12;
/// English terms in more sentences than this are too common to propose anchors.
const MAX_POSTINGS: usize = 40;
/// An anchor's best English sentence must collect this share of its Chinese weight…
const MIN_ANCHOR_COVERAGE: f32 = 0.2;
/// …and this many times the weight of the runner-up.
const MIN_ANCHOR_MARGIN: f32 = 1.5;
/// Anchors are looked for within this share of the English length of the diagonal:
/// translations drift from it, but not by a fifth of the document.
const CORRIDOR: f32 = 0.15;

/// For each Chinese position i (0..=n), the range of English positions the DP considers.
pub struct Band {
    rows: Vec<Range<usize>>,
}

impl Band {
    pub fn fits_full(n: usize, m: usize) -> bool {
        (n + 1) * (m + 1) <= FULL_CELLS
    }

    /// The band for a first pass over a window.
    pub fn for_window(scorer: &Scorer, window: &Window) -> Band {
        let (n, m) = (window.zh.len(), window.en.len());
        if Band::fits_full(n, m) {
            return Band { rows: vec![0..m + 1; n + 1] };
        }
        Band::through(&anchors(scorer, window), n, m)
    }

    /// Rectangles between consecutive points of a monotone chain, widened by [`MARGIN`].
    fn through(points: &[(usize, usize)], n: usize, m: usize) -> Band {
        let mut rows = vec![usize::MAX..0; n + 1];
        let mut chain = vec![(0, 0)];
        chain.extend_from_slice(points);
        chain.push((n, m));
        for pair in chain.windows(2) {
            let ((i0, j0), (i1, j1)) = (pair[0], pair[1]);
            let lo = j0.saturating_sub(MARGIN);
            let hi = (j1 + MARGIN + 1).min(m + 1);
            for row in &mut rows[i0.saturating_sub(MARGIN)..(i1 + MARGIN + 1).min(n + 1)] {
                row.start = row.start.min(lo);
                row.end = row.end.max(hi);
            }
        }
        Band { rows }
    }

    /// A band around a path found before (beads with window-relative lengths).
    pub fn around(beads: &[Bead], n: usize, m: usize) -> Band {
        let mut points = Vec::with_capacity(beads.len());
        let (mut i, mut j) = (0, 0);
        for bead in beads {
            i += bead.zh.len();
            j += bead.en.len();
            points.push((i, j));
        }
        Band::through(&points, n, m)
    }

    pub fn row(&self, i: usize) -> Range<usize> {
        self.rows[i].clone()
    }

    pub fn rows(&self) -> &[Range<usize>] {
        &self.rows
    }

    pub fn contains(&self, i: usize, j: usize) -> bool {
        self.rows.get(i).is_some_and(|r| r.contains(&j))
    }
}

/// Confident 1-1 pairs (window-relative, as DP positions after the pair), forming the
/// heaviest chain increasing on both sides.
fn anchors(scorer: &Scorer, window: &Window) -> Vec<(usize, usize)> {
    let (z0, e0) = (window.zh.start, window.en.start);
    let (n, m) = (window.zh.len(), window.en.len());
    // English sentences of the window containing each rare term.
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); scorer.en_vocabulary()];
    for j in 0..m {
        for &term in scorer.en_terms(e0 + j) {
            let list = &mut postings[term as usize];
            if list.last() != Some(&(j as u32)) {
                list.push(j as u32);
            }
        }
    }
    let mut candidates: Vec<(usize, usize, f32)> = Vec::new();
    let mut votes = vec![0.0f32; m];
    let mut touched: Vec<usize> = Vec::new();
    let mut targets: Vec<u32> = Vec::new();
    for i in 0..n {
        let mut total = 0.0;
        for &word in scorer.zh_terms(z0 + i) {
            let weight = scorer.zh_weight(word);
            total += weight;
            targets.clear();
            targets.extend(scorer.translations_of(word).iter().filter(|&&t| postings[t as usize].len() <= MAX_POSTINGS));
            let mut sentences: Vec<u32> = targets.iter().flat_map(|&t| postings[t as usize].iter().copied()).collect();
            sentences.sort_unstable();
            sentences.dedup();
            let expected = (i * m / n) as f32;
            let reach = CORRIDOR * m as f32 + 2.0 * MARGIN as f32;
            for j in sentences {
                let j = j as usize;
                if (j as f32 - expected).abs() > reach {
                    continue;
                }
                if votes[j] == 0.0 {
                    touched.push(j);
                }
                votes[j] += weight;
            }
        }
        let mut best = (0.0f32, usize::MAX);
        let mut second = 0.0f32;
        for &j in &touched {
            if votes[j] > best.0 {
                second = best.0;
                best = (votes[j], j);
            } else if votes[j] > second {
                second = votes[j];
            }
        }
        if best.1 != usize::MAX && best.0 >= MIN_ANCHOR_COVERAGE * total && best.0 >= MIN_ANCHOR_MARGIN * second {
            candidates.push((i, best.1, best.0 - second));
        }
        for &j in &touched {
            votes[j] = 0.0;
        }
        touched.clear();
    }
    let chain = heaviest_chain(&candidates);
    chain.into_iter().map(|(i, j)| (i + 1, j + 1)).collect()
}

/// The subsequence of candidates (sorted by i) strictly increasing in i and j with the
/// largest total weight; O(k²) in the worst case but candidates far apart are skipped.
fn heaviest_chain(candidates: &[(usize, usize, f32)]) -> Vec<(usize, usize)> {
    // Patience-style: best[k] = (total weight, previous index) for a chain ending at k.
    let mut best: Vec<(f32, Option<usize>)> = Vec::with_capacity(candidates.len());
    // Chains ending at each j, kept sorted by j with increasing total (a Pareto front).
    let mut front: Vec<(usize, f32, usize)> = Vec::new(); // (j, total, index)
    for (k, &(_, j, w)) in candidates.iter().enumerate() {
        // Best chain ending strictly before j, from a strictly smaller i (candidates are
        // one per i, so every earlier candidate has a smaller i).
        let at = front.partition_point(|&(fj, _, _)| fj < j);
        let previous = at.checked_sub(1).map(|p| front[p]);
        let total = w + previous.map_or(0.0, |p| p.1);
        best.push((total, previous.map(|p| p.2)));
        // Insert (j, total, k) and drop entries at j or beyond that are no better.
        let mut end = at;
        while end < front.len() && front[end].1 <= total {
            end += 1;
        }
        if at < front.len() && front[at].0 == j && front[at].1 > total {
            continue;
        }
        front.splice(at..end, [(j, total, k)]);
    }
    let Some(mut k) = front.last().map(|e| e.2) else { return Vec::new() };
    let mut chain = vec![(candidates[k].0, candidates[k].1)];
    while let Some(p) = best[k].1 {
        k = p;
        chain.push((candidates[k].0, candidates[k].1));
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_skips_crossing_candidates() {
        let candidates = [(0, 0, 1.0), (1, 5, 0.5), (2, 2, 1.0), (3, 3, 1.0), (4, 1, 1.5)];
        assert_eq!(heaviest_chain(&candidates), vec![(0, 0), (2, 2), (3, 3)]);
    }

    #[test]
    fn band_covers_the_rectangles_between_anchors() {
        let band = Band::through(&[(50, 60)], 100, 120);
        assert!(band.contains(0, 0) && band.contains(50, 60) && band.contains(100, 120));
        assert!(!band.contains(0, 100), "far from the anchor chain");
    }
}
