//! Quotation state: sentence texts in, for each boundary between two sentences, whether
//! it falls inside a quotation.
//!
//! A translation keeps dialogue as dialogue: where a Chinese speech runs on past a
//! sentence end (`小玄子一怔，道：“好，咱们打个彩头。` | `明天我带银子来……”`), the English
//! speech mostly runs on too (`'All right.` | `We fight for money.`), and where a quote has
//! closed on one side it has mostly closed on the other. A bead boundary that is inside a
//! quotation on one side and outside on the other splits a speech from its translation,
//! which is what a speech tag attached to the wrong neighbour looks like.
//!
//! Only the outer quotation marks of each side count: “ ” and 「 」 in Chinese (‘ ’ and
//! 『 』 quote inside them), and in English whichever of double or single quotes the
//! document uses more (British books quote with single marks and nest double ones). A
//! boundary's state is told by the two sentences around it only: the last mark before it
//! (opening: inside; closing: outside) or else the first after it (closing: inside);
//! with no mark in either it is not told, so a mark misread never holds a side inside
//! or outside for pages.

/// For each boundary between sentences, whether it is inside a quotation (`None`: not
/// told).
pub type QuoteStates = Vec<Option<bool>>;

/// Whether each boundary of a sequence of sentences is inside a quotation: entry k is the
/// state after the first k sentences (entry 0 is outside), `None` where it cannot be told
/// (see below). `None` for the whole text when it has no quotation marks at all: then it
/// says nothing about where speech is.
///
/// A speech tag after a closed quotation (`'No one's asking you to rob,' said Grannie
/// Liu.`) followed by a sentence that opens another (`'But can't we all sit down…`) is
/// either one speech that the tag interrupts (and the other language, tagging the speech
/// before it opens, is inside it there: `刘老老说道：“谁叫你去打劫呢?`) or a reply: such a
/// boundary's state is not told.
pub fn inside_quotes<S: AsRef<str>>(sentences: &[S], chinese: bool) -> Option<QuoteStates> {
    let all: Vec<Vec<Mark>> = if chinese {
        sentences
            .iter()
            .map(|text| chinese_marks(text.as_ref()))
            .collect()
    } else {
        // Every mark is read once: the count picks the family, which is then kept.
        let mut all: Vec<Vec<Mark>> = sentences
            .iter()
            .map(|text| english_marks(text.as_ref()))
            .collect();
        let double = all.iter().flatten().filter(|m| m.double).count();
        let single = all.iter().flatten().filter(|m| !m.double).count();
        let outer_double = double >= single;
        all.iter_mut()
            .for_each(|marks| marks.retain(|m| m.double == outer_double));
        all
    };
    if all.iter().all(Vec::is_empty) {
        return None;
    }
    let mut states = Vec::with_capacity(sentences.len() + 1);
    states.push(Some(false));
    for (k, (text, marks)) in sentences.iter().zip(&all).enumerate() {
        let last = marks.last();
        let next = all.get(k + 1).and_then(|m| m.first());
        // Told from the two sentences around the boundary only: the last mark before it
        // or the first after it. Far from any mark a misread one would otherwise hold
        // a side inside (or outside) for pages.
        let inside = match (last, next) {
            (Some(m), _) => Some(m.opening),
            (None, Some(m)) => Some(!m.opening),
            (None, None) => None,
        };
        let tagged = last.is_some_and(|m| {
            !m.opening
                && text.as_ref()[m.at..]
                    .chars()
                    .skip(1)
                    .any(char::is_alphabetic)
        });
        let next_opens = next.is_some_and(|m| m.opening && m.at == 0);
        states.push(inside.filter(|_| !(tagged && next_opens)));
    }
    Some(states)
}

/// For each boundary between sentences (entry k: after the first k), whether a new
/// speech starts there: the boundary is told to be outside any quotation (`states`, from
/// [`inside_quotes`]) and the sentence after it opens one. A translation that keeps its
/// dialogue starts each speech with a sentence of its own on both sides
/// (`那部书，你没有忘记？”` | `韦小宝道：“那部书……` ↔ `…I hope you haven't forgotten.'` |
/// `'The book?'`), so the two sides' turns line up.
pub fn speech_turns<S: AsRef<str>>(
    sentences: &[S],
    states: &QuoteStates,
    chinese: bool,
) -> Vec<bool> {
    (0..=sentences.len())
        .map(|k| {
            states[k] == Some(false)
                && sentences
                    .get(k)
                    .is_some_and(|text| quotations_opened(text.as_ref(), chinese) > 0)
        })
        .collect()
}

/// How many quotations a sentence (or bead) opens: “ 「 『 ‘ in Chinese; in English every
/// opening mark, double or single, apostrophes left out (`english_marks`).
pub fn quotations_opened(text: &str, chinese: bool) -> usize {
    match chinese {
        true => text
            .chars()
            .filter(|c| matches!(c, '“' | '「' | '『' | '‘'))
            .count(),
        false => english_marks(text).iter().filter(|m| m.opening).count(),
    }
}

/// A quotation mark: double (“ ” 「 」 " in either language) or single (' ‘ ’ 『 』),
/// opening or closing, at byte `at` of its sentence.
struct Mark {
    double: bool,
    opening: bool,
    at: usize,
}

/// The outer quotation marks of a Chinese sentence: “ ” and 「 」.
fn chinese_marks(text: &str) -> Vec<Mark> {
    text.char_indices()
        .filter_map(|(at, c)| {
            let opening = match c {
                '“' | '「' => true,
                '”' | '」' => false,
                _ => return None,
            };
            Some(Mark {
                double: true,
                opening,
                at,
            })
        })
        .collect()
}

/// The quotation marks of an English sentence, apostrophes left out. Straight and
/// right-hand marks are read from what is next to them: one at the start of a word opens,
/// one at the end closes. `'` or `’` between letters (don't, Trinket's) is an apostrophe,
/// and so is one after a letter at the end of a word (the boys' room) unless a single
/// quotation opened earlier in the sentence is still open (to 'trample' with).
fn english_marks(text: &str) -> Vec<Mark> {
    // Most sentences quote nothing; every mark read here is `"`, `'` or one of ‘ ’ “ ”,
    // whose UTF-8 starts with byte 0xE2.
    if !text.bytes().any(|b| matches!(b, b'"' | b'\'' | 0xE2)) {
        return Vec::new();
    }
    let mut marks = Vec::new();
    let mut open_singles = 0usize;
    let mut before: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let after = chars.peek().map(|&(_, c)| c);
        let starts_word = || {
            before.is_none_or(|p| p.is_whitespace() || "([{—–-:".contains(p))
                && after.is_some_and(|a| !a.is_whitespace())
        };
        let mark = match c {
            '“' => Some((true, true)),
            '”' => Some((true, false)),
            '‘' => Some((false, true)),
            '"' => Some((true, starts_word())),
            '\'' | '’' => {
                let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                if starts_word() {
                    Some((false, true))
                } else if letter(before) && (letter(after) || open_singles == 0) {
                    None
                } else {
                    before.map(|_| (false, false))
                }
            }
            _ => None,
        };
        if let Some((double, opening)) = mark {
            if !double {
                open_singles = match opening {
                    true => open_singles + 1,
                    false => open_singles.saturating_sub(1),
                };
            }
            marks.push(Mark {
                double,
                opening,
                at,
            });
        }
        before = Some(c);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn told(states: &[bool]) -> Option<QuoteStates> {
        Some(states.iter().map(|&s| Some(s)).collect())
    }

    #[test]
    fn chinese_speech_running_over_a_sentence_end_is_inside() {
        let zh = [
            "小玄子一怔，道：“好，咱们打个彩头。",
            "明天我带银子来，中午时分，在这里再打过。”",
            "韦小宝道：“这‘长安’城中遍地皆是钱。”",
        ];
        assert_eq!(inside_quotes(&zh, true), told(&[false, true, false, false]));
    }

    #[test]
    fn english_single_quotes_are_told_from_apostrophes() {
        let en = [
            "Misty seemed somewhat taken aback by this but then concurred.",
            "'All right.",
            "We fight for money, the boys' money.",
            "See you at noon tomorrow.'",
            "It was unseemly to 'trample' out of step, he said \"twice\".",
            "'Trinket's here!' cried Misty.",
        ];
        // (After the scare quote, text and then an opening quote: a speech tag, for all
        // this reading can tell, so that boundary is not told.)
        let (o, i) = (Some(false), Some(true));
        assert_eq!(
            inside_quotes(&en, false),
            Some(vec![o, o, i, i, o, None, o])
        );
    }

    #[test]
    fn curly_english_marks_are_read_like_straight_ones() {
        let straight = [
            "'All right,' he said.",
            "'We fight for money.",
            "See you at noon.'",
            "\"Go,\" she said, \"now.\"",
        ];
        let curly = [
            "‘All right,’ he said.",
            "‘We fight for money.",
            "See you at noon.’",
            "“Go,” she said, “now.”",
        ];
        let states = inside_quotes(&straight, false);
        assert!(states.is_some());
        assert_eq!(inside_quotes(&curly, false), states);
        for (c, s) in curly.iter().zip(&straight) {
            assert_eq!(quotations_opened(c, false), quotations_opened(s, false));
        }
    }

    #[test]
    fn english_double_quotes_are_the_outer_ones_where_they_are_more_common() {
        let en = ["\"It's 'nothing,' you said.", "Not now.\" She left."];
        assert_eq!(inside_quotes(&en, false), told(&[false, true, false]));
    }

    #[test]
    fn a_speech_tag_between_two_quotations_is_not_told() {
        let en = [
            "'No one's asking you to rob,' said Grannie Liu.",
            "'But can't we all sit down and think?'",
        ];
        assert_eq!(
            inside_quotes(&en, false),
            Some(vec![Some(false), None, Some(false)])
        );
    }

    #[test]
    fn a_boundary_between_two_sentences_without_marks_is_not_told() {
        let zh = ["他说：“走吧。”", "天黑了。", "路很远。", "“好。”"];
        let o = Some(false);
        // After the second sentence nothing near says where speech is; the third ends
        // before an opening mark.
        assert_eq!(inside_quotes(&zh, true), Some(vec![o, o, None, o, o]));
    }

    #[test]
    fn a_new_speech_starts_where_a_closed_quotation_is_followed_by_an_opening_one() {
        let zh = [
            "那部书，你没有忘记？”",
            "韦小宝道：“那部书…… 书……”",
            "他低下头。",
            "“我一定来。",
            "我还要带妹妹来。”",
        ];
        let states = inside_quotes(&zh, true).unwrap();
        // Before the second sentence (a closed speech, then a tag opening another) and
        // before the fourth; not at the start (the first sentence opens nothing), not
        // inside the last speech, and not at the end (no sentence follows).
        assert_eq!(
            speech_turns(&zh, &states, true),
            [false, true, false, true, false, false]
        );
        let en = ["'I said so,' said Trinket.", "'The book?'"];
        // A tag between two quotations may be one speech interrupted: not told, no turn.
        let states = inside_quotes(&en, false).unwrap();
        assert_eq!(speech_turns(&en, &states, false), [true, false, false]);
    }

    #[test]
    fn quotations_opened_count_dialogue_not_apostrophes() {
        assert_eq!(quotations_opened("“偷什么书？”", true), 1);
        assert_eq!(
            quotations_opened("海老公脸一沉，说道：“你要什么？”", true),
            1
        );
        assert_eq!(
            quotations_opened("'What do you want?' Old Hai's voice was cold.", false),
            1
        );
        assert_eq!(quotations_opened("\"Yes,\" he said. \"Go.\"", false), 2);
        assert_eq!(
            quotations_opened("The dogs' bowls weren't there.", false),
            0
        );
    }

    #[test]
    fn text_without_quotation_marks_says_nothing() {
        assert_eq!(inside_quotes(&["起初神创造天地。"], true), None);
        assert_eq!(
            inside_quotes(&["In the beginning God's word."], false),
            None
        );
    }
}
