//! The aligner's result: beads that pair zero or more Chinese sentences with zero or more
//! English sentences, each with a 0..1 confidence.

use crate::read::Document;
use crate::sentences::Sentence;

/// One alignment unit. Indices point into [`Alignment::zh`] and [`Alignment::en`]; either
/// side may be empty (an untranslated sentence), never both.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub zh: Vec<usize>,
    pub en: Vec<usize>,
    /// Calibrated confidence in 0..1 that the two sides translate each other (for an
    /// unpaired sentence: that it really has no counterpart).
    pub score: f64,
}

impl Bead {
    pub fn is_pair(&self) -> bool {
        !self.zh.is_empty() && !self.en.is_empty()
    }
}

/// Everything a writer needs: the sentences of both sides, in input order, and the beads.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    pub zh: Vec<Sentence>,
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

    /// The English side of a bead as one string (sentences joined with a space).
    pub fn en_text(&self, bead: &Bead) -> String {
        bead.en
            .iter()
            .map(|&i| self.en[i].text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The documents an alignment was made from: where its Chinese and its English sentences
/// were read (the same document for interleaved input).
#[derive(Debug, Clone, Copy)]
pub struct Sources<'d> {
    pub zh: &'d Document,
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
