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
    /// TMX 1.4: one translation unit per pair.
    Tmx,
    /// Tab-separated score, Chinese, English: one line per bead.
    Tsv,
    /// One JSON object per bead, with byte spans into the input.
    Jsonl,
    /// `[ids]:[ids]` sentence-id lines, as gold alignments are written.
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

/// [`write()`], with JSONL spans as byte offsets into the files `sources` were read from,
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

/// Why an output file could not be written. Every message names the path the user gave
/// (never the hidden temporary file) and says what to do about it.
#[derive(Debug)]
pub enum OutputError {
    /// The output path names one of the input files.
    WouldOverwriteInput {
        /// The output path given.
        output: PathBuf,
        /// The input it names.
        input: PathBuf,
    },
    /// The output path is a directory.
    IsDirectory(PathBuf),
    /// The folder the output would go in does not exist (or is not a folder).
    MissingFolder {
        /// The output path given.
        path: PathBuf,
        /// The folder that is missing.
        dir: PathBuf,
    },
    /// The output path is a block device or a socket: nothing duiqi should write into.
    NotAFile(PathBuf),
    /// The output exists and replacing it was not allowed (`--out-dir` without `--force`).
    Exists(PathBuf),
    /// The temporary file next to the output could not be created.
    CreateTemp {
        /// The output path given.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Writing the output failed; nothing was written to `path`.
    Write {
        /// The output path given.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The finished file could not be moved into place; `path` is unchanged.
    Persist {
        /// The output path given.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// An I/O error's own words without the path context tempfile adds (which names the
/// temporary file, a name the user never gave).
fn reason(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code).to_string(),
        None => match e.get_ref() {
            Some(inner) if e.kind() == io::ErrorKind::Other => inner.to_string(),
            _ => e.kind().to_string(),
        },
    }
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
            OutputError::MissingFolder { path, dir } => write!(
                f,
                "cannot write {}: the folder {} does not exist; create it first (mkdir -p {}) \
                 or choose another -o path",
                path.display(),
                dir.display(),
                dir.display()
            ),
            OutputError::NotAFile(p) => write!(
                f,
                "output path {} is a block device or a socket; give a regular file (or a \
                 character device or FIFO, which are written directly)",
                p.display()
            ),
            OutputError::Exists(p) => write!(
                f,
                "{} already exists and was not written by this run; it was left unchanged \
                 (give --force to replace it, or choose another output folder)",
                p.display()
            ),
            OutputError::CreateTemp { path, source } => write!(
                f,
                "cannot write {} ({}); check that its folder is writable, or choose another \
                 output path",
                path.display(),
                reason(source)
            ),
            OutputError::Write { path, source } => write!(
                f,
                "writing {} failed ({}); the file was left unchanged",
                path.display(),
                reason(source)
            ),
            OutputError::Persist { path, source } => write!(
                f,
                "cannot move the finished output to {} ({}); the file was left unchanged",
                path.display(),
                reason(source)
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

/// Where an output path really leads, found before any input is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file (existing or not) at this path, symlinks resolved: written through a
    /// temporary file beside it and renamed over it, so a link stays a link.
    File(PathBuf),
    /// An existing character device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe):
    /// written directly, since renaming a file over it would replace the device.
    Direct(PathBuf),
}

/// Checks an output path before any work is done and says where it leads: symlinks are
/// followed (a dangling one to the file it names), a directory, a missing folder, a
/// block device or a socket are refused.
pub fn check_output_path(path: &Path) -> Result<Target, OutputError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(OutputError::IsDirectory(path.to_path_buf())),
        Ok(meta) if meta.is_file() => Ok(Target::File(
            fs::canonicalize(path).unwrap_or_else(|_| resolve_links(path)),
        )),
        Ok(meta) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                let kind = meta.file_type();
                // Opened by the name given: `/dev/stdout` leads to a pipe that has no path.
                if kind.is_char_device() || kind.is_fifo() {
                    return Ok(Target::Direct(path.to_path_buf()));
                }
            }
            let _ = meta;
            Err(OutputError::NotAFile(path.to_path_buf()))
        }
        Err(_) => {
            let resolved = resolve_links(path);
            let dir = folder_of(&resolved);
            if dir.is_dir() {
                Ok(Target::File(resolved))
            } else {
                Err(OutputError::MissingFolder {
                    path: path.to_path_buf(),
                    dir: dir.to_path_buf(),
                })
            }
        }
    }
}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Follows symlinks from `path` to the file they name, existing or not (a dangling link
/// leads to the file it would create). Gives up after 40 links, as the kernel does, and
/// then returns the last path reached (whose write will fail with a clear error).
fn resolve_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&current) {
            Ok(target) => current = folder_of(&current).join(target),
            Err(_) => return current,
        }
    }
    current
}

/// Temporary files being written, removed by [`remove_temp_files`] when the process is
/// interrupted (a signal ends it without running destructors).
static TEMP_FILES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes every temporary output file still being written. Called on SIGINT/SIGTERM just
/// before exiting; it keeps the registry locked so no new temporary file appears after.
pub fn remove_temp_files_and_exit(code: i32) -> ! {
    let files = TEMP_FILES.lock().unwrap_or_else(|e| e.into_inner());
    for path in files.iter() {
        let _ = fs::remove_file(path);
    }
    std::process::exit(code)
}

/// A temporary file's entry in [`TEMP_FILES`], dropped when the file is renamed or deleted.
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        let mut files = TEMP_FILES.lock().unwrap_or_else(|e| e.into_inner());
        files.retain(|p| *p != self.0);
    }
}

/// Writes `path` through `body` all-or-nothing (see [`write_output`]), replacing an
/// existing file. Timed as the "output" stage (`DUIQI_TIMINGS=1`).
pub fn write_file_atomically<T>(
    path: &Path,
    protect: &[&Path],
    body: impl FnOnce(&mut dyn Write) -> io::Result<T>,
) -> Result<T, OutputError> {
    crate::timing::stage("output", || write_output(path, protect, true, body))
}

/// Writes `path` through `body`. A regular file (or a new one) is written all-or-nothing:
/// `body` writes into a temporary file in the same directory as the file `path` leads to
/// (symlinks followed, so the rename cannot cross filesystems and a link stays a link),
/// which replaces it only once `body` succeeded and the data is synced. On any error the
/// file is untouched and the temporary file is removed (on SIGINT/SIGTERM too, through
/// [`remove_temp_files_and_exit`]). A character device or FIFO is written directly.
/// Refuses, before writing anything, when `path` is the same file as one of `protect`
/// (the inputs), whether by name, symlink or hard link, and, unless `replace`, when the
/// file exists (checked again at the rename, which never replaces a file then).
pub fn write_output<T>(
    path: &Path,
    protect: &[&Path],
    replace: bool,
    body: impl FnOnce(&mut dyn Write) -> io::Result<T>,
) -> Result<T, OutputError> {
    let target = check_output_path(path)?;
    if let Some(input) = protect.iter().find(|p| same_file(path, p)) {
        return Err(OutputError::WouldOverwriteInput {
            output: path.to_path_buf(),
            input: input.to_path_buf(),
        });
    }
    let write_err = |source| OutputError::Write {
        path: path.to_path_buf(),
        source,
    };
    let resolved = match target {
        Target::Direct(device) => {
            let file = fs::OpenOptions::new()
                .write(true)
                .open(&device)
                .map_err(write_err)?;
            let mut buf = BufWriter::new(file);
            let written = body(&mut buf).map_err(write_err)?;
            buf.flush().map_err(write_err)?;
            return Ok(written);
        }
        Target::File(resolved) => resolved,
    };
    if !replace && fs::symlink_metadata(&resolved).is_ok() {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    let (tmp, registered) = {
        // Created under the lock, so an interrupt cannot come between creating and
        // registering the file.
        let mut files = TEMP_FILES.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = temp_builder()
            .tempfile_in(folder_of(&resolved))
            .map_err(|source| OutputError::CreateTemp {
                path: path.to_path_buf(),
                source,
            })?;
        files.push(tmp.path().to_path_buf());
        let registered = Registered(tmp.path().to_path_buf());
        (tmp, registered)
    };
    let mut buf = BufWriter::new(tmp);
    let written = body(&mut buf).map_err(write_err)?;
    let tmp = buf.into_inner().map_err(|e| write_err(e.into_error()))?;
    // Keep an existing output's mode, as truncating it in place would have.
    if let Ok(meta) = fs::metadata(&resolved) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(write_err)?;
    }
    // Without the sync a crash soon after the rename can leave an empty file behind.
    tmp.as_file().sync_all().map_err(write_err)?;
    let persisted = if replace {
        tmp.persist(&resolved)
    } else {
        tmp.persist_noclobber(&resolved)
    };
    drop(registered);
    persisted.map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists && !replace {
            OutputError::Exists(path.to_path_buf())
        } else {
            OutputError::Persist {
                path: path.to_path_buf(),
                source: e.error,
            }
        }
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
pub fn same_file(a: &Path, b: &Path) -> bool {
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
        let bead = |zh: &[usize], en: &[usize], score| Bead::new(zh.to_vec(), en.to_vec(), score);
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

    /// tempfile adds the temporary file's path to its errors; the user never gave that
    /// name, so messages carry the output path and the OS's reason only. /proc refuses new
    /// files even to root.
    #[cfg(target_os = "linux")]
    #[test]
    fn errors_name_the_output_not_the_temporary_file() {
        let path = Path::new("/proc/duiqi-out.tmx");
        let err = write_file_atomically(path, &[], |w| w.write_all(b"x")).unwrap_err();
        assert!(matches!(err, OutputError::CreateTemp { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains("/proc/duiqi-out.tmx"), "{message}");
        assert!(!message.contains(".duiqi-"), "{message}");
    }

    #[test]
    fn output_paths_are_checked_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/folder/out.tmx");
        assert!(matches!(
            check_output_path(&missing),
            Err(OutputError::MissingFolder { .. })
        ));
        let fresh = dir.path().join("out.tmx");
        assert_eq!(check_output_path(&fresh).unwrap(), Target::File(fresh));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.tmx");
            std::os::unix::fs::symlink("target.tmx", &link).unwrap();
            assert_eq!(
                check_output_path(&link).unwrap(),
                Target::File(dir.path().join("target.tmx"))
            );
        }
    }

    #[test]
    fn atomic_write_refuses_directory() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_file_atomically(dir.path(), &[], |_| Ok(())).unwrap_err();
        assert!(matches!(err, OutputError::IsDirectory(_)));
    }
}
