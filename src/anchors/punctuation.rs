//! Punctuation anchors: sentence text in, the marks both languages share out.
//!
//! A question stays a question in translation, an exclamation mostly stays one, and
//! quoted speech stays quoted, whatever the words. In dialogue-heavy text (fiction,
//! interviews) these are often the only anchors a short line has: `“投不投降？”` ↔
//! `'Surrender?'`. The marks are language-neutral tokens, so the scorer treats them as
//! words that translate to themselves.

/// A question mark, full-width or ASCII.
pub const QUESTION: &str = "<?>";
/// An exclamation mark, full-width or ASCII.
pub const EXCLAMATION: &str = "<!>";
/// The opening of a quotation: “ 「 『, or a straight quote at the start of a word.
pub const QUOTE: &str = "<q>";

/// The shared marks of one sentence, in order, one per occurrence.
pub fn marks(text: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let mark = match c {
            '?' | '？' => Some(QUESTION),
            '!' | '！' => Some(EXCLAMATION),
            '“' | '「' | '『' | '‘' => Some(QUOTE),
            '"' | '\'' if previous.is_none_or(|p| p.is_whitespace() || "([—–-:：".contains(p)) => {
                Some(QUOTE)
            }
            _ => None,
        };
        out.extend(mark);
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_dialogue_share_marks() {
        assert_eq!(marks("小玄子笑道：“投不投降？”"), vec![QUOTE, QUESTION]);
        assert_eq!(marks("'Surrender?'"), vec![QUOTE, QUESTION]);
        assert_eq!(marks("“好，你上来！”"), vec![QUOTE, EXCLAMATION]);
    }

    #[test]
    fn apostrophes_inside_words_are_not_quotes() {
        assert!(marks("Trinket's face, don't").is_empty());
        assert_eq!(marks("He said 'no'"), vec![QUOTE]);
    }
}
