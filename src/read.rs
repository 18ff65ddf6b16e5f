//! Read: bytes of an input file in, a [`Document`] out.
//!
//! The text is kept exactly as it was read (a UTF-8 byte-order mark included), so that
//! every byte offset the later stages compute is an offset into the user's file. A
//! BOM is skipped, not removed; CRLF line ends are fine because `\r` is whitespace to
//! every later stage.

use std::fmt;
use std::path::{Path, PathBuf};

/// One input, decoded.
#[derive(Debug, Clone)]
pub struct Document {
    /// How to name this input to the user (a path, or `<stdin>`).
    pub name: String,
    /// The whole input, byte for byte.
    pub text: String,
    /// Where the text proper starts: 3 after a UTF-8 BOM, else 0.
    pub body_start: usize,
}

impl Document {
    /// Wraps text that is already in memory (tests, library users).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Document {
        let text = text.into();
        let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Document { name: name.into(), text, body_start }
    }

    /// Decodes raw bytes, failing with the offset of the first byte that is not UTF-8.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Document, ReadError> {
        let name = name.into();
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Document::from_text(name, text)),
            Err(err) => Err(ReadError::NotUtf8 { name, offset: err.utf8_error().valid_up_to() }),
        }
    }

    /// Reads a file, or standard input when `path` is `-`.
    pub fn read(path: &Path) -> Result<Document, ReadError> {
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
                .map_err(|source| ReadError::Io { path: path.to_path_buf(), source })?;
            return Document::from_bytes("<stdin>", bytes);
        }
        if path.is_dir() {
            return Err(ReadError::IsDirectory { path: path.to_path_buf() });
        }
        let bytes = std::fs::read(path)
            .map_err(|source| ReadError::Io { path: path.to_path_buf(), source })?;
        Document::from_bytes(path.display().to_string(), bytes)
    }

    /// The text after any byte-order mark.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// Why an input could not be read. Messages name the input and say what to try.
#[derive(Debug)]
pub enum ReadError {
    Io { path: PathBuf, source: std::io::Error },
    IsDirectory { path: PathBuf },
    NotUtf8 { name: String, offset: usize },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ReadError::IsDirectory { path } => {
                write!(f, "{} is a directory; give the text files inside it", path.display())
            }
            ReadError::NotUtf8 { name, offset } => write!(
                f,
                "{name} is not valid UTF-8 (first bad byte at offset {offset}); \
                 convert it first, e.g. `iconv -f GB18030 -t UTF-8 {name}`"
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

    #[test]
    fn bom_is_skipped_but_offsets_stay_in_the_file() {
        let doc = Document::from_bytes("t", b"\xef\xbb\xbfHello".to_vec()).unwrap();
        assert_eq!(doc.body_start, 3);
        assert_eq!(doc.body(), "Hello");
        assert_eq!(&doc.text[3..8], "Hello");
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        let err = Document::from_bytes("x.txt", b"abc\xff\xfe".to_vec()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("x.txt") && msg.contains("offset 3"), "{msg}");
    }
}
