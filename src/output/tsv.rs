//! TSV writer: an [`Alignment`] in, a `score\tzh\ten` table out.
//!
//! One row per bead in reading order. Pairs below `min_score` are left out; unpaired beads
//! are always written, with the missing side empty, since they are what a reviewer needs to
//! see. Sentences in neither language have no column and are not written (use JSONL). There
//! is no quoting: tabs, line breaks and other control characters inside text become spaces,
//! so every row is one line of exactly three fields (readers must not treat `"` as a quote,
//! e.g. pandas `quoting=csv.QUOTE_NONE`).

use std::io::{self, Write};

use super::{keep, score_str, WriteOptions};
use crate::beads::Alignment;

/// Writes `alignment` as TSV to `out`.
pub fn write_tsv<W: Write>(
    mut out: W,
    alignment: &Alignment,
    options: &WriteOptions,
) -> io::Result<()> {
    writeln!(out, "score\tzh\ten")?;
    for bead in alignment
        .beads
        .iter()
        .filter(|b| keep(b, options.min_score))
    {
        let zh = field(&alignment.zh_text(bead));
        let en = field(&alignment.en_text(bead));
        writeln!(out, "{}\t{zh}\t{en}", score_str(bead.score))?;
    }
    out.flush()
}

/// `text` made safe for one TSV field. Besides `\t`, `\r` and `\n`, the other control
/// characters and U+2028/U+2029 go too: Python's `splitlines` breaks lines on several of them.
fn field(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::{sample, HOSTILE};

    fn tsv(min_score: f64) -> String {
        let mut out = Vec::new();
        let opts = WriteOptions {
            min_score,
            ..WriteOptions::default()
        };
        write_tsv(&mut out, &sample(), &opts).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rows_and_escaping() {
        let expected = format!(
            "score\tzh\ten\n\
             0.873\t你好，世界。\tHello, world.\n\
             0.950\t第二句{HOSTILE} 。\tSecond {HOSTILE}bell  end\n\
             0.600\t孤立的句子。\t\n\
             0.100\t低分。\tLow score.\n\
             0.700\t\tUntranslated note.\n\
             0.900\t他来了。他走了。\tHe came and went.\n"
        );
        assert_eq!(tsv(0.0), expected);
        assert!(tsv(0.0).lines().all(|l| l.split('\t').count() == 3));
    }

    #[test]
    fn min_score_filters_pairs_only() {
        let rows: Vec<String> = tsv(0.9)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect();
        assert_eq!(rows, ["score", "0.950", "0.600", "0.700", "0.900"]);
    }

    #[test]
    fn field_replaces_line_breakers() {
        assert_eq!(field("a\tb\nc\rd\u{b}e\u{85}f\u{2028}g"), "a b c d e f g");
    }
}
