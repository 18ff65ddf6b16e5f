//! English sentence splitting: one run of English text in, sentence spans out.
//!
//! Takes the whole input and the byte span of one run; gives trimmed, ordered spans into
//! the whole input that together cover every non-whitespace byte of the run.
//!
//! Unicode's sentence boundaries (UAX #29) are the base because they already get most of
//! English right: decimals, `...` before a lowercase word, closing quotes that belong to
//! the sentence they close, no cut at `:` or `;`. What they get wrong is anything needing
//! a dictionary or a guess about the next word, so each candidate cut is then checked:
//!
//! - an abbreviation (`Mr.`, `Co.`, `Ltd.`, `U.S.`, `a.m.`, an initial like `J.`) usually
//!   leads into more of the same sentence, so the cut is dropped unless the next word is
//!   one that typically opens a sentence (`The`, `He`, `But`, ...);
//! - `No.` and month abbreviations only lead on into a number (`No. 3`, `Aug. 27`);
//! - `!` or `?` followed by a lowercase word is dialogue carrying on (`'Go!' he cried.`);
//! - a word repeated across an ellipsis is a stammer (`I... I've`), not two sentences;
//! - a lone list number (`1.`) is not a sentence of its own.
//!
//! UAX #29 does not treat `…` as a full stop, so a cut is added after one when the next
//! word starts with a capital letter, matching what it does for `...`; likewise after a
//! dash that closes a quotation (`let's see—' 'At you!'`), which is speech broken off.
//! Line breaks are read as plain spaces: a run is one paragraph, and a wrapped line is
//! not a sentence end.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use crate::span::Span;

/// Split the English text in `within` into sentences, as spans into `input`.
pub fn split_english(input: &str, within: Span) -> Vec<Span> {
    let text = within.slice(input);
    let scan = text_for_segmenter(text);
    let candidates = candidate_cuts(&scan);
    let cuts = confirmed_cuts(text, &candidates);

    let mut spans = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for end in cuts.into_iter().chain(std::iter::once(text.len())) {
        let span = Span::new(within.start + start, within.start + end).trim(input);
        if !span.is_empty() {
            spans.push(span);
        }
        start = end;
    }
    spans
}

/// Words that, after an abbreviation, almost always start a new sentence rather than
/// continue a name or a phrase (`in the U.S. The next day` vs `U.S. President`).
#[rustfmt::skip]
const SENTENCE_STARTERS: &[&str] = &[
    "A", "According", "After", "Also", "An", "And", "As", "At", "Before", "But", "By",
    "During", "For", "From", "He", "Her", "His", "How", "However", "I", "If", "In", "It",
    "Its", "Meanwhile", "My", "On", "Our", "She", "So", "Some", "That", "The", "Their",
    "Then", "There", "These", "They", "This", "Those", "To", "We", "What", "When", "Where",
    "While", "Who", "Why", "With", "Yet", "You",
];

/// Abbreviations that are followed by a name or more of the sentence (titles, company
/// forms, Latin shorthand, initials transliterated from Russian like `Sh. Baktygulov`).
/// Dotted forms like `U.S.` and `e.g.` are recognised by shape.
#[rustfmt::skip]
const LEADING_ABBREVIATIONS: &[&str] = &[
    "Adm.", "Bros.", "Capt.", "Ch.", "Co.", "Col.", "Corp.", "Cos.", "Dept.", "Dr.", "Ft.",
    "Gen.", "Gov.", "Hon.", "Inc.", "Jr.", "Kh.", "Lt.", "Ltd.", "Maj.", "Messrs.", "Mr.",
    "Mrs.", "Ms.", "Mt.", "Pres.", "Prof.", "Rep.", "Rev.", "Sen.", "Sgt.", "Sh.", "Sr.",
    "St.", "Supt.", "Zh.", "al.", "approx.", "cf.", "vs.",
];

/// Abbreviations that only lead on into a number: `No. 3`, `Aug. 27`, `Fig. 2`.
#[rustfmt::skip]
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "No.", "Nos.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.",
    "Oct.", "Nov.", "Dec.", "Fig.", "Figs.", "Vol.", "Art.", "Sec.", "pp.", "p.", "vol.",
];

/// Abbreviations that only carry on into a lowercase word (`etc. and so on`).
#[rustfmt::skip]
const LOWERCASE_ABBREVIATIONS: &[&str] = &["etc.", "esp.", "incl."];

/// Opening quotes and brackets that may stand before a word.
fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«')
}

/// Closing quotes and brackets that belong to the sentence they close.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// Characters UAX #29 may treat as a full stop; they never belong to a gap run.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '｡')
}

/// Gap runs longer than this are defused before segmenting (see `text_for_segmenter`).
const MAX_GAP_CHARS: usize = 16;

/// The text as the segmenter should see it, with every byte offset unchanged.
///
/// Line breaks become spaces, because UAX #29 cuts at every one of them. And after the
/// first `MAX_GAP_CHARS` characters of any run without letters, digits or full stops the
/// rest becomes `0`s: unicode-segmentation rescans the run ahead at each space or quote
/// that follows a full stop, so a huge run would take quadratic time. A long run can only
/// move a cut around inside itself, and trimming makes that invisible.
fn text_for_segmenter(text: &str) -> Cow<'_, str> {
    let mut copy: Option<Vec<u8>> = None;
    let mut gap_chars = 0;
    for (index, c) in text.char_indices() {
        let is_gap = !c.is_alphanumeric() && !is_terminator(c);
        gap_chars = if is_gap { gap_chars + 1 } else { 0 };
        let replacement = if gap_chars > MAX_GAP_CHARS {
            b'0'
        } else if is_line_break(c) {
            b' '
        } else {
            continue;
        };
        let bytes = copy.get_or_insert_with(|| text.as_bytes().to_vec());
        bytes[index..index + c.len_utf8()].fill(replacement);
    }
    match copy {
        // Whole characters were replaced by ASCII bytes, so the copy is still UTF-8.
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).expect("ASCII replacement")),
        None => Cow::Borrowed(text),
    }
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Every place a sentence might start: UAX #29 boundaries plus the cuts it misses.
fn candidate_cuts(text: &str) -> Vec<usize> {
    let mut cuts: Vec<usize> = text
        .split_sentence_bound_indices()
        .map(|(start, _)| start)
        .filter(|&start| start > 0)
        .collect();
    cuts.extend(cuts_after_unfinished_endings(text));
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Cuts that UAX #29 cannot see, made where whitespace and a capitalised word follow:
/// after `…` (and its closing quotes), as it does after `...`; and after a dash that
/// closes a quotation (`let's see—' 'At you!'`), where speech was cut off.
fn cuts_after_unfinished_endings(text: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let is_dash = matches!(c, '—' | '–');
        if !(c == '…' || is_dash) || chars.peek().is_some_and(|&(_, next)| next == c) {
            continue;
        }
        let mut closers = 0;
        while chars.next_if(|&(_, next)| is_closer(next)).is_some() {
            closers += 1;
        }
        let mut spaces = 0;
        while chars.next_if(|&(_, next)| next.is_whitespace()).is_some() {
            spaces += 1;
        }
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        if spaces > 0 && (closers > 0 || !is_dash) && starts_capitalised(&text[start..]) {
            cuts.push(start);
        }
    }
    cuts
}

fn starts_capitalised(text: &str) -> bool {
    let word = text.trim_start_matches(is_opener);
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The candidate cuts that survive the rules in the module doc.
///
/// Each rule looks only at the text between neighbouring candidates, so the whole pass
/// stays linear even for text full of candidate cuts.
fn confirmed_cuts(text: &str, candidates: &[usize]) -> Vec<usize> {
    let mut kept = Vec::with_capacity(candidates.len());
    let mut sentence_start = 0;
    for (i, &cut) in candidates.iter().enumerate() {
        let previous = if i == 0 { 0 } else { candidates[i - 1] };
        let next = candidates.get(i + 1).copied().unwrap_or(text.len());
        let before = text[previous..cut].trim_end();
        let after = text[cut..next].trim_start();
        let sentence_so_far = &text[sentence_start..cut];
        if !continues_sentence(before, after, sentence_so_far) {
            kept.push(cut);
            sentence_start = cut;
        }
    }
    kept
}

/// Whether the text `after` a candidate cut is still part of the sentence `before` it.
fn continues_sentence(before: &str, after: &str, sentence_so_far: &str) -> bool {
    if after.is_empty() {
        return false;
    }
    abbreviation_continues(last_word(before), after)
        || exclamation_continues(before, after)
        || is_stutter(before, after)
        || is_list_number(sentence_so_far)
}

/// The last whitespace-separated word, without opening quotes or brackets.
fn last_word(text: &str) -> &str {
    let word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    word.trim_start_matches(is_opener)
}

fn abbreviation_continues(word: &str, after: &str) -> bool {
    if NUMBER_ABBREVIATIONS.contains(&word) {
        return after.starts_with(|c: char| c.is_ascii_digit());
    }
    if LOWERCASE_ABBREVIATIONS.contains(&word) {
        return after.starts_with(char::is_lowercase);
    }
    if LEADING_ABBREVIATIONS.contains(&word) || is_dotted_abbreviation(word) {
        return !starts_new_sentence(after);
    }
    false
}

/// Letters each followed by a full stop: initials (`J.`, `J.K.`), `U.S.`, `e.g.`, `p.m.`.
fn is_dotted_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let mut letters = 0;
    while let Some(c) = chars.next() {
        if !c.is_alphabetic() || chars.next() != Some('.') {
            return false;
        }
        letters += 1;
    }
    // A lone lowercase letter is more often a list item or a variable than shorthand.
    letters > 1 || word.starts_with(char::is_uppercase)
}

/// Whether `text` opens with a quotation or a word that typically starts a sentence.
fn starts_new_sentence(text: &str) -> bool {
    if text.starts_with(['“', '"']) {
        return true;
    }
    let text = text.trim_start_matches(is_opener);
    let word = leading_letters(text);
    // `A.` after `J.` is another initial, not the article.
    SENTENCE_STARTERS.contains(&word) && !text[word.len()..].starts_with('.')
}

/// `'Why fight a dummy!' he cried.`: a lowercase word after `!` or `?` (and any closing
/// quotes) means the speech is being reported inside one sentence.
fn exclamation_continues(before: &str, after: &str) -> bool {
    let mark = before.trim_end_matches(is_closer);
    mark.ends_with(['!', '?']) && after.starts_with(char::is_lowercase)
}

/// `I... I've got a headache`: a word repeated across an ellipsis is a stammer, not two
/// sentences.
fn is_stutter(before: &str, after: &str) -> bool {
    let Some(word) = before
        .strip_suffix("...")
        .or_else(|| before.strip_suffix('…'))
    else {
        return false;
    };
    let stammered = leading_letters(last_word(word));
    !stammered.is_empty() && stammered.eq_ignore_ascii_case(leading_letters(after))
}

fn leading_letters(text: &str) -> &str {
    let text = text.trim_start_matches(is_opener);
    let end = text
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(text.len());
    &text[..end]
}

/// A sentence of nothing but a list number (`1.`, `12.`) really opens the next one.
fn is_list_number(sentence: &str) -> bool {
    let sentence = sentence.trim_start();
    if sentence.len() > 8 {
        return false;
    }
    let Some(number) = sentence.trim_end().strip_suffix('.') else {
        return false;
    };
    !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences of `text`, as strings.
    fn sentences(text: &str) -> Vec<&str> {
        let spans = split_english(text, Span::new(0, text.len()));
        spans.iter().map(|span| span.slice(text)).collect()
    }

    /// `expected` is the text with ` | ` where it should be cut.
    fn assert_splits(expected: &str) {
        let text = expected.replace(" | ", " ");
        assert_eq!(sentences(&text), expected.split(" | ").collect::<Vec<_>>());
    }

    #[test]
    fn splits_plain_news_text() {
        assert_splits(
            "Page 1: At the top of the page is a brief report informing that Xi Jinping has \
             returned to Beijing after the visit to Kazakhstan. | Another report offers full \
             coverage of Wang Yi’s summary of the outcomes of Xi’s visit. | Wang said that Xi \
             attended “more than 10 multilateral and bilateral events” during the visit.",
        );
    }

    #[test]
    fn numbers_colons_and_semicolons_do_not_split() {
        assert_splits(
            "Central enterprises’ R&D investment from 2022-2024 broke through one trillion \
             yuan for three consecutive years, with R&D investment intensity reaching 2.79% \
             in 2024, of which basic research accounted for 8.8% of R&D investment; as of \
             the end of 2024, they possessed 474 national-level R&D platforms, with 1.443 \
             million scientific research personnel, a year-on-year increase of 5.5%.",
        );
        assert_splits("Building No. 3 stands on Nos. 5 and 6 of the lot.");
    }

    #[test]
    fn month_abbreviations_before_a_day() {
        assert_splits(
            "TEHRAN, Aug. 27 (Xinhua) — The Islamic Revolutionary Guard Corps (IRGC) said on \
             Wednesday that its forces killed 13 \"terrorists\" in three joint operations.",
        );
        assert_splits("Leaders will meet from Aug. 31 to Sept. 1 for the summit.");
        assert_splits("It ended in Jan. | The rest followed.");
    }

    #[test]
    fn company_forms_and_titles_lead_on() {
        assert_splits(
            "At BSH Home Appliances (China) Investment Co., Ltd. Li “learned about the effects \
             of the country's consumer goods trade-in program, and urged the company to make \
             good use of relevant policies to unleash consumption potential.",
        );
        assert_splits(
            "Visiting the Jiangsu Huizhi High-end Engineering Machinery Innovation Center Co., \
             Li said that “the high-end, intelligent and green development of the engineering \
             machinery industry is the general trend.",
        );
        assert_splits("Mr. Smith met Dr. Jones and Prof. Wang at St. Paul's.");
        assert_splits("Gen. Lee and Sen. Warren spoke with Gov. Newsom and Capt. Ahab.");
        assert_splits("Profits rose at Apple Inc. | The company said so.");
    }

    #[test]
    fn dotted_abbreviations_and_initials() {
        assert_splits("The U.S. President met U.N. and E.U. officials.");
        assert_splits("Fruit, e.g. Apples, and i.e. Pears, vs. Plums.");
        assert_splits("The meeting at 9 a.m. Beijing time ended at 5 p.m. Monday.");
        assert_splits("J. K. Rowling met George W. Bush.");
        assert_splits("Xi J. said it was fine.");
        assert_splits("As Sh. Baktygulov noted, the initiative fits.");
        assert_splits("Talks began in the U.S. | The next day they ended.");
        assert_splits("It ended at 5 p.m. | He left.");
    }

    #[test]
    fn etc_continues_only_into_lowercase() {
        assert_splits("Apples, pears, etc. are sold here.");
        assert_splits("Apples, pears, etc. | We sell them.");
    }

    #[test]
    fn ellipses_split_only_before_a_capital() {
        assert_splits("Solving the ‘last mile’... of the problem is hard.");
        assert_splits("Solving the ‘last mile’… of the problem is hard.");
        assert_splits("Well... | Then he left.");
        assert_splits("Well… | Then he left.");
        assert_splits("He waited…… | “Who is there?”");
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_splits("He said: “Go.” | Then he left.");
        assert_splits("(It was late.) | We left.");
        assert_splits("She said 'no.' | He agreed.");
        assert_splits("'Well! | Surrender?' | Trinket had him pinned.");
    }

    #[test]
    fn reported_speech_after_exclamation_stays_together() {
        assert_splits("'Why fight a dummy!' he cried.");
        assert_splits("“Who says I don't?” protested Trinket.");
        assert_splits("'Well? | Had enough? | Give in?'");
        assert_splits(
            "'You're hopeless!' he jeered. | \
             'You obviously don't know the first thing about wrestling!'",
        );
    }

    #[test]
    fn stammers_across_an_ellipsis_stay_together() {
        assert_splits("'Goong-goong, I... I've got this terrible headache.'");
        assert_splits("'I… I… can't remember.'");
        assert_splits("Wait... | Who is it?");
    }

    #[test]
    fn speech_cut_off_by_a_dash_ends_a_sentence() {
        assert_splits("'Come on then: let's see—' | 'At you!' | The two of them set to.");
        assert_splits("\"You mean—\" | \"Yes.\"");
        assert_splits("He said 'wait—' and left.");
        assert_splits("Leaders from Asia — The Hague included — came.");
    }

    #[test]
    fn list_numbers_join_their_item() {
        assert_splits("1. Rice is cheap. | 2. Tea is dear.");
    }

    #[test]
    fn line_breaks_are_spaces() {
        assert_eq!(
            sentences("A wrapped\nline is one\r\nsentence."),
            ["A wrapped\nline is one\r\nsentence."]
        );
        assert_eq!(sentences("One.\nTwo."), ["One.", "Two."]);
    }

    #[test]
    fn spans_index_the_whole_input() {
        let input = "HEADER\nFirst one. Second one.\nFOOTER";
        let spans = split_english(input, Span::new(7, 29));
        assert_eq!(spans, [Span::new(7, 17), Span::new(18, 29)]);
    }

    #[test]
    fn long_gaps_after_a_full_stop_stay_fast() {
        let spaces = " ".repeat(200_000);
        let newlines = "\n".repeat(200_000);
        let closers = ")".repeat(200_000);
        let text = format!("End.{spaces}then more.{newlines}Next.{closers}");
        let start = std::time::Instant::now();
        let got = sentences(&text);
        assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
        assert!(got[0].starts_with("End.") && got[0].ends_with("then more."));
        // Deep inside a huge gap the cut may land anywhere; it only has to be quick.
        assert!(got[1].starts_with("Next.)"));
    }

    #[test]
    fn spans_keep_their_invariants_on_awkward_input() {
        let long = "word ".repeat(200_000);
        let bangs = "x!y?".repeat(100_000);
        let dots = format!("a{}", ".".repeat(300_000));
        let stammer = "I... ".repeat(100_000);
        #[rustfmt::skip]
        let awkward = [
            "", "   ", "\n\t \u{3000}", ".", "...", "?!?!", "…", "“”", "(.)", "' '", "A.",
            "a. b.", "😀. 😀! 😀", "👨‍👩‍👧. Family.", "Mixed 中文. And English！ 好的。 Done.",
            "é\u{301}. Ña.", "Mr.", "No.", "e.g.", "\u{200D}.\u{200D} \u{200D}",
            &long, &bangs, &dots, &stammer,
        ];
        for text in awkward {
            let padded = format!("§ {text} §");
            let within = Span::new("§ ".len(), "§ ".len() + text.len());
            check_invariants(&padded, within, &split_english(&padded, within));
        }
    }

    /// In bounds, on char boundaries, ordered, trimmed, and missing no visible text.
    fn check_invariants(input: &str, within: Span, spans: &[Span]) {
        let mut covered = within.start;
        for span in spans {
            assert!(
                span.start >= covered && span.end <= within.end,
                "{span:?} misplaced"
            );
            assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
            let text = span.slice(input);
            assert!(
                !text.is_empty() && text.trim() == text,
                "untrimmed {text:?}"
            );
            assert!(input[covered..span.start].trim().is_empty(), "lost text");
            covered = span.end;
        }
        assert!(
            input[covered..within.end].trim().is_empty(),
            "lost text at the end"
        );
    }
}
