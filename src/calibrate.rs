//! Calibration: a finished [`Alignment`] in, each bead's `score` set to the estimated
//! probability that the bead is exactly right out.
//!
//! The aligner's own confidence ([`Bead::confidence`]) ranks beads but means little as a
//! number: on literary text three quarters of the beads it gives under 0.5 are right,
//! and a pair it is sure of can still hold one sentence too many. This stage takes, per bead, a few
//! pieces of evidence available once the path is final — the confidence, the bead's
//! shape, how far its length ratio is from the document's, and what its neighbours are —
//! and maps them to P(exactly right) with a logistic regression of a handful of
//! coefficients ([`FITTED`]). Pairs and unpaired sentences have a model each.
//!
//! The coefficients are fitted on the shared dev data (MAC-dev chapters and the Bible
//! pre-split, each bead judged exactly right as `alignscore.py` judges it, and the
//! interleaved MAC-dev sets, judged as `linkscore.py` judges exact beads) by
//! `cargo run --release --example calibrate`, which also prints the reliability tables
//! and the cross-validated figures; re-run it whenever the aligner changes and paste
//! the coefficients it prints here. Nothing in the aligner reads `score`: its decisions
//! use the confidence, so calibrating changes no bead.

use crate::anchors::quotes::quotations_opened;
use crate::beads::{Alignment, Bead};

/// The evidence of a pair, in the order of [`Model::pair`] after its intercept.
pub const PAIR_EVIDENCE: [&str; 7] = [
    "confidence (logit)",
    "sentences beyond 1-1",
    "length-ratio deviation",
    "unpaired neighbours",
    "weaker neighbour confidence (logit)",
    "quotes differ",
    "neighbour sentences beyond 1-1",
];
/// The evidence of an unpaired sentence, in the order of [`Model::unpaired`] after its
/// intercept.
pub const UNPAIRED_EVIDENCE: [&str; 3] = [
    "confidence (logit)",
    "interleaved text",
    "unpaired neighbours",
];

/// Logistic coefficients: the intercept first, then one weight per piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    pub pair: [f64; PAIR_EVIDENCE.len() + 1],
    pub unpaired: [f64; UNPAIRED_EVIDENCE.len() + 1],
}

/// Fitted by `cargo run --release --example calibrate` (weighted logistic regression
/// with a small ridge penalty; MAC-dev, Bible 001 and the interleaved MAC-dev sets
/// weighted equally) on the aligner with quotation states and joined unpaired sentences
/// (issue 15), the paragraph-break cost of interleaved text (issue 13) and words weighed
/// by how reliably the document translates them (`Scorer::weigh_by_translation_rates`). Re-run that
/// command after any change to the aligner and paste what it prints.
pub const FITTED: Model = Model {
    // intercept, confidence (logit), sentences beyond 1-1, length-ratio deviation,
    // unpaired neighbours, weaker neighbour confidence (logit), quotes differ,
    // neighbour sentences beyond 1-1
    pair: [
        2.8433, 0.2787, -0.8970, -2.2246, -0.7475, 0.1629, -0.2881, -0.3950,
    ],
    // intercept, confidence (logit), interleaved text, unpaired neighbours
    unpaired: [-0.3013, 0.2653, 1.9646, 0.7596],
};

/// What a bead offers the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    Pair([f64; PAIR_EVIDENCE.len()]),
    Unpaired([f64; UNPAIRED_EVIDENCE.len()]),
}

impl Model {
    /// P(exactly right) of a bead with this evidence.
    pub fn probability(&self, evidence: &Evidence) -> f64 {
        let (weights, values): (&[f64], &[f64]) = match evidence {
            Evidence::Pair(x) => (&self.pair, x),
            Evidence::Unpaired(x) => (&self.unpaired, x),
        };
        let z = weights[0]
            + weights[1..]
                .iter()
                .zip(values)
                .map(|(w, x)| w * x)
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Sets every bead's `score` to its P(exactly right) under the fitted model.
pub fn calibrate(alignment: &mut Alignment) {
    let evidence = evidence(alignment);
    for (bead, e) in alignment.beads.iter_mut().zip(&evidence) {
        bead.score = FITTED.probability(e);
    }
}

/// The largest |logit| a confidence counts for: 0.9997 and 1.0 are the same evidence.
const MAX_LOGIT: f64 = 8.0;

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-9, 1.0 - 1e-9);
    (p / (1.0 - p)).ln().clamp(-MAX_LOGIT, MAX_LOGIT)
}

/// The evidence of every bead of a finished alignment, in bead order.
pub fn evidence(alignment: &Alignment) -> Vec<Evidence> {
    let beads = &alignment.beads;
    let zh_chars: Vec<f64> = alignment.zh.iter().map(|s| text_chars(&s.text)).collect();
    let en_chars: Vec<f64> = alignment.en.iter().map(|s| text_chars(&s.text)).collect();
    let sum = |ids: &[usize], chars: &[f64]| ids.iter().map(|&i| chars[i]).sum::<f64>();
    // The document's English characters per Chinese character, over its pairs.
    let (zh_total, en_total) = beads
        .iter()
        .filter(|b| b.is_pair())
        .fold((0.0, 0.0), |(z, e), b| {
            (z + sum(&b.zh, &zh_chars), e + sum(&b.en, &en_chars))
        });
    let ratio = if zh_total > 0.0 && en_total > 0.0 {
        en_total / zh_total
    } else {
        1.0
    };
    let interleaved = alignment.layout.is_some();
    (0..beads.len())
        .map(|k| {
            let bead = &beads[k];
            let neighbours = [k.checked_sub(1), (k + 1 < beads.len()).then_some(k + 1)];
            let neighbours = neighbours.iter().flatten().map(|&n| &beads[n]);
            let unpaired_neighbours = neighbours.clone().filter(|b| !b.is_pair()).count() as f64;
            if !bead.is_pair() {
                return Evidence::Unpaired([
                    logit(bead.confidence),
                    f64::from(u8::from(interleaved)),
                    unpaired_neighbours,
                ]);
            }
            // A shifted boundary spoils two beads: a neighbour that merged several
            // sentences, or that the aligner doubts, may hold one of this bead's.
            let neighbour_extra = neighbours
                .clone()
                .filter(|b| b.is_pair())
                .map(|b| (b.zh.len() + b.en.len() - 2) as f64)
                .fold(0.0, f64::max);
            let weaker_neighbour = neighbours
                .filter(|b| b.is_pair())
                .map(|b| logit(b.confidence))
                .fold(MAX_LOGIT, f64::min);
            let (zh, en) = (sum(&bead.zh, &zh_chars), sum(&bead.en, &en_chars));
            let deviation = ((en + 1.0) / (ratio * zh + 1.0)).ln().abs();
            Evidence::Pair([
                logit(bead.confidence),
                (bead.zh.len() + bead.en.len() - 2) as f64,
                deviation,
                unpaired_neighbours,
                weaker_neighbour,
                f64::from(u8::from(quotes_differ(alignment, bead))),
                neighbour_extra,
            ])
        })
        .collect()
}

/// Characters that carry text (whitespace left out).
fn text_chars(text: &str) -> f64 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// Whether the two sides open a different number of quotations: a line of dialogue on
/// one side only is a sentence that belongs to a neighbour.
fn quotes_differ(alignment: &Alignment, bead: &Bead) -> bool {
    quotations_opened(&alignment.zh_text(bead), true)
        != quotations_opened(&alignment.en_text(bead), false)
}

/// Fits a [`Model`] by weighted logistic regression: Newton's method on the
/// log-likelihood with a small ridge penalty on the weights (not the intercepts), so
/// that evidence rare in the data cannot take an extreme weight. `samples` are
/// (evidence, exactly right, weight).
pub fn fit(samples: &[(Evidence, bool, f64)]) -> Model {
    let (mut pairs, mut unpaired) = (Vec::new(), Vec::new());
    for (evidence, right, weight) in samples {
        match evidence {
            Evidence::Pair(x) => pairs.push((x.to_vec(), *right, *weight)),
            Evidence::Unpaired(x) => unpaired.push((x.to_vec(), *right, *weight)),
        }
    }
    let one_weight_each = "logistic gives an intercept and one weight per piece of evidence";
    Model {
        pair: logistic(&pairs, PAIR_EVIDENCE.len())
            .try_into()
            .expect(one_weight_each),
        unpaired: logistic(&unpaired, UNPAIRED_EVIDENCE.len())
            .try_into()
            .expect(one_weight_each),
    }
}

/// Ridge penalty on each weight (in units of log-likelihood per unit weight²).
const RIDGE: f64 = 1.0;

/// Intercept and weights of a weighted, ridge-penalised logistic regression.
fn logistic(samples: &[(Vec<f64>, bool, f64)], features: usize) -> Vec<f64> {
    let n = features + 1;
    let mut beta = vec![0.0; n];
    for _ in 0..50 {
        let mut gradient = vec![0.0; n];
        let mut hessian = vec![vec![0.0; n]; n];
        for k in 1..n {
            gradient[k] -= RIDGE * beta[k];
            hessian[k][k] += RIDGE;
        }
        for (x, right, w) in samples {
            let row: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
            let z: f64 = row.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = f64::from(u8::from(*right));
            for i in 0..n {
                gradient[i] += w * (y - p) * row[i];
                for j in 0..n {
                    hessian[i][j] += w * p * (1.0 - p) * row[i] * row[j];
                }
            }
        }
        let step = solve(hessian, gradient);
        let size: f64 = step.iter().map(|s| s.abs()).sum();
        beta.iter_mut().zip(&step).for_each(|(b, s)| *b += s);
        if size < 1e-9 {
            break;
        }
    }
    beta
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting (`a` is positive
/// definite here: a Hessian plus a ridge).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .expect("a non-empty column");
        a.swap(col, pivot);
        b.swap(col, pivot);
        if a[col][col].abs() < 1e-12 {
            continue;
        }
        let pivot_row = a[col].clone();
        for row in col + 1..n {
            let factor = a[row][col] / pivot_row[col];
            for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-12 {
            0.0
        } else {
            (b[row] - rest) / a[row][row]
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{align_interleaved, Options};
    use crate::read::Document;

    /// A plain 1-1 pair: the given confidence logit, nothing else against it.
    fn pair(confidence: f64) -> [f64; PAIR_EVIDENCE.len()] {
        [confidence, 0.0, 0.0, 0.0, MAX_LOGIT, 0.0, 0.0]
    }

    #[test]
    fn scores_are_probabilities_even_for_extreme_evidence() {
        for x in [-1e6, -MAX_LOGIT, 0.0, MAX_LOGIT, 1e6] {
            for evidence in [
                Evidence::Pair([x; PAIR_EVIDENCE.len()]),
                Evidence::Unpaired([x; UNPAIRED_EVIDENCE.len()]),
            ] {
                let p = FITTED.probability(&evidence);
                assert!((0.0..=1.0).contains(&p), "{evidence:?} → {p}");
            }
        }
    }

    #[test]
    fn the_fitted_score_rises_with_confidence_and_falls_with_doubt() {
        let p = |x: [f64; PAIR_EVIDENCE.len()]| FITTED.probability(&Evidence::Pair(x));
        let mut last = 0.0;
        for confidence in [0.05, 0.3, 0.5, 0.7, 0.9, 0.99] {
            let score = p(pair(logit(confidence)));
            assert!(score > last, "confidence {confidence}: {score} ≤ {last}");
            last = score;
        }
        let base = pair(logit(0.9));
        // One piece of doubt at a time: each must lower the score.
        for (k, doubt) in [(1, 1.0), (2, 0.7), (3, 1.0), (4, -2.0), (5, 1.0), (6, 1.0)] {
            let mut x = base;
            x[k] = doubt;
            assert!(
                p(x) < p(base),
                "{} = {doubt} does not lower the score",
                PAIR_EVIDENCE[k]
            );
        }
    }

    #[test]
    fn fit_recovers_the_model_that_made_the_data() {
        let truth = Model {
            pair: [1.5, 0.8, -1.0, -2.0, -0.5, 0.3, -1.0, -0.4],
            unpaired: [-0.5, 0.6, 1.0, 0.4],
        };
        // A fixed pseudo-random stream, so the test sees the same data every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut uniform = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut samples = Vec::new();
        for k in 0..200_000 {
            let evidence = if k % 2 == 0 {
                Evidence::Pair([
                    8.0 * uniform() - 4.0,
                    (3.0 * uniform()).floor(),
                    uniform(),
                    (3.0 * uniform()).floor(),
                    8.0 * uniform() - 4.0,
                    f64::from(u8::from(uniform() < 0.2)),
                    (3.0 * uniform()).floor(),
                ])
            } else {
                Evidence::Unpaired([
                    8.0 * uniform() - 4.0,
                    f64::from(u8::from(uniform() < 0.5)),
                    (3.0 * uniform()).floor(),
                ])
            };
            let right = uniform() < truth.probability(&evidence);
            samples.push((evidence, right, 1.0));
        }
        let fitted = fit(&samples);
        for (got, want) in fitted
            .pair
            .iter()
            .chain(&fitted.unpaired)
            .zip(truth.pair.iter().chain(&truth.unpaired))
        {
            assert!(
                (got - want).abs() < 0.15,
                "fitted {fitted:?}, truth {truth:?}"
            );
        }
    }

    #[test]
    fn calibrating_sets_scores_and_changes_no_bead() {
        let doc = Document::read(std::path::Path::new("data/peoples-daily-2025-06-19.txt"))
            .expect("the sample");
        let calibrated = align_interleaved(&doc, &Options::default());
        let mut again = calibrated.clone();
        for bead in &mut again.beads {
            bead.score = -1.0;
        }
        calibrate(&mut again);
        assert_eq!(again.beads, calibrated.beads);
        let evidence = evidence(&calibrated);
        for (bead, e) in calibrated.beads.iter().zip(&evidence) {
            assert_eq!(bead.score, FITTED.probability(e));
            assert_eq!(bead.is_pair(), matches!(e, Evidence::Pair(_)));
        }
    }
}
