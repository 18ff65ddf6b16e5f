//! Read: bytes of an input file in, a [`Document`] out.
//!
//! Inputs may be UTF-8 (with or without a byte-order mark), UTF-16 with a BOM, GB18030
//! (and so GBK and GB2312) or Big5; [`Document::read_with`] also takes any encoding
//! [`encoding_rs`] knows by label. Without one the encoding is detected when that is
//! unambiguous: valid UTF-8 is UTF-8, a BOM names its encoding, and otherwise GB18030
//! and Big5 are both tried strictly (no replacement characters) and the one that gives
//! more common Chinese characters wins.
//!
//! The pipeline works on the decoded UTF-8 [`Document::text`] and its byte offsets. For
//! UTF-8 input that text is the file byte for byte (a BOM included), so those offsets are
//! file offsets; for any other encoding [`Document::source_offset`] translates them back
//! to offsets into the original file. A BOM is skipped, not removed (it decodes to
//! U+FEFF, and [`Document::body_start`] points past it); CRLF line ends are fine because
//! `\r` is whitespace to every later stage.
//!
//! Input that cannot be text is refused with a [`ReadError`] that names the file and says
//! what to do: a missing or unreadable file, a directory, an empty or blank file, a
//! binary file (NUL bytes), bytes in no encoding that can be told apart. Memory stays
//! bounded whatever the input is: a NUL byte in the first block stops reading at once
//! (so `/dev/zero` or a binary device is refused, not read), and a stream without a
//! known size (standard input, a FIFO, a device) is read up to [`MAX_STREAM_INPUT`].

use std::fmt;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use encoding_rs::Encoding;
use encoding_rs::{
    Decoder, DecoderResult, EncoderResult, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8,
};

/// One input, decoded.
#[derive(Debug, Clone)]
pub struct Document {
    /// How to name this input to the user (a path, or `<stdin>`).
    pub name: String,
    /// The whole input as UTF-8: for UTF-8 input byte for byte, else decoded (a BOM
    /// becomes U+FEFF).
    pub text: String,
    /// Where the text proper starts in [`Document::text`]: 3 after a byte-order mark
    /// (U+FEFF, whatever the input's encoding), else 0.
    pub body_start: usize,
    /// The encoding the input was read in.
    pub encoding: &'static Encoding,
    /// Offsets of `text` back into the input's bytes; `None` when they are the same (UTF-8).
    offsets: Option<OffsetMap>,
}

impl Document {
    /// Wraps text that is already in memory (tests, library users).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Document {
        let text = text.into();
        let body_start = bom_len(&text);
        Document {
            name: name.into(),
            text,
            body_start,
            encoding: UTF_8,
            offsets: None,
        }
    }

    /// Decodes raw bytes, detecting the encoding (see the module documentation).
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Document, ReadError> {
        Document::from_bytes_with(name, bytes, None)
    }

    /// Decodes raw bytes in `encoding`, or detects it when `None`. Refuses input that is
    /// empty, only whitespace, or binary (contains NUL).
    pub fn from_bytes_with(
        name: impl Into<String>,
        bytes: Vec<u8>,
        encoding: Option<&'static Encoding>,
    ) -> Result<Document, ReadError> {
        let name = name.into();
        if bytes.is_empty() {
            return Err(ReadError::Empty { name });
        }
        let encoding = match encoding {
            Some(e) => e,
            None => detect(&name, &bytes)?,
        };
        let doc = if encoding == UTF_8 {
            match String::from_utf8(bytes) {
                Ok(text) => Document::from_text(name, text),
                Err(err) => {
                    let offset = err.utf8_error().valid_up_to();
                    return Err(ReadError::Malformed {
                        name,
                        encoding,
                        offset,
                    });
                }
            }
        } else {
            match decode_mapped(encoding, &bytes) {
                Ok((text, offsets)) => {
                    let body_start = bom_len(&text);
                    Document {
                        name,
                        text,
                        body_start,
                        encoding,
                        offsets: Some(offsets),
                    }
                }
                Err(offset) => {
                    return Err(ReadError::Malformed {
                        name,
                        encoding,
                        offset,
                    })
                }
            }
        };
        if let Some(at) = doc.text.find('\0') {
            let offset = doc.source_offset(at);
            return Err(ReadError::Binary {
                name: doc.name,
                offset,
            });
        }
        if doc.body().trim().is_empty() {
            return Err(ReadError::Blank { name: doc.name });
        }
        Ok(doc)
    }

    /// Reads a file, or standard input when `path` is `-`, detecting its encoding.
    pub fn read(path: &Path) -> Result<Document, ReadError> {
        Document::read_with(path, None)
    }

    /// Reads a file, or standard input when `path` is `-`, in `encoding` (detected when
    /// `None`).
    pub fn read_with(
        path: &Path,
        encoding: Option<&'static Encoding>,
    ) -> Result<Document, ReadError> {
        if path == Path::new("-") {
            let bytes = read_bounded(std::io::stdin().lock(), "<stdin>", encoding, None)?;
            return Document::from_bytes_with("<stdin>", bytes, encoding);
        }
        if path.is_dir() {
            return Err(ReadError::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        let io_error = |source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        };
        let name = path.display().to_string();
        let file = open_input(path)?;
        let metadata = file.metadata().map_err(io_error)?;
        // A regular file's size is known; a device or FIFO may never end (/dev/zero).
        let size = metadata.is_file().then_some(metadata.len());
        let bytes = read_bounded(file, &name, encoding, size)?;
        Document::from_bytes_with(name, bytes, encoding)
    }

    /// The text after any byte-order mark.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The byte offset in the original input of byte `offset` of [`Document::text`]: the
    /// same number for UTF-8 input, else the start of the encoded character that begins
    /// there (the input's length at or past the end of the text). An offset inside a
    /// character maps to that character's start.
    pub fn source_offset(&self, offset: usize) -> usize {
        match &self.offsets {
            None => offset,
            Some(map) => map.source_offset(offset),
        }
    }
}

/// The encoding `label` names (`utf-8`, `gb18030`, `gbk`, `big5`, `utf-16le`, … any
/// WHATWG label, case-insensitively), for `--encoding`.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, ReadError> {
    Encoding::for_label_no_replacement(label.trim().as_bytes()).ok_or_else(|| {
        ReadError::UnknownEncoding {
            label: label.to_string(),
        }
    })
}

/// How long a named pipe (a FIFO made with `mkfifo`) may stay without a writer, or
/// without data, before reading it is given up with [`ReadError::NoWriter`].
pub const NAMED_PIPE_WAIT: Duration = Duration::from_secs(10);

/// Opens an input for reading. A named pipe is the one input whose `open` can block
/// forever (until some program opens it for writing), and Linux cannot tell "no writer"
/// from "a writer that has not written yet": so it is opened without blocking and given
/// [`NAMED_PIPE_WAIT`] to deliver data or end, then read like any stream. An anonymous
/// pipe (`/dev/fd/N` from a shell's `<(command)`) always has its writer and may take as
/// long as it needs; it has no path of its own (its link names `pipe:[inode]`), which is
/// how it is told apart.
#[cfg(unix)]
pub fn open_input(path: &Path) -> Result<std::fs::File, ReadError> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};

    let io_error = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };

    let named_pipe = std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
        && std::fs::canonicalize(path).is_ok();
    if !named_pipe {
        return std::fs::File::open(path).map_err(io_error);
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(io_error)?;
    let fd = file.as_raw_fd();
    let deadline = std::time::Instant::now() + NAMED_PIPE_WAIT;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(ReadError::NoWriter {
                name: path.display().to_string(),
                waited: NAMED_PIPE_WAIT,
            });
        }
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for a descriptor `file` owns, for the call's duration.
        let ready = unsafe { libc::poll(&mut poll, 1, left.as_millis().max(1) as libc::c_int) };
        if ready > 0 {
            break;
        }
        let error = std::io::Error::last_os_error();
        if ready < 0 && error.kind() != ErrorKind::Interrupted {
            return Err(io_error(error));
        }
    }
    // Data (or the writer's end) is there: from now on reads may wait for the writer.
    // SAFETY: fcntl on a descriptor `file` owns, with flags it reported itself.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(io_error(std::io::Error::last_os_error()));
    }
    Ok(file)
}

/// Opens an input for reading.
#[cfg(not(unix))]
pub fn open_input(path: &Path) -> Result<std::fs::File, ReadError> {
    std::fs::File::open(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// How much of an input is read before it is checked for binary content.
const FIRST_BLOCK: usize = 64 * 1024;

/// The most a stream without a known size (standard input, a FIFO, a device) may hold:
/// reading stops there instead of filling memory.
pub const MAX_STREAM_INPUT: u64 = 1 << 30;

/// Reads all of `reader` (of `size` bytes when known), but refuses binary input after its
/// first block: a NUL byte there (unless the input is UTF-16, by its BOM or `encoding`) is
/// a [`ReadError::Binary`], so `/dev/zero` or a binary device ends at once. Without a known
/// size, reading stops with [`ReadError::TooLarge`] past [`MAX_STREAM_INPUT`].
fn read_bounded(
    mut reader: impl std::io::Read,
    name: &str,
    encoding: Option<&'static Encoding>,
    size: Option<u64>,
) -> Result<Vec<u8>, ReadError> {
    let io_error = |source| ReadError::Io {
        path: PathBuf::from(name),
        source,
    };
    let capacity = size.map_or(FIRST_BLOCK, |s| s.min(MAX_STREAM_INPUT) as usize);
    let mut bytes = Vec::with_capacity(capacity);
    let first = (&mut reader)
        .take(FIRST_BLOCK as u64)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    let utf16 = Encoding::for_bom(&bytes).is_some_and(|(e, _)| e != UTF_8)
        || encoding.is_some_and(|e| e == UTF_16LE || e == UTF_16BE);
    if !utf16 {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(ReadError::Binary {
                name: name.to_string(),
                offset,
            });
        }
    }
    if first < FIRST_BLOCK {
        return Ok(bytes);
    }
    match size {
        // A regular file ends (its size is only a hint: files in /proc say 0).
        Some(_) => {
            reader.read_to_end(&mut bytes).map_err(io_error)?;
        }
        None => {
            // One byte past the limit tells a stream that is too long from one that fits.
            reader
                .take(MAX_STREAM_INPUT + 1 - FIRST_BLOCK as u64)
                .read_to_end(&mut bytes)
                .map_err(io_error)?;
            if bytes.len() as u64 > MAX_STREAM_INPUT {
                return Err(ReadError::TooLarge {
                    name: name.to_string(),
                    limit: MAX_STREAM_INPUT,
                });
            }
        }
    }
    Ok(bytes)
}

/// Length of a leading U+FEFF in `text` (3 bytes), else 0.
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// The encoding of `bytes` when it can be told: a BOM's, UTF-8 when valid, else GB18030 or
/// Big5, whichever decodes without errors into (more) common Chinese characters.
fn detect(name: &str, bytes: &[u8]) -> Result<&'static Encoding, ReadError> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        // A UTF-16 file is full of NUL bytes; whether it decodes is checked later.
        return Ok(encoding);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary {
            name: name.to_string(),
            offset,
        });
    }
    let offset = match std::str::from_utf8(bytes) {
        Ok(_) => return Ok(UTF_8),
        Err(err) => err.valid_up_to(),
    };
    let scored: Vec<(&'static Encoding, Commonness)> = [GB18030, BIG5]
        .into_iter()
        .filter_map(|e| {
            Some((
                e,
                commonness(&e.decode_without_bom_handling_and_without_replacement(bytes)?),
            ))
        })
        .collect();
    let candidates: Vec<&'static str> = scored.iter().map(|(e, _)| e.name()).collect();
    let unclear = || ReadError::UnclearEncoding {
        name: name.to_string(),
        offset,
        candidates: candidates.clone(),
    };
    let best = match scored.as_slice() {
        [] => {
            return Err(ReadError::NotUtf8 {
                name: name.to_string(),
                offset,
            })
        }
        [only] => only,
        [a, b] if a.1.common == b.1.common => return Err(unclear()),
        [a, b] => {
            if a.1.common > b.1.common {
                a
            } else {
                b
            }
        }
        _ => unreachable!("two candidates"),
    };
    if best.1.plausible() {
        Ok(best.0)
    } else {
        Err(unclear())
    }
}

/// How Chinese a decoded text looks: of its non-ASCII characters other than punctuation,
/// how many are common Chinese characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Commonness {
    common: usize,
    counted: usize,
}

impl Commonness {
    /// Real Chinese text is almost all common characters; text decoded in the wrong
    /// encoding is mostly rare characters, private-use code points, kana or Cyrillic.
    fn plausible(self) -> bool {
        self.common > 0 && self.common * 2 >= self.counted
    }
}

/// Enough characters to tell encodings apart; a long file need not be scanned to the end.
const COMMONNESS_SAMPLE: usize = 20_000;

fn commonness(text: &str) -> Commonness {
    let mut score = Commonness {
        common: 0,
        counted: 0,
    };
    for c in text
        .chars()
        .filter(|&c| !c.is_ascii() && !is_punctuation(c))
        .take(COMMONNESS_SAMPLE)
    {
        score.counted += 1;
        score.common += usize::from(is_common_chinese(c));
    }
    score
}

/// General, CJK and fullwidth/compatibility punctuation, which both GB and Big5 have.
fn is_punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}' | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ff65}')
}

/// Whether `c` is a common Chinese character: in GB2312's level 1 (the 3,755 most used
/// simplified characters) or Big5's frequently-used block (5,401 traditional ones).
fn is_common_chinese(c: char) -> bool {
    let in_range = |encoding: &'static Encoding, low: u16, high: u16, min_trail: u8| {
        let mut utf8 = [0u8; 4];
        let mut out = [0u8; 4];
        let (result, _, written) = encoding.new_encoder().encode_from_utf8_without_replacement(
            c.encode_utf8(&mut utf8),
            &mut out,
            true,
        );
        let code = u16::from_be_bytes([out[0], out[1]]);
        result == EncoderResult::InputEmpty
            && written == 2
            && (low..=high).contains(&code)
            && out[1] >= min_trail
    };
    in_range(GBK, 0xb0a1, 0xd7fe, 0xa1) || in_range(BIG5, 0xa440, 0xc67e, 0)
}

/// Decodes `bytes` strictly, recording where each character came from. On malformed
/// input, the offset of the first bad byte.
fn decode_mapped(encoding: &'static Encoding, bytes: &[u8]) -> Result<(String, OffsetMap), usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut map = OffsetMap {
        segments: Vec::new(),
        text_len: 0,
        source_len: bytes.len(),
    };
    let mut buffer = [0u8; 1024];
    // The first byte not yet accounted for by a decoded character.
    let mut unit_start = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Bytes are fed one by one so that each character's bytes are known, except for
        // runs of ASCII between characters, which every ASCII-compatible decoder passes
        // through one byte per character.
        let ascii_run = encoding.is_ascii_compatible() && unit_start == at && bytes[at].is_ascii();
        let end = if ascii_run {
            at + bytes[at..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len() - at)
        } else {
            at + 1
        };
        let before = text.len();
        decode_chunk(
            &mut decoder,
            &bytes[at..end],
            end == bytes.len(),
            &mut text,
            &mut buffer,
        )
        .map_err(|bad| at.checked_add_signed(bad).unwrap_or(0))?;
        let mut source = unit_start;
        for (i, c) in text[before..].char_indices() {
            // A character gets the bytes since the previous one; when one sequence
            // decodes to two characters (some Big5), the second gets none.
            let source_len = if ascii_run {
                1
            } else if i == 0 {
                end - unit_start
            } else {
                0
            };
            map.push(before + i, source, c.len_utf8(), source_len);
            source += source_len;
        }
        if text.len() > before {
            unit_start = end;
        }
        at = end;
    }
    text.shrink_to_fit();
    map.text_len = text.len();
    map.segments.shrink_to_fit();
    Ok((text, map))
}

/// Decodes `chunk` onto the end of `text`; on malformed input, the offset in `chunk` of
/// the first bad byte, negative when the bad sequence began in an earlier chunk (the
/// decoder keeps a partial sequence across calls). (Through a small buffer: `decode_to_string` would zero all of the
/// string's spare capacity on every call.)
fn decode_chunk(
    decoder: &mut Decoder,
    mut chunk: &[u8],
    last: bool,
    text: &mut String,
    buffer: &mut [u8],
) -> Result<(), isize> {
    let mut done = 0;
    loop {
        let (result, read, written) =
            decoder.decode_to_utf8_without_replacement(chunk, buffer, last);
        text.push_str(std::str::from_utf8(&buffer[..written]).expect("the decoder writes UTF-8"));
        match result {
            DecoderResult::InputEmpty => return Ok(()),
            DecoderResult::OutputFull => {
                chunk = &chunk[read..];
                done += read;
            }
            DecoderResult::Malformed(bad, after) => {
                return Err((done + read) as isize - bad as isize - after as isize);
            }
        }
    }
}

/// Byte offsets of decoded text back into the input, compactly: one segment per run of
/// characters that all take the same number of bytes in the text and in the input (a run
/// of ASCII, of Han characters, …), so a few bytes per run rather than per character.
#[derive(Debug, Clone)]
struct OffsetMap {
    /// Sorted by `text`; the first starts at 0.
    segments: Vec<Segment>,
    text_len: usize,
    source_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Where the run starts in the text and in the input.
    text: usize,
    source: usize,
    /// Bytes per character in the text (1–4) and in the input.
    text_step: u32,
    source_step: u32,
}

impl OffsetMap {
    /// Records that the character at `text` (of `text_step` bytes) came from `source_step`
    /// bytes at `source`.
    fn push(&mut self, text: usize, source: usize, text_step: usize, source_step: usize) {
        let (text_step, source_step) = (text_step as u32, source_step as u32);
        if let Some(last) = self.segments.last() {
            if last.text_step == text_step
                && last.source_step == source_step
                && last.at(text) == source
            {
                return;
            }
        }
        self.segments.push(Segment {
            text,
            source,
            text_step,
            source_step,
        });
    }

    fn source_offset(&self, offset: usize) -> usize {
        if offset >= self.text_len {
            return self.source_len;
        }
        let i = self.segments.partition_point(|s| s.text <= offset);
        self.segments[i - 1].at(offset)
    }
}

impl Segment {
    /// The input offset of the character at (or containing) text offset `offset`.
    fn at(&self, offset: usize) -> usize {
        self.source + (offset - self.text) / self.text_step as usize * self.source_step as usize
    }
}

/// Why an input could not be read. Messages name the input and say what to try.
#[derive(Debug)]
pub enum ReadError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    IsDirectory {
        path: PathBuf,
    },
    /// No bytes at all.
    Empty {
        name: String,
    },
    /// Nothing but whitespace (and perhaps a byte-order mark).
    Blank {
        name: String,
    },
    /// A NUL byte (character) at this offset: not text, or UTF-16 without a BOM.
    Binary {
        name: String,
        offset: usize,
    },
    /// Not UTF-8, and not cleanly GB18030 or Big5 either; `offset` is the first byte that
    /// is not UTF-8.
    NotUtf8 {
        name: String,
        offset: usize,
    },
    /// Not UTF-8, and the encodings that decode it without errors do not clearly give
    /// Chinese text (or give it equally well).
    UnclearEncoding {
        name: String,
        offset: usize,
        candidates: Vec<&'static str>,
    },
    /// Not valid in the encoding given with `--encoding` or named by its BOM.
    Malformed {
        name: String,
        encoding: &'static Encoding,
        offset: usize,
    },
    /// `--encoding` named no encoding.
    UnknownEncoding {
        label: String,
    },
    /// A named pipe that no program wrote into (or closed) within `waited`.
    NoWriter {
        name: String,
        waited: Duration,
    },
    /// A stream without a known size (standard input, a FIFO, a device) went on past
    /// `limit` bytes.
    TooLarge {
        name: String,
        limit: u64,
    },
}

const TRY_ENCODING: &str =
    "give its encoding with --encoding (e.g. --encoding gb18030, gbk, big5, utf-16le)";

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, source } if source.kind() == ErrorKind::NotFound => {
                write!(f, "cannot read {}: no such file; check the path", path.display())
            }
            ReadError::Io { path, source } if source.kind() == ErrorKind::PermissionDenied => write!(
                f,
                "cannot read {}: permission denied; make the file readable (e.g. `chmod u+r {}`) or run as its owner",
                path.display(),
                path.display()
            ),
            ReadError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ReadError::IsDirectory { path } => {
                write!(f, "{} is a directory; give the text files inside it", path.display())
            }
            ReadError::Empty { name } => {
                write!(f, "{name} is empty; give a text file with Chinese and/or English text")
            }
            ReadError::Blank { name } => write!(
                f,
                "{name} contains only whitespace; give a text file with Chinese and/or English text"
            ),
            ReadError::Binary { name, offset } => write!(
                f,
                "{name} looks like a binary file, not plain text (NUL byte at offset {offset}); \
                 export documents (PDF, Word) to plain text first, and for UTF-16 text without a \
                 byte-order mark give --encoding utf-16le or --encoding utf-16be"
            ),
            ReadError::NotUtf8 { name, offset } => write!(
                f,
                "{name} is not valid UTF-8 (first bad byte at offset {offset}), nor GB18030 or Big5; \
                 {TRY_ENCODING}, or convert it first, e.g. `iconv -f GB18030 -t UTF-8 {name}`"
            ),
            ReadError::UnclearEncoding { name, offset, candidates } => {
                let candidates = candidates.join(" and ");
                write!(
                    f,
                    "{name} is not UTF-8 (first non-UTF-8 byte at offset {offset}) and its encoding is unclear: \
                     it decodes as {candidates} without errors, but not clearly into Chinese text; \
                     {TRY_ENCODING}, or convert it first, e.g. `iconv -f GB18030 -t UTF-8 {name}`"
                )
            }
            ReadError::Malformed { name, encoding, offset } => {
                let encoding = encoding.name();
                write!(
                    f,
                    "{name} is not valid {encoding} (first bad byte at offset {offset}); \
                     check its encoding (--encoding NAME, or leave --encoding out to detect it) \
                     or convert it first, e.g. `iconv -f {encoding} -t UTF-8 {name}`"
                )
            }
            ReadError::NoWriter { name, waited } => write!(
                f,
                "{name} is a named pipe and no program wrote into it within {} s; start the \
                 program that writes into it first, or pass its output on standard input \
                 instead (e.g. `program | duiqi align -`), which waits as long as it takes",
                waited.as_secs()
            ),
            ReadError::TooLarge { name, limit } => write!(
                f,
                "{name} is not a regular file and goes on past {} MiB without ending; \
                 give a text file instead (e.g. save the stream to a file first)",
                limit >> 20
            ),
            ReadError::UnknownEncoding { label } => write!(
                f,
                "unknown encoding '{label}'; use a name such as utf-8, gb18030, gbk, big5, utf-16le or utf-16be"
            ),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIXED: &str = "\u{feff}习近平同志指出：“发展是第一要务。”\r\nXi said: 2025年, GDP +5%.\n中國人民很高興。\n";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(
            !unmappable,
            "{} cannot encode the test text",
            encoding.name()
        );
        bytes.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    /// Every character of the decoded text maps to the bytes that encode it.
    fn assert_offsets_round_trip(doc: &Document, bytes: &[u8]) {
        let indices: Vec<usize> = doc
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([doc.text.len()])
            .collect();
        for pair in indices.windows(2) {
            let (s, e) = (doc.source_offset(pair[0]), doc.source_offset(pair[1]));
            let decoded = doc
                .encoding
                .decode_without_bom_handling_and_without_replacement(&bytes[s..e]);
            assert_eq!(
                decoded.as_deref(),
                Some(&doc.text[pair[0]..pair[1]]),
                "{}: bytes {s}..{e}",
                doc.encoding.name()
            );
        }
        assert_eq!(doc.source_offset(doc.text.len()), bytes.len());
    }

    #[test]
    fn bom_is_skipped_but_offsets_stay_in_the_file() {
        let doc = Document::from_bytes("t", b"\xef\xbb\xbfHello".to_vec()).unwrap();
        assert_eq!(doc.body_start, 3);
        assert_eq!(doc.body(), "Hello");
        assert_eq!(&doc.text[3..8], "Hello");
        assert_eq!(doc.source_offset(5), 5);
        assert_eq!(doc.encoding, UTF_8);
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        let err = Document::from_bytes("x.txt", b"abc\xff\xfe".to_vec()).unwrap_err();
        assert!(
            matches!(err, ReadError::NotUtf8 { offset: 3, .. }),
            "{err:?}"
        );
        let msg = err.to_string();
        assert!(
            msg.contains("x.txt") && msg.contains("offset 3") && msg.contains("--encoding"),
            "{msg}"
        );
    }

    #[test]
    fn utf16_with_bom_is_detected_and_mapped() {
        for big_endian in [false, true] {
            let bytes = utf16(MIXED, big_endian);
            let doc = Document::from_bytes("t", bytes.clone()).unwrap();
            assert_eq!(doc.encoding, if big_endian { UTF_16BE } else { UTF_16LE });
            assert_eq!(doc.text, MIXED);
            assert_eq!(doc.body_start, 3);
            assert_eq!(
                doc.source_offset(doc.body_start),
                2,
                "the body starts after the 2-byte BOM"
            );
            assert_offsets_round_trip(&doc, &bytes);
        }
    }

    #[test]
    fn gb18030_and_big5_are_detected_and_mapped() {
        let simplified = "习近平同志指出：“发展是第一要务。”\nXi said: 2025年, GDP +5%.\n我们要坚持以人民为中心的发展思想。\n";
        let bytes = encode(GB18030, simplified);
        let doc = Document::from_bytes("t", bytes.clone()).unwrap();
        assert_eq!(doc.encoding, GB18030);
        assert_eq!(doc.text, simplified);
        assert_eq!(doc.body_start, 0);
        assert_offsets_round_trip(&doc, &bytes);

        let traditional = "習近平同志指出：「發展是第一要務。」\nXi said: 2025年, GDP +5%.\n我們要堅持以人民為中心的發展思想。\n";
        let bytes = encode(BIG5, traditional);
        let doc = Document::from_bytes("t", bytes.clone()).unwrap();
        assert_eq!(doc.encoding, BIG5);
        assert_eq!(doc.text, traditional);
        assert_offsets_round_trip(&doc, &bytes);
    }

    #[test]
    fn a_gb18030_bom_and_four_byte_sequences_are_mapped() {
        // U+FEFF and U+20000 (𠀀) take four bytes in GB18030.
        let text = "\u{feff}中文\u{20000}abc";
        let bytes = encode(GB18030, text);
        let doc = Document::from_bytes_with("t", bytes.clone(), Some(GB18030)).unwrap();
        assert_eq!(doc.body_start, 3);
        assert_eq!(doc.source_offset(3), 4);
        assert_offsets_round_trip(&doc, &bytes);
    }

    #[test]
    fn big5_sequences_that_decode_to_two_characters() {
        // Big5 0x8862 decodes to U+00CA U+0304 (Ê̄).
        let bytes = b"a\x88\x62b".to_vec();
        let doc = Document::from_bytes_with("t", bytes, Some(BIG5)).unwrap();
        assert_eq!(doc.text, "a\u{ca}\u{304}b");
        let offsets: Vec<usize> = doc
            .text
            .char_indices()
            .map(|(i, _)| doc.source_offset(i))
            .collect();
        assert_eq!(offsets, [0, 1, 3, 3]);
        assert_eq!(doc.source_offset(doc.text.len()), 4);
    }

    #[test]
    fn forced_encoding_wins_and_reports_malformed_bytes() {
        let bytes = encode(GBK, "中文abc");
        let doc = Document::from_bytes_with("t", bytes, Some(encoding_for_label("GBK").unwrap()))
            .unwrap();
        assert_eq!(doc.text, "中文abc");
        let err = Document::from_bytes_with("y.txt", b"ab\xd6\xd0\xff".to_vec(), Some(GB18030))
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(err, ReadError::Malformed { offset: 4, .. }),
            "{err:?}"
        );
        assert!(
            msg.contains("y.txt") && msg.contains("not valid gb18030") && msg.contains("iconv"),
            "{msg}"
        );
        let err =
            Document::from_bytes_with("z.txt", b"ab\xe4\xb8".to_vec(), Some(UTF_8)).unwrap_err();
        assert!(
            matches!(err, ReadError::Malformed { offset: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn encoding_labels() {
        assert_eq!(encoding_for_label("gb2312").unwrap(), GBK);
        assert_eq!(encoding_for_label(" Big5 ").unwrap(), BIG5);
        assert_eq!(encoding_for_label("utf-16be").unwrap(), UTF_16BE);
        let err = encoding_for_label("klingon").unwrap_err();
        assert!(
            err.to_string().contains("unknown encoding 'klingon'"),
            "{err}"
        );
        assert!(
            encoding_for_label("iso-2022-kr").is_err(),
            "the replacement encoding is not an encoding"
        );
    }

    #[test]
    fn a_utf8_bom_with_invalid_utf8_is_not_guessed_further() {
        let err = Document::from_bytes("b.txt", b"\xef\xbb\xbfab\xd6\xd0".to_vec()).unwrap_err();
        assert!(
            matches!(err, ReadError::Malformed { offset: 5, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn latin1_mojibake_is_not_taken_for_chinese() {
        let (latin1, _, _) =
            encoding_rs::WINDOWS_1252.encode("Résumé: Straße führt über Köln nach Düsseldorf.");
        let err = Document::from_bytes("de.txt", latin1.into_owned()).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotUtf8 { .. } | ReadError::UnclearEncoding { .. }
            ),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("de.txt") && err.to_string().contains("--encoding"),
            "{err}"
        );
    }

    #[test]
    fn empty_blank_and_binary_input_are_refused() {
        let err = Document::from_bytes("e.txt", Vec::new()).unwrap_err();
        assert!(
            matches!(err, ReadError::Empty { .. }) && err.to_string().contains("e.txt is empty"),
            "{err}"
        );
        let err = Document::from_bytes("w.txt", b"\xef\xbb\xbf \r\n\t\n".to_vec()).unwrap_err();
        assert!(
            matches!(err, ReadError::Blank { .. }) && err.to_string().contains("only whitespace"),
            "{err}"
        );
        let err = Document::from_bytes("w16.txt", utf16("\u{feff}  \n", false)).unwrap_err();
        assert!(matches!(err, ReadError::Blank { .. }), "{err:?}");
        let err =
            Document::from_bytes("p.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).unwrap_err();
        assert!(
            matches!(err, ReadError::Binary { offset: 8, .. }),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("binary") && err.to_string().contains("utf-16le"),
            "{err}"
        );
        // UTF-16 without a BOM is valid UTF-8 full of NULs.
        let err = Document::from_bytes("n.txt", utf16("Hello", false)).unwrap_err();
        assert!(
            matches!(err, ReadError::Binary { offset: 1, .. }),
            "{err:?}"
        );
        // A NUL character inside decoded UTF-16 is reported at its offset in the file.
        let err = Document::from_bytes("m.txt", utf16("\u{feff}ab\0c", false)).unwrap_err();
        assert!(
            matches!(err, ReadError::Binary { offset: 6, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn files_that_cannot_be_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = Document::read(dir.path()).unwrap_err();
        assert!(matches!(err, ReadError::IsDirectory { .. }), "{err:?}");
        let missing = dir.path().join("missing.txt");
        let err = Document::read(&missing).unwrap_err();
        assert!(
            err.to_string()
                .contains("missing.txt: no such file; check the path"),
            "{err}"
        );
    }

    #[test]
    fn offset_map_is_compact() {
        let text = "第一段中文。English words here.\n".repeat(1000);
        let bytes = encode(GB18030, &text);
        let doc = Document::from_bytes("t", bytes).unwrap();
        let segments = doc.offsets.as_ref().unwrap().segments.len();
        assert!(segments <= 2 * 1000 + 1, "{segments} segments");
        assert_eq!(
            doc.source_offset(doc.text.find("English").unwrap()),
            "第一段中文。".len() / 3 * 2
        );
    }
}
