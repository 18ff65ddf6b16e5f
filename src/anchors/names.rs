//! Names: a Chinese word in, the romanised forms an English translation would use out.
//!
//! Personal and place names rarely have dictionary entries, but their pinyin is what
//! English uses: 王沪宁 → `Wang Huning`, 何立峰 → `He Lifeng`. For a word of two to four
//! Han characters we produce the toneless pinyin written together (`wanghuning`), and
//! for words that start with a common surname also the surname and the given name
//! apart (`wang`, `huning`), which is how English splits them. Keys are matched against
//! capitalised English words only, so 他们 (`tamen`) never meets the English `men`.

use pinyin::ToPinyin;
use strsim::jaro_winkler;

/// Common Chinese surnames (single character); a two- or three-character word starting
/// with one of them may be a personal name written `Surname Given` in English.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习温胡沙叶单罗";

/// The romanised keys under which `word` may appear in English, lowercase and toneless.
pub fn name_keys(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if !(2..=4).contains(&chars.len()) {
        return Vec::new();
    }
    let syllables: Option<Vec<&str>> = word.to_pinyin().map(|p| p.map(|p| p.plain())).collect();
    let Some(syllables) = syllables else {
        return Vec::new();
    };
    let mut keys = vec![syllables.concat()];
    if chars.len() <= 3 && SURNAMES.contains(chars[0]) {
        keys.push(syllables[0].to_string());
        keys.push(syllables[1..].concat());
    }
    keys
}

/// How alike a pinyin key and a romanised English name must be (Jaro–Winkler) to count
/// as the same name, for transliterations pinyin does not give exactly: 巴德尔 (`badeer`)
/// ↔ `Badr`, 杜尚别 (`dushangbie`) ↔ `Dushanbe`.
const MIN_NAME_SIMILARITY: f64 = 0.85;

/// A lowercase romanised word (pinyin key or English name) with its letter counts, made
/// once and compared with many others.
pub struct Romanised<'a> {
    /// The word itself.
    pub text: &'a str,
    /// How often each byte occurs: `a`–`z` in lanes 0–25, any other byte in one of the
    /// lanes 26–31 (sharing a lane can only overcount letters in common).
    letters: [u8; 32],
}

impl<'a> Romanised<'a> {
    /// Counts the letters of `text` once, for fast comparisons later.
    pub fn new(text: &'a str) -> Romanised<'a> {
        let mut letters = [0u8; 32];
        for &c in text.as_bytes() {
            let lane = if c.is_ascii_lowercase() {
                c - b'a'
            } else {
                26 + c % 6
            };
            letters[usize::from(lane)] = letters[usize::from(lane)].saturating_add(1);
        }
        Romanised { text, letters }
    }
}

/// Whether the English word may be a transliteration of a name whose pinyin key is
/// `key`. Both must be of similar length and share the first and the last letter
/// (transliterations keep both), which is also what keeps this cheap.
pub fn romanisation_matches(key: &Romanised, english: &Romanised) -> bool {
    let (k, e) = (key.text.as_bytes(), english.text.as_bytes());
    k.len() >= 4
        && e.len() >= 4
        && k[0] == e[0]
        && k[k.len() - 1] == e[e.len() - 1]
        && k.len().abs_diff(e.len()) <= 4
        && could_be_similar(key, english)
        && jaro_winkler(key.text, english.text) >= MIN_NAME_SIMILARITY
}

/// A cheap necessary condition for Jaro–Winkler ≥ [`MIN_NAME_SIMILARITY`]: with a common
/// prefix of l letters (at most 4 count) the Winkler bonus adds 0.1·l·(1 − J), so Jaro J
/// must reach (S − 0.1·l) / (1 − 0.1·l); and J ≤ (m/|a| + m/|b| + 1) / 3 where the m
/// matching characters are at most the letters the two words share. Most candidate names
/// fail this before the quadratic Jaro loop.
fn could_be_similar(a: &Romanised, b: &Romanised) -> bool {
    if !a.text.is_ascii() || !b.text.is_ascii() {
        return true; // the bound counts bytes, Jaro characters
    }
    let prefix = a
        .text
        .bytes()
        .zip(b.text.bytes())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count() as f64;
    let least_jaro = (MIN_NAME_SIMILARITY - 0.1 * prefix) / (1.0 - 0.1 * prefix);
    let shared: u32 = a
        .letters
        .iter()
        .zip(&b.letters)
        .map(|(&x, &y)| u32::from(x.min(y)))
        .sum();
    let m = shared as f64;
    3.0 * least_jaro <= m / a.text.len() as f64 + m / b.text.len() as f64 + 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_match_loosely() {
        let matches = |key: &str, name: &str| {
            romanisation_matches(&Romanised::new(key), &Romanised::new(name))
        };
        assert!(matches(&name_keys("杜尚别")[0], "dushanbe"));
        assert!(matches(&name_keys("巴德尔")[0], "badr"));
        assert!(matches("aerbusaidi", "albusaidi"));
        assert!(!matches(&name_keys("杜尚别")[0], "dezhou"));
        assert!(!matches("tamen", "then"));
    }

    #[test]
    fn the_shared_letter_bound_never_rejects_a_match() {
        let words = [
            "dushangbie",
            "dushanbe",
            "badeer",
            "badr",
            "aerbusaidi",
            "albusaidi",
            "tamen",
            "then",
            "abraham",
            "yabolahan",
        ];
        for a in words {
            for b in words {
                if jaro_winkler(a, b) >= MIN_NAME_SIMILARITY {
                    assert!(
                        could_be_similar(&Romanised::new(a), &Romanised::new(b)),
                        "{a} {b}"
                    );
                }
            }
        }
        assert!(!could_be_similar(
            &Romanised::new("dushanbe"),
            &Romanised::new("dezhou")
        ));
    }

    #[test]
    fn names_give_joined_and_split_pinyin() {
        assert_eq!(name_keys("习近平"), vec!["xijinping", "xi", "jinping"]);
        assert_eq!(name_keys("王沪宁"), vec!["wanghuning", "wang", "huning"]);
        assert_eq!(name_keys("何立峰"), vec!["helifeng", "he", "lifeng"]);
        assert_eq!(name_keys("杜尚别"), vec!["dushangbie", "du", "shangbie"]);
    }

    #[test]
    fn ordinary_words_give_only_the_joined_form() {
        assert_eq!(name_keys("他们"), vec!["tamen"]);
        assert!(name_keys("中").is_empty());
        assert!(name_keys("WTO").is_empty());
    }
}
