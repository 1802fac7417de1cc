//! The build: the content folder is read and checked in full (in parallel), then the data
//! contract's files, the feeds and the sitemap are written into a staging folder and swapped in.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::config::{self, Config, PAGES_FOLDER, SITE_FILE};
use super::dates::{parse_date, Published};
use super::diagnostics::{self, Diagnostic, LineIndex, Location};
use super::feed::{self, FEED_ENTRIES};
use super::files::{type_of, FileCopy, LocalFiles};
use super::frontmatter::{self, AttachmentInput, FrontMatter, Locator, Split, SplitError};
use super::markdown::{self, scheme_of};
use super::output::{Changes, Staging, MANAGED};
use super::personal::{self, Official};
use super::progress::{self, par_map, with_bar};
use super::related::KeywordIndex;
use super::sitemap::{self, Url, MAX_URLS};
use crate::contract::library::{self, FacetValues, LibraryIndex, FACETS};
use crate::contract::lifecycle::{is_date, InterpretationKind, Validity};
use crate::contract::model::{
    is_valid_id, Attachment, Block, Interpretation, ListItem, ListPage, Notice, NoticeRef, Page,
    Site, ALL_CHANNEL,
};
use crate::contract::paging::{page_count, page_range};
use crate::contract::urls::{absolute, data_files, routes, safe_resource, site_files};
use crate::search::build::{DocUnits, IndexBuilder, DOC_CHUNK};
use crate::search::index::{
    date_number, notice_text, version_of, version_text, Attr, Manifest, SearchDoc,
};
use crate::tool::prerender;

/// How a build runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads for parsing and writing.
    pub workers: usize,
    /// Whether a progress bar may be shown (it is only on a terminal, for large sites).
    pub progress: bool,
    /// The build's clock (Unix seconds): notices dated after it are held back (embargo), and
    /// prerendered pages show validity and deadlines as of it. `None`: the system clock.
    pub now: Option<i64>,
    /// A preview build: `draft = true` notices are included, every page carries the 预览
    /// banner and `noindex`, and the output folder must not hold a normal build.
    pub drafts: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            workers: progress::workers(),
            progress: true,
            now: None,
            drafts: false,
        }
    }
}

impl Options {
    /// The build's clock, Unix seconds.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
    }
}

/// A notice held back because it is dated after the build's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// The notice id.
    pub id: String,
    /// Its publication time, RFC 3339 as written.
    pub published: String,
}

/// What a successful run did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Notices published (drafts excluded).
    pub notices: usize,
    /// Channels in `site.toml`.
    pub channels: usize,
    /// List pages, `all` included.
    pub list_pages: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Warnings, sorted.
    pub warnings: Vec<Diagnostic>,
    /// Notices dated after the build's clock, not published, the first due first.
    pub held: Vec<Held>,
    /// The notices that say they publish personal data (`personal_data = true`), by file.
    pub personal_data: Vec<PathBuf>,
    /// What a build did to the output's files (`None` for a check).
    pub changes: Option<Changes>,
}

impl Report {
    /// `built N notices in C channels, P list pages in T s` (`verb` is `built` or `checked`).
    pub fn summary(&self, verb: &str) -> String {
        format!(
            "{verb} {} notices in {} channels, {} list pages in {:.2} s",
            self.notices,
            self.channels,
            self.list_pages,
            self.elapsed.as_secs_f64()
        )
    }

    /// `files: W written, K unchanged, D deleted` after a build; `None` after a check.
    pub fn changes_line(&self) -> Option<String> {
        self.changes.map(|c| {
            format!(
                "files: {} written, {} unchanged, {} deleted",
                c.written, c.kept, c.deleted
            )
        })
    }

    /// What the build held back: one line per notice and when the next falls due, or nothing.
    pub fn held_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .held
            .iter()
            .map(|h| format!("held until {}: {}", h.published, h.id))
            .collect();
        if let Some(next) = self.held.first() {
            lines.push(format!(
                "{} notice(s) held; the next falls due at {}: build again then",
                self.held.len(),
                next.published
            ));
        }
        lines
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum Error {
    /// The content has errors: every diagnostic (errors and warnings), sorted. Nothing written.
    Content(Vec<Diagnostic>),
    /// Writing failed; the previous output is unchanged.
    Output {
        /// What failed.
        message: String,
        /// Warnings found in the content.
        warnings: Vec<Diagnostic>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(d) => {
                let errors = d.iter().filter(|d| d.is_error()).count();
                write!(f, "{errors} error(s) in the content")
            }
            Error::Output { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {}

/// A notice ready to be written: what the lists, links and feeds need, and the notice itself as
/// compact JSON without its computed fields (`prev`, `next`, `related`), which are appended when
/// it is written. The JSON is kept deflated ([`Packed`]) rather than as parsed blocks: an
/// archive's notices take about a third of the size of their output in memory.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    title: String,
    published: String,
    channel: String,
    keywords: Vec<String>,
    instant: i64,
    json: Packed,
    copies: Vec<FileCopy>,
    /// What lists and search results mark, and feeds and the sitemap date.
    life: Life,
}

/// What a notice's lists, search entry, feeds and links need of its life after publication.
#[derive(Debug, Clone, Default)]
struct Life {
    validity: Option<Validity>,
    valid_until: Option<String>,
    deadline: Option<String>,
    updated: Option<String>,
    kind: Option<InterpretationKind>,
    /// The ids it names, where: `replaced_by`, `amended_by`, `interprets`.
    replaced_by: Option<(String, Location)>,
    amended_by: Option<(String, Location)>,
    interprets: Option<(String, Location)>,
}
/// Bytes kept deflated in memory, at the fastest level (Chinese JSON shrinks to about a third).
#[derive(Debug, Clone, Default)]
struct Packed(Vec<u8>);

impl Packed {
    fn new(bytes: &[u8]) -> Self {
        thread_local! {
            // One compressor per thread, reset for each notice: a compressor's tables would
            // otherwise be allocated and freed 100,000 times, and glibc keeps what that frees.
            static DEFLATE: std::cell::RefCell<flate2::Compress> =
                std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::fast(), false));
        }
        DEFLATE.with_borrow_mut(|c| {
            c.reset();
            let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
            loop {
                let done = c.total_in() as usize;
                let status = c
                    .compress_vec(&bytes[done..], &mut out, flate2::FlushCompress::Finish)
                    .expect("deflating into memory");
                if status == flate2::Status::StreamEnd {
                    break;
                }
                out.reserve(out.capacity());
            }
            out.shrink_to_fit();
            Packed(out)
        })
    }

    /// The bytes as they were given.
    fn bytes(&self) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::with_capacity(self.0.len() * 4);
        flate2::read::DeflateDecoder::new(&self.0[..])
            .read_to_end(&mut out)
            .expect("inflating what this build deflated");
        out
    }
}

impl Entry {
    fn reference(&self) -> NoticeRef {
        NoticeRef {
            id: self.id.clone(),
            title: self.title.clone(),
        }
    }

    /// When it last changed: 更新时间, else its publication.
    fn last_change(&self) -> &str {
        self.life.updated.as_deref().unwrap_or(&self.published)
    }

    /// The meta description, for feeds (read back from the JSON: feeds list few notices).
    fn description(&self) -> String {
        serde_json::from_slice::<Notice>(&self.json.bytes())
            .map(|n| n.description())
            .unwrap_or_default()
    }
}

/// The computed fields of one notice, as ranks.
#[derive(Debug, Clone, Default)]
struct Links {
    prev: Option<u32>,
    next: Option<u32>,
    related: Vec<u32>,
    replaced_by: Option<u32>,
    amended_by: Option<u32>,
    replaces: Vec<u32>,
    amends: Vec<u32>,
    interprets: Option<u32>,
    interpretations: Vec<u32>,
}

/// The computed fields, serialized exactly as [`Notice`] serializes them: same names, same
/// order (they are its last fields), same skipping of empty values.
#[derive(Debug, Default, Serialize)]
struct Tail {
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<NoticeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<NoticeRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<NoticeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced_by: Option<NoticeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amended_by: Option<NoticeRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replaces: Vec<NoticeRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    amends: Vec<NoticeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interprets: Option<NoticeRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    interpretations: Vec<Interpretation>,
}

/// The JSON of a notice (serialized without its computed fields) with them appended, and a
/// trailing newline: the same bytes as serializing the complete [`Notice`].
fn with_tail(base: &[u8], tail: &Tail) -> Vec<u8> {
    let extra = serde_json::to_vec(tail).expect("notice links serialize");
    let mut out = Vec::with_capacity(base.len() + extra.len() + 2);
    out.extend_from_slice(&base[..base.len() - 1]);
    if extra.len() > 2 {
        out.push(b',');
        out.extend_from_slice(&extra[1..]);
    } else {
        out.push(b'}');
    }
    out.push(b'\n');
    out
}

/// A Markdown file found in the content folder.
#[derive(Debug, Clone)]
struct Source {
    rel: PathBuf,
    channel: String,
}

/// The outcome of reading one file.
#[derive(Debug, Default)]
struct Parsed {
    entry: Option<Entry>,
    id: Option<(String, Location)>,
    diagnostics: Vec<Diagnostic>,
    /// The other notices it names, checked once every id is known.
    names: Vec<Named>,
    /// The file says it publishes personal data.
    personal_data: bool,
    /// A standalone page (from the pages folder).
    page: Option<Page>,
}

/// A field naming another notice: the field, the id it names, where.
type Named = (&'static str, String, Location);

/// The content, read and checked.
struct Loaded {
    config: Config,
    /// Newest first (instant descending, then id).
    entries: Vec<Entry>,
    /// The standalone pages, in the footer's order.
    pages: Vec<Page>,
    warnings: Vec<Diagnostic>,
    /// Held back until their date, the first due first.
    held: Vec<Held>,
    /// The files that say they publish personal data.
    personal_data: Vec<PathBuf>,
    /// The build's clock (Unix seconds): what is published, and the 有效性 the library shows.
    now: i64,
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<std::fs::DirEntry>> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

/// Finds the notices: `*.md` files in the channel folders (any depth), skipping names that start
/// with `.` or `_` and the output folder. Files directly in the content folder are not notices.
fn discover(
    root: &Path,
    root_real: &Path,
    exclude: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let mut found = Vec::new();
    let entries = match sorted_entries(root) {
        Ok(e) => e,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                Location::new("", 1, 1),
                format!("cannot read the content folder: {e}"),
            ));
            return found;
        }
    };
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) {
            continue;
        }
        if let Some(dir) = folder(root_real, &entry, Path::new(&name), exclude, diagnostics) {
            // The pages folder's files are standalone pages: their source has no channel.
            let channel = if name == PAGES_FOLDER { "" } else { &name };
            walk(
                root_real,
                &dir,
                Path::new(&name),
                channel,
                exclude,
                &mut found,
                diagnostics,
            );
        }
    }
    found
}

/// The real path of a folder entry to descend into, or `None` (with a diagnostic for a symlink).
fn folder(
    root_real: &Path,
    entry: &std::fs::DirEntry,
    rel: &Path,
    exclude: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let kind = entry.file_type().ok()?;
    if kind.is_symlink() {
        let target = std::fs::canonicalize(entry.path()).ok()?;
        if !target.is_dir() {
            return None;
        }
        diagnostics.push(if target.starts_with(root_real) {
            Diagnostic::warning(Location::new(rel, 1, 1), "symlinked folder not followed")
        } else {
            Diagnostic::error(
                Location::new(rel, 1, 1),
                "symlinked folder leaves the content folder: refused",
            )
        });
        return None;
    }
    if !kind.is_dir() {
        return None;
    }
    let real = entry.path();
    if exclude.is_some_and(|x| std::fs::canonicalize(&real).is_ok_and(|r| r == x)) {
        return None;
    }
    Some(real)
}

fn walk(
    root_real: &Path,
    dir: &Path,
    rel: &Path,
    channel: &str,
    exclude: Option<&Path>,
    found: &mut Vec<Source>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = sorted_entries(dir) else {
        diagnostics.push(Diagnostic::error(
            Location::new(rel, 1, 1),
            "cannot read this folder",
        ));
        return;
    };
    for entry in entries {
        let os_name = entry.file_name();
        let Some(name) = os_name.to_str() else {
            diagnostics.push(Diagnostic::error(
                Location::new(rel.join(&os_name), 1, 1),
                "file name is not valid UTF-8",
            ));
            continue;
        };
        if is_hidden(name) {
            continue;
        }
        let child = rel.join(name);
        if let Some(sub) = folder(root_real, &entry, &child, exclude, diagnostics) {
            walk(
                root_real,
                &sub,
                &child,
                channel,
                exclude,
                found,
                diagnostics,
            );
            continue;
        }
        if !name.ends_with(".md") {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            match std::fs::canonicalize(entry.path()) {
                Ok(target) if target.starts_with(root_real) => {}
                Ok(_) => {
                    diagnostics.push(Diagnostic::error(
                        Location::new(child, 1, 1),
                        "symlink leaves the content folder: refused",
                    ));
                    continue;
                }
                Err(_) => {
                    diagnostics.push(Diagnostic::error(
                        Location::new(child, 1, 1),
                        "broken symlink",
                    ));
                    continue;
                }
            }
        }
        found.push(Source {
            rel: child,
            channel: channel.to_string(),
        });
    }
}

/// What every file's parse needs to know.
struct Context<'a> {
    root: &'a Path,
    root_real: &'a Path,
    config: Option<&'a Config>,
    offset: i16,
    /// The e-mail domains of offices, for the personal-data guard.
    official: Official,
    /// Whether the notices' JSON is kept for writing (not for `check`).
    write: bool,
    /// Whether drafts are read (`--drafts`).
    drafts: bool,
}

/// Maps places in one file to locations.
struct Places<'a> {
    rel: &'a Path,
    text: &'a str,
    index: std::cell::OnceCell<LineIndex>,
}

impl Places<'_> {
    fn at_offset(&self, offset: usize) -> Location {
        let index = self.index.get_or_init(|| LineIndex::new(self.text));
        let (line, column) = index.position(self.text, offset);
        Location::new(self.rel, line, column)
    }

    fn at(&self, line: usize, column: usize) -> Location {
        Location::new(self.rel, line, column)
    }
}

fn trimmed(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The largest notice file read (64 MiB): it bounds the memory a build needs per notice
/// (about four times the file while it is parsed) whatever the content folder holds.
pub const MAX_NOTICE_BYTES: u64 = 64 << 20;

/// Reads a file of at most `limit` bytes; `None` when it is larger (without reading it all).
fn read_limited(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

fn parse_notice(ctx: &Context<'_>, source: &Source) -> Parsed {
    let mut out = Parsed::default();
    let rel = source.rel.as_path();
    let bytes = match read_limited(&ctx.root.join(rel), MAX_NOTICE_BYTES) {
        Ok(Some(b)) => b,
        Ok(None) => {
            out.diagnostics.push(Diagnostic::error(
                Location::new(rel, 1, 1),
                format!(
                    "the file is larger than {} MB, the most a notice may be: split it, or \
                     attach the long part as a file",
                    MAX_NOTICE_BYTES >> 20
                ),
            ));
            return out;
        }
        Err(e) => {
            out.diagnostics.push(Diagnostic::error(
                Location::new(rel, 1, 1),
                format!("cannot read the file: {e}"),
            ));
            return out;
        }
    };
    let text = match super::diagnostics::decode_utf8(bytes) {
        Ok(t) => t,
        Err((line, column)) => {
            out.diagnostics.push(Diagnostic::error(
                Location::new(rel, line, column),
                "the file is not valid UTF-8: save it as UTF-8",
            ));
            return out;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let places = Places {
        rel,
        text,
        index: std::cell::OnceCell::new(),
    };
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            out.diagnostics.push(Diagnostic::error(
                places.at(1, 1),
                "no front matter: start the file with a `+++` (TOML) or `---` (YAML) line, then `title` and `date`",
            ));
            return out;
        }
        Err(SplitError::Unclosed(syntax)) => {
            out.diagnostics.push(Diagnostic::error(
                places.at(1, 1),
                format!(
                    "front matter opened with `{0}` is not closed: end it with a `{0}` line",
                    syntax.delimiter()
                ),
            ));
            return out;
        }
    };
    read_source(ctx, source, &split, &places, &mut out);
    out
}

/// The personal-data guard over a whole file (front matter, body, tables and attachment names):
/// every finding is an error, unless the front matter says `personal_data = true`.
fn guard(ctx: &Context<'_>, places: &Places<'_>, allowed: bool, out: &mut Parsed) {
    if allowed {
        out.personal_data = true;
        return;
    }
    for f in personal::scan(places.text, &ctx.official) {
        out.diagnostics
            .push(Diagnostic::error(places.at_offset(f.offset), f.message()));
    }
}

/// Reads one standalone page (`pages/<id>.md`) from its front matter `fm` into `out`: the
/// notice's front matter and body rules, no channel, no date, no local files.
fn read_page(reader: &mut Reader<'_>, fm: FrontMatter, out: &mut Parsed) {
    let (ctx, source, places) = (reader.ctx, reader.source, reader.places);
    let title = reader.title(&fm);
    let (id, valid_id_at) = reader.id(&fm);
    if let Some(at) = valid_id_at {
        out.id = Some((id.clone(), at));
    }
    let dir = ctx
        .root_real
        .join(source.rel.parent().unwrap_or(Path::new("")));
    let mut files = LocalFiles::new(ctx.root_real, dir, &id);
    let body = reader.body(&mut files, &mut out.diagnostics);
    if !files.copies.is_empty() {
        reader.error(
            places.at(1, 1),
            "a standalone page links or shows local files: put them in a notice, or use http(s) URLs",
        );
    }
    let failed = !reader.errors.is_empty() || out.diagnostics.iter().any(Diagnostic::is_error);
    out.diagnostics.append(&mut reader.errors);
    if failed {
        return;
    }
    let page = Page {
        id,
        title,
        summary: trimmed(fm.summary),
        body,
    };
    for e in page.validate() {
        out.diagnostics.push(Diagnostic::error(
            places.at(1, 1),
            format!("the page would break the data contract: {e}"),
        ));
    }
    out.page = Some(page);
}

/// Reads one file (a notice, or a standalone page of the pages folder) from its split text into
/// `out`: the front matter's problems, the personal-data guard, then the notice or the page.
fn read_source(
    ctx: &Context<'_>,
    source: &Source,
    split: &Split<'_>,
    places: &Places<'_>,
    out: &mut Parsed,
) {
    let frontmatter::Read {
        fields,
        locator,
        problems,
        present,
    } = frontmatter::read(split);
    // A draft is skipped whole: only a block that does not parse (so that `draft` cannot be
    // read) is reported.
    if fields.as_ref().is_some_and(|f| f.draft) && !ctx.drafts {
        return;
    }
    let mut reader = Reader {
        ctx,
        source,
        split,
        places,
        locator: &locator,
        present: &present,
        errors: Vec::new(),
    };
    out.diagnostics
        .extend(problems.into_iter().map(|p| reader.problem(p)));
    let Some(fm) = fields else { return };
    guard(ctx, places, fm.personal_data, out);
    if source.channel.is_empty() {
        read_page(&mut reader, fm, out);
    } else {
        read_notice(&mut reader, fm, out);
    }
}

/// Reads one notice from its front matter `fm` into `out`: every diagnostic, its id (for the
/// check of duplicates) and, when nothing is wrong, its entry.
fn read_notice(reader: &mut Reader<'_>, fm: FrontMatter, out: &mut Parsed) {
    let (ctx, source, places) = (reader.ctx, reader.source, reader.places);
    let title = reader.title(&fm);
    let published = reader.published(&fm);
    let channel = reader.channel(&fm);
    let (id, valid_id_at) = reader.id(&fm);
    if let Some(at) = valid_id_at {
        out.id = Some((id.clone(), at));
    }
    let dir = ctx
        .root_real
        .join(source.rel.parent().unwrap_or(Path::new("")));
    let mut files = LocalFiles::new(ctx.root_real, dir, &id);
    let attachments = reader.attachments(&fm, &mut files);
    let body = reader.body(&mut files, &mut out.diagnostics);
    let (life, life_fields) = reader.life(&fm);
    out.names = [
        ("replaced_by", &life.replaced_by),
        ("amended_by", &life.amended_by),
        ("interprets", &life.interprets),
    ]
    .into_iter()
    .filter_map(|(field, named)| named.clone().map(|(id, at)| (field, id, at)))
    .collect();
    let failed = !reader.errors.is_empty() || out.diagnostics.iter().any(Diagnostic::is_error);
    out.diagnostics.append(&mut reader.errors);
    if failed {
        return;
    }
    let Some(published) = published else { return };
    let notice = Notice {
        id,
        title,
        published: published.text,
        channel,
        keywords: distinct_keywords(&fm.keywords),
        body,
        attachments,
        ..optional_fields(fm, life_fields)
    };
    let instant = published.timestamp.unix_seconds();
    out.entry = checked_entry(
        ctx,
        notice,
        instant,
        files.copies,
        places,
        &mut out.diagnostics,
    )
    .map(|entry| Entry { life, ..entry });
}

/// Reads the fields of one notice's front matter and its body, collecting the errors found.
struct Reader<'a> {
    ctx: &'a Context<'a>,
    source: &'a Source,
    split: &'a Split<'a>,
    places: &'a Places<'a>,
    locator: &'a Locator,
    /// The keys written in the block, including those whose value was wrong.
    present: &'a [String],
    /// The errors, reported after the body's warnings.
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, at: Location, message: impl Into<String>) {
        self.errors.push(Diagnostic::error(at, message.into()));
    }

    /// Whether `key` is written in the block (a value of the wrong type is already reported).
    fn written(&self, key: &str) -> bool {
        self.present.iter().any(|k| k == key)
    }

    /// The line in the file of a line of the front matter block.
    fn file_line(&self, line: usize) -> usize {
        self.split.matter_line + line - 1
    }

    /// Where the value of `field` is, or the start of the file.
    fn value_at(&self, field: &str) -> Location {
        match self.locator.value(field) {
            Some((line, column)) => self.places.at(self.file_line(line), column),
            None => self.places.at(1, 1),
        }
    }

    /// A problem of the front matter block as a diagnostic at its place in the file.
    fn problem(&self, p: frontmatter::Problem) -> Diagnostic {
        let at = self.places.at(self.file_line(p.line), p.column);
        if p.warning {
            Diagnostic::warning(at, p.message)
        } else {
            Diagnostic::error(at, p.message)
        }
    }

    fn title(&mut self, fm: &FrontMatter) -> String {
        match fm.title.as_deref().map(str::trim) {
            None if self.written("title") => String::new(),
            None => {
                self.error(self.places.at(1, 1), "missing `title`");
                String::new()
            }
            Some("") => {
                self.error(self.value_at("title"), "`title` is empty");
                String::new()
            }
            Some(t) => t.to_string(),
        }
    }

    fn published(&mut self, fm: &FrontMatter) -> Option<Published> {
        match fm.date.as_deref() {
            None if self.written("date") => None,
            None => {
                self.error(
                    self.places.at(1, 1),
                    "missing `date`: the publication time, e.g. `date = \"2026-02-12 17:29\"`",
                );
                None
            }
            Some(d) => match parse_date(d, self.ctx.offset) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.error(self.value_at("date"), format!("date: {e}"));
                    None
                }
            },
        }
    }

    /// The channel: the `channel` field, else the channel folder; checked against `site.toml`.
    fn channel(&mut self, fm: &FrontMatter) -> String {
        let (channel, channel_at, from_folder) = match fm.channel.as_deref().map(str::trim) {
            Some(c) => (c.to_string(), self.value_at("channel"), false),
            None => (self.source.channel.clone(), self.places.at(1, 1), true),
        };
        let origin = if from_folder {
            " (the folder name)"
        } else {
            ""
        };
        if !is_valid_id(&channel) {
            self.error(
                channel_at,
                format!(
                    "channel `{channel}`{origin} is not a valid id (use lowercase ASCII letters, digits and `-`)"
                ),
            );
        } else if let Some(config) = self.ctx.config {
            if config.site.channel(&channel).is_none() {
                let known: Vec<&str> = config.site.channels.iter().map(|c| c.id.as_str()).collect();
                self.error(
                    channel_at,
                    format!(
                        "unknown channel `{channel}`{origin}: {SITE_FILE} lists {}",
                        known.join(", ")
                    ),
                );
            }
        }
        channel
    }

    /// The id: the `id` field, else the file name; with where it was given when it is valid.
    fn id(&mut self, fm: &FrontMatter) -> (String, Option<Location>) {
        let stem = self
            .source
            .rel
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let (id, id_at, from_stem) = match fm.id.as_deref().map(str::trim) {
            Some(i) => (i.to_string(), self.value_at("id"), false),
            None => (stem, self.places.at(1, 1), true),
        };
        if is_valid_id(&id) {
            return (id, Some(id_at));
        }
        let hint = if from_stem {
            format!(
                "the file name `{}` is not a valid id: rename the file or set `id` (lowercase ASCII letters, digits and `-`)",
                self.source.rel.file_name().and_then(|n| n.to_str()).unwrap_or("")
            )
        } else {
            format!("id `{id}` is not a valid id (use lowercase ASCII letters, digits and `-`, at most 128)")
        };
        self.error(id_at, hint);
        (id, None)
    }

    fn attachments(&mut self, fm: &FrontMatter, files: &mut LocalFiles<'_>) -> Vec<Attachment> {
        fm.attachments
            .iter()
            .enumerate()
            .filter_map(|(i, a)| self.attachment(i, a, files))
            .collect()
    }

    /// Attachment `i` (from 0): a local file is measured and copied, a URL kept.
    fn attachment(
        &mut self,
        i: usize,
        a: &AttachmentInput,
        files: &mut LocalFiles<'_>,
    ) -> Option<Attachment> {
        let n = i + 1;
        let name = trimmed(a.name.clone());
        let href = trimmed(a.href.clone());
        let field_at = |f: &str| self.value_at(&format!("attachments[{i}].{f}"));
        let (name_at, href_at) = (field_at("name"), field_at("href"));
        if name.is_none() {
            self.error(
                name_at,
                format!("attachment {n} has no `name` (the text readers see)"),
            );
        }
        let Some(href) = href else {
            self.error(
                href_at,
                format!(
                    "attachment {n} has no `href` (a file next to the notice, or an http(s) URL)"
                ),
            );
            return None;
        };
        let (href, size, kind) = match safe_resource(&href) {
            None => {
                self.error(
                    href_at,
                    format!(
                        "attachment {n}: `{}` is not allowed: use a file next to the notice or an http(s) URL",
                        markdown::shown(&href)
                    ),
                );
                return None;
            }
            Some(url) if scheme_of(&url).is_none() => match files.add(&url) {
                Ok((out_href, size, file_name)) => (out_href, Some(size), type_of(&file_name)),
                Err(message) => {
                    self.error(href_at, format!("attachment {n}: {message}"));
                    return None;
                }
            },
            Some(url) => {
                let kind = type_of(&url);
                (url, a.size, kind)
            }
        };
        Some(Attachment {
            name: name?,
            href,
            size,
            kind: trimmed(a.kind.clone()).or(kind),
        })
    }

    /// The fields of the notice's life after publication (有效性, 截止时间, 更正, 解读), checked:
    /// what lists and links need, and the notice fields they fill.
    fn life(&mut self, fm: &FrontMatter) -> (Life, Notice) {
        let mut notice = Notice::default();
        let mut life = Life::default();
        if let Some(v) = trimmed(fm.validity.clone()) {
            match Validity::from_authored(&v) {
                Some(v) => notice.validity = Some(v),
                None => self.error(
                    self.value_at("validity"),
                    format!(
                        "validity `{v}` is not one of {}",
                        Validity::ALL.map(Validity::chinese).join(", ")
                    ),
                ),
            }
        }
        notice.valid_from = self.day(fm.valid_from.clone(), "valid_from");
        notice.valid_until = self.day(fm.valid_until.clone(), "valid_until");
        if let (Some(from), Some(until)) = (&notice.valid_from, &notice.valid_until) {
            if until < from {
                self.error(
                    self.value_at("valid_until"),
                    format!("valid_until {until} is before valid_from {from}"),
                );
            }
        }
        notice.deadline = self.time(fm.deadline.as_deref(), "deadline");
        notice.updated = self.time(fm.updated.as_deref(), "updated");
        life.replaced_by = self.reference(fm.replaced_by.clone(), "replaced_by");
        life.amended_by = self.reference(fm.amended_by.clone(), "amended_by");
        life.interprets = self.reference(fm.interprets.clone(), "interprets");
        if let Some(k) = trimmed(fm.kind.clone()) {
            match InterpretationKind::from_authored(&k) {
                Some(_) if life.interprets.is_none() && !self.written("interprets") => self
                    .error(
                        self.value_at("kind"),
                        "`kind` is the kind of an interpretation: add `interprets` (the id of the policy it interprets)",
                    ),
                Some(k) => notice.interpretation_kind = Some(k),
                None => self.error(
                    self.value_at("kind"),
                    format!(
                        "kind `{k}` is not one of {}",
                        InterpretationKind::ALL.map(InterpretationKind::chinese).join(", ")
                    ),
                ),
            }
        }
        life.validity = notice.validity;
        life.valid_until = notice.valid_until.clone();
        life.deadline = notice.deadline.clone();
        life.updated = notice.updated.clone();
        life.kind = notice.interpretation_kind;
        (life, notice)
    }

    /// A `YYYY-MM-DD` date field.
    fn day(&mut self, value: Option<String>, field: &str) -> Option<String> {
        let value = trimmed(value)?;
        if is_date(&value) {
            return Some(value);
        }
        self.error(
            self.value_at(field),
            format!("{field}: `{value}` is not a date: write YYYY-MM-DD"),
        );
        None
    }

    /// A time field, written like `date`; its RFC 3339 text.
    fn time(&mut self, value: Option<&str>, field: &str) -> Option<String> {
        match parse_date(value?, self.ctx.offset) {
            Ok(p) => Some(p.text),
            Err(e) => {
                self.error(self.value_at(field), format!("{field}: {e}"));
                None
            }
        }
    }

    /// A field naming another notice by id, with where it is written.
    fn reference(&mut self, value: Option<String>, field: &str) -> Option<(String, Location)> {
        let id = trimmed(value)?;
        let at = self.value_at(field);
        if !is_valid_id(&id) {
            self.error(
                at,
                format!(
                    "{field}: `{id}` is not a notice id (lowercase ASCII letters, digits and `-`)"
                ),
            );
            return None;
        }
        Some((id, at))
    }

    /// The body's blocks; the Markdown's warnings go to `warnings`, its errors to the others.
    fn body(&mut self, files: &mut LocalFiles<'_>, warnings: &mut Vec<Diagnostic>) -> Vec<Block> {
        let (body, notes) = markdown::to_blocks(self.split.body, files);
        for note in notes {
            let at = self.places.at_offset(self.split.body_offset + note.offset);
            if note.warning {
                warnings.push(Diagnostic::warning(at, note.message));
            } else {
                self.error(at, note.message);
            }
        }
        if body.is_empty() {
            self.error(
                self.places.at_offset(self.split.body_offset),
                "the body is empty: write the notice's text below the front matter",
            );
        }
        body
    }
}

/// A notice with the optional fields of its front matter (trimmed, empty ones left out), the
/// checked fields of its life after publication (`life`), and nothing else.
fn optional_fields(fm: FrontMatter, life: Notice) -> Notice {
    Notice {
        correction: trimmed(fm.correction),
        subtitle: trimmed(fm.subtitle),
        source: trimmed(fm.source),
        publisher: trimmed(fm.publisher),
        doc_number: trimmed(fm.doc_number),
        index_number: trimmed(fm.index_number),
        written: trimmed(fm.written),
        topic: trimmed(fm.topic),
        summary: trimmed(fm.summary),
        ..life
    }
}

/// The keywords, trimmed, without empty ones and repeats, in the order written.
fn distinct_keywords(written: &[String]) -> Vec<String> {
    let mut keywords: Vec<String> = Vec::new();
    for k in written {
        let k = k.trim();
        if !k.is_empty() && !keywords.iter().any(|x| x == k) {
            keywords.push(k.to_string());
        }
    }
    keywords
}

/// The entry of a notice that passes the app's own checks of the data contract (a safety net:
/// what the tool writes must pass them); otherwise `None`, with an error in `diagnostics` for
/// each check it fails.
fn checked_entry(
    ctx: &Context<'_>,
    notice: Notice,
    instant: i64,
    copies: Vec<FileCopy>,
    places: &Places<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Entry> {
    let broken = notice.validate();
    for e in &broken {
        diagnostics.push(Diagnostic::error(
            places.at(1, 1),
            format!("the notice would break the data contract: {e}"),
        ));
    }
    if !broken.is_empty() {
        return None;
    }
    let json = if ctx.write {
        Packed::new(&serde_json::to_vec(&notice).expect("contract types serialize"))
    } else {
        Packed::default()
    };
    Some(Entry {
        id: notice.id,
        title: notice.title,
        published: notice.published,
        channel: notice.channel,
        keywords: notice.keywords,
        instant,
        json,
        copies,
        life: Life::default(),
    })
}

/// Reads and checks everything; `exclude` is an output folder inside the content folder, and
/// `write` keeps what is needed to write the notices.
fn load(
    content_dir: &Path,
    exclude: Option<&Path>,
    write: bool,
    options: &Options,
) -> Result<Loaded, Error> {
    let (config, mut diagnostics) = config::load(content_dir);
    let root_real = match std::fs::canonicalize(content_dir) {
        Ok(r) => r,
        Err(e) => {
            return Err(Error::Content(vec![Diagnostic::error(
                Location::new("", 1, 1),
                format!("cannot open the content folder: {e}"),
            )]))
        }
    };
    let sources = discover(content_dir, &root_real, exclude, &mut diagnostics);
    let ctx = Context {
        root: content_dir,
        root_real: &root_real,
        config: config.as_ref(),
        offset: config.as_ref().map_or(480, |c| c.offset_minutes),
        official: config.as_ref().map_or_else(Official::default, |c| {
            Official::new(&c.base_url, &c.official_domains)
        }),
        write,
        drafts: options.drafts,
    };
    let show = options.progress && progress::wanted(sources.len());
    let parsed = with_bar("reading", sources.len(), show, |p| {
        par_map(&sources, options.workers, p, |_, s| parse_notice(&ctx, s))
    });
    let mut entries = Vec::with_capacity(parsed.len());
    let mut pages = Vec::new();
    let mut personal_data = Vec::new();
    let mut first_use: HashMap<String, Location> = HashMap::new();
    let mut names = Vec::new();
    let mut first_page_use: HashMap<String, Location> = HashMap::new();
    for (p, source) in parsed.into_iter().zip(&sources) {
        let own = p.id.as_ref().map(|(id, _)| id.clone());
        names.extend(p.names.into_iter().map(|n| (own.clone(), n)));
        diagnostics.extend(p.diagnostics);
        if p.personal_data {
            personal_data.push(source.rel.clone());
        }
        let ids = if source.channel.is_empty() {
            &mut first_page_use
        } else {
            &mut first_use
        };
        if let Some((id, at)) = p.id {
            match ids.get(&id) {
                Some(first) => diagnostics.push(
                    Diagnostic::error(at, format!("duplicate id `{id}`"))
                        .with_see("already used by", first.clone()),
                ),
                None => {
                    ids.insert(id, at);
                }
            }
        }
        entries.extend(p.entry);
        pages.extend(p.page);
    }
    if let Some(config) = &config {
        diagnostics.extend(site_files_problems(content_dir, config, &pages));
    }
    check_references(&names, &first_use, &mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    let mut config = match config {
        Some(c) if !diagnostics.iter().any(Diagnostic::is_error) => c,
        _ => return Err(Error::Content(diagnostics)),
    };
    let pages = in_footer_order(&config, pages);
    config.site.pages = pages
        .iter()
        .map(|p| NoticeRef {
            id: p.id.clone(),
            title: p.title.clone(),
        })
        .collect();
    if let Some(badge) = &config.badge {
        let name = Path::new(badge)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        config.site.footer.badge = site_files::asset(name);
    }
    entries.sort_by(|a, b| b.instant.cmp(&a.instant).then_with(|| a.id.cmp(&b.id)));
    // Embargo: a notice dated after the build's clock is left out of everything.
    let now = options.now();
    let due = entries.partition_point(|e| e.instant > now);
    let held: Vec<Held> = entries
        .drain(..due)
        .rev()
        .map(|e| Held {
            id: e.id,
            published: e.published,
        })
        .collect();
    config.site.preview = options.drafts;
    Ok(Loaded {
        config,
        entries,
        pages,
        warnings: diagnostics,
        held,
        personal_data,
        now,
    })
}

/// Every `replaced_by`, `amended_by` and `interprets` (`names`, with the id of the notice that
/// wrote it) must name another notice of the content folder (`ids`: every id read).
fn check_references(
    names: &[(Option<String>, Named)],
    ids: &HashMap<String, Location>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (own, (field, id, at)) in names {
        if own.as_ref() == Some(id) {
            diagnostics.push(Diagnostic::error(
                at.clone(),
                format!("{field}: a notice cannot name itself"),
            ));
        } else if !ids.contains_key(id) {
            diagnostics.push(Diagnostic::error(
                at.clone(),
                format!("{field}: no notice has the id `{id}` (a draft is not published)"),
            ));
        }
    }
}

/// The problems of what `site.toml` names in the content folder: a footer page without a file,
/// a 党政机关网站标识 image that is not there.
fn site_files_problems(content_dir: &Path, config: &Config, pages: &[Page]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = Location::new(SITE_FILE, 1, 1);
    for id in &config.page_order {
        if !pages.iter().any(|p| p.id == *id) {
            problems.push(Diagnostic::error(
                at.clone(),
                format!("footer.pages: no page `{id}` in {PAGES_FOLDER}/ (write {PAGES_FOLDER}/{id}.md)"),
            ));
        }
    }
    if let Some(badge) = &config.badge {
        if !content_dir.join(badge).is_file() {
            problems.push(Diagnostic::error(
                at,
                format!("footer.badge: no file `{badge}` in the content folder"),
            ));
        }
    }
    problems
}

/// The pages in the order `footer.pages` gives, then the others by id.
fn in_footer_order(config: &Config, mut pages: Vec<Page>) -> Vec<Page> {
    let rank = |p: &Page| {
        config
            .page_order
            .iter()
            .position(|id| *id == p.id)
            .unwrap_or(usize::MAX)
    };
    pages.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id)));
    pages
}

/// Checks the content folder without writing anything.
pub fn check(content_dir: &Path, options: &Options) -> Result<Report, Error> {
    let started = Instant::now();
    let loaded = load(content_dir, None, false, options)?;
    let pages = list_page_count(&loaded);
    Ok(Report {
        notices: loaded.entries.len(),
        channels: loaded.config.site.channels.len(),
        list_pages: pages,
        elapsed: started.elapsed(),
        warnings: loaded.warnings,
        held: loaded.held,
        personal_data: loaded.personal_data,
        changes: None,
    })
}

fn channel_ranks(loaded: &Loaded) -> Vec<Vec<u32>> {
    let site = &loaded.config.site;
    let index: HashMap<&str, usize> = site
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut ranks = vec![Vec::new(); site.channels.len()];
    for (rank, e) in loaded.entries.iter().enumerate() {
        ranks[index[e.channel.as_str()]].push(rank as u32);
    }
    ranks
}

fn list_page_count(loaded: &Loaded) -> usize {
    let size = loaded.config.site.page_size as usize;
    channel_ranks(loaded)
        .iter()
        .map(|r| page_count(r.len(), size))
        .sum::<usize>()
        + page_count(loaded.entries.len(), size)
}

/// Computes `prev`, `next` and `related` for every notice, by rank.
fn link(loaded: &Loaded, options: &Options) -> Vec<Links> {
    let ranks = channel_ranks(loaded);
    let channel_of: HashMap<&str, u32> = loaded
        .config
        .site
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i as u32))
        .collect();
    let index = KeywordIndex::new(
        loaded
            .entries
            .iter()
            .map(|e| (channel_of[e.channel.as_str()], e.keywords.as_slice())),
        ranks.len(),
    );
    let all: Vec<u32> = (0..loaded.entries.len() as u32).collect();
    let mut links: Vec<Links> =
        par_map(&all, options.workers, &Default::default(), |_, &r| Links {
            related: index.related(r),
            ..Links::default()
        });
    for list in &ranks {
        for (k, &r) in list.iter().enumerate() {
            let link = &mut links[r as usize];
            link.next = k.checked_sub(1).map(|j| list[j]);
            link.prev = list.get(k + 1).copied();
        }
    }
    typed_links(loaded, &mut links);
    links
}

/// The links authors write (`replaced_by`, `amended_by`, `interprets`) and their reverse
/// (替代了, 修改了, 政策解读), between published notices only: a link to a notice held back
/// appears with the build that publishes it. Reverse links are listed oldest first.
fn typed_links(loaded: &Loaded, links: &mut [Links]) {
    let rank: HashMap<&str, u32> = loaded
        .entries
        .iter()
        .enumerate()
        .map(|(r, e)| (e.id.as_str(), r as u32))
        .collect();
    let target = |named: &Option<(String, Location)>| {
        named
            .as_ref()
            .and_then(|(id, _)| rank.get(id.as_str()).copied())
    };
    for (r, e) in loaded.entries.iter().enumerate().rev() {
        let r = r as u32;
        if let Some(t) = target(&e.life.replaced_by) {
            links[r as usize].replaced_by = Some(t);
            links[t as usize].replaces.push(r);
        }
        if let Some(t) = target(&e.life.amended_by) {
            links[r as usize].amended_by = Some(t);
            links[t as usize].amends.push(r);
        }
        if let Some(t) = target(&e.life.interprets) {
            links[r as usize].interprets = Some(t);
            links[t as usize].interpretations.push(r);
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("contract types serialize");
    bytes.push(b'\n');
    bytes
}

fn io_error(what: &str) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// Writes one prerendered page at `rel` (e.g. `notice/<id>/index.html`).
fn write_page(
    staging: &Staging,
    rel: &str,
    pre: &Prerender<'_>,
    route: &str,
    kind: prerender::Kind,
    channel: Option<&str>,
    files: HashMap<String, String>,
) -> Result<(), String> {
    let (build, timed) = pre.fingerprint(route, kind, channel, &files);
    let marker = format!(" data-build=\"{build}\">");
    if !timed
        && staging
            .keep_marked(rel, marker.as_bytes())
            .map_err(io_error(rel))?
    {
        return Ok(());
    }
    let html = prerender::page(
        prerender::Context {
            shell: pre.shell,
            site: pre.site,
            public_url: pre.base_url,
        },
        route,
        kind,
        channel,
        files,
        Some(&build),
    );
    staging.write(rel, html.as_bytes()).map_err(io_error(rel))
}

/// Writes the data file `file` and, with a shell, the prerendered page of `route` that shows it.
fn write_shown(
    staging: &Staging,
    pre: Option<&Prerender<'_>>,
    (file, bytes): (&str, &[u8]),
    route: &str,
    kind: prerender::Kind,
    channel: Option<&str>,
) -> Result<(), String> {
    let path = data_files::path(file);
    staging.write(&path, bytes).map_err(io_error(&path))?;
    match pre {
        Some(pre) => write_page(
            staging,
            &routes::page_file(route),
            pre,
            route,
            kind,
            channel,
            pre.files([(file.to_string(), text(bytes))]),
        ),
        None => Ok(()),
    }
}

/// What every prerendered page needs.
struct Prerender<'a> {
    shell: &'a prerender::Shell,
    site: &'a Site,
    base_url: &'a str,
    site_json: String,
    /// A digest of what every page is made from: the tool itself, the shell, the site, the
    /// base URL.
    common: u64,
}

/// A digest of the running program's file: a page made by another build of the tool is made
/// again. When the file cannot be read, a digest no earlier page carries (the time).
fn tool_digest() -> u64 {
    use std::hash::{Hash, Hasher};
    static DIGEST: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *DIGEST.get_or_init(|| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        match std::env::current_exe().and_then(std::fs::read) {
            Ok(bytes) => bytes.hash(&mut hasher),
            Err(_) => std::time::SystemTime::now().hash(&mut hasher),
        }
        hasher.finish()
    })
}

impl<'a> Prerender<'a> {
    fn new(shell: &'a prerender::Shell, site: &'a Site, base_url: &'a str) -> Self {
        use std::hash::{Hash, Hasher};
        let site_json = text(&json(site));
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        tool_digest().hash(&mut hasher);
        shell.digest(&mut hasher);
        site_json.hash(&mut hasher);
        base_url.hash(&mut hasher);
        Prerender {
            shell,
            site,
            base_url,
            site_json,
            common: hasher.finish(),
        }
    }

    /// The fingerprint of one page: everything it is made from but the clock (16 hex digits),
    /// and whether the page depends on the clock too (its data has a 有效期 or 截止时间, which
    /// show 已失效 / 已截止 as of the build's clock): such a page is always made again.
    fn fingerprint(
        &self,
        route: &str,
        kind: prerender::Kind,
        channel: Option<&str>,
        files: &HashMap<String, String>,
    ) -> (String, bool) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.common.hash(&mut hasher);
        route.hash(&mut hasher);
        format!("{kind:?}").hash(&mut hasher);
        channel.hash(&mut hasher);
        let mut sorted: Vec<(&String, &String)> = files.iter().collect();
        sorted.sort();
        sorted.hash(&mut hasher);
        let timed = sorted
            .iter()
            .any(|(_, text)| text.contains("\"valid_until\"") || text.contains("\"deadline\""));
        (format!("{:016x}", hasher.finish()), timed)
    }

    /// The data files of a page: the site file and `more`.
    fn files(&self, more: impl IntoIterator<Item = (String, String)>) -> HashMap<String, String> {
        let mut files: HashMap<String, String> = more.into_iter().collect();
        files.insert(data_files::SITE.to_string(), self.site_json.clone());
        files
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes every file into the staging folder; returns the number of list pages.
fn write_all(
    loaded: &Loaded,
    links: &[Links],
    staging: &Staging,
    options: &Options,
    shell: Option<&prerender::Shell>,
) -> Result<usize, String> {
    let site: &Site = &loaded.config.site;
    let ranks = channel_ranks(loaded);
    let pre = shell.map(|shell| Prerender::new(shell, site, &loaded.config.base_url));
    let notices = data_files::path(&data_files::notices_folder());
    staging.create_dir(&notices).map_err(io_error(&notices))?;
    let site_file = data_files::path(data_files::SITE);
    staging
        .write(&site_file, &json(site))
        .map_err(io_error(&site_file))?;

    // The lists: every channel, then `all`.
    let all: Vec<u32> = (0..loaded.entries.len() as u32).collect();
    let mut lists: Vec<(&str, &[u32])> = site
        .channels
        .iter()
        .zip(&ranks)
        .map(|(c, r)| (c.id.as_str(), r.as_slice()))
        .collect();
    lists.push((ALL_CHANNEL, &all));
    let mut phase = progress::Phases::start();
    let written = write_lists(loaded, &lists, staging, pre.as_ref(), options.workers)?;
    phase.end("lists");
    write_notices(loaded, links, staging, options, pre.as_ref())?;
    phase.end("notices");
    write_search_index(loaded, staging, options.workers)?;
    phase.end("search index");
    write_pages(loaded, staging, pre.as_ref())?;
    if let Some(pre) = &pre {
        write_other_pages(staging, pre, written.first_pages)?;
    }
    phase.end("other pages");
    write_feeds(loaded, &ranks, &all, staging)?;
    let urls = sitemap_urls(loaded, written.urls);
    write_sitemap(&loaded.config.base_url, &urls, staging)?;
    phase.end("feeds, sitemap");
    Ok(written.pages)
}

/// What writing the lists hands on to the rest of the build.
struct WrittenLists {
    /// How many list pages there are.
    pages: usize,
    /// The absolute URL of every list page, for the sitemap.
    urls: Vec<String>,
    /// Page 1 of every list, by data file, for the home page (when pages are prerendered).
    first_pages: HashMap<String, String>,
}

/// Writes every page of every list (a channel and its notices' ranks, newest first) and, with a
/// shell, its prerendered page.
fn write_lists(
    loaded: &Loaded,
    lists: &[(&str, &[u32])],
    staging: &Staging,
    pre: Option<&Prerender<'_>>,
    workers: usize,
) -> Result<WrittenLists, String> {
    let size = loaded.config.site.page_size as usize;
    let mut written = WrittenLists {
        pages: 0,
        urls: Vec::new(),
        first_pages: HashMap::new(),
    };
    // Every page of every list, written on the workers.
    let mut jobs: Vec<(&str, &[u32], usize, usize)> = Vec::new();
    for &(channel, members) in lists {
        let dir = data_files::path(&data_files::list_folder(channel));
        staging.create_dir(&dir).map_err(io_error(&dir))?;
        let pages = page_count(members.len(), size);
        jobs.extend((1..=pages).map(|page| (channel, members, page, pages)));
        written.pages += pages;
    }
    let firsts = par_map(
        &jobs,
        workers,
        &Default::default(),
        |_, &(channel, members, page, pages)| -> Result<Option<(String, String)>, String> {
            let list = list_page(loaded, channel, members, page, pages);
            let file = data_files::list(channel, page as u32);
            let bytes = json(&list);
            let route = routes::list(channel, page as u32);
            let kind = prerender::Kind::Website;
            write_shown(staging, pre, (&file, &bytes), &route, kind, Some(channel))?;
            Ok((pre.is_some() && page == 1).then(|| (file, text(&bytes))))
        },
    );
    for first in firsts {
        written.first_pages.extend(first?);
    }
    written.urls = jobs
        .iter()
        .map(|&(channel, _, page, _)| {
            absolute(&loaded.config.base_url, &routes::list(channel, page as u32))
        })
        .collect();
    Ok(written)
}

/// Page `page` (from 1) of the `pages` pages of a list of `members` (ranks).
fn list_page(
    loaded: &Loaded,
    channel: &str,
    members: &[u32],
    page: usize,
    pages: usize,
) -> ListPage {
    let size = loaded.config.site.page_size as usize;
    let items = members[page_range(members.len(), size, page)]
        .iter()
        .map(|&r| {
            let n = &loaded.entries[r as usize];
            ListItem {
                id: n.id.clone(),
                title: n.title.clone(),
                published: n.published.clone(),
                channel: n.channel.clone(),
                validity: n.life.validity,
                valid_until: n.life.valid_until.clone(),
                deadline: n.life.deadline.clone(),
            }
        })
        .collect();
    ListPage {
        channel: channel.to_string(),
        page: page as u32,
        pages: pages as u32,
        total: members.len() as u32,
        items,
    }
}

/// Writes every notice, its files and, with a shell, its prerendered page, in parallel.
fn write_notices(
    loaded: &Loaded,
    links: &[Links],
    staging: &Staging,
    options: &Options,
    pre: Option<&Prerender<'_>>,
) -> Result<(), String> {
    let show = options.progress && progress::wanted(loaded.entries.len());
    let results = with_bar("writing", loaded.entries.len(), show, |p| {
        par_map(&loaded.entries, options.workers, p, |rank, e| {
            write_notice(loaded, e, &links[rank], staging, pre)
        })
    });
    results.into_iter().collect::<Result<Vec<()>, String>>()?;
    Ok(())
}

/// Writes one notice with its computed fields (`link`), its prerendered page and its files.
fn write_notice(
    loaded: &Loaded,
    e: &Entry,
    link: &Links,
    staging: &Staging,
    pre: Option<&Prerender<'_>>,
) -> Result<(), String> {
    let reference = |r: u32| loaded.entries[r as usize].reference();
    let references = |ranks: &[u32]| ranks.iter().map(|&r| reference(r)).collect();
    let tail = Tail {
        prev: link.prev.map(reference),
        next: link.next.map(reference),
        related: references(&link.related),
        replaced_by: link.replaced_by.map(reference),
        amended_by: link.amended_by.map(reference),
        replaces: references(&link.replaces),
        amends: references(&link.amends),
        interprets: link.interprets.map(reference),
        interpretations: link
            .interpretations
            .iter()
            .map(|&r| {
                let i = &loaded.entries[r as usize];
                Interpretation {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    kind: i.life.kind,
                }
            })
            .collect(),
    };
    let file = data_files::notice(&e.id);
    let bytes = with_tail(&e.json.bytes(), &tail);
    let route = routes::notice(&e.id);
    let kind = prerender::Kind::Article;
    write_shown(
        staging,
        pre,
        (&file, &bytes),
        &route,
        kind,
        Some(&e.channel),
    )?;
    if !e.copies.is_empty() {
        let dir = data_files::path(&data_files::notice_files(&e.id));
        staging.create_dir(&dir).map_err(io_error(&dir))?;
        for c in &e.copies {
            let to = data_files::path(&data_files::notice_file(&e.id, &c.name));
            staging.copy(&c.source, &to).map_err(io_error(&to))?;
        }
    }
    Ok(())
}

/// Writes the standalone pages, the site's own files (the 党政机关网站标识 image) and, with a
/// shell, the standalone pages' prerendered pages.
fn write_pages(
    loaded: &Loaded,
    staging: &Staging,
    pre: Option<&Prerender<'_>>,
) -> Result<(), String> {
    if let Some(badge) = &loaded.config.badge {
        let dir = site_files::ASSETS_FOLDER;
        staging.create_dir(dir).map_err(io_error(dir))?;
        let to = &loaded.config.site.footer.badge;
        staging
            .copy(&loaded.config.content_dir.join(badge), to)
            .map_err(io_error(to))?;
    }
    if loaded.pages.is_empty() {
        return Ok(());
    }
    let dir = data_files::path(&data_files::pages_folder());
    staging.create_dir(&dir).map_err(io_error(&dir))?;
    for page in &loaded.pages {
        let file = data_files::page(&page.id);
        let route = routes::page(&page.id);
        let kind = prerender::Kind::Website;
        write_shown(staging, pre, (&file, &json(page)), &route, kind, None)?;
    }
    Ok(())
}

/// Writes the prerendered pages that are neither lists nor notices: the home page and the
/// 网站地图 (with page 1 of every list, `first_pages`), the policy library, the search page and
/// the not-found page.
fn write_other_pages(
    staging: &Staging,
    pre: &Prerender<'_>,
    first_pages: HashMap<String, String>,
) -> Result<(), String> {
    let home = routes::home();
    let sitemap = routes::sitemap();
    write_page(
        staging,
        &routes::page_file(&sitemap),
        pre,
        &sitemap,
        prerender::Kind::Website,
        None,
        pre.files(first_pages.clone()),
    )?;
    write_page(
        staging,
        &routes::page_file(&home),
        pre,
        &home,
        prerender::Kind::Website,
        Some(""),
        pre.files(first_pages),
    )?;
    if pre.site.library {
        // The library's index is fetched by the app (it is not embedded: it grows with the site).
        let library = routes::library();
        write_page(
            staging,
            &routes::page_file(&library),
            pre,
            &library,
            prerender::Kind::Website,
            None,
            pre.files([]),
        )?;
    }
    // The search page without a query (a query is read from the URL by the app).
    let search = routes::search();
    write_page(
        staging,
        &routes::page_file(&search),
        pre,
        &search,
        prerender::Kind::Website,
        None,
        pre.files([]),
    )?;
    // Rendered at a path no route matches: the app's not-found page.
    write_page(
        staging,
        routes::NOT_FOUND_FILE,
        pre,
        &routes::not_found(),
        prerender::Kind::NotFound,
        None,
        pre.files([]),
    )
}

/// Writes the site's feed (`all` notices' ranks) and every channel's (`ranks`, as the channels
/// are listed), each with its newest [`FEED_ENTRIES`] notices.
fn write_feeds(
    loaded: &Loaded,
    ranks: &[Vec<u32>],
    all: &[u32],
    staging: &Staging,
) -> Result<(), String> {
    let site = &loaded.config.site;
    staging
        .create_dir(site_files::FEEDS_FOLDER)
        .map_err(io_error(site_files::FEEDS_FOLDER))?;
    let feeds = Feeds::new(loaded);
    let xml = feeds.atom(
        &site.name,
        Some(site.description.as_str()),
        site_files::FEED,
        &routes::home(),
        all,
    );
    staging
        .write(site_files::FEED, xml.as_bytes())
        .map_err(io_error(site_files::FEED))?;
    for (channel, members) in site.channels.iter().zip(ranks) {
        let path = site_files::channel_feed(&channel.id);
        let title = format!("{} - {}", channel.name, site.name);
        let route = routes::list(&channel.id, 1);
        let xml = feeds.atom(&title, None, &path, &route, members);
        staging
            .write(&path, xml.as_bytes())
            .map_err(io_error(&path))?;
    }
    Ok(())
}

/// What every feed of the site shares.
struct Feeds<'a> {
    loaded: &'a Loaded,
    /// The site's organizer, or its name.
    author: &'a str,
    /// Channel names by id.
    names: HashMap<&'a str, &'a str>,
}

impl<'a> Feeds<'a> {
    fn new(loaded: &'a Loaded) -> Self {
        let site = &loaded.config.site;
        let author = if site.footer.organizer.is_empty() {
            site.name.as_str()
        } else {
            site.footer.organizer.as_str()
        };
        let names = site
            .channels
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect();
        Feeds {
            loaded,
            author,
            names,
        }
    }

    /// The feed written at `path` for the page of `route`: the newest of `members` (ranks).
    fn atom(
        &self,
        title: &str,
        subtitle: Option<&str>,
        path: &str,
        route: &str,
        members: &[u32],
    ) -> String {
        let base = &self.loaded.config.base_url;
        // The latest change among the feed's notices (its newest, or a later correction).
        let updated = members
            .iter()
            .take(FEED_ENTRIES)
            .map(|&r| &self.loaded.entries[r as usize])
            .max_by_key(|e| {
                crate::contract::time::Timestamp::parse(e.last_change())
                    .map_or(e.instant, |t| t.unix_seconds())
            })
            .map_or("1970-01-01T00:00:00Z", Entry::last_change);
        let entries: Vec<feed::Entry<'_>> = members
            .iter()
            .take(FEED_ENTRIES)
            .map(|&r| self.entry(r))
            .collect();
        feed::atom(
            &feed::Feed {
                title,
                subtitle,
                lang: &self.loaded.config.site.lang,
                self_url: &absolute(base, path),
                page_url: &absolute(base, route),
                author: self.author,
                updated,
            },
            &entries,
        )
    }

    fn entry(&self, rank: u32) -> feed::Entry<'a> {
        let n = &self.loaded.entries[rank as usize];
        feed::Entry {
            title: &n.title,
            url: absolute(&self.loaded.config.base_url, &routes::notice(&n.id)),
            published: &n.published,
            updated: n.last_change(),
            category: (n.channel.as_str(), self.names[n.channel.as_str()]),
            summary: n.description(),
        }
    }
}

/// The pages of the sitemap: the home page, every list page (`list_urls`), every notice.
fn sitemap_urls(loaded: &Loaded, list_urls: Vec<String>) -> Vec<Url> {
    let base = &loaded.config.base_url;
    let mut urls = Vec::with_capacity(1 + list_urls.len() + loaded.entries.len());
    urls.push(Url {
        loc: absolute(base, &routes::home()),
        lastmod: loaded.entries.first().map(|e| e.published.clone()),
    });
    urls.extend(list_urls.into_iter().map(|loc| Url { loc, lastmod: None }));
    let mut others = vec![routes::sitemap()];
    if loaded.config.site.library {
        others.push(routes::library());
    }
    others.extend(loaded.pages.iter().map(|p| routes::page(&p.id)));
    urls.extend(others.iter().map(|route| Url {
        loc: absolute(base, route),
        lastmod: None,
    }));
    urls.extend(loaded.entries.iter().map(|e| Url {
        loc: absolute(base, &routes::notice(&e.id)),
        lastmod: Some(e.last_change().to_string()),
    }));
    urls
}

/// Writes the sitemap of `urls` for the site at `base`: one file, or beyond [`MAX_URLS`] pages
/// its parts and an index of them.
fn write_sitemap(base: &str, urls: &[Url], staging: &Staging) -> Result<(), String> {
    if urls.len() <= MAX_URLS {
        return staging
            .write(site_files::SITEMAP, sitemap::urlset(urls).as_bytes())
            .map_err(io_error(site_files::SITEMAP));
    }
    staging
        .create_dir(site_files::SITEMAPS_FOLDER)
        .map_err(io_error(site_files::SITEMAPS_FOLDER))?;
    let mut parts = Vec::new();
    for (i, chunk) in urls.chunks(MAX_URLS).enumerate() {
        let path = site_files::sitemap_part(i + 1);
        staging
            .write(&path, sitemap::urlset(chunk).as_bytes())
            .map_err(io_error(&path))?;
        parts.push(absolute(base, &path));
    }
    staging
        .write(site_files::SITEMAP, sitemap::index(&parts).as_bytes())
        .map_err(io_error(site_files::SITEMAP))
}

/// Writes the search index under `data/search/` (see [`crate::search::index`]): every notice,
/// numbered oldest first (the reverse of the lists' order), so that a new notice leaves the
/// numbers of the others as they were.
fn write_search_index(loaded: &Loaded, staging: &Staging, workers: usize) -> Result<(), String> {
    let site = &loaded.config.site;
    let channels: Vec<String> = site.channels.iter().map(|c| c.id.clone()).collect();
    let mut builder = IndexBuilder::default();
    let mut docs = Vec::with_capacity(loaded.entries.len());
    let mut attrs = Vec::with_capacity(loaded.entries.len());
    let mut library = LibraryBuilder::default();
    // Documents oldest first. Each run of them is read back from its JSON and cut into text on the
    // workers, then indexed in order.
    let oldest_first: Vec<&Entry> = loaded.entries.iter().rev().collect();
    let read = |e: &&Entry| -> Result<Notice, String> {
        serde_json::from_slice(&e.json.bytes())
            .map_err(|err| format!("{}: {err}", data_files::path(&data_files::notice(&e.id))))
    };
    // Runs of 1,024 are read and cut on the workers while the run before is indexed on this
    // thread: only a few runs' texts are in memory at once.
    let in_library = |e: &Entry| {
        loaded.config.library_channels.contains(&e.channel) && e.life.interprets.is_none()
    };
    let cut = |_, e: &&Entry| {
        read(e).map(|n| {
            let text = notice_text(&n);
            // The library lists the documents themselves; an interpretation is linked from its
            // policy.
            let notice = in_library(e).then_some(n);
            (notice, DocUnits::cut(&text.title, &text.body))
        })
    };
    let mut phase = progress::Phases::start();
    std::thread::scope(|scope| -> Result<(), String> {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        let oldest_first = &oldest_first;
        scope.spawn(move || {
            for run in oldest_first.chunks(1024) {
                // Stops when the indexing stopped (an error).
                if send
                    .send(par_map(run, workers, &Default::default(), cut))
                    .is_err()
                {
                    break;
                }
            }
        });
        let reads = receive.into_iter().flatten();
        for (doc, (e, read)) in oldest_first.iter().zip(reads).enumerate() {
            let (notice, units) = read?;
            if let Some(notice) = notice {
                library.add(doc as u32, &notice, loaded.now);
            }
            builder.add_units(&units);
            docs.push(SearchDoc {
                id: e.id.clone(),
                title: e.title.clone(),
                channel: e.channel.clone(),
                published: e.published.clone(),
                validity: e.life.validity,
                valid_until: e.life.valid_until.clone(),
                deadline: e.life.deadline.clone(),
            });
            attrs.push(Attr {
                channel: channels.iter().position(|c| *c == e.channel).unwrap_or(0) as u32,
                date: date_number(&e.published).unwrap_or(0),
            });
        }
        Ok(())
    })?;
    // The index's folders (its file names are the search core's).
    for folder in ["shards", "docs", "ids", "attrs", "versions", "blocks"] {
        let dir = data_files::path(&data_files::search(folder));
        staging.create_dir(&dir).map_err(io_error(&dir))?;
    }
    phase.end("search: read, cut and add");
    // The versions of the `docs/` chunks (the library names those of its documents).
    let mut doc_versions = Vec::new();
    let manifest = builder.write_files(&docs, &attrs, &channels, |name, bytes| {
        if name.starts_with("docs/") {
            doc_versions.push(version_text(version_of(&bytes)));
        }
        let path = data_files::path(&data_files::search(name));
        staging.write(&path, &bytes).map_err(io_error(&path))
    })?;
    phase.end("search: files");
    if site.library {
        // The versions of the `docs/` chunks that hold a library document.
        let mut versions = vec![String::new(); docs.len().div_ceil(DOC_CHUNK as usize)];
        for (doc, _, _) in &library.rows {
            let n = (doc / DOC_CHUNK) as usize;
            versions[n] = doc_versions[n].clone();
        }
        let path = data_files::path(data_files::LIBRARY);
        staging
            .write(&path, &json(&library.index(&manifest, versions)))
            .map_err(io_error(&path))?;
    }
    Ok(())
}

/// A preview (`--drafts`) never goes into a folder that holds a normal build, so that a build
/// with drafts cannot replace a deployed site by accident.
fn refuse_normal_build(out_dir: &Path) -> Result<(), Error> {
    let site_file = out_dir.join(data_files::path(data_files::SITE));
    let Ok(text) = std::fs::read_to_string(&site_file) else {
        return Ok(());
    };
    match serde_json::from_str::<Site>(&text) {
        Ok(site) if site.preview => Ok(()),
        _ => Err(Error::Output {
            message: format!(
                "{} holds a normal build: a preview with drafts is written only into an empty folder or a previous preview",
                out_dir.display()
            ),
            warnings: Vec::new(),
        }),
    }
}

/// The policy library's facet index, built as the notices are read for the search index.
#[derive(Default)]
struct LibraryBuilder {
    /// Per facet, its values by first appearance, with their counts.
    values: Vec<Vec<(String, usize)>>,
    /// Per document, oldest first: its number, its 成文日期 and its value (index in `values`) per
    /// facet.
    rows: Vec<(u32, u32, Vec<Option<usize>>)>,
    numbers: Vec<String>,
}

impl LibraryBuilder {
    fn add(&mut self, doc: u32, notice: &Notice, now: i64) {
        self.values.resize(FACETS.len(), Vec::new());
        let mut cells = Vec::with_capacity(FACETS.len());
        for (facet, values) in FACETS.iter().zip(&mut self.values) {
            let cell = (facet.value)(notice, now)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty());
            cells.push(
                cell.map(|v| match values.iter().position(|(x, _)| *x == v) {
                    Some(i) => {
                        values[i].1 += 1;
                        i
                    }
                    None => {
                        values.push((v, 1));
                        values.len() - 1
                    }
                }),
            );
        }
        let written = notice.written.as_deref().map_or(0, library::date_number);
        self.rows.push((doc, written, cells));
        self.numbers
            .push(notice.doc_number.clone().unwrap_or_default());
    }

    /// The index: each facet's values sorted (by count, or years newest first), the rows
    /// renumbered to match.
    fn index(mut self, manifest: &Manifest, doc_versions: Vec<String>) -> LibraryIndex {
        self.values.resize(FACETS.len(), Vec::new());
        // The rows newest first, as the library shows them.
        self.rows.reverse();
        self.numbers.reverse();
        let mut facets = Vec::with_capacity(FACETS.len());
        let mut renumber: Vec<Vec<u32>> = Vec::with_capacity(FACETS.len());
        for (facet, values) in FACETS.iter().zip(&self.values) {
            let mut order: Vec<usize> = (0..values.len()).collect();
            if facet.descending {
                order.sort_by(|&a, &b| values[b].0.cmp(&values[a].0));
            } else {
                order.sort_by(|&a, &b| {
                    values[b]
                        .1
                        .cmp(&values[a].1)
                        .then_with(|| values[a].0.cmp(&values[b].0))
                });
            }
            let mut number = vec![0u32; values.len()];
            for (new, &old) in order.iter().enumerate() {
                number[old] = new as u32 + 1;
            }
            renumber.push(number);
            facets.push(FacetValues {
                key: facet.key.to_string(),
                values: order.iter().map(|&i| values[i].0.clone()).collect(),
            });
        }
        let rows = self
            .rows
            .iter()
            .map(|(doc, written, cells)| {
                let mut row = vec![*doc, *written];
                row.extend(
                    cells
                        .iter()
                        .zip(&renumber)
                        .map(|(cell, number)| cell.map_or(0, |i| number[i])),
                );
                row
            })
            .collect();
        // Newest 成文日期 first; the publication order among equal dates.
        let mut by_written: Vec<u32> = (0..self.rows.len() as u32).collect();
        by_written.sort_by_key(|&r| std::cmp::Reverse(self.rows[r as usize].1));
        LibraryIndex {
            doc_versions,
            doc_chunk: manifest.doc_chunk,
            facets,
            rows,
            by_written,
            numbers: self.numbers,
        }
    }
}

/// Builds the site: reads `content_dir`, and on success replaces the generated entries of
/// `out_dir` (`data`, `feeds`, `feed.xml`, `sitemap.xml`, `sitemaps`). On any error nothing in
/// `out_dir` changes.
pub fn build(content_dir: &Path, out_dir: &Path, options: &Options) -> Result<Report, Error> {
    build_pages(content_dir, out_dir, options, None)
}

/// [`build`], and with the built app shell (Trunk's `index.html`, or a page prerendered before
/// into `out_dir`) also the prerendered entry pages: `index.html`, `list/<channel>/<n>/index.html`, `notice/<id>/index.html` and
/// `404.html` (see [`crate::tool::prerender`]), replaced together with the data tree.
pub fn build_pages(
    content_dir: &Path,
    out_dir: &Path,
    options: &Options,
    shell: Option<&str>,
) -> Result<Report, Error> {
    let shell = match shell
        .map(|html| prerender::Shell::parse_in(html, out_dir))
        .transpose()
    {
        Ok(shell) => shell,
        Err(message) => {
            return Err(Error::Output {
                message: format!("the app shell: {message}"),
                warnings: Vec::new(),
            })
        }
    };
    build_with_shell(content_dir, out_dir, options, shell.as_ref())
}

/// Links every file the build made in `site_dir` (its data tree, feeds, sitemap and prerendered
/// pages) into `into`, replacing what is there: hard links, or copies across file systems.
pub fn link_site(site_dir: &Path, into: &Path) -> std::io::Result<()> {
    let pages = routes::page_entries();
    let entries: Vec<&str> = MANAGED
        .iter()
        .copied()
        .chain(pages.iter().map(String::as_str))
        .collect();
    super::output::link_entries(site_dir, into, &entries)
}

/// [`build_pages`] with the shell already read.
pub fn build_with_shell(
    content_dir: &Path,
    out_dir: &Path,
    options: &Options,
    shell: Option<&prerender::Shell>,
) -> Result<Report, Error> {
    let started = Instant::now();
    let exclude = std::fs::canonicalize(out_dir).ok();
    if let (Some(out), Ok(content)) = (&exclude, std::fs::canonicalize(content_dir)) {
        if *out == content {
            return Err(Error::Content(vec![Diagnostic::error(
                Location::new("", 1, 1),
                "the output folder must not be the content folder",
            )]));
        }
    }
    if options.drafts {
        refuse_normal_build(out_dir)?;
    }
    // One clock for the whole build: the embargo and the prerendered marks agree.
    let options = &Options {
        now: Some(options.now()),
        ..options.clone()
    };
    let mut phase = progress::Phases::start();
    let loaded = load(content_dir, exclude.as_deref(), true, options)?;
    phase.end("read");
    prerender::set_clock(options.now());
    let links = link(&loaded, options);
    phase.end("links");
    let fail = |message: String, loaded: &Loaded| Error::Output {
        message,
        warnings: loaded.warnings.clone(),
    };
    let staging = Staging::new(out_dir)
        .map_err(|e| fail(format!("cannot create {}: {e}", out_dir.display()), &loaded))?;
    let list_pages =
        write_all(&loaded, &links, &staging, options, shell).map_err(|m| fail(m, &loaded))?;
    let pages = routes::page_entries();
    let mut managed: Vec<&str> = MANAGED.to_vec();
    if shell.is_some() {
        managed.extend(pages.iter().map(String::as_str));
    }
    let changes = staging
        .publish_entries(options.workers, &managed)
        .map_err(|e| {
            fail(
                format!("cannot move the new files into place: {e}"),
                &loaded,
            )
        })?;
    phase.end("publish");
    Ok(Report {
        notices: loaded.entries.len(),
        channels: loaded.config.site.channels.len(),
        list_pages,
        elapsed: started.elapsed(),
        warnings: loaded.warnings,
        held: loaded.held,
        personal_data: loaded.personal_data,
        changes: Some(changes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::model::Inline;

    fn reference(id: &str) -> NoticeRef {
        NoticeRef {
            id: id.to_string(),
            title: format!("标题 {id}"),
        }
    }

    #[test]
    fn packed_bytes_come_back_as_they_were() {
        // Text that shrinks, and bytes that do not (the output outgrows its first buffer).
        let text = "关于开展信息通信行业安全生产专项检查的通知。".repeat(500);
        let mut noise = Vec::new();
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            noise.push(x as u8);
        }
        for bytes in [text.as_bytes(), &noise, b"", b"{}"] {
            let packed = Packed::new(bytes);
            assert_eq!(packed.bytes(), bytes);
            if bytes.len() > 1000 && bytes == text.as_bytes() {
                assert!(packed.0.len() < bytes.len() / 10, "{}", packed.0.len());
            }
        }
    }

    #[test]
    fn appended_links_give_the_bytes_of_the_whole_notice() {
        let base = Notice {
            id: "a".to_string(),
            title: "通知".to_string(),
            published: "2026-01-01T00:00:00+08:00".to_string(),
            channel: "tzgg".to_string(),
            keywords: vec!["k".to_string()],
            body: vec![Block::Paragraph {
                content: vec![Inline::Text("正文".to_string())],
            }],
            ..Notice::default()
        };
        let cases = [
            (None, None, vec![]),
            (Some(reference("p")), None, vec![]),
            (None, Some(reference("n")), vec![reference("r")]),
            (None, None, vec![reference("r"), reference("s")]),
            (
                Some(reference("p")),
                Some(reference("n")),
                vec![reference("r")],
            ),
        ];
        for (prev, next, related) in cases {
            let mut whole = base.clone();
            whole.prev = prev.clone();
            whole.next = next.clone();
            whole.related = related.clone();
            let mut want = serde_json::to_vec(&whole).unwrap();
            want.push(b'\n');
            let got = with_tail(
                &serde_json::to_vec(&base).unwrap(),
                &Tail {
                    prev,
                    next,
                    related,
                    ..Tail::default()
                },
            );
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }

    #[test]
    fn appended_typed_links_give_the_bytes_of_the_whole_notice() {
        let base = Notice {
            id: "a".to_string(),
            title: "通知".to_string(),
            published: "2026-01-01T00:00:00+08:00".to_string(),
            channel: "zcwj".to_string(),
            body: vec![Block::Paragraph {
                content: vec![Inline::Text("正文".to_string())],
            }],
            ..Notice::default()
        };
        let interpretation = Interpretation {
            id: "i".to_string(),
            title: "解读".to_string(),
            kind: Some(InterpretationKind::Graphic),
        };
        let mut whole = base.clone();
        whole.related = vec![reference("r")];
        whole.replaced_by = Some(reference("n"));
        whole.amended_by = Some(reference("m"));
        whole.replaces = vec![reference("o")];
        whole.amends = vec![reference("p"), reference("q")];
        whole.interprets = Some(reference("x"));
        whole.interpretations = vec![interpretation.clone()];
        let mut want = serde_json::to_vec(&whole).unwrap();
        want.push(b'\n');
        let got = with_tail(
            &serde_json::to_vec(&base).unwrap(),
            &Tail {
                related: vec![reference("r")],
                replaced_by: Some(reference("n")),
                amended_by: Some(reference("m")),
                replaces: vec![reference("o")],
                amends: vec![reference("p"), reference("q")],
                interprets: Some(reference("x")),
                interpretations: vec![interpretation],
                ..Tail::default()
            },
        );
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }

    /// Reads the files a staging folder published into a fresh site folder.
    fn published(name: &str, write: impl FnOnce(&Staging)) -> std::path::PathBuf {
        let site =
            std::env::temp_dir().join(format!("bulletin-build-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        let staging = Staging::new(&site).unwrap();
        write(&staging);
        staging.publish(1).unwrap();
        site
    }

    #[test]
    fn a_large_sitemap_is_split_into_parts_with_an_index() {
        let base = "https://www.example.gov.cn/notices/";
        let urls: Vec<Url> = (0..=MAX_URLS)
            .map(|i| Url {
                loc: format!("{base}notice/n{i}"),
                lastmod: None,
            })
            .collect();
        let site = published("sitemap-large", |staging| {
            write_sitemap(base, &urls, staging).unwrap()
        });
        let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
        assert_eq!(
            read("sitemap.xml"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  \
             <sitemap><loc>https://www.example.gov.cn/notices/sitemaps/1.xml</loc></sitemap>\n  \
             <sitemap><loc>https://www.example.gov.cn/notices/sitemaps/2.xml</loc></sitemap>\n\
             </sitemapindex>\n"
        );
        let first = read("sitemaps/1.xml");
        assert_eq!(first.matches("<url>").count(), MAX_URLS);
        assert!(first.contains("<loc>https://www.example.gov.cn/notices/notice/n0</loc>"));
        let second = read("sitemaps/2.xml");
        assert_eq!(second.matches("<url>").count(), 1);
        assert!(second.contains(&format!(
            "<loc>https://www.example.gov.cn/notices/notice/n{MAX_URLS}</loc>"
        )));
        assert!(!site.join("sitemaps/3.xml").exists());
        std::fs::remove_dir_all(&site).unwrap();

        let site = published("sitemap-small", |staging| {
            write_sitemap(base, &urls[..2], staging).unwrap()
        });
        assert_eq!(
            std::fs::read_to_string(site.join("sitemap.xml")).unwrap(),
            sitemap::urlset(&urls[..2])
        );
        assert!(!site.join("sitemaps").exists());
        std::fs::remove_dir_all(&site).unwrap();
    }
}
