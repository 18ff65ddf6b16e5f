//! Anchors: what both sides of a translation share, whatever the words.
//!
//! * [`lexicon`]: CC-CEDICT dictionary translations;
//! * [`names`]: pinyin forms of Chinese names, as English writes them;
//! * [`numbers`]: quantities, normalised across scripts and scales;
//! * [`pronouns`]: personal pronouns, as classes both languages share;
//! * [`punctuation`]: questions, exclamations and quotations;
//! * [`quotes`]: where speech runs on across sentence ends.

pub mod lexicon;
pub mod names;
pub mod numbers;
pub mod pronouns;
pub mod punctuation;
pub mod quotes;
