//! The build: the content folder is read and checked in full (in parallel), then the data
//! contract's files, the feeds and the sitemap are written into a staging folder and swapped in.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::config::{self, Config, SITE_FILE};
use super::dates::parse_date;
use super::diagnostics::{self, Diagnostic, LineIndex, Location};
use super::feed::{self, FEED_ENTRIES};
use super::files::{type_of, FileCopy, LocalFiles};
use super::frontmatter::{self, Split, SplitError};
use super::markdown::{self, scheme_of};
use super::output::{Staging, MANAGED};
use super::progress::{self, par_map, with_bar};
use super::related::KeywordIndex;
use super::sitemap::{self, Url, MAX_URLS};
use crate::contract::model::{
    is_valid_id, Attachment, ListItem, ListPage, Notice, NoticeRef, Site, ALL_CHANNEL,
};
use crate::contract::paging::{page_count, page_range};
use crate::contract::urls::{data_files, routes, safe_resource};
use crate::search::build::IndexBuilder;
use crate::search::index::{date_number, notice_text, Attr, SearchDoc};
use crate::tool::prerender;

/// How a build runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads for parsing and writing.
    pub workers: usize,
    /// Whether a progress bar may be shown (it is only on a terminal, for large sites).
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            workers: progress::workers(),
            progress: true,
        }
    }
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
/// it is written. Keeping the JSON rather than the parsed blocks holds memory to about the size
/// of the output.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    title: String,
    published: String,
    channel: String,
    keywords: Vec<String>,
    instant: i64,
    json: Vec<u8>,
    copies: Vec<FileCopy>,
}

impl Entry {
    fn reference(&self) -> NoticeRef {
        NoticeRef {
            id: self.id.clone(),
            title: self.title.clone(),
        }
    }

    /// The meta description, for feeds (read back from the JSON: feeds list few notices).
    fn description(&self) -> String {
        serde_json::from_slice::<Notice>(&self.json)
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
}

/// The computed fields, serialized exactly as [`Notice`] serializes them: same names, same
/// order (they are its last fields), same skipping of empty values.
#[derive(Debug, Serialize)]
struct Tail {
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<NoticeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<NoticeRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<NoticeRef>,
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
}

/// The content, read and checked.
struct Loaded {
    config: Config,
    /// Newest first (instant descending, then id).
    entries: Vec<Entry>,
    warnings: Vec<Diagnostic>,
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
            walk(
                root_real,
                &dir,
                Path::new(&name),
                &name,
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
    /// Whether the notices' JSON is kept for writing (not for `check`).
    write: bool,
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
    read_notice(ctx, source, &split, &places, &mut out);
    out
}

fn read_notice(
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
    let written = |key: &str| present.iter().any(|k| k == key);
    let file_line = |line: usize| split.matter_line + line - 1;
    // A draft is skipped whole: only a block that does not parse (so that `draft` cannot be
    // read) is reported.
    if fields.as_ref().is_some_and(|f| f.draft) {
        return;
    }
    for p in problems {
        let at = places.at(file_line(p.line), p.column);
        out.diagnostics.push(if p.warning {
            Diagnostic::warning(at, p.message)
        } else {
            Diagnostic::error(at, p.message)
        });
    }
    let Some(fm) = fields else { return };
    let value_at = |field: &str| match locator.value(field) {
        Some((line, column)) => places.at(file_line(line), column),
        None => places.at(1, 1),
    };
    let mut errors = Vec::new();
    let mut error = |at: Location, message: String| errors.push(Diagnostic::error(at, message));

    let title = match fm.title.as_deref().map(str::trim) {
        None if written("title") => String::new(),
        None => {
            error(places.at(1, 1), "missing `title`".to_string());
            String::new()
        }
        Some("") => {
            error(value_at("title"), "`title` is empty".to_string());
            String::new()
        }
        Some(t) => t.to_string(),
    };
    let published = match fm.date.as_deref() {
        None if written("date") => None,
        None => {
            error(
                places.at(1, 1),
                "missing `date`: the publication time, e.g. `date = \"2026-02-12 17:29\"`"
                    .to_string(),
            );
            None
        }
        Some(d) => match parse_date(d, ctx.offset) {
            Ok(p) => Some(p),
            Err(e) => {
                error(value_at("date"), format!("date: {e}"));
                None
            }
        },
    };

    let (channel, channel_at, from_folder) = match fm.channel.as_deref().map(str::trim) {
        Some(c) => (c.to_string(), value_at("channel"), false),
        None => (source.channel.clone(), places.at(1, 1), true),
    };
    let origin = if from_folder {
        " (the folder name)"
    } else {
        ""
    };
    if !is_valid_id(&channel) {
        error(
            channel_at.clone(),
            format!(
                "channel `{channel}`{origin} is not a valid id (use lowercase ASCII letters, digits and `-`)"
            ),
        );
    } else if let Some(config) = ctx.config {
        if config.site.channel(&channel).is_none() {
            let known: Vec<&str> = config.site.channels.iter().map(|c| c.id.as_str()).collect();
            error(
                channel_at,
                format!(
                    "unknown channel `{channel}`{origin}: {SITE_FILE} lists {}",
                    known.join(", ")
                ),
            );
        }
    }

    let stem = source
        .rel
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let (id, id_at, from_stem) = match fm.id.as_deref().map(str::trim) {
        Some(i) => (i.to_string(), value_at("id"), false),
        None => (stem, places.at(1, 1), true),
    };
    if is_valid_id(&id) {
        out.id = Some((id.clone(), id_at));
    } else {
        let hint = if from_stem {
            format!(
                "the file name `{}` is not a valid id: rename the file or set `id` (lowercase ASCII letters, digits and `-`)",
                source.rel.file_name().and_then(|n| n.to_str()).unwrap_or("")
            )
        } else {
            format!("id `{id}` is not a valid id (use lowercase ASCII letters, digits and `-`, at most 128)")
        };
        error(id_at, hint);
    }

    let dir = ctx
        .root_real
        .join(source.rel.parent().unwrap_or(Path::new("")));
    let mut files = LocalFiles::new(ctx.root_real, dir, &id);
    let mut attachments = Vec::new();
    for (i, a) in fm.attachments.iter().enumerate() {
        let n = i + 1;
        let name = trimmed(a.name.clone());
        let href = trimmed(a.href.clone());
        let field_at = |f: &str| value_at(&format!("attachments[{i}].{f}"));
        if name.is_none() {
            error(
                field_at("name"),
                format!("attachment {n} has no `name` (the text readers see)"),
            );
        }
        let Some(href) = href else {
            error(
                field_at("href"),
                format!(
                    "attachment {n} has no `href` (a file next to the notice, or an http(s) URL)"
                ),
            );
            continue;
        };
        let (href, size, kind) = match safe_resource(&href) {
            None => {
                error(
                    field_at("href"),
                    format!(
                        "attachment {n}: `{}` is not allowed: use a file next to the notice or an http(s) URL",
                        markdown::shown(&href)
                    ),
                );
                continue;
            }
            Some(url) if scheme_of(&url).is_none() => match files.add(&url) {
                Ok((out_href, size, file_name)) => (out_href, Some(size), type_of(&file_name)),
                Err(message) => {
                    error(field_at("href"), format!("attachment {n}: {message}"));
                    continue;
                }
            },
            Some(url) => {
                let kind = type_of(&url);
                (url, a.size, kind)
            }
        };
        let kind = trimmed(a.kind.clone()).or(kind);
        if let Some(name) = name {
            attachments.push(Attachment {
                name,
                href,
                size,
                kind,
            });
        }
    }

    let (body, notes) = markdown::to_blocks(split.body, &mut files);
    for note in notes {
        let at = places.at_offset(split.body_offset + note.offset);
        if note.warning {
            out.diagnostics.push(Diagnostic::warning(at, note.message));
        } else {
            error(at, note.message);
        }
    }
    if body.is_empty() {
        error(
            places.at_offset(split.body_offset),
            "the body is empty: write the notice's text below the front matter".to_string(),
        );
    }

    let mut keywords: Vec<String> = Vec::new();
    for k in &fm.keywords {
        let k = k.trim();
        if !k.is_empty() && !keywords.iter().any(|x| x == k) {
            keywords.push(k.to_string());
        }
    }
    let failed = !errors.is_empty() || out.diagnostics.iter().any(Diagnostic::is_error);
    out.diagnostics.extend(errors);
    if failed {
        return;
    }
    let Some(published) = published else { return };
    let notice = Notice {
        id,
        title,
        subtitle: trimmed(fm.subtitle),
        published: published.text,
        channel,
        source: trimmed(fm.source),
        publisher: trimmed(fm.publisher),
        doc_number: trimmed(fm.doc_number),
        index_number: trimmed(fm.index_number),
        written: trimmed(fm.written),
        topic: trimmed(fm.topic),
        keywords,
        summary: trimmed(fm.summary),
        body,
        attachments,
        prev: None,
        next: None,
        related: Vec::new(),
    };
    // A safety net: what the tool writes must pass the app's own checks.
    let broken = notice.validate();
    for e in &broken {
        out.diagnostics.push(Diagnostic::error(
            places.at(1, 1),
            format!("the notice would break the data contract: {e}"),
        ));
    }
    if broken.is_empty() {
        let json = if ctx.write {
            serde_json::to_vec(&notice).expect("contract types serialize")
        } else {
            Vec::new()
        };
        out.entry = Some(Entry {
            id: notice.id,
            title: notice.title,
            published: notice.published,
            channel: notice.channel,
            keywords: notice.keywords,
            instant: published.timestamp.unix_seconds(),
            json,
            copies: files.copies,
        });
    }
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
        write,
    };
    let show = options.progress && progress::wanted(sources.len());
    let parsed = with_bar("reading", sources.len(), show, |p| {
        par_map(&sources, options.workers, p, |_, s| parse_notice(&ctx, s))
    });
    let mut entries = Vec::with_capacity(parsed.len());
    let mut first_use: HashMap<String, Location> = HashMap::new();
    for p in parsed {
        diagnostics.extend(p.diagnostics);
        if let Some((id, at)) = p.id {
            match first_use.get(&id) {
                Some(first) => diagnostics.push(
                    Diagnostic::error(at, format!("duplicate id `{id}`"))
                        .with_see("already used by", first.clone()),
                ),
                None => {
                    first_use.insert(id, at);
                }
            }
        }
        entries.extend(p.entry);
    }
    diagnostics::sort(&mut diagnostics);
    let config = match config {
        Some(c) if !diagnostics.iter().any(Diagnostic::is_error) => c,
        _ => return Err(Error::Content(diagnostics)),
    };
    entries.sort_by(|a, b| b.instant.cmp(&a.instant).then_with(|| a.id.cmp(&b.id)));
    Ok(Loaded {
        config,
        entries,
        warnings: diagnostics,
    })
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
    links
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("contract types serialize");
    bytes.push(b'\n');
    bytes
}

fn io_error(what: &str) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// The entries of the site folder the prerendered pages add to [`super::output::MANAGED`].
pub const PRERENDERED: &[&str] = &["index.html", "404.html", "list", "notice", "search"];

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
    if let Some((dir, _)) = rel.rsplit_once('/') {
        staging.create_dir(dir).map_err(io_error(dir))?;
    }
    let html = prerender::page(
        pre.shell,
        pre.site,
        pre.base_url,
        route,
        kind,
        channel,
        files,
    );
    staging.write(rel, html.as_bytes()).map_err(io_error(rel))
}

/// What every prerendered page needs.
struct Prerender<'a> {
    shell: &'a prerender::Shell,
    site: &'a Site,
    base_url: &'a str,
    site_json: String,
}

impl Prerender<'_> {
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
    let base = &loaded.config.base_url;
    let size = site.page_size as usize;
    let ranks = channel_ranks(loaded);
    let pre = shell.map(|shell| Prerender {
        shell,
        site,
        base_url: base,
        site_json: text(&json(site)),
    });
    // Page 1 of every list, for the home page.
    let mut first_pages: HashMap<String, String> = HashMap::new();

    staging
        .create_dir("data/notices")
        .map_err(io_error("data/notices"))?;
    staging
        .write("data/site.json", &json(site))
        .map_err(io_error("data/site.json"))?;

    // List pages: every channel, then `all`.
    let all: Vec<u32> = (0..loaded.entries.len() as u32).collect();
    let mut lists: Vec<(&str, &[u32])> = site
        .channels
        .iter()
        .zip(&ranks)
        .map(|(c, r)| (c.id.as_str(), r.as_slice()))
        .collect();
    lists.push((ALL_CHANNEL, &all));
    let mut list_urls = Vec::new();
    let mut list_pages = 0;
    for (channel, members) in &lists {
        let dir = format!("data/lists/{channel}");
        staging.create_dir(&dir).map_err(io_error(&dir))?;
        let pages = page_count(members.len(), size);
        for page in 1..=pages {
            let items = members[page_range(members.len(), size, page)]
                .iter()
                .map(|&r| {
                    let n = &loaded.entries[r as usize];
                    ListItem {
                        id: n.id.clone(),
                        title: n.title.clone(),
                        published: n.published.clone(),
                        channel: n.channel.clone(),
                    }
                })
                .collect();
            let list = ListPage {
                channel: channel.to_string(),
                page: page as u32,
                pages: pages as u32,
                total: members.len() as u32,
                items,
            };
            let path = format!("{dir}/{page}.json");
            let bytes = json(&list);
            staging.write(&path, &bytes).map_err(io_error(&path))?;
            if let Some(pre) = &pre {
                let file = data_files::list(channel, page as u32);
                if page == 1 {
                    first_pages.insert(file.clone(), text(&bytes));
                }
                write_page(
                    staging,
                    &format!("list/{channel}/{page}/index.html"),
                    pre,
                    &routes::list(channel, page as u32),
                    prerender::Kind::Website,
                    Some(channel),
                    pre.files([(file, text(&bytes))]),
                )?;
            }
            list_urls.push(format!("{base}list/{channel}/{page}"));
        }
        list_pages += pages;
    }

    // Notices and their files, in parallel.
    let show = options.progress && progress::wanted(loaded.entries.len());
    let results = with_bar("writing", loaded.entries.len(), show, |p| {
        par_map(&loaded.entries, options.workers, p, |rank, e| {
            let link = &links[rank];
            let reference = |r: u32| loaded.entries[r as usize].reference();
            let tail = Tail {
                prev: link.prev.map(reference),
                next: link.next.map(reference),
                related: link.related.iter().map(|&r| reference(r)).collect(),
            };
            let path = format!("data/notices/{}.json", e.id);
            let bytes = with_tail(&e.json, &tail);
            staging.write(&path, &bytes).map_err(io_error(&path))?;
            if let Some(pre) = &pre {
                write_page(
                    staging,
                    &format!("notice/{}/index.html", e.id),
                    pre,
                    &routes::notice(&e.id),
                    prerender::Kind::Article,
                    Some(&e.channel),
                    pre.files([(data_files::notice(&e.id), text(&bytes))]),
                )?;
            }
            if !e.copies.is_empty() {
                let dir = format!("data/files/{}", e.id);
                staging.create_dir(&dir).map_err(io_error(&dir))?;
                for c in &e.copies {
                    let to = format!("{dir}/{}", c.name);
                    staging.copy(&c.source, &to).map_err(io_error(&to))?;
                }
            }
            Ok::<(), String>(())
        })
    });
    results.into_iter().collect::<Result<Vec<()>, String>>()?;

    write_search_index(loaded, staging)?;

    if let Some(pre) = &pre {
        write_page(
            staging,
            "index.html",
            pre,
            &routes::home(),
            prerender::Kind::Website,
            Some(""),
            pre.files(first_pages),
        )?;
        // The search page without a query (a query is read from the URL by the app).
        write_page(
            staging,
            "search/index.html",
            pre,
            &routes::search(),
            prerender::Kind::Website,
            None,
            pre.files([]),
        )?;
        // Rendered at a path no route matches: the app's not-found page.
        write_page(
            staging,
            "404.html",
            pre,
            "/404",
            prerender::Kind::NotFound,
            None,
            pre.files([]),
        )?;
    }

    // Feeds.
    staging.create_dir("feeds").map_err(io_error("feeds"))?;
    let author = if site.footer.organizer.is_empty() {
        site.name.as_str()
    } else {
        site.footer.organizer.as_str()
    };
    let names: HashMap<&str, &str> = site
        .channels
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let entry = |r: u32| {
        let n = &loaded.entries[r as usize];
        feed::Entry {
            title: &n.title,
            url: format!("{base}notice/{}", n.id),
            published: &n.published,
            category: (n.channel.as_str(), names[n.channel.as_str()]),
            summary: n.description(),
        }
    };
    let updated = |members: &[u32]| {
        members.first().map_or("1970-01-01T00:00:00Z", |&r| {
            loaded.entries[r as usize].published.as_str()
        })
    };
    let site_feed_url = format!("{base}feed.xml");
    let site_feed = feed::atom(
        &feed::Feed {
            title: &site.name,
            subtitle: Some(site.description.as_str()),
            lang: &site.lang,
            self_url: &site_feed_url,
            page_url: base,
            author,
            updated: updated(&all),
        },
        &all.iter()
            .take(FEED_ENTRIES)
            .map(|&r| entry(r))
            .collect::<Vec<_>>(),
    );
    staging
        .write("feed.xml", site_feed.as_bytes())
        .map_err(io_error("feed.xml"))?;
    for (channel, members) in site.channels.iter().zip(&ranks) {
        let self_url = format!("{base}feeds/{}.xml", channel.id);
        let page_url = format!("{base}list/{}/1", channel.id);
        let title = format!("{} - {}", channel.name, site.name);
        let xml = feed::atom(
            &feed::Feed {
                title: &title,
                subtitle: None,
                lang: &site.lang,
                self_url: &self_url,
                page_url: &page_url,
                author,
                updated: updated(members),
            },
            &members
                .iter()
                .take(FEED_ENTRIES)
                .map(|&r| entry(r))
                .collect::<Vec<_>>(),
        );
        let path = format!("feeds/{}.xml", channel.id);
        staging
            .write(&path, xml.as_bytes())
            .map_err(io_error(&path))?;
    }

    // Sitemap: home, every list page, every notice.
    let mut urls = Vec::with_capacity(1 + list_urls.len() + loaded.entries.len());
    urls.push(Url {
        loc: base.clone(),
        lastmod: loaded.entries.first().map(|e| e.published.clone()),
    });
    urls.extend(list_urls.into_iter().map(|loc| Url { loc, lastmod: None }));
    urls.extend(loaded.entries.iter().map(|e| Url {
        loc: format!("{base}notice/{}", e.id),
        lastmod: Some(e.published.clone()),
    }));
    if urls.len() <= MAX_URLS {
        staging
            .write("sitemap.xml", sitemap::urlset(&urls).as_bytes())
            .map_err(io_error("sitemap.xml"))?;
    } else {
        staging
            .create_dir("sitemaps")
            .map_err(io_error("sitemaps"))?;
        let mut parts = Vec::new();
        for (i, chunk) in urls.chunks(MAX_URLS).enumerate() {
            let path = format!("sitemaps/{}.xml", i + 1);
            staging
                .write(&path, sitemap::urlset(chunk).as_bytes())
                .map_err(io_error(&path))?;
            parts.push(format!("{base}{path}"));
        }
        staging
            .write("sitemap.xml", sitemap::index(&parts).as_bytes())
            .map_err(io_error("sitemap.xml"))?;
    }
    Ok(list_pages)
}

/// Writes the search index under `data/search/` (see [`crate::search::index`]): every notice,
/// newest first, as the lists order them.
fn write_search_index(loaded: &Loaded, staging: &Staging) -> Result<(), String> {
    let site = &loaded.config.site;
    let channels: Vec<String> = site.channels.iter().map(|c| c.id.clone()).collect();
    let mut builder = IndexBuilder::default();
    let mut docs = Vec::with_capacity(loaded.entries.len());
    let mut attrs = Vec::with_capacity(loaded.entries.len());
    for e in &loaded.entries {
        let notice: Notice = serde_json::from_slice(&e.json)
            .map_err(|err| format!("data/notices/{}.json: {err}", e.id))?;
        let text = notice_text(&notice);
        builder.add(&text.title, &text.body);
        docs.push(SearchDoc {
            id: e.id.clone(),
            title: e.title.clone(),
            channel: e.channel.clone(),
            published: e.published.clone(),
        });
        attrs.push(Attr {
            channel: channels.iter().position(|c| *c == e.channel).unwrap_or(0) as u32,
            date: date_number(&e.published).unwrap_or(0),
        });
    }
    for dir in ["data/search/shards", "data/search/docs"] {
        staging.create_dir(dir).map_err(io_error(dir))?;
    }
    for (name, bytes) in builder.files(&docs, &attrs, &channels) {
        let path = format!("data/search/{name}");
        staging.write(&path, &bytes).map_err(io_error(&path))?;
    }
    Ok(())
}

/// Builds the site: reads `content_dir`, and on success replaces the generated entries of
/// `out_dir` (`data`, `feeds`, `feed.xml`, `sitemap.xml`, `sitemaps`). On any error nothing in
/// `out_dir` changes.
pub fn build(content_dir: &Path, out_dir: &Path, options: &Options) -> Result<Report, Error> {
    build_pages(content_dir, out_dir, options, None)
}

/// [`build`], and with the built app shell (Trunk's `index.html`) also the prerendered entry
/// pages: `index.html`, `list/<channel>/<n>/index.html`, `notice/<id>/index.html` and
/// `404.html` (see [`crate::tool::prerender`]), replaced together with the data tree.
pub fn build_pages(
    content_dir: &Path,
    out_dir: &Path,
    options: &Options,
    shell: Option<&str>,
) -> Result<Report, Error> {
    let started = Instant::now();
    let shell = match shell.map(prerender::Shell::parse).transpose() {
        Ok(shell) => shell,
        Err(message) => {
            return Err(Error::Output {
                message: format!("the app shell: {message}"),
                warnings: Vec::new(),
            })
        }
    };
    let exclude = std::fs::canonicalize(out_dir).ok();
    if let (Some(out), Ok(content)) = (&exclude, std::fs::canonicalize(content_dir)) {
        if *out == content {
            return Err(Error::Content(vec![Diagnostic::error(
                Location::new("", 1, 1),
                "the output folder must not be the content folder",
            )]));
        }
    }
    let loaded = load(content_dir, exclude.as_deref(), true, options)?;
    let links = link(&loaded, options);
    let fail = |message: String, loaded: &Loaded| Error::Output {
        message,
        warnings: loaded.warnings.clone(),
    };
    let staging = Staging::new(out_dir)
        .map_err(|e| fail(format!("cannot create {}: {e}", out_dir.display()), &loaded))?;
    let list_pages = write_all(&loaded, &links, &staging, options, shell.as_ref())
        .map_err(|m| fail(m, &loaded))?;
    let mut managed: Vec<&str> = MANAGED.to_vec();
    if shell.is_some() {
        managed.extend_from_slice(PRERENDERED);
    }
    staging
        .publish_entries(options.workers, &managed)
        .map_err(|e| {
            fail(
                format!("cannot move the new files into place: {e}"),
                &loaded,
            )
        })?;
    Ok(Report {
        notices: loaded.entries.len(),
        channels: loaded.config.site.channels.len(),
        list_pages,
        elapsed: started.elapsed(),
        warnings: loaded.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::model::{Block, Inline};

    fn reference(id: &str) -> NoticeRef {
        NoticeRef {
            id: id.to_string(),
            title: format!("标题 {id}"),
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
                },
            );
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
