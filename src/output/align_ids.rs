//! Sentence-id writer: an [`Alignment`] in, the Vecalign/Bertalign gold format out.
//!
//! One bead a line, `[i,j]:[k]`: 0-based indices into `alignment.zh` and `alignment.en`,
//! the first input's side on the left (`zh_first`), omissions as `[]:[k]` / `[i]:[]`. Every
//! bead is written and `min_score` is ignored, because scorers compare this file with a
//! gold file that covers every sentence. Sentences in neither language have no index and
//! are skipped.

use std::io::{self, Write};

use super::WriteOptions;
use crate::beads::Alignment;

/// Writes `alignment` as sentence-id lines to `out`.
pub fn write_align<W: Write>(
    mut out: W,
    alignment: &Alignment,
    options: &WriteOptions,
) -> io::Result<()> {
    for (left, right) in alignment.id_beads(options.zh_first) {
        writeln!(out, "{}:{}", ids(&left), ids(&right))?;
    }
    out.flush()
}

/// `[1,2]`, `[]`: no spaces, as the gold files and their parsers expect.
fn ids(ids: &[usize]) -> String {
    let inner: Vec<String> = ids.iter().map(usize::to_string).collect();
    format!("[{}]", inner.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::sample;

    fn align(zh_first: bool, min_score: f64) -> String {
        let mut out = Vec::new();
        let opts = WriteOptions {
            zh_first,
            min_score,
            ..WriteOptions::default()
        };
        write_align(&mut out, &sample(), &opts).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn zh_on_the_left() {
        assert_eq!(
            align(true, 0.0),
            "[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[2]\n[]:[3]\n[4,5]:[4]\n"
        );
    }

    #[test]
    fn en_on_the_left() {
        assert_eq!(
            align(false, 0.0),
            "[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[3]\n[3]:[]\n[4]:[4,5]\n"
        );
    }

    #[test]
    fn min_score_is_ignored() {
        assert_eq!(align(true, 0.99), align(true, 0.0));
    }
}
