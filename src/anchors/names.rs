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
    let Some(syllables) = syllables else { return Vec::new() };
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

/// Whether the English word (lowercase) may be a transliteration of a name whose pinyin
/// key is `key`. Both must be of similar length and share the first and the last letter
/// (transliterations keep both), which is also what keeps this cheap.
pub fn romanisation_matches(key: &str, english: &str) -> bool {
    let (k, e) = (key.as_bytes(), english.as_bytes());
    k.len() >= 4
        && e.len() >= 4
        && k[0] == e[0]
        && k[k.len() - 1] == e[e.len() - 1]
        && k.len().abs_diff(e.len()) <= 4
        && jaro_winkler(key, english) >= MIN_NAME_SIMILARITY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_match_loosely() {
        assert!(romanisation_matches(&name_keys("杜尚别")[0], "dushanbe"));
        assert!(romanisation_matches(&name_keys("巴德尔")[0], "badr"));
        assert!(romanisation_matches("aerbusaidi", "albusaidi"));
        assert!(!romanisation_matches(&name_keys("杜尚别")[0], "dezhou"));
        assert!(!romanisation_matches("tamen", "then"));
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
