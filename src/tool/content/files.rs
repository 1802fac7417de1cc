//! Local files next to a notice (attachments, images, linked files): checked to stay inside the
//! content folder, measured, and given their place in the output, `data/files/<id>/<name>`.

use std::io;
use std::path::{Component, Path, PathBuf};

use super::markdown::{Note, Resolver};
use crate::contract::urls::{data_files, percent_encode};

/// A file to copy into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCopy {
    /// The file's real path (symlinks resolved), inside the content folder.
    pub source: PathBuf,
    /// The file name in the output folder `data/files/<id>/`.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let s = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(s, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The upper-case extension of a file name or URL path (`PDF`), if any.
pub fn type_of(name: &str) -> Option<String> {
    let path = name.split(['?', '#']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    let (stem, ext) = last.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| ext.to_ascii_uppercase())
}

/// Checks a relative reference written in a notice and finds the file. `root` is the content
/// folder (canonical), `dir` the folder of the notice file. The error is a message for the
/// author.
pub fn resolve(root: &Path, dir: &Path, reference: &str) -> Result<(PathBuf, String), String> {
    let path = reference.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)
        .ok_or_else(|| format!("`{reference}` is not a valid path (bad `%` escape)"))?;
    if decoded.is_empty() {
        return Err(format!("`{reference}` names no file"));
    }
    if decoded.starts_with('/') || decoded.starts_with('\\') {
        return Err(format!(
            "`{reference}` is an absolute path: write a path relative to the notice file"
        ));
    }
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(format!(
            "`{reference}` is not a valid path: use `/` between folders"
        ));
    }
    if decoded.split('/').any(|part| part == "..") {
        return Err(format!(
            "`{reference}` goes up with `..`: keep files in the notice's folder or below it"
        ));
    }
    let relative = Path::new(&decoded);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(format!("`{reference}` is not a relative path"));
    }
    let name = relative
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("`{reference}` names no file"))?
        .to_string();
    let joined = dir.join(relative);
    let real = match std::fs::canonicalize(&joined) {
        Ok(real) => real,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let shown = joined.strip_prefix(root).unwrap_or(&joined);
            return Err(format!(
                "file `{reference}` not found (looked for {})",
                shown.display()
            ));
        }
        Err(e) => return Err(format!("cannot read `{reference}`: {e}")),
    };
    if !real.starts_with(root) {
        return Err(format!(
            "`{reference}` leaves the content folder through a symlink: refused"
        ));
    }
    if !real.is_file() {
        return Err(format!("`{reference}` is not a file"));
    }
    Ok((real, name))
}

/// The local files of one notice, as they are found: each gets `data/files/<id>/<name>`.
#[derive(Debug)]
pub struct LocalFiles<'a> {
    root: &'a Path,
    dir: PathBuf,
    id: String,
    /// The files to copy, in the order first referenced.
    pub copies: Vec<FileCopy>,
}

impl<'a> LocalFiles<'a> {
    /// For a notice with id `id` in folder `dir` of the content folder `root` (canonical).
    pub fn new(root: &'a Path, dir: PathBuf, id: &str) -> Self {
        LocalFiles {
            root,
            dir,
            id: id.to_string(),
            copies: Vec::new(),
        }
    }

    /// Sets the notice id used in the output paths (it is known after the front matter).
    pub fn set_id(&mut self, id: &str) {
        self.id = id.to_string();
    }

    /// Adds a referenced file: its href in the output, its size and its file name.
    pub fn add(&mut self, reference: &str) -> Result<(String, u64, String), String> {
        let (source, name) = resolve(self.root, &self.dir, reference)?;
        let size = std::fs::metadata(&source)
            .map_err(|e| format!("cannot read `{reference}`: {e}"))?
            .len();
        match self.copies.iter().find(|c| c.name == name) {
            Some(c) if c.source != source => {
                return Err(format!(
                    "two different files named `{name}` in one notice: rename one of them"
                ));
            }
            Some(_) => {}
            None => self.copies.push(FileCopy {
                source,
                name: name.clone(),
                size,
            }),
        }
        Ok((self.href(&name), size, name))
    }

    fn href(&self, name: &str) -> String {
        data_files::path(&data_files::notice_file(&self.id, &percent_encode(name)))
    }
}

impl Resolver for LocalFiles<'_> {
    fn image(&mut self, url: &str, offset: usize, notes: &mut Vec<Note>) -> Option<String> {
        match self.add(url) {
            Ok((href, _, _)) => Some(href),
            Err(message) => {
                notes.push(Note::error(offset, format!("image: {message}")));
                None
            }
        }
    }

    /// A relative link that names an existing file next to the notice is copied like an
    /// attachment; any other relative link (an app page such as `notice/abc`) is kept.
    fn link(&mut self, url: &str, offset: usize, notes: &mut Vec<Note>) -> String {
        let path = url.split(['?', '#']).next().unwrap_or("");
        let looks_local = !path.is_empty()
            && !path.starts_with('/')
            && percent_decode(path).is_some_and(|p| self.dir.join(p).is_file());
        if !looks_local {
            return url.to_string();
        }
        match self.add(url) {
            Ok((href, _, _)) => href,
            Err(message) => {
                notes.push(Note::error(offset, format!("link: {message}")));
                url.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_coding() {
        assert_eq!(percent_decode("a%20b%E9%80%9A").as_deref(), Some("a b通"));
        assert_eq!(percent_decode("a%2"), None);
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(percent_encode("附件 1.pdf"), "%E9%99%84%E4%BB%B6%201.pdf");
        assert_eq!(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
    }

    #[test]
    fn types_from_extensions() {
        assert_eq!(type_of("申报指南.pdf").as_deref(), Some("PDF"));
        assert_eq!(
            type_of("https://x.org/a/b.docx?x=1").as_deref(),
            Some("DOCX")
        );
        assert_eq!(type_of("README"), None);
        assert_eq!(type_of(".hidden"), None);
    }

    #[test]
    fn refuses_paths_that_leave() {
        let root = std::env::temp_dir();
        for (bad, why) in [
            ("../x.pdf", "goes up"),
            ("a/../../x.pdf", "goes up"),
            ("/etc/passwd", "absolute"),
            ("a\\b.pdf", "use `/`"),
            ("%2e%2e/x", "goes up"),
            ("", "names no file"),
        ] {
            let e = resolve(&root, &root, bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
