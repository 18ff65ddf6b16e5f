//! The CC-CEDICT dictionary: a Chinese word in, its English glosses out.
//!
//! The dictionary ships in `data/cedict_ts.u8` (CC BY-SA 4.0, see `data/README.md`) and
//! is compiled into the binary, so nothing is read or downloaded at run time. It is
//! parsed once, on first use, into a map from simplified (and traditional) headwords to
//! their `/`-separated definitions; turning glosses into English stems happens later, per
//! document, and only for the words a document contains.

use std::collections::HashMap;
use std::sync::OnceLock;

static CEDICT: &str = include_str!("../../data/cedict_ts.u8");

/// Headwords to definitions, both borrowed from the embedded dictionary text.
pub struct Lexicon {
    glosses: HashMap<&'static str, Vec<&'static str>>,
    longest_headword: usize,
}

impl Lexicon {
    /// The dictionary, parsed on first call (about 40 ms) and shared afterwards.
    pub fn global() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(CEDICT))
    }

    fn parse(text: &'static str) -> Lexicon {
        let mut glosses: HashMap<&'static str, Vec<&'static str>> = HashMap::with_capacity(150_000);
        let mut longest_headword = 1;
        for line in text.lines() {
            let Some((traditional, simplified, definitions)) = parse_entry(line) else { continue };
            let defs: Vec<&'static str> = definitions.split('/').filter(|d| is_useful_gloss(d)).collect();
            if defs.is_empty() {
                continue;
            }
            longest_headword = longest_headword.max(simplified.chars().count());
            glosses.entry(simplified).or_default().extend(&defs);
            if traditional != simplified {
                glosses.entry(traditional).or_default().extend(&defs);
            }
        }
        Lexicon { glosses, longest_headword }
    }

    /// The English definitions of a word, if the dictionary has it.
    pub fn glosses(&self, word: &str) -> Option<&[&'static str]> {
        self.glosses.get(word).map(Vec::as_slice)
    }

    /// Dictionary words covering `word` left to right, longest first, for words the
    /// dictionary lacks (jieba knows words CC-CEDICT does not: 四梁八柱 → 四, 梁, 八柱…).
    pub fn decompose<'w>(&self, word: &'w str) -> Vec<&'w str> {
        let mut parts = Vec::new();
        let mut rest = word;
        while !rest.is_empty() {
            let ends: Vec<usize> = rest.char_indices().skip(1).map(|(i, _)| i).chain([rest.len()]).collect();
            let max = ends.len().min(self.longest_headword);
            let end = (1..=max).rev().map(|n| ends[n - 1]).find(|&e| self.glosses.contains_key(&rest[..e]));
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

/// Splits `傳統 传统 [chuan2 tong3] /tradition/traditional/` into headwords and the
/// `/`-separated definitions; comment lines (`#`) and malformed lines give `None`.
fn parse_entry(line: &'static str) -> Option<(&'static str, &'static str, &'static str)> {
    if line.starts_with('#') {
        return None;
    }
    let (traditional, rest) = line.split_once(' ')?;
    let (simplified, rest) = rest.split_once(' ')?;
    let (_pinyin, rest) = rest.split_once("] /")?;
    Some((traditional, simplified, rest.trim_end().strip_suffix('/')?))
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
    }

    #[test]
    fn decomposes_unknown_words_into_known_ones() {
        let parts = Lexicon::global().decompose("中吉乌铁路");
        assert!(parts.contains(&"铁路"), "{parts:?}");
    }
}
