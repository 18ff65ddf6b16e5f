//! Byte ranges into the original input, and the language tags every later stage carries.
//!
//! Every unit the pipeline produces (language run, sentence, bead) points back to the
//! bytes it came from with a [`Span`], so output can always say where a piece of text
//! was found in the user's file.

use std::ops::Range;

/// A half-open byte range `[start, end)` into one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The text this span covers in `text` (which must be the whole input it indexes).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range()]
    }

    /// The same span with leading and trailing whitespace of `text` removed.
    pub fn trim(&self, text: &str) -> Span {
        let s = self.slice(text);
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        Span::new(self.start + lead, self.start + lead + trimmed.len())
    }
}

/// Which side of the alignment a piece of text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    English,
    Chinese,
    /// Text in neither language (German, a line of symbols): kept and reported as unpaired.
    Other,
}

impl Lang {
    /// The BCP 47 tag used in TMX output.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::English => "en",
            Lang::Chinese => "zh-CN",
            Lang::Other => "und",
        }
    }
}
