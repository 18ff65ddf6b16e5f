//! Evaluation: gold and test sentence alignments in, strict and lax precision, recall
//! and F1 out.
//!
//! Both are `[i,j]:[k]` bead lines (the Vecalign/Bertalign format `--format align`
//! writes). The metric is the standard one for sentence aligners (Sennrich & Volk 2010;
//! Thompson & Koehn 2019), as `../shared/eval/alignscore.py` computes it:
//!
//! * **precision** over all non-empty test beads, **recall** over gold beads with both
//!   sides non-empty; counts are summed over all files before dividing;
//! * a **strict** hit is a bead equal to a gold bead; a **lax** hit also counts a bead
//!   whose source sentences are linked by gold to one of its target sentences;
//! * with verse-level gold (the Bible), consecutive test beads that fall inside one
//!   verse are first merged ([`merge_by_verse`]), so that a finer correct split is not
//!   counted against the aligner.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

/// One bead as sentence ids: (source side, target side).
pub type IdBead = (Vec<usize>, Vec<usize>);

/// A line of an alignment file that is not `[ids]:[ids]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// The line as read.
    pub text: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: expected a bead like [0,1]:[2], found {:?}",
            self.line, self.text
        )
    }
}

impl std::error::Error for ParseError {}

/// The names of the files in a folder of alignment files (a gold or test folder, matched
/// by name), sorted, hidden files left out.
pub fn file_names(folder: &std::path::Path) -> std::io::Result<Vec<std::ffi::OsString>> {
    let mut names: Vec<_> = std::fs::read_dir(folder)?
        .filter_map(|entry| entry.ok().map(|e| e.file_name()))
        .filter(|name| !name.to_string_lossy().starts_with('.'))
        .collect();
    names.sort();
    Ok(names)
}

/// Parses alignment lines; blank lines are skipped.
pub fn parse_beads(text: &str) -> Result<Vec<IdBead>, ParseError> {
    let side = |s: &str| -> Option<Vec<usize>> {
        let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?;
        inner
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().ok())
            .collect()
    };
    let mut beads = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bead = line
            .split_once(':')
            .and_then(|(left, right)| Some((side(left)?, side(right)?)));
        beads.push(bead.ok_or_else(|| ParseError {
            line: k + 1,
            text: line.to_string(),
        })?);
    }
    Ok(beads)
}

/// Strict and lax precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Share of non-empty test beads that equal a gold bead.
    pub precision_strict: f64,
    /// Share of two-sided gold beads that a test bead equals.
    pub recall_strict: f64,
    /// Harmonic mean of the strict precision and recall.
    pub f1_strict: f64,
    /// Share of non-empty test beads that are lax hits (see the module docs).
    pub precision_lax: f64,
    /// Share of two-sided gold beads that are lax hits.
    pub recall_lax: f64,
    /// Harmonic mean of the lax precision and recall.
    pub f1_lax: f64,
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "strict P {:.3} R {:.3} F1 {:.3} | lax P {:.3} R {:.3} F1 {:.3}",
            self.precision_strict,
            self.recall_strict,
            self.f1_strict,
            self.precision_lax,
            self.recall_lax,
            self.f1_lax
        )
    }
}

/// (strict hits, strict misses, lax hits, lax misses) of `candidate` against `reference`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Hits([usize; 4]);

fn hits(reference: &[IdBead], candidate: &[IdBead]) -> Hits {
    let non_empty = |b: &&IdBead| !b.0.is_empty() || !b.1.is_empty();
    let reference: HashSet<&IdBead> = reference.iter().filter(non_empty).collect();
    let candidate: HashSet<&IdBead> = candidate.iter().filter(non_empty).collect();
    let mut linked: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (source, target) in &reference {
        for &i in source {
            linked.entry(i).or_default().extend(target);
        }
    }
    let mut h = [0; 4];
    for bead in candidate {
        if reference.contains(bead) {
            h[0] += 1;
            h[2] += 1;
            continue;
        }
        h[1] += 1;
        let (source, target) = bead;
        let lax = source
            .iter()
            .filter_map(|i| linked.get(i))
            .any(|t| target.iter().any(|j| t.contains(j)));
        h[if lax { 2 } else { 3 }] += 1;
    }
    Hits(h)
}

/// Scores test alignments against gold, summing counts over all `(gold, test)` pairs
/// (files) before dividing.
pub fn score(files: &[(Vec<IdBead>, Vec<IdBead>)]) -> Scores {
    let (mut p, mut r) = ([0usize; 4], [0usize; 4]);
    let pairs_only = |beads: &[IdBead]| -> Vec<IdBead> {
        beads
            .iter()
            .filter(|b| !b.0.is_empty() && !b.1.is_empty())
            .cloned()
            .collect()
    };
    for (gold, test) in files {
        let Hits(ph) = hits(gold, test);
        let Hits(rh) = hits(&pairs_only(test), &pairs_only(gold));
        for k in 0..4 {
            p[k] += ph[k];
            r[k] += rh[k];
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let f1 = |a: f64, b: f64| {
        if a + b == 0.0 {
            0.0
        } else {
            2.0 * a * b / (a + b)
        }
    };
    let (ps, pl) = (ratio(p[0], p[0] + p[1]), ratio(p[2], p[2] + p[3]));
    let (rs, rl) = (ratio(r[0], r[0] + r[1]), ratio(r[2], r[2] + r[3]));
    Scores {
        precision_strict: ps,
        recall_strict: rs,
        f1_strict: f1(ps, rs),
        precision_lax: pl,
        recall_lax: rl,
        f1_lax: f1(pl, rl),
    }
}

/// A sentence id beyond the end of its verse file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerseError {
    /// The sentence id.
    pub id: usize,
    /// How many lines the verse file has.
    pub verses: usize,
}

impl fmt::Display for VerseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sentence {} has no verse: the verse file has {} lines; are the verse files given in the order SOURCE TARGET?", self.id, self.verses)
    }
}

impl std::error::Error for VerseError {}

/// Merges consecutive test beads whose sentences all lie in one verse (one side may be
/// empty), so that beads finer than the verse-level gold are scored as the verse.
pub fn merge_by_verse(
    beads: &[IdBead],
    source_verses: &[String],
    target_verses: &[String],
) -> Result<Vec<IdBead>, VerseError> {
    let groups = verse_groups(beads, source_verses, target_verses)?;
    let mut merged: Vec<IdBead> = Vec::with_capacity(beads.len());
    for ((source, target), &group) in beads.iter().zip(&groups) {
        match merged.get_mut(group) {
            Some(previous) => {
                previous.0.extend(source);
                previous.1.extend(target);
            }
            None => merged.push((source.clone(), target.clone())),
        }
    }
    Ok(merged)
}

/// For each test bead, the index of the bead [`merge_by_verse`] makes of it and its
/// neighbours in the same verse.
pub fn verse_groups(
    beads: &[IdBead],
    source_verses: &[String],
    target_verses: &[String],
) -> Result<Vec<usize>, VerseError> {
    // The one verse a side lies in: Ok(Some(v)), Ok(None) for an empty side, Err(()) when
    // the side spans several verses.
    fn verse<'v>(
        ids: &[usize],
        verses: &'v [String],
    ) -> Result<Result<Option<&'v str>, ()>, VerseError> {
        let mut found: Option<&str> = None;
        for &id in ids {
            let v = verses.get(id).ok_or(VerseError {
                id,
                verses: verses.len(),
            })?;
            match found {
                Some(f) if f != v => return Ok(Err(())),
                _ => found = Some(v),
            }
        }
        Ok(Ok(found))
    }
    let mut groups: Vec<usize> = Vec::with_capacity(beads.len());
    let mut last: Option<&str> = None;
    for (source, target) in beads {
        let kind = match (verse(source, source_verses)?, verse(target, target_verses)?) {
            (Ok(Some(a)), Ok(Some(b))) => (a == b).then_some(a),
            (Ok(Some(a)), Ok(None)) | (Ok(None), Ok(Some(a))) => Some(a),
            _ => None,
        };
        let group = match groups.last() {
            Some(&previous) if kind.is_some() && kind == last => previous,
            Some(&previous) => previous + 1,
            None => 0,
        };
        groups.push(group);
        last = kind;
    }
    Ok(groups)
}

/// Whether each test bead is a strict hit: equal to a gold bead.
pub fn exactly_right(gold: &[IdBead], test: &[IdBead]) -> Vec<bool> {
    let gold: HashSet<&IdBead> = gold.iter().collect();
    test.iter().map(|b| gold.contains(b)).collect()
}

/// One row of a reliability table: beads whose score lies in `from..to` (the last row
/// includes 1.0), and how many of them are exactly right.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReliabilityRow {
    pub from: f64,
    pub to: f64,
    pub beads: usize,
    pub right: usize,
    /// The mean score of the beads in the row.
    pub mean_score: f64,
}

impl ReliabilityRow {
    /// Share of the row's beads that are exactly right (0 for an empty row).
    pub fn precision(&self) -> f64 {
        if self.beads == 0 {
            0.0
        } else {
            self.right as f64 / self.beads as f64
        }
    }
}

/// Score bins for reliability tables: `--min-score` thresholds a user is likely to pick.
pub const RELIABILITY_EDGES: [f64; 6] = [0.0, 0.7, 0.8, 0.9, 0.95, 1.0];

/// Beads `(score, exactly right)` binned by score between consecutive `edges`.
pub fn reliability(scored: &[(f64, bool)], edges: &[f64]) -> Vec<ReliabilityRow> {
    edges
        .windows(2)
        .enumerate()
        .map(|(k, edge)| {
            let last = k + 2 == edges.len();
            let inside: Vec<&(f64, bool)> = scored
                .iter()
                .filter(|(s, _)| *s >= edge[0] && (*s < edge[1] || (last && *s <= edge[1])))
                .collect();
            let beads = inside.len();
            ReliabilityRow {
                from: edge[0],
                to: edge[1],
                beads,
                right: inside.iter().filter(|(_, right)| *right).count(),
                mean_score: inside.iter().map(|(s, _)| s).sum::<f64>() / beads.max(1) as f64,
            }
        })
        .collect()
}

/// A reliability table as Markdown: per bin, the beads, their mean score and the share
/// exactly right; then the share exactly right of all beads scoring at least 0.9.
pub fn reliability_table(scored: &[(f64, bool)]) -> String {
    let mut out =
        String::from("| score | beads | mean score | exactly right |\n|---|---|---|---|\n");
    for row in reliability(scored, &RELIABILITY_EDGES) {
        out += &format!(
            "| {:.2}–{:.2} | {} | {:.3} | {:.3} |\n",
            row.from,
            row.to,
            row.beads,
            row.mean_score,
            row.precision()
        );
    }
    let kept: Vec<bool> = scored
        .iter()
        .filter(|(s, _)| *s >= 0.9)
        .map(|&(_, r)| r)
        .collect();
    let right = kept.iter().filter(|&&r| r).count();
    out += &format!(
        "| **≥ 0.90** | {} | | **{:.3}** |\n",
        kept.len(),
        right as f64 / kept.len().max(1) as f64
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads(text: &str) -> Vec<IdBead> {
        parse_beads(text).unwrap()
    }

    #[test]
    fn parses_beads_and_reports_bad_lines() {
        assert_eq!(
            beads("[0,1]:[2]\n\n[]:[3]\n"),
            vec![(vec![0, 1], vec![2]), (vec![], vec![3])]
        );
        let error = parse_beads("[0]:[0]\n0:1\n").unwrap_err();
        assert_eq!(error.line, 2);
    }

    #[test]
    fn hand_computed_scores() {
        let gold = beads("[0]:[0]\n[1,2]:[1]\n[3]:[]\n[4]:[2,3]");
        // [0]:[0] strict; [1]:[1] lax (gold links 1 to 1); [2]:[] neither (empty target);
        // [3]:[] strict (a gold omission); [4]:[2,3] strict.
        let test = beads("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[4]:[2,3]");
        let s = score(&[(gold, test)]);
        // Precision over 5 test beads: strict 3/5, lax 4/5.
        assert!((s.precision_strict - 0.6).abs() < 1e-12 && (s.precision_lax - 0.8).abs() < 1e-12);
        // Recall over the 3 gold pairs: strict [0]:[0], [4]:[2,3] = 2/3; lax all 3
        // ([1,2]:[1] overlaps the test pair [1]:[1]).
        assert!((s.recall_strict - 2.0 / 3.0).abs() < 1e-12 && (s.recall_lax - 1.0).abs() < 1e-12);
        let f1 = 2.0 * 0.6 * (2.0 / 3.0) / (0.6 + 2.0 / 3.0);
        assert!((s.f1_strict - f1).abs() < 1e-12);
    }

    #[test]
    fn counts_are_summed_over_files() {
        let one = (beads("[0]:[0]"), beads("[0]:[0]"));
        let two = (beads("[0]:[0]\n[1]:[1]"), beads("[0,1]:[0,1]"));
        let s = score(&[one, two]);
        // Test beads: 1 strict hit, 1 miss → P 0.5; gold pairs: 1 of 3 → R 1/3.
        assert!(
            (s.precision_strict - 0.5).abs() < 1e-12 && (s.recall_strict - 1.0 / 3.0).abs() < 1e-12
        );
    }

    #[test]
    fn verse_merge_joins_beads_inside_one_verse() {
        let verses = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (source, target) = (
            verses(&["a", "b", "b", "c"]),
            verses(&["a", "b", "b", "b", "c"]),
        );
        let test = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n[]:[3]\n[3]:[4]");
        let merged = merge_by_verse(&test, &source, &target).unwrap();
        assert_eq!(merged, beads("[0]:[0]\n[1,2]:[1,2,3]\n[3]:[4]"));
        assert!(merge_by_verse(&beads("[9]:[0]"), &source, &target).is_err());
        // Each bead's group is the merged bead it went into.
        assert_eq!(
            verse_groups(&test, &source, &target).unwrap(),
            vec![0, 1, 1, 1, 2]
        );
    }

    #[test]
    fn exactly_right_marks_strict_hits() {
        let gold = beads("[0]:[0]\n[1,2]:[1]\n[3]:[]");
        let test = beads("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]");
        assert_eq!(exactly_right(&gold, &test), vec![true, false, false, true]);
    }

    #[test]
    fn reliability_bins_scores_and_counts_the_right_ones() {
        let scored = [
            (0.1, false),
            (0.55, true),
            (0.85, true),
            (0.85, false),
            (0.95, true),
            (1.0, true),
        ];
        let rows = reliability(&scored, &[0.0, 0.5, 0.9, 1.0]);
        let counts: Vec<(usize, usize)> = rows.iter().map(|r| (r.beads, r.right)).collect();
        // 1.0 falls in the last bin, which includes its upper edge.
        assert_eq!(counts, vec![(1, 0), (3, 2), (2, 2)]);
        assert!((rows[1].precision() - 2.0 / 3.0).abs() < 1e-12);
        assert!((rows[1].mean_score - 0.75).abs() < 1e-12);
        let table = reliability_table(&scored);
        assert!(
            table.contains("| **≥ 0.90** | 2 | | **1.000** |"),
            "{table}"
        );
    }
}
