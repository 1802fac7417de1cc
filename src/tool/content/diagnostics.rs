//! Diagnostics in the `path:line:column: message` form of rustc and Zola.
//!
//! Paths are kept relative to the content folder and joined onto the folder as it was given on
//! the command line when shown, so `bulletin check content` prints `content/tzgg/a.md:3:9: …`.
//! Lines and columns are 1-based; columns count characters, not bytes.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the build: nothing is written.
    Error,
    /// Reported, never stops the build.
    Warning,
}

/// A place in a file of the content folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, relative to the content folder.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// A location in `file`.
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    /// The location shown with the content folder `root` in front of the file.
    pub fn display<'a>(&'a self, root: &'a Path) -> impl fmt::Display + 'a {
        DisplayLocation {
            location: self,
            root,
        }
    }
}

struct DisplayLocation<'a> {
    location: &'a Location,
    root: &'a Path,
}

impl fmt::Display for DisplayLocation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = shown_path(self.root, &self.location.file);
        write!(
            f,
            "{}:{}:{}",
            path.display(),
            self.location.line,
            self.location.column
        )
    }
}

/// `root/file`, or `file` alone when `root` is empty or `.`.
pub fn shown_path(root: &Path, file: &Path) -> PathBuf {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        file.to_path_buf()
    } else {
        root.join(file)
    }
}

/// One problem found in the content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where.
    pub location: Location,
    /// Error or warning.
    pub severity: Severity,
    /// What, in English, without the location.
    pub message: String,
    /// Another place the message refers to, with the words that introduce it, e.g. a duplicate
    /// id's first use: shown as ` (first used at <location>)`.
    pub see: Option<(String, Location)>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            severity: Severity::Error,
            message: message.into(),
            see: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            severity: Severity::Warning,
            message: message.into(),
            see: None,
        }
    }

    /// Adds a reference to another place.
    pub fn with_see(mut self, words: impl Into<String>, location: Location) -> Self {
        self.see = Some((words.into(), location));
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column: message` (or `…: warning: message`), with paths under `root`.
    pub fn render(&self, root: &Path) -> String {
        let mut out = format!("{}: ", self.location.display(root));
        if self.severity == Severity::Warning {
            out.push_str("warning: ");
        }
        out.push_str(&self.message);
        if let Some((words, location)) = &self.see {
            out.push_str(&format!(" ({words} {})", location.display(root)));
        }
        out
    }
}

/// Sorts diagnostics by file, line and column (then severity and text), so that every run
/// prints them in the same order.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort();
}

/// Maps byte offsets of a text to 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line and column of byte `offset` in `text` (the text that was indexed).
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text[start..end].chars().count() + 1;
        (line + 1, column)
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.saturating_sub(1).min(self.starts.len() - 1)]
    }
}

/// Decodes a file's bytes as UTF-8, or gives the line and column (1-based) of the first byte
/// that is not, for the `not valid UTF-8` diagnostic.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or("");
        LineIndex::new(valid).position(valid, valid.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_in_characters() {
        let text = "ab\n通知公告x\n\nz";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 2), (1, 3));
        assert_eq!(index.position(text, 3), (2, 1));
        // `x` after four three-byte characters.
        assert_eq!(index.position(text, 3 + 12), (2, 5));
        assert_eq!(index.position(text, text.len()), (4, 2));
        assert_eq!(index.line_start(2), 3);
    }

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::error(Location::new("tzgg/a.md", 3, 9), "unknown channel `x`")
            .with_see("first used at", Location::new("gzdt/b.md", 1, 1));
        assert_eq!(
            d.render(Path::new("content")),
            "content/tzgg/a.md:3:9: unknown channel `x` (first used at content/gzdt/b.md:1:1)"
        );
        let w = Diagnostic::warning(Location::new("a.md", 1, 2), "raw HTML dropped");
        assert_eq!(
            w.render(Path::new("")),
            "a.md:1:2: warning: raw HTML dropped"
        );
        assert_eq!(
            w.render(Path::new(".")),
            "a.md:1:2: warning: raw HTML dropped"
        );
    }
}
