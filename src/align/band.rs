//! The search band: which cells of a window's DP matrix are worth computing.
//!
//! Small windows are searched whole. For long ones (two whole documents, a book
//! chapter, the Bible) the band is built Bertalign-style from anchors: Chinese sentences
//! whose rare words point, through their translations, at one English sentence much more
//! than at any other. The heaviest monotone chain of such anchor pairs, less what it
//! pays for drifting off its straight course (so that a false anchor far away is left
//! out, see [`steadiest_chain`]), fixes the path at those points, and the DP only looks
//! at the rectangles between consecutive anchors, widened by a margin. Time and memory then grow with the length of the documents, not
//! with its square.
//!
//! A band also knows a few points the path is all but certain to pass through (between
//! two consecutive anchors, or two confident beads of an earlier pass); [`Band::segments`]
//! cuts the search there into pieces that are aligned independently, in parallel. Where
//! a path found in a band runs along its edge, the aligner widens the band there
//! ([`Band::rows_at_edge`], [`Band::widen`]) and searches that stretch again.

use std::ops::Range;

use rayon::prelude::*;

use rustc_hash::FxHashMap;

use crate::anchors::numbers::Number;
use crate::beads::Bead;
use crate::score::Scorer;

use super::Window;

/// Windows up to this many cells are searched whole.
const FULL_CELLS: usize = 250_000;
/// How far the path may stray from an anchor, in sentences.
const MARGIN: usize = 4;
/// How far the path may bunch up away from the straight line between two anchors (or
/// across a whole window without anchors), in sentences: enough for a translation, and
/// the band's width stays bounded, so its cells grow linearly with the length.
const MAX_SLACK: usize = 64;
/// The same bound for looking for anchors inside a wide gap between two, looser: anchors
/// found there may lead the band away from the straight line.
const MAX_GAP_SLACK: usize = 256;
/// How far the second pass may stray from the first pass's path.
const PATH_MARGIN: usize = 2;
/// English terms in more sentences than this are too common to propose anchors.
const MAX_POSTINGS: usize = 40;
/// An anchor's best English sentence must collect this share of its Chinese weight…
const MIN_ANCHOR_COVERAGE: f32 = 0.2;
/// …and this many times the weight of the runner-up.
const MIN_ANCHOR_MARGIN: f32 = 1.5;
/// Anchors are looked for within this share of the English length of the diagonal:
/// translations drift from it, but not by a fifth of the document.
const CORRIDOR: f32 = 0.15;
/// What an anchor chain pays per Chinese sentence it strays from, or returns to, its
/// straight course ([`steadiest_chain`]): an anchor's weight is a few rare words, so a
/// detour of a few dozen sentences outweighs any one anchor.
const DRIFT_COST: f32 = 0.05;
/// How many candidates before an anchor are tried as the one before it in its chain.
const CHAIN_LOOK_BACK: usize = 256;

/// Pieces of a band are at least this many Chinese sentences long: each cut forces the
/// path through a point, and the pieces only need to be enough to keep every core busy.
const MIN_SEGMENT: usize = 256;
/// A path this close to the edge of its band may have been held in by it…
const EDGE: usize = 2;
/// …and the band is widened there by this many sentences, and searched again.
const WIDENING: usize = 16;
/// A boundary between two beads of an earlier pass this confident is a safe cut.
const SAFE_CONFIDENCE: f64 = 0.9;

/// For each Chinese position i (0..=n), the range of English positions the DP considers.
#[derive(Clone)]
pub struct Band {
    rows: Vec<Range<usize>>,
    /// Positions (i, j), increasing, that the path almost certainly passes through.
    fixed: Vec<(usize, usize)>,
}

/// A piece of a band: the DP from `from` to `to` (window-relative positions) inside
/// `band`, whose positions are relative to `from`.
pub struct Segment {
    pub from: (usize, usize),
    pub to: (usize, usize),
    pub band: Band,
}

impl Band {
    pub fn fits_full(n: usize, m: usize) -> bool {
        (n + 1) * (m + 1) <= FULL_CELLS
    }

    /// Every cell of an n × m window.
    pub fn full(n: usize, m: usize) -> Band {
        Band {
            rows: vec![0..m + 1; n + 1],
            fixed: Vec::new(),
        }
    }

    /// The band for a first pass over a long window: through its anchors.
    pub fn through_anchors(scorer: &Scorer, window: &Window) -> Band {
        let (n, m) = (window.zh.len(), window.en.len());
        let anchors = anchors(scorer, window);
        // Between two anchor pairs that follow each other on both sides.
        let fixed = anchors
            .windows(2)
            .filter(|p| p[1] == (p[0].0 + 1, p[0].1 + 1))
            .map(|p| p[0])
            .collect();
        Band {
            fixed,
            ..Band::through(&anchors, n, m, MARGIN)
        }
    }

    /// Corridors between consecutive points of a monotone chain: around the straight
    /// line from one point to the next, as wide as the two sides' difference in sentences
    /// there (the most the path can bunch up; at most [`MAX_SLACK`]) plus `margin`. Without anchors (repetitive
    /// text gives none) this is a band around the diagonal, never the whole rectangle.
    fn through(points: &[(usize, usize)], n: usize, m: usize, margin: usize) -> Band {
        // Empty until a corridor covers the row; min/max below then widen it.
        let mut rows = vec![
            Range {
                start: usize::MAX,
                end: 0
            };
            n + 1
        ];
        let mut chain = vec![(0, 0)];
        chain.extend_from_slice(points);
        chain.push((n, m));
        for pair in chain.windows(2) {
            let ((i0, j0), (i1, j1)) = (pair[0], pair[1]);
            // The two sides' difference, but never wider than a fixed corridor (or what
            // the slope needs to stay passable): between unrelated documents it grows
            // with their length, and the band with the square of it.
            let passable = (j1 - j0).div_ceil((i1 - i0).max(1));
            let slack = (i1 - i0).abs_diff(j1 - j0).min(MAX_SLACK.max(passable)) + margin;
            let first = i0.saturating_sub(margin);
            let last = (i1 + margin).min(n);
            for (i, row) in rows.iter_mut().enumerate().take(last + 1).skip(first) {
                let (lo, hi) = if i1 == i0 {
                    (j0, j1)
                } else {
                    let centre = j0 + (i.clamp(i0, i1) - i0) * (j1 - j0) / (i1 - i0);
                    (
                        centre.saturating_sub(slack).max(j0),
                        (centre + slack).min(j1),
                    )
                };
                row.start = row.start.min(lo.saturating_sub(margin));
                row.end = row.end.max((hi + margin + 1).min(m + 1));
            }
        }
        Band {
            rows,
            fixed: Vec::new(),
        }
    }

    /// A band around a path found before (beads with window-relative lengths).
    pub fn around(beads: &[Bead], n: usize, m: usize) -> Band {
        let at = positions(beads);
        let between_beads = at.get(1..at.len() - 1).unwrap_or_default();
        let confident =
            |b: &Bead| b.zh.len() == 1 && b.en.len() == 1 && b.confidence >= SAFE_CONFIDENCE;
        let fixed = (1..beads.len())
            .filter(|&k| confident(&beads[k - 1]) && confident(&beads[k]))
            .map(|k| at[k])
            .collect();
        Band {
            fixed,
            ..Band::through(between_beads, n, m, PATH_MARGIN)
        }
    }

    /// The last English position: the band ends at (n, m).
    fn last_column(&self) -> usize {
        self.rows[self.rows.len() - 1].end - 1
    }

    /// Rows where a path (beads relative to the band's origin) runs along an edge of the
    /// band that is not an edge of the matrix: there the band may have kept a better
    /// path out.
    pub fn rows_at_edge(&self, beads: &[Bead]) -> Vec<usize> {
        let m = self.last_column();
        let near_edge = |&(i, j): &(usize, usize)| {
            let row = &self.rows[i];
            (row.start > 0 && j < row.start + EDGE) || (row.end <= m && j + EDGE >= row.end)
        };
        positions(beads)
            .into_iter()
            .skip(1)
            .filter(near_edge)
            .map(|(i, _)| i)
            .collect()
    }

    /// Widens the band by [`WIDENING`] columns on both sides, in the rows within
    /// [`WIDENING`] of `rows`; returns the stretches of rows to search again, each with
    /// room around the widened rows for the path to rejoin its old course.
    pub fn widen(&mut self, rows: &[usize]) -> Vec<Range<usize>> {
        let m = self.last_column();
        let n = self.rows.len() - 1;
        for &at in rows {
            for row in &mut self.rows[at.saturating_sub(WIDENING)..(at + WIDENING).min(n) + 1] {
                *row = row.start.saturating_sub(WIDENING)..(row.end + WIDENING).min(m + 1);
            }
        }
        let mut stretches: Vec<Range<usize>> = Vec::new();
        for &at in rows {
            let stretch = at.saturating_sub(2 * WIDENING)..(at + 2 * WIDENING).min(n);
            match stretches.last_mut() {
                Some(last) if last.end >= stretch.start => last.end = stretch.end,
                _ => stretches.push(stretch),
            }
        }
        stretches
    }

    /// The band cut at fixed points into pieces of at least [`MIN_SEGMENT`] rows (the
    /// whole band when it has no such points).
    pub fn segments(&self) -> Vec<Segment> {
        let (n, m) = (self.rows.len() - 1, self.last_column());
        let mut cuts = vec![(0, 0)];
        for &(i, j) in &self.fixed {
            let last = cuts[cuts.len() - 1];
            if i - last.0 >= MIN_SEGMENT
                && n - i >= MIN_SEGMENT
                && j > last.1
                && self.rows[i].contains(&j)
            {
                cuts.push((i, j));
            }
        }
        cuts.push((n, m));
        cuts.windows(2)
            .map(|c| Segment {
                from: c[0],
                to: c[1],
                band: self.between(c[0], c[1]),
            })
            .collect()
    }

    /// The part of the band from position `from` to `to` (both on the path searched
    /// for), with positions relative to `from`.
    pub fn between(&self, from: (usize, usize), to: (usize, usize)) -> Band {
        let ((i0, j0), (i1, j1)) = (from, to);
        let rows = self.rows[i0..=i1]
            .iter()
            .map(|r| r.start.clamp(j0, j1 + 1) - j0..r.end.clamp(j0, j1 + 1) - j0)
            .collect();
        Band {
            rows,
            fixed: Vec::new(),
        }
    }

    pub fn row(&self, i: usize) -> Range<usize> {
        self.rows[i].clone()
    }

    pub fn rows(&self) -> &[Range<usize>] {
        &self.rows
    }

    #[cfg(test)]
    fn contains(&self, i: usize, j: usize) -> bool {
        self.rows.get(i).is_some_and(|r| r.contains(&j))
    }
}

/// The DP positions of a path: before each bead (relative to where the path starts),
/// and at its end.
pub fn positions(beads: &[Bead]) -> Vec<(usize, usize)> {
    let mut at = Vec::with_capacity(beads.len() + 1);
    at.push((0, 0));
    for bead in beads {
        let (i, j) = at[at.len() - 1];
        at.push((i + bead.zh.len(), j + bead.en.len()));
    }
    at
}

/// Confident 1-1 pairs (window-relative, as DP positions after the pair), forming the
/// heaviest chain increasing on both sides.
fn anchors(scorer: &Scorer, window: &Window) -> Vec<(usize, usize)> {
    let (n, m) = (window.zh.len(), window.en.len());
    let postings = Postings::new(scorer, window);
    // Round one: rare words only, near the diagonal.
    let reach = CORRIDOR * m as f32 + 2.0 * MARGIN as f32;
    let near_diagonal = |i: usize| {
        let expected = (i * m / n.max(1)) as f32;
        (expected - reach).max(0.0) as usize..((expected + reach) as usize + 1).min(m)
    };
    let coarse = steadiest_chain(
        &postings.candidates(scorer, 0..n, 0..m, near_diagonal, Some(MAX_POSTINGS)),
        (0, 0),
        (n, m),
    );
    // Round two: inside each wide gap between anchors (the one before each anchor, and
    // the one before the end), every word counts.
    let ends: Vec<(usize, usize)> = coarse.iter().copied().chain([(n, m)]).collect();
    let mut filled: Vec<Vec<(usize, usize)>> = (0..ends.len())
        .into_par_iter()
        .map(|k| {
            let previous = k
                .checked_sub(1)
                .map_or((0, 0), |p| (ends[p].0 + 1, ends[p].1 + 1));
            let next = ends[k];
            if next.0 - previous.0 <= MARGIN && next.1 - previous.1 <= MARGIN {
                return Vec::new();
            }
            // Only near the line between the two anchors: a gap can span a whole
            // repetitive document, and every English sentence for every Chinese one
            // would be quadratic.
            let (di, dj) = (next.0 - previous.0, next.1 - previous.1);
            // (The two sides' difference, bounded as in the band: see [`MAX_GAP_SLACK`].)
            let passable = dj.div_ceil(di.max(1));
            let slack = di.abs_diff(dj).min(MAX_GAP_SLACK.max(passable)) + 4 * MARGIN;
            let within = move |i: usize| {
                let centre = previous.1 + (i - previous.0) * dj / di.max(1);
                centre.saturating_sub(slack).max(previous.1)..(centre + slack + 1).min(next.1)
            };
            steadiest_chain(
                &postings.candidates(scorer, previous.0..next.0, previous.1..next.1, within, None),
                previous,
                next,
            )
        })
        .collect();
    let before_end = filled.pop().unwrap_or_default();
    let mut chain = Vec::with_capacity(coarse.len() * 4);
    for (gap, &anchor) in filled.into_iter().zip(&coarse) {
        chain.extend(gap);
        chain.push(anchor);
    }
    chain.extend(before_end);
    chain.into_iter().map(|(i, j)| (i + 1, j + 1)).collect()
}

/// For each English term, the window's English sentences that contain it, ascending.
struct Postings {
    z0: usize,
    en_len: usize,
    en: Vec<Vec<u32>>,
    /// The same for the numbers the English states, by [`number_key`].
    numbers: FxHashMap<(String, bool), Vec<u32>>,
}

/// Rows of Chinese sentences whose votes are held at once.
const VOTE_ROWS: usize = 1024;

/// A number as the key of its postings: its value to 9 significant digits (a figure
/// converted between 万 and million picks up floating-point noise) and whether it is a
/// percentage.
fn number_key(number: &Number) -> (String, bool) {
    (format!("{:.8e}", number.value.abs()), number.percent)
}

impl Postings {
    fn new(scorer: &Scorer, window: &Window) -> Postings {
        let mut en: Vec<Vec<u32>> = vec![Vec::new(); scorer.en_vocabulary()];
        let mut numbers: FxHashMap<(String, bool), Vec<u32>> = FxHashMap::default();
        // A sentence is listed once however often it uses the term.
        let add = |list: &mut Vec<u32>, j: usize| {
            if list.last() != Some(&(j as u32)) {
                list.push(j as u32);
            }
        };
        for j in 0..window.en.len() {
            for &term in scorer.en_terms(window.en.start + j) {
                add(&mut en[term as usize], j);
            }
            for number in scorer.en_numbers(window.en.start + j) {
                add(numbers.entry(number_key(number)).or_default(), j);
            }
        }
        Postings {
            z0: window.zh.start,
            en_len: window.en.len(),
            en,
            numbers,
        }
    }

    /// Anchor candidates `(i, j, weight)` for Chinese sentences `zh` (window-relative),
    /// each looking for its English among `english(i)` (inside `en`): pairs where the
    /// English sentence collects much more of the Chinese sentence's translated weight
    /// than any other, and the Chinese sentence is the English sentence's best match too.
    fn candidates(
        &self,
        scorer: &Scorer,
        zh: Range<usize>,
        en: Range<usize>,
        english: impl Fn(usize) -> Range<usize> + Sync,
        max_postings: Option<usize>,
    ) -> Vec<(usize, usize, f32)> {
        let mut best_for_english = vec![(0.0f32, usize::MAX); en.len()];
        let mut proposals = Vec::new();
        let rows: Vec<usize> = zh.collect();
        for chunk in rows.chunks(VOTE_ROWS) {
            let votes: Vec<Votes> = chunk
                .par_iter()
                .with_min_len(64)
                .map_init(
                    || Ballot::new(en.clone()),
                    |ballot, &i| ballot.count(self, scorer, self.z0 + i, english(i), max_postings),
                )
                .collect();
            for (&i, votes) in chunk.iter().zip(votes) {
                let (mut best, mut second) = ((0.0f32, usize::MAX), 0.0f32);
                for &(j, v) in &votes.per_english {
                    let j = j as usize;
                    if v > best.0 || (v == best.0 && j < best.1) {
                        second = second.max(best.0);
                        best = (v, j);
                    } else {
                        second = second.max(v);
                    }
                    let entry = &mut best_for_english[j - en.start];
                    if v > entry.0 {
                        *entry = (v, i);
                    }
                }
                if best.1 != usize::MAX
                    && best.0 >= MIN_ANCHOR_COVERAGE * votes.total
                    && best.0 >= MIN_ANCHOR_MARGIN * second
                {
                    proposals.push((i, best.1, best.0 - second));
                }
            }
        }
        proposals.retain(|&(i, j, _)| best_for_english[j - en.start].1 == i);
        proposals
    }
}

/// The translated weight of one Chinese sentence that each English sentence collects.
struct Votes {
    /// The sentence's whole weight.
    total: f32,
    /// (English sentence, weight it collects), for those that collect any, in the order
    /// they were first voted for.
    per_english: Vec<(u32, f32)>,
}

/// Scratch space for counting votes, dense over a range of English sentences.
struct Ballot {
    en: Range<usize>,
    votes: Vec<f32>,
    voted: Vec<usize>,
    /// The last word that voted for each sentence (numbered across calls), so that a
    /// word with several translations in one sentence votes once.
    last_word: Vec<u32>,
    words: u32,
}

impl Ballot {
    fn new(en: Range<usize>) -> Ballot {
        Ballot {
            votes: vec![0.0; en.len()],
            last_word: vec![0; en.len()],
            en,
            voted: Vec::new(),
            words: 0,
        }
    }

    /// Votes of Chinese sentence `zh` (absolute) for the English sentences in `range`
    /// (window-relative, inside the ballot's range).
    fn count(
        &mut self,
        postings: &Postings,
        scorer: &Scorer,
        zh: usize,
        range: Range<usize>,
        max_postings: Option<usize>,
    ) -> Votes {
        let mut total = 0.0;
        let common = |list: &[u32]| max_postings.is_some_and(|max| list.len() > max);
        for &word in scorer.zh_terms(zh) {
            let weight = scorer.zh_weight(word);
            total += weight;
            self.next_voter();
            for &term in scorer.translations_of(word) {
                let list = &postings.en[term as usize];
                if !common(list) {
                    self.vote(list, &range, weight);
                }
            }
        }
        // A number the English states too is as telling as a rare word: weighted by its
        // rarity among the English sentences, as words are.
        for number in scorer.zh_numbers(zh) {
            let list = postings
                .numbers
                .get(&number_key(number))
                .map_or(&[][..], Vec::as_slice);
            let weight = (1.0 + postings.en_len as f32 / list.len().max(1) as f32).ln();
            total += weight;
            self.next_voter();
            if !common(list) {
                self.vote(list, &range, weight);
            }
        }
        let per_english = self
            .voted
            .drain(..)
            .map(|j| (j as u32, std::mem::take(&mut self.votes[j - self.en.start])))
            .collect();
        Votes { total, per_english }
    }

    /// Starts the votes of another word of the Chinese sentence.
    fn next_voter(&mut self) {
        if self.words == u32::MAX {
            self.last_word.fill(0);
            self.words = 0;
        }
        self.words += 1;
    }

    /// The current word votes `weight` for the English sentences of `list` (postings,
    /// ascending) inside `range`, once each.
    fn vote(&mut self, list: &[u32], range: &Range<usize>, weight: f32) {
        let from = list.partition_point(|&j| (j as usize) < range.start);
        for j in list[from..]
            .iter()
            .map(|&j| j as usize)
            .take_while(|j| *j < range.end)
        {
            let k = j - self.en.start;
            if self.last_word[k] == self.words {
                continue;
            }
            self.last_word[k] = self.words;
            if self.votes[k] == 0.0 {
                self.voted.push(j);
            }
            self.votes[k] += weight;
        }
    }
}

/// The subsequence of candidates (sorted by i, at most one per i) strictly increasing in
/// i and j that runs from `from` to `to` with the largest total weight less its drift:
/// [`DRIFT_COST`] per Chinese sentence that each step moves the chain off or back onto
/// the straight course from `from` to `to`.
///
/// A translation drifts from that course slowly, and an omitted passage moves it once,
/// which every chain through the true pairs pays alike; a false anchor (a rare word that
/// recurs a thousand sentences away) takes the chain off its course and back, paying
/// twice its distance, so it is left out however heavy it is. Without the drift, one
/// such anchor in a sparse stretch would hold the band, and the path, far from the
/// translation.
fn steadiest_chain(
    candidates: &[(usize, usize, f32)],
    from: (usize, usize),
    to: (usize, usize),
) -> Vec<(usize, usize)> {
    let ratio = (to.0 - from.0) as f32 / (to.1 - from.1).max(1) as f32;
    // Chinese sentences off the straight course.
    let drift =
        |(i, j): (usize, usize)| i as f32 - from.0 as f32 - (j as f32 - from.1 as f32) * ratio;
    let step = |a: f32, b: f32| DRIFT_COST * (a - b).abs();
    let end = drift(to);
    // For each candidate: its drift, the best total of a chain ending there, and the
    // candidate before it in that chain.
    let mut best: Vec<(f32, f32, Option<usize>)> = Vec::with_capacity(candidates.len());
    for (k, &(i, j, w)) in candidates.iter().enumerate() {
        let d = drift((i, j));
        let mut chain = (w - step(d, 0.0), None);
        for p in k.saturating_sub(CHAIN_LOOK_BACK)..k {
            let (_, pj, _) = candidates[p];
            let (pd, total, _) = best[p];
            let through = total + w - step(d, pd);
            if pj < j && through > chain.0 {
                chain = (through, Some(p));
            }
        }
        best.push((d, chain.0, chain.1));
    }
    let last = (0..candidates.len())
        .map(|k| (best[k].1 - step(end, best[k].0), k))
        .filter(|&(total, _)| total > -step(end, 0.0))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let Some((_, mut k)) = last else {
        return Vec::new();
    };
    let mut chain = vec![(candidates[k].0, candidates[k].1)];
    while let Some(p) = best[k].2 {
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
        let candidates = [
            (0, 0, 1.0),
            (1, 5, 0.5),
            (2, 2, 1.0),
            (3, 3, 1.0),
            (4, 1, 1.5),
        ];
        assert_eq!(
            steadiest_chain(&candidates, (0, 0), (5, 5)),
            vec![(0, 0), (2, 2), (3, 3)]
        );
    }

    #[test]
    fn band_covers_the_rectangles_between_anchors() {
        let band = Band::through(&[(50, 60)], 100, 120, MARGIN);
        assert!(band.contains(0, 0) && band.contains(50, 60) && band.contains(100, 120));
        assert!(!band.contains(0, 100), "far from the anchor chain");
    }
}
