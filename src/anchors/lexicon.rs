//! The CC-CEDICT dictionary: a Chinese word in, its English glosses out.
//!
//! The dictionary ships in `data/cedict_ts.u8` (CC BY-SA 4.0, see `data/README.md`).
//! The build sorts its headwords (simplified and traditional) into an index that is
//! compiled into the binary and searched in place, so nothing is read, downloaded or
//! parsed at start-up. The English stems of every gloss are computed at build time too,
//! by the same code the aligner stems English with ([`crate::text::gloss_stems`]).

use crate::text::headword_hash;

/// Headword forms sorted by bytes, one a line: `HEADWORD\tdef1/def2/…\tstems1/stems2/…`,
/// where `stemsN` are the space-separated English stems of `defN` (see build.rs).
static INDEX: &str = include_str!(concat!(env!("OUT_DIR"), "/cedict-index.txt"));
/// Byte offset of each line of [`INDEX`], u32 little-endian.
static LINE_STARTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cedict-lines.bin"));
/// Hash table from a headword to its first line (see build.rs): u32 little-endian slots
/// holding line + 1, or 0 when empty; [`headword_hash`] and linear probing.
static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cedict-table.bin"));
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

/// The embedded dictionary. Lookups hash into a table made at build time and read the
/// index in place, so there is nothing to load: the first lookup is as fast as any other.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon {
    index: &'static str,
    line_starts: &'static [u8],
    table: &'static [u8],
}

/// One dictionary line: a headword's definitions and their stems, both `/`-separated.
struct Entry {
    definitions: &'static str,
    stems: &'static str,
}

impl Entry {
    /// (definition, its stems) for the definitions worth matching.
    fn useful(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.definitions
            .split('/')
            .zip(self.stems.split('/'))
            .filter(|(d, _)| is_useful_gloss(d))
    }
}

impl Lexicon {
    /// The dictionary compiled into the binary.
    pub fn global() -> Lexicon {
        Lexicon {
            index: INDEX,
            line_starts: LINE_STARTS,
            table: TABLE,
        }
    }

    /// The useful English definitions of a word (all its entries, simplified or
    /// traditional), or `None` when the dictionary does not have it.
    pub fn glosses(&self, word: &str) -> Option<Vec<&'static str>> {
        let glosses: Vec<&str> = self
            .entries(word)
            .flat_map(|e| e.useful().map(|(d, _)| d).collect::<Vec<_>>())
            .collect();
        (!glosses.is_empty()).then_some(glosses)
    }

    /// The English content-word stems of the useful definitions of a word, or `None` when
    /// it has none: [`crate::text::gloss_stems`] of each of [`Lexicon::glosses`].
    pub fn gloss_stems(&self, word: &str) -> Option<Vec<&'static str>> {
        let mut stems = Vec::new();
        let mut any = false;
        for entry in self.entries(word) {
            for (_, group) in entry.useful() {
                any = true;
                stems.extend(group.split(' ').filter(|s| !s.is_empty()));
            }
        }
        any.then_some(stems)
    }

    fn contains(&self, word: &str) -> bool {
        self.entries(word).next().is_some()
    }

    /// The lines whose headword is `word`.
    fn entries<'a>(&'a self, word: &'a str) -> impl Iterator<Item = Entry> + 'a {
        let first = self.first_line(word).unwrap_or(self.lines());
        (first..self.lines())
            .take_while(move |&k| self.headword(k) == word)
            .map(|k| self.line(k).1)
    }

    fn lines(&self) -> usize {
        self.line_starts.len() / 4
    }

    fn line_start(&self, k: usize) -> usize {
        u32_at(self.line_starts, k)
    }

    /// The headword of line `k`.
    fn headword(&self, k: usize) -> &'static str {
        let rest = &self.index[self.line_start(k)..];
        &rest[..rest.bytes().position(|b| b == b'\t').unwrap_or(0)]
    }

    /// Line `k`: its headword and entry.
    fn line(&self, k: usize) -> (&'static str, Entry) {
        let end = if k + 1 < self.lines() {
            self.line_start(k + 1)
        } else {
            self.index.len()
        };
        let line = &self.index[self.line_start(k)..end - 1];
        let mut fields = line.splitn(3, '\t');
        let (headword, definitions, stems) = (
            fields.next().unwrap_or(""),
            fields.next().unwrap_or(""),
            fields.next().unwrap_or(""),
        );
        (headword, Entry { definitions, stems })
    }

    /// The first line whose headword is `word`.
    fn first_line(&self, word: &str) -> Option<usize> {
        let slots = self.table.len() / 4;
        let mut slot = headword_hash(word) as usize & (slots - 1);
        loop {
            match u32_at(self.table, slot) {
                0 => return None,
                line if self.headword(line - 1) == word => return Some(line - 1),
                _ => slot = (slot + 1) & (slots - 1),
            }
        }
    }

    /// Dictionary words covering `word` left to right, longest first, for words the
    /// dictionary lacks (jieba knows words CC-CEDICT does not: 四梁八柱 → 四, 梁, 八柱…).
    pub fn decompose<'w>(&self, word: &'w str) -> Vec<&'w str> {
        let mut parts = Vec::new();
        let mut rest = word;
        while !rest.is_empty() {
            let ends: Vec<usize> = rest
                .char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain([rest.len()])
                .collect();
            let max = ends.len().min(LONGEST_HEADWORD);
            let end = (1..=max)
                .rev()
                .map(|n| ends[n - 1])
                .find(|&e| self.contains(&rest[..e]));
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

/// Entry `k` of a table of u32 little-endian numbers.
fn u32_at(table: &[u8], k: usize) -> usize {
    u32::from_le_bytes(table[k * 4..k * 4 + 4].try_into().unwrap()) as usize
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
        assert!(lexicon
            .glosses("铁路")
            .unwrap()
            .iter()
            .any(|g| g.contains("railway")));
        assert!(lexicon
            .glosses("鐵路")
            .unwrap()
            .iter()
            .any(|g| g.contains("railway")));
        assert!(lexicon
            .glosses("习近平")
            .unwrap()
            .iter()
            .any(|g| g.contains("Xi Jinping")));
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
    fn every_headword_hashes_to_its_first_line() {
        let lexicon = Lexicon::global();
        for k in 0..lexicon.lines() {
            let word = lexicon.headword(k);
            let first = lexicon
                .first_line(word)
                .unwrap_or_else(|| panic!("{word} not found"));
            assert!(first <= k && lexicon.headword(first) == word, "{word}");
            assert!(first == 0 || lexicon.headword(first - 1) != word, "{word}");
            assert_eq!(lexicon.first_line(&format!("{word}\u{1}")), None);
        }
    }

    #[test]
    fn stems_come_from_the_useful_glosses() {
        let lexicon = Lexicon::global();
        let stems = lexicon.gloss_stems("铁路").unwrap();
        assert!(
            stems.contains(&"railway") && !stems.contains(&"cl"),
            "{stems:?}"
        );
        assert!(lexicon.gloss_stems("不是一个词儿").is_none());
    }

    #[test]
    fn stems_include_the_irregular_forms_of_gloss_lemmas() {
        // 说 is glossed "to say"; a narrative translates it "said".
        let stems = Lexicon::global().gloss_stems("说").unwrap();
        assert!(stems.contains(&"said"), "{stems:?}");
    }

    #[test]
    fn decomposes_unknown_words_into_known_ones() {
        let parts = Lexicon::global().decompose("中吉乌铁路");
        assert!(parts.contains(&"铁路"), "{parts:?}");
    }
}
