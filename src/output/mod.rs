//! Output: an [`Alignment`] in, bytes in one of four formats out.
//!
//! - [`Format::Tmx`]: TMX 1.4 translation memory, pairs only ([`tmx`]).
//! - [`Format::Tsv`]: `score\tzh\ten` table, pairs and unpaired sentences ([`tsv`]).
//! - [`Format::Jsonl`]: one JSON object per bead, with byte spans into the inputs, then
//!   one per sentence in neither language ([`jsonl`]).
//! - [`Format::Align`]: Vecalign/Bertalign `[i,j]:[k]` sentence-id lines ([`align_ids`]).
//!
//! `min_score` drops low-confidence *pairs*; an unpaired bead is always kept where the
//! format can show it, because it is exactly what a user has to review. [`write_file_atomically`]
//! puts the result on disk without ever leaving a half-written file or clobbering an input.

pub mod align_ids;
pub mod jsonl;
pub mod tmx;
pub mod tsv;

use std::fmt;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::beads::{Alignment, Bead};

pub use tmx::TmxStats;

/// An output format, chosen with `--format NAME` or from the `-o` file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Tmx,
    Tsv,
    Jsonl,
    Align,
}

impl Format {
    /// Every format, in the order `--help` should list them.
    pub const ALL: [Format; 4] = [Format::Tmx, Format::Tsv, Format::Jsonl, Format::Align];

    /// The name accepted by `--format` (and its canonical file extension).
    pub fn name(self) -> &'static str {
        match self {
            Format::Tmx => "tmx",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Align => "align",
        }
    }

    /// The format a path's extension implies, case-insensitively. `.json` is deliberately
    /// not accepted: JSONL is not a JSON document, and a `.json` file full of lines would
    /// break every tool that opens it as one; `.ndjson` is the other common JSONL name.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "ndjson" => Some(Format::Jsonl),
            _ => Format::ALL.into_iter().find(|f| f.name() == ext),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses `tmx|tsv|jsonl|align` (what clap's `value_parser!` uses for a `FromStr` type).
impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        let s = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown output format '{s}'; expected one of: {}",
                    names.join(", ")
                )
            })
    }
}

/// What the writers need besides the alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    /// Pairs scoring below this are left out (unpaired beads are not filtered).
    pub min_score: f64,
    /// [`Format::Align`] only: put the Chinese ids on the left (true when Chinese was the
    /// first input), so the file matches the gold data's source/target order.
    pub zh_first: bool,
    /// Written into the TMX header's `creationtoolversion`.
    pub tool_version: &'static str,
    /// [`Format::Jsonl`] only: an `"id"` key first on every line (the document's id in a
    /// batch or a JSONL input stream).
    pub document_id: Option<serde_json::Value>,
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions {
            min_score: 0.0,
            zh_first: true,
            tool_version: env!("CARGO_PKG_VERSION"),
            document_id: None,
        }
    }
}

/// Writes `alignment` to `out` in `format`. Returns how many characters were dropped
/// because XML 1.0 forbids them (TMX only; the other formats keep every character).
pub fn write<W: Write>(
    out: W,
    alignment: &Alignment,
    format: Format,
    options: &WriteOptions,
) -> io::Result<usize> {
    match format {
        Format::Tmx => tmx::write_tmx(out, alignment, options).map(|stats| stats.dropped_chars),
        Format::Tsv => tsv::write_tsv(out, alignment, options).map(|_| 0),
        Format::Jsonl => jsonl::write_jsonl(out, alignment, options).map(|_| 0),
        Format::Align => align_ids::write_align(out, alignment, options).map(|_| 0),
    }
}

/// [`write`], with JSONL spans as byte offsets into the files `sources` were read from,
/// whatever their encoding (the other formats carry no offsets).
pub fn write_for<W: Write>(
    out: W,
    alignment: &Alignment,
    format: Format,
    options: &WriteOptions,
    sources: crate::beads::Sources,
) -> io::Result<usize> {
    match format {
        Format::Jsonl => {
            jsonl::write_jsonl_with_sources(out, alignment, options, sources).map(|_| 0)
        }
        _ => write(out, alignment, format, options),
    }
}

/// Whether a bead survives `min_score`: pairs must reach it, unpaired beads always do.
fn keep(bead: &Bead, min_score: f64) -> bool {
    !bead.is_pair() || bead.score >= min_score
}

/// A score as written in TMX and TSV: three decimals.
fn score_str(score: f64) -> String {
    format!("{score:.3}")
}

/// Why an output file could not be written. Every message says what to do about it.
#[derive(Debug)]
pub enum OutputError {
    /// The output path names one of the input files.
    WouldOverwriteInput { output: PathBuf, input: PathBuf },
    /// The output path is a directory.
    IsDirectory(PathBuf),
    /// The temporary file next to the output could not be created.
    CreateTemp { dir: PathBuf, source: io::Error },
    /// Writing the output failed; nothing was written to `path`.
    Write { path: PathBuf, source: io::Error },
    /// The finished file could not be moved into place; `path` is unchanged.
    Persist { path: PathBuf, source: io::Error },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::WouldOverwriteInput { output, input } => write!(
                f,
                "refusing to overwrite input file {} with output {}; choose another -o path",
                input.display(),
                output.display()
            ),
            OutputError::IsDirectory(p) => {
                write!(
                    f,
                    "output path {} is a directory; give a file name with -o",
                    p.display()
                )
            }
            OutputError::CreateTemp { dir, source } => write!(
                f,
                "cannot create a temporary file in {} ({source}); check that the directory \
                 exists and is writable, or choose another -o path",
                dir.display()
            ),
            OutputError::Write { path, source } => write!(
                f,
                "writing {} failed ({source}); the file was left unchanged",
                path.display()
            ),
            OutputError::Persist { path, source } => write!(
                f,
                "cannot move the finished output to {} ({source}); the file was left unchanged",
                path.display()
            ),
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::CreateTemp { source, .. }
            | OutputError::Write { source, .. }
            | OutputError::Persist { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Writes `path` through `body` all-or-nothing: `body` writes into a temporary file in the
/// same directory (so the final rename cannot cross filesystems), which replaces `path` only
/// once `body` succeeded and the data is synced. On any error `path` is untouched and the
/// temporary file is removed. Refuses, before writing anything, when `path` is the same
/// file as one of `protect` (the inputs), whether by name, symlink or hard link.
pub fn write_file_atomically<T>(
    path: &Path,
    protect: &[&Path],
    body: impl FnOnce(&mut dyn Write) -> io::Result<T>,
) -> Result<T, OutputError> {
    if path.is_dir() {
        return Err(OutputError::IsDirectory(path.to_path_buf()));
    }
    if let Some(input) = protect.iter().find(|p| same_file(path, p)) {
        return Err(OutputError::WouldOverwriteInput {
            output: path.to_path_buf(),
            input: input.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = temp_builder()
        .tempfile_in(dir)
        .map_err(|source| OutputError::CreateTemp {
            dir: dir.to_path_buf(),
            source,
        })?;
    let write_err = |source| OutputError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut buf = BufWriter::new(tmp);
    let written = body(&mut buf).map_err(write_err)?;
    let tmp = buf.into_inner().map_err(|e| write_err(e.into_error()))?;
    // Keep an existing output's mode, as truncating it in place would have.
    if let Ok(meta) = fs::metadata(path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(write_err)?;
    }
    // Without the sync a crash soon after the rename can leave an empty file behind.
    tmp.as_file().sync_all().map_err(write_err)?;
    tmp.persist(path).map_err(|e| OutputError::Persist {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(written)
}

/// Temporary files are named `.duiqi-*.tmp` so a leftover (after a kill -9) is recognisable,
/// and on Unix are created 0666 minus umask like any new file (tempfile's default is 0600).
fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".duiqi-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(0o666));
    }
    b
}

/// Whether `a` and `b` name the same existing file, by name, symlink or (on Unix) hard link.
/// Paths that do not exist or cannot be resolved (like `-` for stdin) never match.
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(a), Ok(b)) = (fs::canonicalize(a), fs::canonicalize(b)) else {
        return false;
    };
    a == b || same_inode(&a, &b)
}

#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let id = |p: &Path| fs::metadata(p).map(|m| (m.dev(), m.ino())).ok();
    id(a).is_some() && id(a) == id(b)
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

/// A small alignment with hostile text, shared by the writers' tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::beads::{Alignment, Bead};
    use crate::sentences::Sentence;
    use crate::span::{Lang, Span};

    /// Sentences laid end to end from byte 0, so spans are easy to predict.
    fn sentences(lang: Lang, texts: &[&str]) -> Vec<Sentence> {
        let mut at = 0;
        let mut out = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            out.push(Sentence {
                lang,
                span: Span::new(at, at + t.len()),
                text: t.to_string(),
                paragraph: i,
            });
            at += t.len() + 1;
        }
        out
    }

    pub const HOSTILE: &str = "<script>&amp;\"quotes\" ]]> ";

    /// Beads: `[0]:[0]` 0.8734, `[1]:[1]` hostile 0.95, `[2]:[]` 0.6, `[3]:[2]` 0.1,
    /// `[]:[3]` 0.7, `[4,5]:[4]` 0.9; one "other" sentence.
    pub fn sample() -> Alignment {
        let zh_hostile = format!("第二句{HOSTILE}\u{1}。");
        let en_hostile = format!("Second {HOSTILE}bell\u{1}\tend");
        let bead = |zh: &[usize], en: &[usize], score| Bead {
            zh: zh.to_vec(),
            en: en.to_vec(),
            score,
        };
        Alignment {
            zh: sentences(
                Lang::Chinese,
                &[
                    "你好，世界。",
                    &zh_hostile,
                    "孤立的句子。",
                    "低分。",
                    "他来了。",
                    "他走了。",
                ],
            ),
            en: sentences(
                Lang::English,
                &[
                    "Hello, world.",
                    &en_hostile,
                    "Low score.",
                    "Untranslated note.",
                    "He came and went.",
                ],
            ),
            other: sentences(Lang::Other, &["Guten Tag."]),
            beads: vec![
                bead(&[0], &[0], 0.8734),
                bead(&[1], &[1], 0.95),
                bead(&[2], &[], 0.6),
                bead(&[3], &[2], 0.1),
                bead(&[], &[3], 0.7),
                bead(&[4, 5], &[4], 0.9),
            ],
            layout: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_and_extensions() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(
                Format::from_extension(Path::new(&format!("out.{f}"))),
                Some(f)
            );
        }
        assert_eq!("JSONL".parse::<Format>(), Ok(Format::Jsonl));
        assert!("xml"
            .parse::<Format>()
            .unwrap_err()
            .contains("tmx, tsv, jsonl, align"));
        assert_eq!(
            Format::from_extension(Path::new("a/b.TMX")),
            Some(Format::Tmx)
        );
        assert_eq!(
            Format::from_extension(Path::new("b.ndjson")),
            Some(Format::Jsonl)
        );
        assert_eq!(Format::from_extension(Path::new("b.json")), None);
        assert_eq!(Format::from_extension(Path::new("tmx")), None);
    }

    #[test]
    fn write_dispatches() {
        let a = testing::sample();
        let mut out = Vec::new();
        write(&mut out, &a, Format::Align, &WriteOptions::default()).unwrap();
        assert!(out.starts_with(b"[0]:[0]\n"));
    }

    #[test]
    fn atomic_write_replaces_on_success() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tsv");
        fs::write(&path, "old").unwrap();
        write_file_atomically(&path, &[], |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left behind"
        );
    }

    #[test]
    fn atomic_write_leaves_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.tmx");
        let fail = |w: &mut dyn Write| {
            w.write_all(b"partial")?;
            Err::<(), _>(io::Error::other("boom"))
        };
        let err = write_file_atomically(&fresh, &[], fail).unwrap_err();
        assert!(matches!(err, OutputError::Write { .. }), "{err}");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            0,
            "partial file left behind"
        );

        let old = dir.path().join("old.tmx");
        fs::write(&old, "old").unwrap();
        write_file_atomically(&old, &[], fail).unwrap_err();
        assert_eq!(fs::read_to_string(&old).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_refuses_to_overwrite_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("zh.txt");
        fs::write(&input, "原文").unwrap();
        let other = dir.path().join("en.txt");
        let same = dir.path().join(".").join("zh.txt");
        let err =
            write_file_atomically(&same, &[&other, &input], |w| w.write_all(b"x")).unwrap_err();
        assert!(matches!(err, OutputError::WouldOverwriteInput { .. }));
        assert!(err.to_string().contains("choose another -o path"), "{err}");
        assert_eq!(fs::read_to_string(&input).unwrap(), "原文");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(write_file_atomically(&link, &[&input], |w| w.write_all(b"x")).is_err());
            let hard = dir.path().join("hard.txt");
            fs::hard_link(&input, &hard).unwrap();
            assert!(write_file_atomically(&hard, &[&input], |w| w.write_all(b"x")).is_err());
        }
        assert_eq!(fs::read_to_string(&input).unwrap(), "原文");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_existing_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_file_atomically(&path, &[], |w| w.write_all(b"new")).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn atomic_write_refuses_directory() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_file_atomically(dir.path(), &[], |_| Ok(())).unwrap_err();
        assert!(matches!(err, OutputError::IsDirectory(_)));
    }
}
