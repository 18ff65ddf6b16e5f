//! Lead-in trimming: an aligned interleaved [`Alignment`] in, the same with pairs cut down
//! to their translated part out.
//!
//! Newsletter English often wraps a translated quote in commentary inside one sentence:
//! "In the first section, Wang informs that: The China-Central Asia cooperation mechanism
//! has evolved…" or "…, the article said." When the English sentence of a pair has such
//! a lead-in (up to `that:` or `that “`) or such a trailing attribution (a last clause
//! of a few words, `the …` and a verb of saying),
//! and the pair's Chinese explains some of the rest and not one word or number of that
//! part (a lead-in "Abdelatty said that" is translated in 阿卜杜勒阿提表示), the sentence is cut in two
//! with their own byte spans: the translated part stays in the pair, the lead-in or
//! attribution becomes English without Chinese.

use std::collections::HashMap;

use crate::beads::{Alignment, Bead};
use crate::read::Document;
use crate::score::Scorer;
use crate::sentences::{display_text, Sentence};
use crate::span::Span;

/// Fewest words the commentary part and the translated part each need: a cut that leaves
/// a word or two is a sentence's own structure, not commentary around a quote.
const MIN_PART_WORDS: usize = 3;
/// Fewest words (besides `that` and articles) a lead-in has.
const MIN_LEAD_IN_WORDS: usize = 4;
/// Most words a trailing attribution has ("the report said", "Wang Yi pointed out").
const MAX_ATTRIBUTION_WORDS: usize = 6;

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "noted",
    "notes",
    "wrote",
    "writes",
    "stated",
    "states",
    "stressed",
    "stresses",
    "reported",
    "reports",
    "argued",
    "argues",
    "concluded",
];

/// Where a pair's English sentence may be cut, and which side is commentary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Commentary before byte offset `at` (into the document).
    LeadIn(usize),
    /// Commentary from byte offset `at` on.
    Attribution(usize),
}

/// Cuts lead-ins and trailing attributions off the English of pairs (see the module doc).
pub fn trim_commentary(doc: &Document, alignment: &mut Alignment) {
    // (English sentence, the cut, the bead) for every pair whose English may be trimmed.
    let mut candidates: Vec<(usize, Cut, usize)> = Vec::new();
    // English paired by more than one bead (repeated Chinese) is left whole.
    let mut uses: HashMap<usize, usize> = HashMap::new();
    for &j in alignment.beads.iter().flat_map(|b| &b.en) {
        *uses.entry(j).or_default() += 1;
    }
    for (b, bead) in alignment.beads.iter().enumerate() {
        if !bead.is_pair() || bead.en.iter().any(|j| uses[j] > 1) {
            continue;
        }
        let (first, last) = (bead.en[0], bead.en[bead.en.len() - 1]);
        if let Some(at) = lead_in(&doc.text, alignment.en[first].span) {
            candidates.push((first, Cut::LeadIn(at), b));
        }
        if let Some(at) = attribution(&doc.text, alignment.en[last].span) {
            candidates.push((last, Cut::Attribution(at), b));
        }
    }
    if candidates.is_empty() {
        return;
    }
    // One scorer for all candidates: each one's Chinese, and its two English parts
    // (commentary at 2c, translated part at 2c + 1).
    let mut zh: Vec<Sentence> = Vec::new();
    let mut zh_of: Vec<std::ops::Range<usize>> = Vec::new();
    let mut en: Vec<Sentence> = Vec::new();
    for &(j, cut, b) in &candidates {
        let start = zh.len();
        zh.extend(
            alignment.beads[b]
                .zh
                .iter()
                .map(|&i| alignment.zh[i].clone()),
        );
        zh_of.push(start..zh.len());
        let (commentary, translated) = parts(&doc.text, alignment.en[j].span, cut);
        en.extend([commentary, translated].map(|span| Sentence {
            span,
            text: display_text(&doc.text, span),
            ..alignment.en[j].clone()
        }));
    }
    let scorer = Scorer::new(&zh, &en);
    // What of English part `k` the candidate's Chinese explains (weight of its words).
    let explained = |c: usize, k: usize| -> f32 {
        zh_of[c]
            .clone()
            .map(|i| scorer.pair(i, 2 * c + k).en_weight)
            .sum()
    };
    // A pair is cut once: at its lead-in if that qualifies, else at its attribution.
    let mut cuts: Vec<(usize, Cut, usize)> = Vec::new();
    for (c, &candidate) in candidates.iter().enumerate() {
        let bead_cut = cuts.last().is_some_and(|&(_, _, b)| b == candidate.2);
        if !bead_cut && explained(c, 0) == 0.0 && explained(c, 1) > 0.0 {
            cuts.push(candidate);
        }
    }
    apply(doc, alignment, &cuts);
}

/// The commentary and the translated part of `span` cut at `cut`, both trimmed.
fn parts(text: &str, span: Span, cut: Cut) -> (Span, Span) {
    let (at, commentary_first) = match cut {
        Cut::LeadIn(at) => (at, true),
        Cut::Attribution(at) => (at, false),
    };
    // An attribution is cut after its comma, which the translated part leaves out.
    let first_end = match cut {
        Cut::LeadIn(_) => at,
        Cut::Attribution(_) => at - ','.len_utf8(),
    };
    let (first, second) = (
        Span::new(span.start, first_end).trim(text),
        Span::new(at, span.end).trim(text),
    );
    match commentary_first {
        true => (first, second),
        false => (second, first),
    }
}

/// Splits every cut sentence in two, renumbers the English and gives each commentary
/// part a bead of its own next to its pair.
fn apply(doc: &Document, alignment: &mut Alignment, cuts: &[(usize, Cut, usize)]) {
    if cuts.is_empty() {
        return;
    }
    let by_sentence: HashMap<usize, Cut> = cuts.iter().map(|&(j, cut, _)| (j, cut)).collect();
    let by_bead: HashMap<usize, Cut> = cuts.iter().map(|&(_, cut, b)| (b, cut)).collect();
    // New index of every old English sentence (the first part of a cut one).
    let mut new_index = Vec::with_capacity(alignment.en.len());
    let mut en = Vec::with_capacity(alignment.en.len() + cuts.len());
    for (j, sentence) in alignment.en.iter().enumerate() {
        new_index.push(en.len());
        match by_sentence.get(&j).copied() {
            Some(cut) => {
                let (commentary, translated) = parts(&doc.text, sentence.span, cut);
                let (first, second) = match cut {
                    Cut::LeadIn(_) => (commentary, translated),
                    Cut::Attribution(_) => (translated, commentary),
                };
                for span in [first, second] {
                    en.push(Sentence {
                        span,
                        text: display_text(&doc.text, span),
                        ..sentence.clone()
                    });
                }
            }
            None => en.push(sentence.clone()),
        }
    }
    let mut beads = Vec::with_capacity(alignment.beads.len() + cuts.len());
    for (b, bead) in alignment.beads.iter().enumerate() {
        let mut bead = Bead {
            en: bead.en.iter().map(|&j| new_index[j]).collect(),
            ..bead.clone()
        };
        match by_bead.get(&b).copied() {
            Some(cut) => {
                let confidence = bead.confidence;
                let commentary = |j: usize| Bead::new(vec![], vec![j], confidence);
                match cut {
                    Cut::LeadIn(_) => {
                        // The lead-in keeps the first index; the pair moves to the second.
                        let lead = bead.en[0];
                        bead.en[0] += 1;
                        for later in bead.en.iter_mut().skip(1) {
                            *later += 1;
                        }
                        beads.push(commentary(lead));
                        beads.push(bead);
                    }
                    Cut::Attribution(_) => {
                        let last = *bead.en.last().expect("a pair has English");
                        beads.push(bead);
                        beads.push(commentary(last + 1));
                    }
                }
            }
            None => beads.push(bead),
        }
    }
    alignment.en = en;
    alignment.beads = beads;
}

/// Where the lead-in of an English sentence ends: after `that:` or `that` followed by an
/// opening quotation mark ("Wang informs that: The…", "the article contends that “the…"),
/// with at least [`MIN_LEAD_IN_WORDS`] words before and [`MIN_PART_WORDS`] after. Other colons and quotation marks open
/// dialogue in fiction, whose lead-ins ("he said, crying:") are translated.
fn lead_in(text: &str, span: Span) -> Option<usize> {
    let sentence = span.slice(text);
    let at = sentence.match_indices("that").find_map(|(i, _)| {
        let word_start = i == 0 || !sentence[..i].ends_with(char::is_alphanumeric);
        let after = &sentence[i + "that".len()..];
        let rest = after.trim_start();
        let quoted = rest.starts_with(['“', '"']);
        let colon = after.starts_with(':');
        (word_start && (quoted || colon)).then(|| match colon {
            true => i + "that:".len(),
            false => sentence.len() - rest.len(),
        })
    })?;
    let words = |s: &str| s.split_whitespace().count();
    // A speaker and a verb ("Abdelatty said that") is translated with the quote in Chinese
    // news (阿卜杜勒阿提表示…): commentary says more.
    let lead_words = sentence[..at]
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !["that", "the", "a", "an"].contains(&w.as_str()))
        .count();
    (lead_words >= MIN_LEAD_IN_WORDS && words(&sentence[at..]) >= MIN_PART_WORDS)
        .then_some(span.start + at)
}

/// Where the trailing attribution of an English sentence starts: at its last comma, when
/// what follows is a few words naming a text or body, not a person, with a verb of saying
/// (", the article said.", ", the report added."). People's attributions ("said
/// Trinket") are part of dialogue and translated with it.
fn attribution(text: &str, span: Span) -> Option<usize> {
    let sentence = span.slice(text);
    let comma = sentence.rfind(',')?;
    let tail = &sentence[comma + 1..];
    let words: Vec<String> = tail
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let attributes = words.len() <= MAX_ATTRIBUTION_WORDS
        && words.first().is_some_and(|w| w == "the")
        && words.iter().any(|w| SPEECH_VERBS.contains(&w.as_str()));
    let before = sentence[..comma].split_whitespace().count();
    (attributes && before >= MIN_PART_WORDS).then_some(span.start + comma + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{align_interleaved, Options};

    fn aligned(text: &str) -> (Document, Alignment) {
        let doc = Document::from_text("t", text);
        let alignment = align_interleaved(&doc, &Options::default());
        (doc, alignment)
    }

    #[test]
    fn a_lead_in_before_a_quote_is_cut_off_the_pair() {
        let text = "In the final section, the article contends that “central enterprises are the backbone of China’s real economy.” 中央企业是我国实体经济的骨干中坚力量。\n";
        let (doc, alignment) = aligned(text);
        let kinds: Vec<(String, String)> = alignment
            .beads
            .iter()
            .map(|b| (alignment.zh_text(b), alignment.en_text(b)))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (
                    String::new(),
                    "In the final section, the article contends that".to_string()
                ),
                (
                    "中央企业是我国实体经济的骨干中坚力量。".to_string(),
                    "“central enterprises are the backbone of China’s real economy.”".to_string()
                ),
            ]
        );
        let lead = alignment.en[0].span;
        let quote = alignment.en[1].span;
        assert_eq!((lead.start, lead.end), (0, 47));
        assert_eq!(&doc.text[quote.start..quote.end], alignment.en[1].text);
        assert_eq!(quote.start, text.find('“').unwrap());
    }

    #[test]
    fn a_colon_lead_in_and_a_trailing_attribution() {
        let (doc, alignment) = aligned(
            "In the first section of the report, Wang informs that: The cooperation mechanism between China and Central Asia has evolved over time. 中国—中亚合作机制不断发展。\n\
             Exports of high-tech products grew 9.2% in the first half, the report said. 上半年高技术产品出口增长9.2%。\n",
        );
        let beads: Vec<(String, String)> = alignment
            .beads
            .iter()
            .map(|b| (alignment.zh_text(b), alignment.en_text(b)))
            .collect();
        assert_eq!(
            beads[0],
            (
                String::new(),
                "In the first section of the report, Wang informs that:".into()
            )
        );
        assert_eq!(
            beads[1].1,
            "The cooperation mechanism between China and Central Asia has evolved over time."
        );
        assert_eq!(
            beads[2].1,
            "Exports of high-tech products grew 9.2% in the first half"
        );
        assert_eq!(beads[3], (String::new(), "the report said.".into()));
        for sentence in &alignment.en {
            assert_eq!(sentence.span.slice(&doc.text), sentence.text);
        }
    }

    #[test]
    fn a_translated_speaker_and_dialogue_stay_whole() {
        let (_, alignment) = aligned(
            "Abdelatty said that “the current regional situation is extremely critical.” 阿卜杜勒阿提表示,当前地区局势极为危急。\n\
             'It is getting late,' said Trinket. 韦小宝道：“天晚了。”\n",
        );
        assert_eq!(alignment.en.len(), 2);
        assert!(alignment.beads.iter().all(|b| b.is_pair()));
    }
}
