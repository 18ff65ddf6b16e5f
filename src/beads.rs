//! The aligner's result: beads that pair zero or more Chinese sentences with zero or more
//! English sentences, each with the aligner's 0..1 confidence and the calibrated
//! probability that it is exactly right ([`crate::calibrate`]).

use crate::read::Document;
use crate::sentences::Sentence;

/// One alignment unit. Indices point into [`Alignment::zh`] and [`Alignment::en`]; either
/// side may be empty (an untranslated sentence), never both.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Chinese sentences of the bead, consecutive, in reading order.
    pub zh: Vec<usize>,
    /// English sentences of the bead, consecutive, in reading order.
    pub en: Vec<usize>,
    /// The aligner's own 0..1 confidence that the two sides translate each other (for an
    /// unpaired sentence: that it really has no counterpart). It ranks beads and drives
    /// the aligner's decisions (what to learn from, where the path looks lost), but is
    /// not a probability.
    pub confidence: f64,
    /// The estimated probability that this bead is exactly right (a gold bead, no
    /// sentence missing or extra): what outputs write as `score` and `--min-score`
    /// compares with. Set from the confidence and the bead's surroundings by
    /// [`crate::calibrate`] once the alignment is final.
    pub score: f64,
}

impl Bead {
    /// A bead with the aligner's confidence; its `score` is that confidence until
    /// [`crate::calibrate::calibrate`] sets it, which the pipeline does before returning.
    pub fn new(zh: Vec<usize>, en: Vec<usize>, confidence: f64) -> Bead {
        Bead {
            zh,
            en,
            confidence,
            score: confidence,
        }
    }

    /// Whether the bead has sentences on both sides (a translation pair).
    pub fn is_pair(&self) -> bool {
        !self.zh.is_empty() && !self.en.is_empty()
    }
}

/// Everything a writer needs: the sentences of both sides, in input order, and the beads.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    /// The Chinese sentences, in reading order.
    pub zh: Vec<Sentence>,
    /// The English sentences, in reading order.
    pub en: Vec<Sentence>,
    /// Text in neither language, reported as unpaired so that nothing is dropped silently.
    pub other: Vec<Sentence>,
    /// Beads in reading order. A Chinese sentence that repeats earlier Chinese may be
    /// paired with English that an earlier bead also uses.
    pub beads: Vec<Bead>,
    /// Interleaved input: which way its translations were found to run.
    pub layout: Option<crate::pipeline::FoundLayout>,
}

impl Alignment {
    /// The Chinese side of a bead as one string (sentences joined without spaces).
    pub fn zh_text(&self, bead: &Bead) -> String {
        bead.zh.iter().map(|&i| self.zh[i].text.as_str()).collect()
    }

    /// Pairs scoring at least `min_score`, and how many distinct sentences of each side
    /// they pair. An English sentence that two beads share (a repeated Chinese paragraph
    /// paired with the English of its first occurrence) counts once, as in `coverage`.
    pub fn paired_counts(&self, min_score: f64) -> PairCounts {
        let mut zh = vec![false; self.zh.len()];
        let mut en = vec![false; self.en.len()];
        let mut pairs = 0;
        for bead in self
            .beads
            .iter()
            .filter(|b| b.is_pair() && b.score >= min_score)
        {
            pairs += 1;
            bead.zh.iter().for_each(|&i| zh[i] = true);
            bead.en.iter().for_each(|&j| en[j] = true);
        }
        let count = |seen: Vec<bool>| seen.into_iter().filter(|&s| s).count();
        PairCounts {
            pairs,
            zh: count(zh),
            en: count(en),
        }
    }

    /// Every bead as sentence ids (Chinese, English), or (English, Chinese) when the
    /// English document came first: the sides `--format align` and gold files use.
    pub fn id_beads(&self, zh_first: bool) -> Vec<(Vec<usize>, Vec<usize>)> {
        self.beads
            .iter()
            .map(|b| {
                if zh_first {
                    (b.zh.clone(), b.en.clone())
                } else {
                    (b.en.clone(), b.zh.clone())
                }
            })
            .collect()
    }

    /// The English side of a bead as one string (sentences joined with a space).
    pub fn en_text(&self, bead: &Bead) -> String {
        bead.en
            .iter()
            .map(|&i| self.en[i].text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What [`Alignment::paired_counts`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairCounts {
    /// Beads with both sides.
    pub pairs: usize,
    /// Distinct Chinese sentences in those pairs.
    pub zh: usize,
    /// Distinct English sentences in those pairs.
    pub en: usize,
}

/// The documents an alignment was made from: where its Chinese and its English sentences
/// were read (the same document for interleaved input).
#[derive(Debug, Clone, Copy)]
pub struct Sources<'d> {
    /// The document the Chinese sentences were read from.
    pub zh: &'d Document,
    /// The document the English sentences were read from.
    pub en: &'d Document,
}

impl<'d> Sources<'d> {
    /// The sources of one interleaved document, or of two (`zh_first`: the Chinese one
    /// came first).
    pub fn of(documents: &'d [Document], zh_first: bool) -> Sources<'d> {
        match documents {
            [doc] => Sources { zh: doc, en: doc },
            [first, second] if zh_first => Sources {
                zh: first,
                en: second,
            },
            [first, second] => Sources {
                zh: second,
                en: first,
            },
            _ => panic!(
                "an alignment comes from one or two documents, not {}",
                documents.len()
            ),
        }
    }
}
