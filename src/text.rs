//! Characters and English words: plain functions on text shared by every stage and by
//! `build.rs`, which compiles this file on its own to stem the dictionary's glosses
//! once at build time. Hence it uses nothing of the crate and no dependency but the
//! Snowball stemmer.

use rust_stemmers::Stemmer;

/// Han ideographs (the CJK blocks the evaluation tools count as Chinese), plus 〇.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF | 0x3007)
}

/// FNV-1a of a string: the hash of the dictionary's headword table, computed the same
/// way by `build.rs` and at run time.
pub fn headword_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Runs of letters and digits; an apostrophe between letters is part of the word
/// (`don't`), a possessive `'s` is dropped.
pub fn english_word_spans(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .map(|w| {
            w.strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w)
        })
        .filter(|w| !w.is_empty() && !w.chars().any(is_han))
}

/// English function words: they carry no anchor information and would match
/// function-word glosses everywhere.
pub fn is_stop_word(lower: &str) -> bool {
    const STOP_WORDS: &[&str] = &[
        "a",
        "about",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "among",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "don't",
        "dost",
        "doth",
        "down",
        "during",
        "each",
        "etc",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "hast",
        "hath",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "may",
        "me",
        "might",
        "more",
        "most",
        "must",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "one's",
        "oneself",
        "only",
        "onto",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "s",
        "same",
        "sb",
        "shall",
        "shalt",
        "she",
        "should",
        "so",
        "some",
        "somebody",
        "someone",
        "something",
        "sth",
        "such",
        "t",
        "than",
        "that",
        "the",
        "thee",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "thereof",
        "these",
        "they",
        "thine",
        "this",
        "those",
        "thou",
        "through",
        "thy",
        "to",
        "too",
        "under",
        "until",
        "unto",
        "up",
        "upon",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "ye",
        "you",
        "your",
        "yours",
        "yourself",
    ];
    STOP_WORDS.binary_search(&lower).is_ok()
}

/// English irregular forms (`data/english_irregular.txt`): a lemma, then its forms.
static IRREGULAR: &str = include_str!("../data/english_irregular.txt");

/// The irregular forms of an English lemma (`go` → `went`, `gone`; `child` →
/// `children`), none for a regular word: what the Snowball stemmer cannot reduce.
pub fn irregular_forms(lemma: &str) -> impl Iterator<Item = &'static str> {
    static FORMS: std::sync::OnceLock<std::collections::HashMap<&str, Vec<&str>>> =
        std::sync::OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        IRREGULAR
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                Some((words.next()?, words.collect()))
            })
            .collect()
    });
    forms.get(lemma).into_iter().flatten().copied()
}

/// Content-word stems of one dictionary gloss; notes in parentheses are dropped. A
/// lemma with irregular forms brings their stems too (`to say` → `say`, `said`), since
/// a translation uses the forms and glosses give the lemma.
pub fn gloss_stems(gloss: &str, stemmer: &Stemmer) -> Vec<String> {
    let mut plain = String::with_capacity(gloss.len());
    let mut depth = 0usize;
    for c in gloss.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut stems = Vec::new();
    for word in english_word_spans(&plain).map(str::to_lowercase) {
        if is_stop_word(&word) || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        stems.push(stemmer.stem(&word).into_owned());
        stems.extend(
            irregular_forms(&word)
                .filter(|form| !is_stop_word(form))
                .map(|form| stemmer.stem(form).into_owned()),
        );
    }
    stems
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::Algorithm;

    #[test]
    fn glosses_match_the_irregular_forms_of_their_lemmas() {
        let stemmer = Stemmer::create(Algorithm::English);
        let say = gloss_stems("to say", &stemmer);
        assert!(
            say.contains(&"say".into()) && say.contains(&"said".into()),
            "{say:?}"
        );
        let child = gloss_stems("child (young person)", &stemmer);
        assert!(child.contains(&"children".into()), "{child:?}");
        // A regular word brings nothing more.
        assert_eq!(gloss_stems("railway", &stemmer), ["railway"]);
    }

    #[test]
    fn light_verbs_and_stop_words_bring_no_irregular_forms() {
        assert_eq!(irregular_forms("go").count(), 0);
        assert_eq!(irregular_forms("railway").count(), 0);
        assert!(irregular_forms("speak").any(|f| f == "spake"));
        let stemmer = Stemmer::create(Algorithm::English);
        assert_eq!(gloss_stems("to go", &stemmer), ["go"]);
    }

    #[test]
    fn archaic_pronouns_are_function_words() {
        for word in ["thou", "thee", "thy", "ye", "unto", "hath", "shalt"] {
            assert!(is_stop_word(word), "{word}");
        }
    }
}
