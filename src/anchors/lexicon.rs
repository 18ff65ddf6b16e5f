//! The CC-CEDICT dictionary: a Chinese word in, its English glosses out.
//!
//! The dictionary ships in `data/cedict_ts.u8` (CC BY-SA 4.0, see `data/README.md`).
//! The build sorts its headwords (simplified and traditional) into an index that is
//! compiled into the binary and searched in place, so nothing is read, downloaded or
//! parsed at start-up; turning glosses into English stems happens later, per document,
//! and only for the words a document contains.

/// Headword forms sorted by bytes, one a line: `HEADWORD\tdef1/def2/…` (see build.rs).
static INDEX: &str = include_str!(concat!(env!("OUT_DIR"), "/cedict-index.txt"));
/// Characters in the longest headword.
const LONGEST_HEADWORD: usize = {
    let digits = include_str!(concat!(env!("OUT_DIR"), "/cedict-longest.txt")).as_bytes();
    let mut value = 0;
    let mut i = 0;
    while i < digits.len() {
        value = value * 10 + (digits[i] - b'0') as usize;
        i += 1;
    }
    value
};

/// The embedded dictionary. Lookups bisect the sorted index in place, so there is nothing
/// to load: the first lookup is as fast as any other.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon {
    index: &'static str,
}

impl Lexicon {
    /// The dictionary compiled into the binary.
    pub fn global() -> Lexicon {
        Lexicon { index: INDEX }
    }

    /// The useful English definitions of a word (all its entries, simplified or
    /// traditional), or `None` when the dictionary does not have it.
    pub fn glosses(&self, word: &str) -> Option<Vec<&'static str>> {
        let mut at = self.first_line_not_before(word);
        let mut glosses = Vec::new();
        let mut found = false;
        while let Some((headword, definitions, next)) = self.line_at(at) {
            if headword != word {
                break;
            }
            found = true;
            glosses.extend(definitions.split('/').filter(|d| is_useful_gloss(d)));
            at = next;
        }
        (found && !glosses.is_empty()).then_some(glosses)
    }

    fn contains(&self, word: &str) -> bool {
        self.line_at(self.first_line_not_before(word)).is_some_and(|(headword, _, _)| headword == word)
    }

    /// Byte offset of the first line whose headword is not less than `word` (the end of
    /// the index if there is none). Bisects over byte offsets, snapping to line starts.
    fn first_line_not_before(&self, word: &str) -> usize {
        // Invariant: `lo` is a line start and every line before it is less than `word`;
        // `hi` is a line start (or the end) and its line is not less than `word`.
        let (mut lo, mut hi) = (0, self.index.len());
        while lo < hi {
            let probe = self.next_line_start(lo + (hi - lo) / 2);
            let at = if probe < hi { probe } else { lo };
            match self.line_at(at) {
                Some((headword, _, next)) if headword < word => lo = next,
                _ => hi = at,
            }
        }
        lo
    }

    /// The first line start at or after `at`.
    fn next_line_start(&self, at: usize) -> usize {
        if at == 0 {
            return 0;
        }
        match self.index.as_bytes()[at - 1..].iter().position(|&b| b == b'\n') {
            Some(p) => at + p,
            None => self.index.len(),
        }
    }

    /// The line starting at `at`: headword, definitions and the start of the next line.
    fn line_at(&self, at: usize) -> Option<(&'static str, &'static str, usize)> {
        let rest = self.index.get(at..).filter(|r| !r.is_empty())?;
        let end = rest.find('\n').unwrap_or(rest.len());
        let (headword, definitions) = rest[..end].split_once('\t')?;
        Some((headword, definitions, at + end + 1))
    }

    /// Dictionary words covering `word` left to right, longest first, for words the
    /// dictionary lacks (jieba knows words CC-CEDICT does not: 四梁八柱 → 四, 梁, 八柱…).
    pub fn decompose<'w>(&self, word: &'w str) -> Vec<&'w str> {
        let mut parts = Vec::new();
        let mut rest = word;
        while !rest.is_empty() {
            let ends: Vec<usize> = rest.char_indices().skip(1).map(|(i, _)| i).chain([rest.len()]).collect();
            let max = ends.len().min(LONGEST_HEADWORD);
            let end = (1..=max).rev().map(|n| ends[n - 1]).find(|&e| self.contains(&rest[..e]));
            match end {
                Some(e) => {
                    parts.push(&rest[..e]);
                    rest = &rest[e..];
                }
                None => rest = &rest[ends[0]..],
            }
        }
        parts
    }
}

/// Cross-references and classifiers say nothing about what a word means in a sentence.
fn is_useful_gloss(definition: &str) -> bool {
    let d = definition.trim();
    !(d.is_empty()
        || d.starts_with("CL:")
        || d.starts_with("see ")
        || d.starts_with("variant of")
        || d.starts_with("old variant of")
        || d.starts_with("used in ")
        || d.starts_with("abbr. for")
        || d.starts_with("erhua variant"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_simplified_and_traditional_headwords() {
        let lexicon = Lexicon::global();
        assert!(lexicon.glosses("铁路").unwrap().iter().any(|g| g.contains("railway")));
        assert!(lexicon.glosses("鐵路").unwrap().iter().any(|g| g.contains("railway")));
        assert!(lexicon.glosses("习近平").unwrap().iter().any(|g| g.contains("Xi Jinping")));
        assert!(lexicon.glosses("不是一个词儿").is_none());
    }

    #[test]
    fn finds_the_first_and_last_headwords() {
        let lexicon = Lexicon::global();
        let first = INDEX.lines().next().unwrap().split('\t').next().unwrap();
        let last = INDEX.lines().last().unwrap().split('\t').next().unwrap();
        assert!(lexicon.contains(first) && lexicon.contains(last));
        assert!(!lexicon.contains("") && !lexicon.contains("\u{10FFFF}"));
    }

    #[test]
    fn decomposes_unknown_words_into_known_ones() {
        let parts = Lexicon::global().decompose("中吉乌铁路");
        assert!(parts.contains(&"铁路"), "{parts:?}");
    }
}
