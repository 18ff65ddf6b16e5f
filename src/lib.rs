//! # duiqi (对齐): Chinese–English parallel-text alignment
//!
//! duiqi pairs Chinese sentences with their English translations and writes the pairs
//! as a translation memory (TMX, TSV, JSONL). It reads newsletters that quote Chinese
//! after its English translation (interleaved text) as well as two separate documents.
//!
//! The pipeline, one module per stage, each keeping byte offsets into the input:
//!
//! 1. [`read`]: bytes → [`read::Document`]
//! 2. [`runs`]: document → language runs (English, Chinese, other)
//! 3. [`sentences`]: runs → [`sentences::Sentence`]s
//! 4. [`tokens`]: sentences → words (jieba for Chinese, stemmed English)
//! 5. [`anchors`] and [`score`]: words, numbers, names, dictionary → bead costs
//! 6. [`align`] (with [`learn`]): costs → [`beads::Bead`]s; between two documents
//!    [`omissions`] then splits off sentences their bead does not translate and aligns
//!    the stretches around unpaired sentences again by the words' evidence
//! 7. [`calibrate`]: each bead's evidence → its `score`, P(exactly right)
//! 8. [`output`]: beads → TMX, TSV, JSONL or sentence-id files
//!
//! [`batch`] finds and aligns many documents (pairs by `NAME.zh`/`NAME.en`) and merges
//! their memories; [`coverage`] checks an alignment for untranslated text and mismatched numbers and
//! names; [`eval`] scores sentence-id alignments against gold ones (strict and lax P/R/F1).
//!
//! [`pipeline`] runs them all:
//!
//! ```
//! use duiqi::{pipeline, read::Document};
//! let doc = Document::from_text("example", "All parties agreed. 各方一致同意。\n");
//! let alignment = pipeline::align_interleaved(&doc, &pipeline::Options::default());
//! assert_eq!(alignment.beads.len(), 1);
//! assert_eq!(alignment.zh_text(&alignment.beads[0]), "各方一致同意。");
//! ```

pub mod align;
pub mod anchors;
pub mod batch;
pub mod beads;
pub mod calibrate;
pub mod coverage;
pub mod eval;
pub mod learn;
pub mod omissions;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod runs;
pub mod score;
pub mod sentences;
pub mod span;
pub mod text;
mod timing;
pub mod tokens;
pub mod trim;
