//! Personal pronouns: a word of either language in, the class both sides share out.
//!
//! CC-CEDICT glosses 我 as "I; me; my", which English tokenization drops as function
//! words, so pronouns matched nothing; yet dialogue and narration are full of them, and
//! who speaks to whom is often all a short line says (“你去过吗？” ↔ `Have you been
//! there?`). Each pronoun stands for a class term that keeps person, number and (in the
//! third person singular) gender apart, so 他 meets `he`, `him`, `his` but not `she`.
//! Only the pronouns that both languages mark the same way are classed: 它 / `it`
//! (often a dummy subject in English) and the Chinese honorifics are left out. The
//! archaic second person of older English translations (`thou`, `thee`, `thy`, `ye`:
//! the King James Bible) is `you`, as the Chinese 你 / 你们 it translates.

/// Each class term with its Chinese and English forms (English lowercase).
const CLASSES: [(&str, &[&str]); 6] = [
    ("<i>", &["我", "i", "me", "my", "mine", "myself"]),
    (
        "<we>",
        &["我们", "咱们", "we", "us", "our", "ours", "ourselves"],
    ),
    (
        "<you>",
        &[
            "你",
            "您",
            "你们",
            "you",
            "your",
            "yours",
            "yourself",
            "yourselves",
            "thou",
            "thee",
            "thy",
            "thine",
            "thyself",
            "ye",
        ],
    ),
    ("<he>", &["他", "he", "him", "his", "himself"]),
    ("<she>", &["她", "she", "her", "hers", "herself"]),
    (
        "<they>",
        &[
            "他们",
            "她们",
            "they",
            "them",
            "their",
            "theirs",
            "themselves",
        ],
    ),
];

/// The class term of a personal pronoun (Chinese, or lowercase English), if it is one.
pub fn class(word: &str) -> Option<&'static str> {
    CLASSES
        .iter()
        .find(|(_, forms)| forms.contains(&word))
        .map(|&(class, _)| class)
}

/// Whether an (interned) term is a pronoun class of [`class`].
pub fn is_class(term: &str) -> bool {
    CLASSES.iter().any(|&(class, _)| class == term)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_one_person_meet_and_other_persons_do_not() {
        assert_eq!(class("他"), class("him"));
        assert_eq!(class("他们"), class("their"));
        assert_ne!(class("他"), class("she"));
        assert_ne!(class("我"), class("we"));
        assert_eq!(class("it"), None);
        assert!(class("你").is_some_and(is_class));
        assert!(!is_class("you"));
        // The archaic second person is the same person.
        assert_eq!(class("thee"), class("你"));
        assert_eq!(class("ye"), class("你们"));
    }
}
