//! Self-training: a first alignment in, word pairs the document itself teaches out.
//!
//! Literary and news translation use many words a dictionary pairs differently or not at
//! all (韦小宝 is `Trinket`; 红岸 is `Red Coast`). The beads a first pass is confident of
//! are a small parallel corpus: Chinese words and English stems that keep turning up
//! in the same beads, and rarely apart, are very likely translations (Dice association,
//! as in Moore 2002 and hunalign's realign). The same beads tell how reliably each word's
//! translation shows up at all (see [`Scorer::weigh_by_translation_rates`]).
//!
//! Names need more than the words a segmenter cuts: jieba cuts a transliterated name
//! differently from one sentence to the next (以利沙说 → 以利 + 沙说, 亚撒利雅 → 亚撒 +
//! 利雅), and a word that is only a piece of several names (亚撒 is in Asa, Azariah and
//! Asahel) ties to none of them. So the capitalised English words of the same beads are
//! also associated with strings of two to four Han characters, wherever jieba cut them
//! ([`confident_name_strings`]); the longer the document, the more names reach the
//! evidence this needs.

use pinyin::ToPinyin;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::beads::Bead;
use crate::score::Scorer;

/// Beads below this confidence teach nothing.
const MIN_CONFIDENCE: f64 = 0.5;
/// A pair must co-occur in at least this many beads.
const MIN_COOCCURRENCE: u32 = 2;
/// Minimum Dice coefficient 2·c(z,e) / (c(z) + c(e)).
const MIN_DICE: f32 = 0.5;
/// At most this many new translations per Chinese word.
const MAX_PER_WORD: usize = 2;
/// Below this many beads a parallel task is not worth its overhead.
const PARALLEL_BEADS: usize = 256;

/// The pairs among `beads` confident enough to learn from: the small parallel corpus
/// that both word pairs ([`confident_word_pairs`]) and how reliably each word is
/// translated ([`Scorer::weigh_by_translation_rates`]) are learnt from.
pub fn confident<'b>(beads: impl Iterator<Item = &'b Bead>) -> impl Iterator<Item = &'b Bead> {
    beads.filter(|b| b.is_pair() && b.confidence >= MIN_CONFIDENCE)
}

/// Word pairs (Chinese word id, English term id) to add to the scorer's translations.
pub fn confident_word_pairs<'b>(
    scorer: &Scorer,
    beads: impl Iterator<Item = &'b Bead>,
) -> Vec<(u32, u32)> {
    let confident: Vec<&Bead> = confident(beads).collect();
    let terms: Vec<(Vec<u32>, Vec<u32>)> = confident
        .par_iter()
        .with_min_len(PARALLEL_BEADS)
        .map(|bead| {
            let zh = distinct(bead.zh.iter().flat_map(|&i| scorer.zh_terms(i)));
            let en = distinct(bead.en.iter().flat_map(|&j| scorer.en_terms(j)));
            (zh, en)
        })
        .collect();
    let mut zh_count = vec![0u32; scorer.zh_vocabulary()];
    let mut en_count = vec![0u32; scorer.en_vocabulary()];
    for (zh, en) in &terms {
        zh.iter().for_each(|&z| zh_count[z as usize] += 1);
        en.iter().for_each(|&e| en_count[e as usize] += 1);
    }
    // Every (Chinese word, English term) co-occurrence that could reach the thresholds
    // as one u64, counted by sorting: far cheaper than a hash map when a long document
    // gives millions of them. A pair co-occurs at most min(c(z), c(e)) times, so words of
    // very different frequency can be left out from the start.
    let promising = |z: u32, e: u32| {
        let (cz, ce) = (zh_count[z as usize], en_count[e as usize]);
        let most = cz.min(ce);
        most >= MIN_COOCCURRENCE && 2.0 * most as f32 >= MIN_DICE * (cz + ce) as f32
    };
    let mut joint: Vec<u64> = terms
        .par_iter()
        .with_min_len(PARALLEL_BEADS)
        .fold(Vec::new, |mut joint, (zh, en)| {
            for &z in zh {
                joint.extend(
                    en.iter()
                        .filter(|&&e| promising(z, e))
                        .map(|&e| (u64::from(z) << 32) | u64::from(e)),
                );
            }
            joint
        })
        .reduce(Vec::new, |mut a, b| {
            a.extend(b);
            a
        });
    joint.par_sort_unstable();
    let mut pairs = Vec::new();
    let mut candidates: Vec<(f32, u32)> = Vec::new();
    let mut at = 0;
    while at < joint.len() {
        let z = (joint[at] >> 32) as u32;
        candidates.clear();
        while at < joint.len() && (joint[at] >> 32) as u32 == z {
            let key = joint[at];
            let run = joint[at..].iter().take_while(|&&k| k == key).count() as u32;
            at += run as usize;
            let e = key as u32;
            let dice = 2.0 * run as f32 / (zh_count[z as usize] + en_count[e as usize]) as f32;
            if run >= MIN_COOCCURRENCE && dice >= MIN_DICE {
                candidates.push((dice, e));
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        pairs.extend(candidates.iter().take(MAX_PER_WORD).map(|&(_, e)| (z, e)));
    }
    pairs
}

/// A string of Han characters packed into a key: each character of the CJK Unified
/// Ideographs block (U+4E00–U+9FFF, 15 bits once offset) in its own 15 bits, the first
/// lowest; 0 marks an absent character, so keys of different lengths never collide.
pub type HanKey = u64;
/// Bits per character in a [`HanKey`].
const HAN_BITS: u32 = 15;
/// The shortest and longest name strings learnt, in characters.
pub const NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=4;

/// The code of a character in a [`HanKey`], if it is in the block keys hold.
fn han_code(c: char) -> Option<u64> {
    matches!(c, '\u{4E00}'..='\u{9FFF}').then(|| u64::from(c) - 0x4E00 + 1)
}

/// Calls `f(key, start, length)` for every string of [`NAME_CHARS`] consecutive Han
/// characters of `text` (start and length in characters).
pub fn han_strings(text: &str, mut f: impl FnMut(HanKey, usize, usize)) {
    let codes: Vec<Option<u64>> = text.chars().map(han_code).collect();
    for start in 0..codes.len() {
        let mut key = 0;
        for (n, code) in codes[start..].iter().take(*NAME_CHARS.end()).enumerate() {
            let Some(code) = code else { break };
            key |= code << (HAN_BITS * n as u32);
            if n + 1 >= *NAME_CHARS.start() {
                f(key, start, n + 1);
            }
        }
    }
}

/// How many characters a [`HanKey`] holds.
fn han_length(key: HanKey) -> u32 {
    (u64::BITS - key.leading_zeros()).div_ceil(HAN_BITS)
}

/// The text of a [`HanKey`].
pub fn han_text(mut key: HanKey) -> String {
    let mut text = String::new();
    while key != 0 {
        let code = (key & ((1 << HAN_BITS) - 1)) as u32;
        text.extend(char::from_u32(0x4E00 + code - 1));
        key >>= HAN_BITS;
    }
    text
}

/// Strings of Han characters (as [`HanKey`]s) and the English name terms (capitalised
/// words, see [`Scorer::en_names`]) they translate, learnt from confident beads like
/// [`confident_word_pairs`] but from the Chinese characters rather than jieba's words:
/// per name the string of 2–4 characters with the best Dice coefficient, among those
/// of equal Dice the one whose pinyin sounds most like the name (a name's substrings
/// co-occur with it as often as the whole name does).
pub fn confident_name_strings<'b>(
    scorer: &Scorer,
    beads: impl Iterator<Item = &'b Bead>,
) -> Vec<(HanKey, u32)> {
    let confident: Vec<&Bead> = confident(beads).collect();
    let names: Vec<Vec<u32>> = confident
        .par_iter()
        .with_min_len(PARALLEL_BEADS)
        .map(|bead| distinct(bead.en.iter().flat_map(|&j| scorer.en_names(j))))
        .collect();
    // The beads of each name that could reach the thresholds.
    let mut beads_of: Vec<Vec<u32>> = vec![Vec::new(); scorer.en_vocabulary()];
    for (b, names) in names.iter().enumerate() {
        names
            .iter()
            .for_each(|&e| beads_of[e as usize].push(b as u32));
    }
    let strings_of = |b: usize, keep: &dyn Fn(HanKey) -> bool| {
        let mut keys = Vec::new();
        for &i in &confident[b].zh {
            han_strings(scorer.zh_text(i), |key, _, _| {
                if keep(key) {
                    keys.push(key)
                }
            });
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    let strings: Vec<Vec<HanKey>> = (0..confident.len())
        .into_par_iter()
        .with_min_len(PARALLEL_BEADS)
        .map(|b| {
            match names[b]
                .iter()
                .any(|&e| beads_of[e as usize].len() >= MIN_COOCCURRENCE as usize)
            {
                true => strings_of(b, &|_| true),
                false => Vec::new(),
            }
        })
        .collect();
    // Per name, the strings in enough of its beads to reach the thresholds: Dice ≥
    // MIN_DICE needs a co-occurrence count c ≥ MIN_DICE · c(name) / (2 − MIN_DICE), as
    // the string is in at least c beads.
    let candidates: Vec<(u32, Vec<(HanKey, u32)>)> = beads_of
        .par_iter()
        .enumerate()
        .filter(|(_, beads)| beads.len() >= MIN_COOCCURRENCE as usize)
        .map(|(e, beads)| {
            let mut keys: Vec<HanKey> = beads
                .iter()
                .flat_map(|&b| &strings[b as usize])
                .copied()
                .collect();
            keys.sort_unstable();
            let least = (MIN_DICE * beads.len() as f32 / (2.0 - MIN_DICE)).ceil() as u32;
            let least = least.max(MIN_COOCCURRENCE);
            let mut found = Vec::new();
            for run in keys.chunk_by(|a, b| a == b) {
                if run.len() as u32 >= least {
                    found.push((run[0], run.len() as u32));
                }
            }
            (e as u32, found)
        })
        .filter(|(_, found)| !found.is_empty())
        .collect();
    // How many confident beads hold each candidate string.
    let mut string_count: FxHashMap<HanKey, u32> = candidates
        .iter()
        .flat_map(|(_, found)| found.iter().map(|&(key, _)| (key, 0)))
        .collect();
    let held: Vec<Vec<HanKey>> = (0..confident.len())
        .into_par_iter()
        .with_min_len(PARALLEL_BEADS)
        .map(|b| strings_of(b, &|key| string_count.contains_key(&key)))
        .collect();
    for key in held.iter().flatten() {
        *string_count.get_mut(key).expect("a candidate") += 1;
    }
    candidates
        .into_par_iter()
        .filter_map(|(e, found)| {
            let named = beads_of[e as usize].len() as u32;
            let dice = |&(key, joint): &(HanKey, u32)| {
                2.0 * joint as f32 / (named + string_count[&key]) as f32
            };
            let best = found.iter().map(dice).fold(MIN_DICE, f32::max);
            // A word the dictionary knows (工作, 社会) is no transliteration: its own
            // translations, and the word pairs learnt above, are what it can mean.
            let lexicon = crate::anchors::lexicon::Lexicon::global();
            let unknown = |key: HanKey| lexicon.glosses(&han_text(key)).is_none();
            let sound = |key: HanKey| {
                scorer.en_name_text(e).map_or(0.0, |name| {
                    let pinyin: String = han_text(key)
                        .as_str()
                        .to_pinyin()
                        .flatten()
                        .map(|p| p.plain())
                        .collect();
                    strsim::jaro_winkler(&pinyin, name)
                })
            };
            found
                .iter()
                .filter(|pair| dice(pair) >= best)
                .map(|&(key, _)| (han_length(key), sound(key), key))
                .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(b.2.cmp(&a.2)))
                .map(|(_, _, key)| (key, e))
                .filter(|&(key, _)| unknown(key))
        })
        .collect()
}

fn distinct<'a>(terms: impl Iterator<Item = &'a u32>) -> Vec<u32> {
    let mut v: Vec<u32> = terms.copied().collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::tests::sentences;
    use crate::span::Lang;

    #[test]
    fn han_strings_are_two_to_four_han_characters_in_a_row() {
        let mut found = Vec::new();
        han_strings("以利沙说，A王", |key, start, length| {
            assert_eq!(han_length(key) as usize, length);
            found.push((han_text(key), start));
        });
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["以利", "以利沙", "以利沙说", "利沙", "利沙说", "沙说"]
        );
        assert_eq!(found[3].1, 1);
    }

    #[test]
    fn a_name_jieba_cuts_apart_is_learnt_whole_and_explains_its_translation() {
        // Whatever jieba makes of 以利沙 before 说, 对 or 来 (以利 is a word of its own),
        // the three characters are the name.
        let zh = [
            "以利沙说，你们去吧。",
            "以利沙对王说话。",
            "先知以利沙来了。",
            "王在城里。",
        ];
        let en = [
            "And Elisha said, Go ye.",
            "Then Elisha spake unto the king.",
            "And the prophet Elisha came.",
            "The king was in the city.",
        ];
        let mut scorer = Scorer::new(
            &sentences(&zh, Lang::Chinese),
            &sentences(&en, Lang::English),
        );
        let beads: Vec<Bead> = (0..4).map(|k| Bead::new(vec![k], vec![k], 1.0)).collect();
        let learnt = confident_name_strings(&scorer, beads.iter());
        let names: Vec<(String, Option<&str>)> = learnt
            .iter()
            .map(|&(key, name)| (han_text(key), scorer.en_name_text(name)))
            .collect();
        assert_eq!(names, [("以利沙".to_string(), Some("elisha"))]);
        let before: Vec<f32> = (0..3).map(|k| scorer.en_explained(k, k..k + 1).0).collect();
        scorer.learn_name_strings(&learnt);
        for k in 0..3 {
            let (hit, weight) = scorer.en_explained(k, k..k + 1);
            assert!(
                hit > before[k],
                "{}: {} → {hit} of {weight}",
                en[k],
                before[k]
            );
        }
        // The king is no name: the document writes him in lower case too.
        assert!(scorer.en_names(3).next().is_none());
    }
}
