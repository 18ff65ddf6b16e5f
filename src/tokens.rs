//! Tokens: sentence text in, words out.
//!
//! Chinese goes through jieba (one instance, loaded once per process and shared by every
//! thread, with `data/jieba_dict.txt` and the CC-CEDICT words as its dictionary); English is split on letters and digits, lowercased, stripped of function
//! words and stemmed with the Snowball English stemmer, so that `railways`, `railway`
//! and a dictionary gloss `railway` meet on one form.

use std::sync::OnceLock;

use jieba_rs::Jieba;
use rust_stemmers::{Algorithm, Stemmer};

use crate::runs::is_han;
pub use crate::text::{english_word_spans, is_stop_word};

/// An English content word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnglishWord {
    /// The word lowercased, as romanised names are matched.
    pub lower: String,
    /// The Snowball stem of `lower`: the form translations are matched on.
    pub stem: String,
    /// Written with a capital letter: a candidate name for pinyin matching.
    pub capitalized: bool,
}

/// jieba's dictionary without its rarest words (see data/README.md), plus the CC-CEDICT
/// words it lacks (added by build.rs): loaded in a few milliseconds instead of a tenth
/// of a second, and words are cut the way the dictionary can translate them.
static JIEBA_DICT: &str = include_str!(concat!(env!("OUT_DIR"), "/jieba-dict.txt"));

/// The tokenizers for both languages.
pub struct Tokenizer {
    /// Loaded on first use (a few tens of milliseconds), so that English can be
    /// tokenized meanwhile.
    jieba: OnceLock<Jieba>,
    stemmer: Stemmer,
}

impl Tokenizer {
    /// The shared tokenizer.
    pub fn global() -> &'static Tokenizer {
        static TOKENIZER: OnceLock<Tokenizer> = OnceLock::new();
        TOKENIZER.get_or_init(|| Tokenizer {
            jieba: OnceLock::new(),
            stemmer: Stemmer::create(Algorithm::English),
        })
    }

    /// Loads jieba's dictionary now (on a spare thread, say) rather than at the first
    /// Chinese sentence.
    pub fn load_chinese(&self) {
        self.jieba();
    }

    fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(|| {
            let mut jieba = Jieba::empty();
            jieba
                .load_dict(&mut JIEBA_DICT.as_bytes())
                .expect("data/jieba_dict.txt is a valid jieba dictionary");
            jieba
        })
    }

    /// Chinese words (and the Latin words embedded in Chinese, lowercased), without
    /// punctuation, digits or whitespace.
    pub fn chinese_words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba()
            .cut(text, true)
            .into_iter()
            .map(|token| token.word)
            .filter(|w| w.chars().any(|c| is_han(c) || c.is_alphabetic()))
            .collect()
    }

    /// English content words: lowercased, stemmed, function words removed.
    pub fn english_words(&self, text: &str) -> Vec<EnglishWord> {
        english_word_spans(text)
            .filter_map(|form| self.english_word(form))
            .collect()
    }

    /// One word form as written ([`english_word_spans`]) as a content word, or `None`
    /// for a function word or a number.
    pub fn english_word(&self, form: &str) -> Option<EnglishWord> {
        let lower = form.to_lowercase();
        if is_stop_word(&lower) || lower.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let capitalized = form.chars().next().is_some_and(char::is_uppercase);
        Some(EnglishWord {
            stem: self.stem(&lower),
            lower,
            capitalized,
        })
    }

    /// The stem of one lowercased English word.
    pub fn stem(&self, lower: &str) -> String {
        self.stemmer.stem(lower).into_owned()
    }
}

/// The ASCII form of a full-width character (ＡＢＣ１２３ → ABC123); others unchanged.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_latin_and_digits_become_ascii() {
        assert_eq!(
            "ＷＴＯ１２３".chars().map(half_width).collect::<String>(),
            "WTO123"
        );
        assert_eq!(half_width('中'), '中');
    }

    #[test]
    fn names_the_dictionary_knows_stay_whole() {
        let words = Tokenizer::global().chinese_words("习近平会见了杜尚别市长。");
        assert_eq!(words, ["习近平", "会见", "了", "杜尚别", "市长"]);
    }

    #[test]
    fn stop_word_list_is_sorted_for_binary_search() {
        assert!(is_stop_word("the") && is_stop_word("yourself") && is_stop_word("a"));
        assert!(!is_stop_word("railway"));
    }

    #[test]
    fn english_words_are_stemmed_and_filtered() {
        let words = Tokenizer::global().english_words("The railways of Xi Jinping's China, 2023.");
        let stems: Vec<&str> = words.iter().map(|w| w.stem.as_str()).collect();
        assert_eq!(stems, vec!["railway", "xi", "jinp", "china"]);
        assert!(words[1].capitalized && !words[0].capitalized);
    }

    #[test]
    fn chinese_words_skip_punctuation_and_digits() {
        let words = Tokenizer::global().chinese_words("2023年，中吉乌铁路和WTO。");
        assert!(
            words.contains(&"铁路") && words.contains(&"WTO"),
            "{words:?}"
        );
        assert!(!words.iter().any(|w| w.contains('，') || *w == "2023"));
    }
}
