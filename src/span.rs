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

/// The lines of `text` from byte `from` on, without their line ends, as `str::split('\n')`
/// gives them (an empty last line after a final line end included), except that CRLF and a
/// lone CR (old Mac files) end a line too.
pub fn line_spans(text: &str, from: usize) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut start = Some(from);
    std::iter::from_fn(move || {
        let line_start = start?;
        match memchr::memchr2(b'\n', b'\r', &bytes[line_start..]) {
            Some(at) => {
                let end = line_start + at;
                let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
                start = Some(end + 1 + usize::from(crlf));
                Some(Span::new(line_start, end))
            }
            None => {
                start = None;
                Some(Span::new(line_start, text.len()))
            }
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "a\nb\r\nc\rd\r\re";
        let lines: Vec<&str> = line_spans(text, 0).map(|s| s.slice(text)).collect();
        assert_eq!(lines, ["a", "b", "c", "d", "", "e"]);
        let lines: Vec<&str> = line_spans("x\r", 0).map(|s| s.slice("x\r")).collect();
        assert_eq!(lines, ["x", ""]);
        assert_eq!(
            line_spans("ab\ncd", 3).collect::<Vec<_>>(),
            [Span::new(3, 5)]
        );
    }
}
