//! Markdown bodies (CommonMark with GFM tables, by `pulldown-cmark`) mapped to the contract's
//! blocks and inlines.
//!
//! | Markdown | block |
//! |---|---|
//! | paragraph | `paragraph`; a paragraph holding only an image is an `image` block (alt text → `alt`, title → `caption`) |
//! | `##`–`####` | `heading` 2–4 (`#` becomes 2 and `#####`+ become 4, with a warning) |
//! | `>` | `quote`: its paragraphs flattened into one run, separated by line breaks |
//! | `-` / `1.` | `list`; nested lists flattened into the item's text, with a warning |
//! | GFM table | `table`; a `Table: …` paragraph just before or after it is its caption |
//!
//! Inlines: text, `**strong**`, `*em*`, links; `code` becomes plain text; a soft line break is
//! dropped between CJK characters and becomes a space otherwise; a hard break is `"\n"`. Raw HTML
//! (comments included) is never passed through: it is dropped with a warning. Code blocks become
//! plain paragraphs and thematic breaks are dropped, with warnings.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::contract::model::{Block, Inline, Span};
use crate::contract::urls::{safe_link, safe_resource};

/// A problem at a byte offset of the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Byte offset in the Markdown text.
    pub offset: usize,
    /// A warning (the build goes on) rather than an error.
    pub warning: bool,
    /// What is wrong.
    pub message: String,
}

impl Note {
    /// An error at `offset`.
    pub fn error(offset: usize, message: impl Into<String>) -> Self {
        Note {
            offset,
            warning: false,
            message: message.into(),
        }
    }

    /// A warning at `offset`.
    pub fn warning(offset: usize, message: impl Into<String>) -> Self {
        Note {
            offset,
            warning: true,
            message: message.into(),
        }
    }
}

/// Decides what relative URLs become. The build resolves them against the notice's folder.
pub trait Resolver {
    /// A relative image source (scheme already checked): the `src` to write, or `None` after
    /// adding an error to `notes`.
    fn image(&mut self, url: &str, offset: usize, notes: &mut Vec<Note>) -> Option<String>;
    /// A relative link target (scheme already checked): the `href` to write.
    fn link(&mut self, url: &str, offset: usize, notes: &mut Vec<Note>) -> String;
}

/// Leaves relative URLs as they are.
#[derive(Debug, Default)]
pub struct KeepUrls;

impl Resolver for KeepUrls {
    fn image(&mut self, url: &str, _: usize, _: &mut Vec<Note>) -> Option<String> {
        Some(url.to_string())
    }

    fn link(&mut self, url: &str, _: usize, _: &mut Vec<Note>) -> String {
        url.to_string()
    }
}

/// The scheme of a URL (lower case), if it has one: the same reading as the app's.
pub use crate::contract::urls::scheme as scheme_of;

/// A URL as shown in a message: control characters written as escapes (`\t`).
pub fn shown(url: &str) -> String {
    url.trim()
        .chars()
        .map(|c| match c {
            '\t' => "\\t".to_string(),
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            c if (c as u32) < 0x20 || c == '\u{7f}' => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Whether soft line breaks next to `c` are dropped: Han, kana, bopomofo, CJK punctuation and
/// full-width forms, and the quotation marks, dashes and ellipsis of Chinese text. Hangul is not
/// included: Korean separates words with spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF
        | 0x3000..=0x303F
        | 0x3040..=0x30FF
        | 0x3100..=0x312F
        | 0x31A0..=0x31FF
        | 0x3200..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF
        | 0x00B7
        | 0x2014
        | 0x2015
        | 0x2018
        | 0x2019
        | 0x201C
        | 0x201D
        | 0x2026)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Style {
    strong: bool,
    em: bool,
    href: Option<String>,
}

#[derive(Debug, Clone)]
enum Piece {
    Text(String, Style),
    SoftBreak,
    Image(Block),
}

enum Frame {
    Paragraph,
    Heading(u8),
    Quote(Vec<Piece>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    FlatList,
    Item(Vec<Piece>),
    FlatItem,
    Table {
        header: Option<Vec<Vec<Inline>>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
        flat: bool,
    },
    Head,
    Row,
    Cell,
    Code,
    Html,
    Image {
        url: String,
        title: String,
        alt: String,
        offset: usize,
    },
    Other,
}

struct Builder<'r> {
    blocks: Vec<Block>,
    stack: Vec<Frame>,
    current: Vec<Piece>,
    strong: u32,
    em: u32,
    links: Vec<Option<String>>,
    notes: Vec<Note>,
    resolver: &'r mut dyn Resolver,
}

/// A short, one-line excerpt of raw HTML for a message.
fn excerpt(html: &str) -> String {
    let line = html.trim().lines().next().unwrap_or("");
    let mut out: String = line.chars().take(40).collect();
    if line.chars().count() > 40 {
        out.push('…');
    }
    out
}

impl Builder<'_> {
    fn style(&self) -> Style {
        Style {
            strong: self.strong > 0,
            em: self.em > 0,
            href: self.links.last().cloned().flatten(),
        }
    }

    /// The index of the innermost quote or list item that flattens what it holds.
    fn container(&self) -> Option<usize> {
        self.stack
            .iter()
            .rposition(|f| matches!(f, Frame::Quote(_) | Frame::Item(_)))
    }

    fn container_name(&self) -> &'static str {
        match self.container().map(|i| &self.stack[i]) {
            Some(Frame::Quote(_)) => "quote",
            _ => "list item",
        }
    }

    /// Moves the pending text into the innermost container, after a line break when the
    /// container already holds text. Returns false when there is no container.
    fn flush_to_container(&mut self) -> bool {
        let Some(i) = self.container() else {
            return false;
        };
        let pending = std::mem::take(&mut self.current);
        if !has_text(&pending) {
            return true;
        }
        let target = match &mut self.stack[i] {
            Frame::Quote(p) | Frame::Item(p) => p,
            _ => unreachable!(),
        };
        if has_text(target) {
            target.push(Piece::Text("\n".to_string(), Style::default()));
        }
        target.extend(pending);
        true
    }

    fn push_text(&mut self, text: &str) {
        match self.stack.last_mut() {
            Some(Frame::Image { alt, .. }) => alt.push_str(text),
            Some(Frame::Html) => {}
            Some(Frame::Code) => self
                .current
                .push(Piece::Text(text.to_string(), Style::default())),
            _ => {
                let style = self.style();
                self.current.push(Piece::Text(text.to_string(), style));
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize, source: &str) {
        match tag {
            Tag::Paragraph => {
                self.flush_to_container();
                self.stack.push(Frame::Paragraph);
            }
            Tag::Heading { level, .. } => {
                let written = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                let level = written.clamp(2, 4);
                if self.container().is_some() {
                    self.flush_to_container();
                    let name = self.container_name();
                    self.notes.push(Note::warning(
                        offset,
                        format!("heading inside a {name}: flattened into its text"),
                    ));
                } else if written != level {
                    let why = if written == 1 {
                        "the notice title is the only level-1 heading"
                    } else {
                        "headings go down to level 4"
                    };
                    self.notes.push(Note::warning(
                        offset,
                        format!("heading level {written} shown as level {level} ({why})"),
                    ));
                }
                self.stack.push(Frame::Heading(level));
            }
            Tag::BlockQuote(_) => {
                self.flush_to_container();
                self.stack.push(Frame::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.flush_to_container();
                self.notes.push(Note::warning(
                    offset,
                    "code block shown as a plain paragraph (the contract has no code blocks)",
                ));
                self.stack.push(Frame::Code);
            }
            Tag::HtmlBlock => {
                self.notes.push(Note::warning(
                    offset,
                    format!("raw HTML dropped: `{}`", excerpt(&source[offset..])),
                ));
                self.stack.push(Frame::Html);
            }
            Tag::List(start) => {
                if self.container().is_some() {
                    self.flush_to_container();
                    let name = self.container_name();
                    let what = if name == "quote" {
                        "list inside a quote"
                    } else {
                        "nested list"
                    };
                    self.notes.push(Note::warning(
                        offset,
                        format!("{what} flattened into the {name}'s text"),
                    ));
                    self.stack.push(Frame::FlatList);
                } else {
                    self.stack.push(Frame::List {
                        ordered: start.is_some(),
                        items: Vec::new(),
                    });
                }
            }
            Tag::Item => {
                if matches!(self.stack.last(), Some(Frame::FlatList)) {
                    self.flush_to_container();
                    self.stack.push(Frame::FlatItem);
                } else {
                    self.stack.push(Frame::Item(Vec::new()));
                }
            }
            Tag::Table(_) => {
                let flat = self.container().is_some();
                if flat {
                    self.flush_to_container();
                    let name = self.container_name();
                    self.notes.push(Note::warning(
                        offset,
                        format!("table inside a {name}: flattened into its text"),
                    ));
                }
                self.stack.push(Frame::Table {
                    header: None,
                    rows: Vec::new(),
                    row: Vec::new(),
                    flat,
                });
            }
            Tag::TableHead => self.stack.push(Frame::Head),
            Tag::TableRow => self.stack.push(Frame::Row),
            Tag::TableCell => self.stack.push(Frame::Cell),
            Tag::Emphasis => self.em += 1,
            Tag::Strong => self.strong += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let raw = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let href = self.link_target(&raw, offset);
                self.links.push(href);
            }
            Tag::Image {
                dest_url, title, ..
            } => self.stack.push(Frame::Image {
                url: dest_url.to_string(),
                title: title.to_string(),
                alt: String::new(),
                offset,
            }),
            _ => self.stack.push(Frame::Other),
        }
    }

    fn link_target(&mut self, raw: &str, offset: usize) -> Option<String> {
        if raw.trim().is_empty() {
            self.notes.push(Note::error(
                offset,
                "link has no target: write `[text](url)`",
            ));
            return None;
        }
        match safe_link(raw) {
            None => {
                self.notes.push(Note::error(
                    offset,
                    format!(
                        "link to `{}` is not allowed: use http, https, mailto, tel or a relative URL",
                        shown(raw)
                    ),
                ));
                None
            }
            Some(url) if scheme_of(&url).is_none() => {
                Some(self.resolver.link(&url, offset, &mut self.notes))
            }
            Some(url) => Some(url),
        }
    }

    fn image_source(&mut self, raw: &str, offset: usize, used: bool) -> Option<String> {
        if raw.trim().is_empty() {
            self.notes.push(Note::error(
                offset,
                "image has no source: write `![alt](file.png)`",
            ));
            return None;
        }
        match safe_resource(raw) {
            None => {
                self.notes.push(Note::error(
                    offset,
                    format!(
                        "image source `{}` is not allowed: use http, https or a relative path",
                        shown(raw)
                    ),
                ));
                None
            }
            Some(url) if scheme_of(&url).is_none() && used => {
                self.resolver.image(&url, offset, &mut self.notes)
            }
            Some(url) if scheme_of(&url).is_none() => Some(url),
            Some(url) => {
                self.notes.push(Note::warning(
                    offset,
                    format!(
                        "image `{}` is an absolute URL: unless it is on the site's own host, \
                         the site's Content-Security-Policy (img-src 'self') keeps browsers \
                         from loading it and readers see its text alternative; put the file \
                         next to the notice instead",
                        shown(raw)
                    ),
                ));
                Some(url)
            }
        }
    }

    /// The image's `src`: the resolved one, else (after an error) the URL as written, so that
    /// the block stays and no second error (an empty body) follows from the first.
    fn image_src(&mut self, raw: &str, offset: usize, used: bool) -> String {
        self.image_source(raw, offset, used)
            .unwrap_or_else(|| raw.trim().to_string())
    }

    fn end(&mut self, tag: TagEnd, offset: usize) {
        match tag {
            TagEnd::Emphasis => self.em = self.em.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => self.end_image(),
            _ => self.end_block(tag, offset),
        }
    }

    fn end_image(&mut self) {
        let Some(Frame::Image {
            url,
            title,
            alt,
            offset,
        }) = self.stack.pop()
        else {
            return;
        };
        let in_paragraph = matches!(self.stack.last(), Some(Frame::Paragraph));
        let as_block = in_paragraph && self.container().is_none();
        let src = self.image_src(&url, offset, as_block);
        if as_block {
            let caption = Some(title.trim().to_string()).filter(|t| !t.is_empty());
            self.current
                .push(Piece::Image(Block::Image { src, alt, caption }));
        } else {
            let place = match self.stack.last() {
                Some(Frame::Heading(_)) => "a heading",
                Some(Frame::Cell) => "a table cell",
                _ if self.container().is_some() => {
                    if self.container_name() == "quote" {
                        "a quote"
                    } else {
                        "a list item"
                    }
                }
                _ => "this place",
            };
            self.notes.push(Note::warning(
                offset,
                format!("image inside {place}: replaced by its alt text"),
            ));
            let style = self.style();
            self.current.push(Piece::Text(alt, style));
        }
    }

    // Each arm reads as "flush into the container, or else emit the block": kept as `if`s.
    #[allow(clippy::collapsible_match)]
    fn end_block(&mut self, tag: TagEnd, offset: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match (tag, frame) {
            (TagEnd::Paragraph, Frame::Paragraph) => {
                if !self.flush_to_container() {
                    let pieces = std::mem::take(&mut self.current);
                    self.paragraph_blocks(pieces, offset);
                }
            }
            (TagEnd::Heading(_), Frame::Heading(level)) => {
                if !self.flush_to_container() {
                    let content = finish(std::mem::take(&mut self.current));
                    if content.is_empty() {
                        self.notes
                            .push(Note::warning(offset, "empty heading dropped"));
                    } else {
                        self.blocks.push(Block::Heading { level, content });
                    }
                }
            }
            (TagEnd::BlockQuote(_), Frame::Quote(mut pieces)) => {
                let pending = std::mem::take(&mut self.current);
                if has_text(&pending) {
                    if has_text(&pieces) {
                        pieces.push(Piece::Text("\n".to_string(), Style::default()));
                    }
                    pieces.extend(pending);
                }
                if self.container().is_some() {
                    self.current = pieces;
                    self.flush_to_container();
                } else {
                    let content = finish(pieces);
                    if !content.is_empty() {
                        self.blocks.push(Block::Quote { content });
                    }
                }
            }
            (TagEnd::CodeBlock, Frame::Code) => {
                if let Some(Piece::Text(t, _)) = self.current.last_mut() {
                    while t.ends_with('\n') {
                        t.pop();
                    }
                }
                if !self.flush_to_container() {
                    let content = finish(std::mem::take(&mut self.current));
                    if !content.is_empty() {
                        self.blocks.push(Block::Paragraph { content });
                    }
                }
            }
            (TagEnd::List(_), Frame::List { ordered, items }) => {
                if !items.is_empty() {
                    self.blocks.push(Block::List { ordered, items });
                }
            }
            (TagEnd::Item, Frame::FlatItem) => {
                self.flush_to_container();
            }
            (TagEnd::Item, Frame::Item(mut pieces)) => {
                let pending = std::mem::take(&mut self.current);
                if has_text(&pending) {
                    if has_text(&pieces) {
                        pieces.push(Piece::Text("\n".to_string(), Style::default()));
                    }
                    pieces.extend(pending);
                }
                let item = finish(pieces);
                if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                    items.push(item);
                }
            }
            (
                TagEnd::Table,
                Frame::Table {
                    header,
                    rows,
                    flat: false,
                    ..
                },
            ) => {
                self.blocks.push(Block::Table {
                    caption: None,
                    header,
                    rows,
                });
            }
            (TagEnd::TableHead, Frame::Head) => {
                if let Some(Frame::Table { header, row, .. }) = self.stack.last_mut() {
                    *header = Some(std::mem::take(row));
                }
            }
            (TagEnd::TableRow, Frame::Row) => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            (TagEnd::TableCell, Frame::Cell) => {
                let flat = self.stack.iter().rev().find_map(|f| match f {
                    Frame::Table { flat, .. } => Some(*flat),
                    _ => None,
                });
                if flat == Some(true) {
                    self.flush_to_container();
                } else {
                    let cell = finish(std::mem::take(&mut self.current));
                    if let Some(Frame::Table { row, .. }) = self
                        .stack
                        .iter_mut()
                        .rev()
                        .find(|f| matches!(f, Frame::Table { .. }))
                    {
                        row.push(cell);
                    }
                }
            }
            _ => {}
        }
    }

    /// A top-level paragraph: its text, with any image in it as a block of its own.
    fn paragraph_blocks(&mut self, pieces: Vec<Piece>, offset: usize) {
        let has_image = pieces.iter().any(|p| matches!(p, Piece::Image(_)));
        let mut run = Vec::new();
        let mut emitted_text = false;
        for piece in pieces {
            match piece {
                Piece::Image(block) => {
                    let content = finish(std::mem::take(&mut run));
                    if !content.is_empty() {
                        emitted_text = true;
                        self.blocks.push(Block::Paragraph { content });
                    }
                    self.blocks.push(block);
                }
                other => run.push(other),
            }
        }
        let content = finish(run);
        if !content.is_empty() {
            emitted_text = true;
            self.blocks.push(Block::Paragraph { content });
        }
        if has_image && emitted_text {
            self.notes.push(Note::warning(
                offset,
                "image inside a paragraph's text: shown as a block of its own",
            ));
        }
    }
}

fn has_text(pieces: &[Piece]) -> bool {
    pieces.iter().any(|p| match p {
        Piece::Text(t, _) => !t.trim().is_empty(),
        Piece::Image(_) => true,
        Piece::SoftBreak => false,
    })
}

/// Turns pieces into inlines: soft breaks resolved, neighbours of the same style merged, white
/// space trimmed at both ends.
fn finish(pieces: Vec<Piece>) -> Vec<Inline> {
    let mut runs: Vec<(String, Style)> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text, style) => {
                if text.is_empty() {
                    continue;
                }
                match runs.last_mut() {
                    Some((last, last_style)) if last_style == style => last.push_str(text),
                    _ => runs.push((text.clone(), style.clone())),
                }
            }
            Piece::SoftBreak => {
                let before = runs
                    .iter()
                    .rev()
                    .find_map(|(t, s)| t.chars().next_back().map(|c| (c, s.clone())));
                let after = pieces[i + 1..].iter().find_map(|p| match p {
                    Piece::Text(t, s) => t.chars().next().map(|c| (c, s.clone())),
                    _ => None,
                });
                let (Some((b, before_style)), Some((a, after_style))) = (before, after) else {
                    continue;
                };
                if b.is_whitespace() || a.is_whitespace() || (is_cjk(b) && is_cjk(a)) {
                    continue;
                }
                let style = if before_style == after_style {
                    before_style
                } else {
                    Style::default()
                };
                match runs.last_mut() {
                    Some((last, last_style)) if *last_style == style => last.push(' '),
                    _ => runs.push((" ".to_string(), style)),
                }
            }
            Piece::Image(_) => {}
        }
    }
    let blank = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    while let Some((first, _)) = runs.first_mut() {
        let trimmed = first.trim_start_matches(blank);
        if trimmed.is_empty() {
            runs.remove(0);
        } else {
            *first = trimmed.to_string();
            break;
        }
    }
    while let Some((last, _)) = runs.last_mut() {
        let trimmed = last.trim_end_matches(blank);
        if trimmed.is_empty() {
            runs.pop();
        } else {
            let len = trimmed.len();
            last.truncate(len);
            break;
        }
    }
    runs.into_iter()
        .map(|(text, style)| {
            if style == Style::default() {
                Inline::Text(text)
            } else {
                Inline::Span(Span {
                    text,
                    strong: style.strong,
                    em: style.em,
                    href: style.href,
                })
            }
        })
        .collect()
}

/// The plain text of a run of inlines.
fn plain(content: &[Inline]) -> String {
    content.iter().map(Inline::text).collect()
}

/// The caption a `Table: …` paragraph gives, if it is one.
fn caption_of(block: &Block) -> Option<String> {
    let Block::Paragraph { content } = block else {
        return None;
    };
    let text = plain(content);
    let rest = text.strip_prefix("Table:")?;
    Some(rest.trim().to_string())
}

/// Moves `Table: …` paragraphs next to tables into the tables' captions: the paragraph before a
/// table first, else the one after it unless another table follows that paragraph.
fn attach_captions(blocks: Vec<Block>) -> Vec<Block> {
    let mut blocks: Vec<Option<Block>> = blocks.into_iter().map(Some).collect();
    for i in 0..blocks.len() {
        if !matches!(blocks[i], Some(Block::Table { caption: None, .. })) {
            continue;
        }
        let before = i
            .checked_sub(1)
            .filter(|&j| blocks[j].as_ref().and_then(caption_of).is_some());
        let after = (i + 1 < blocks.len()
            && blocks[i + 1].as_ref().and_then(caption_of).is_some()
            && !matches!(blocks.get(i + 2), Some(Some(Block::Table { .. }))))
        .then_some(i + 1);
        if let Some(j) = before.or(after) {
            let text = blocks[j].take().as_ref().and_then(caption_of);
            if let Some(Block::Table { caption, .. }) = &mut blocks[i] {
                *caption = text.filter(|t| !t.is_empty());
            }
        }
    }
    blocks.into_iter().flatten().collect()
}

/// Maps a Markdown body to blocks, with every warning and error found on the way.
pub fn to_blocks(markdown: &str, resolver: &mut dyn Resolver) -> (Vec<Block>, Vec<Note>) {
    let mut builder = Builder {
        blocks: Vec::new(),
        stack: Vec::new(),
        current: Vec::new(),
        strong: 0,
        em: 0,
        links: Vec::new(),
        notes: Vec::new(),
        resolver,
    };
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter();
    let mut last_star: Option<usize> = None;
    let mut star_warned = false;
    for (event, range) in parser {
        if !matches!(event, Event::Text(_)) {
            last_star = None;
        }
        match event {
            Event::Start(tag) => {
                if matches!(
                    tag,
                    Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell
                ) {
                    star_warned = false;
                }
                builder.start(tag, range.start, markdown)
            }
            Event::End(tag) => builder.end(tag, range.start),
            Event::Text(text) => {
                // An unmatched `**` comes as two adjacent, unescaped `*` texts.
                let star =
                    &markdown[range.clone()] == "*" && !markdown[..range.start].ends_with('\\');
                if star && last_star == Some(range.start) && !star_warned {
                    star_warned = true;
                    builder.notes.push(Note::warning(
                        range.start - 1,
                        "`**` shown as written, not as bold: CommonMark does not close bold after punctuation followed by a letter; put the punctuation outside (`**重点**。`)",
                    ));
                }
                last_star = star.then_some(range.end);
                builder.push_text(&text);
            }
            Event::Code(text) => builder.push_text(&text),
            Event::SoftBreak => {
                if matches!(builder.stack.last(), Some(Frame::Image { .. })) {
                    builder.push_text(" ");
                } else {
                    builder.current.push(Piece::SoftBreak);
                }
            }
            Event::HardBreak => builder.push_text("\n"),
            Event::InlineHtml(html) => {
                builder.notes.push(Note::warning(
                    range.start,
                    format!("raw HTML dropped: `{}`", excerpt(&html)),
                ));
            }
            Event::Html(_) => {}
            Event::Rule => builder.notes.push(Note::warning(
                range.start,
                "thematic break dropped (the contract has no rules)",
            )),
            _ => {}
        }
    }
    let blocks = attach_captions(builder.blocks);
    (blocks, builder.notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn blocks(md: &str) -> serde_json::Value {
        let (blocks, _) = to_blocks(md, &mut KeepUrls);
        serde_json::to_value(blocks).unwrap()
    }

    fn notes(md: &str) -> Vec<(usize, bool, String)> {
        let (_, notes) = to_blocks(md, &mut KeepUrls);
        notes
            .into_iter()
            .map(|n| (n.offset, n.warning, n.message))
            .collect()
    }

    #[test]
    fn paragraphs_and_inlines() {
        assert_eq!(
            blocks("各单位：\n\n为**加强**管理，*现*通知如下。`code`也是文字。"),
            json!([
                {"type": "paragraph", "content": ["各单位："]},
                {"type": "paragraph", "content": [
                    "为", {"text": "加强", "strong": true}, "管理，",
                    {"text": "现", "em": true}, "通知如下。code也是文字。"
                ]}
            ])
        );
        assert_eq!(
            blocks("见[工信部](https://www.miit.gov.cn/)，***重要***。"),
            json!([{"type": "paragraph", "content": [
                "见", {"text": "工信部", "href": "https://www.miit.gov.cn/"}, "，",
                {"text": "重要", "strong": true, "em": true}, "。"
            ]}])
        );
    }

    #[test]
    fn soft_breaks_vanish_between_cjk_and_become_spaces_otherwise() {
        assert_eq!(
            blocks("第一行\n第二行，“十五五”\n规划\nand English\ntext 5G\n基站"),
            json!([{"type": "paragraph", "content": ["第一行第二行，“十五五”规划 and English text 5G 基站"]}])
        );
        assert_eq!(
            blocks("a  \nb\\\nc"),
            json!([{"type": "paragraph", "content": ["a\nb\nc"]}])
        );
    }

    #[test]
    fn headings_are_kept_between_two_and_four() {
        assert_eq!(
            blocks("# 一\n## 二\n### 三\n#### 四\n##### 五\n###### 六"),
            json!([
                {"type": "heading", "level": 2, "content": ["一"]},
                {"type": "heading", "level": 2, "content": ["二"]},
                {"type": "heading", "level": 3, "content": ["三"]},
                {"type": "heading", "level": 4, "content": ["四"]},
                {"type": "heading", "level": 4, "content": ["五"]},
                {"type": "heading", "level": 4, "content": ["六"]}
            ])
        );
        let n = notes("# 一\n##### 五\n");
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].0, 0);
        assert!(n[0].1 && n[0].2.contains("level 1 shown as level 2"));
        assert_eq!(n[1].0, 6);
        assert!(n[1].2.contains("level 5 shown as level 4"));
    }

    #[test]
    fn quotes_flatten_their_paragraphs() {
        assert_eq!(
            blocks("> 第一段\n> 续行\n>\n> 第二段 **重点**"),
            json!([{"type": "quote", "content": ["第一段续行\n第二段 ", {"text": "重点", "strong": true}]}])
        );
    }

    #[test]
    fn lists_tight_loose_and_nested() {
        assert_eq!(
            blocks("1. 甲\n2. 乙\n\n- a\n\n- b"),
            json!([
                {"type": "list", "ordered": true, "items": [["甲"], ["乙"]]},
                {"type": "list", "ordered": false, "items": [["a"], ["b"]]}
            ])
        );
        assert_eq!(
            blocks("- 上级\n  - 下级一\n  - 下级二\n- 另一项"),
            json!([{"type": "list", "ordered": false, "items": [["上级\n下级一\n下级二"], ["另一项"]]}])
        );
        let n = notes("- 上级\n  - 下级\n");
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].0, 11);
        assert!(n[0].2.contains("nested list flattened"));
    }

    #[test]
    fn images_alone_are_blocks() {
        assert_eq!(
            blocks("![柱状图](chart.svg \"图1 说明\")\n\n文字![x](y.png)后文"),
            json!([
                {"type": "image", "src": "chart.svg", "alt": "柱状图", "caption": "图1 说明"},
                {"type": "paragraph", "content": ["文字"]},
                {"type": "image", "src": "y.png", "alt": "x"},
                {"type": "paragraph", "content": ["后文"]}
            ])
        );
        let n = notes("- ![x](y.png)\n");
        assert!(
            n[0].1 && n[0].2.contains("replaced by its alt text"),
            "{n:?}"
        );
    }

    #[test]
    fn tables_with_captions() {
        let md =
            "Table: 表1 情况\n\n| 地区 | 数量 |\n|---|---:|\n| 杭州 | **7.2** |\n| 宁波 | 4.8 |\n";
        assert_eq!(
            blocks(md),
            json!([{"type": "table", "caption": "表1 情况",
                "header": [["地区"], ["数量"]],
                "rows": [[["杭州"], [{"text": "7.2", "strong": true}]], [["宁波"], ["4.8"]]]}])
        );
        let md = "| a |\n|---|\n| 1 |\n\nTable: 说明\n\n正文";
        assert_eq!(
            blocks(md),
            json!([
                {"type": "table", "caption": "说明", "header": [["a"]], "rows": [[["1"]]]},
                {"type": "paragraph", "content": ["正文"]}
            ])
        );
    }

    #[test]
    fn raw_html_is_dropped_with_warnings() {
        let md = "<div class=\"x\">\n块\n</div>\n\n文字<span>内</span>字<!-- note -->\n";
        assert_eq!(
            blocks(md),
            json!([{"type": "paragraph", "content": ["文字内字"]}])
        );
        let n = notes(md);
        assert_eq!(n.len(), 4, "{n:?}");
        assert_eq!(
            n[0],
            (0, true, "raw HTML dropped: `<div class=\"x\">`".to_string())
        );
        assert_eq!(n[1].0, md.find("<span>").unwrap());
        assert_eq!(n[2].2, "raw HTML dropped: `</span>`");
        assert_eq!(n[3].2, "raw HTML dropped: `<!-- note -->`");
    }

    #[test]
    fn unsafe_links_and_images_are_errors() {
        let md = "[a](javascript:alert(1)) [b](JaVa%0Ascript:x) [c](mailto:a@b.c) [d](notice/x)\n\n![i](mailto:x)\n\n![j](data:image/png;base64,AA)";
        let n = notes(md);
        let errors: Vec<_> = n.iter().filter(|n| !n.1).collect();
        assert_eq!(errors.len(), 3, "{n:?}");
        assert!(errors[0].2.contains("`javascript:alert(1)` is not allowed"));
        assert!(errors[1].2.contains("image source `mailto:x`"));
        assert!(errors[2].2.contains("image source `data:"));
        assert_eq!(
            blocks("<a@b.c> [x](notice/y)"),
            json!([{"type": "paragraph", "content": [
                {"text": "a@b.c", "href": "mailto:a@b.c"}, " ",
                {"text": "x", "href": "notice/y"}
            ]}])
        );
    }

    #[test]
    fn unclosed_bold_after_cjk_punctuation_is_a_warning() {
        let md = "为**认真实施。**现将 \\*\\*字面\\*\\*";
        assert_eq!(
            blocks(md),
            json!([{"type": "paragraph", "content": ["为**认真实施。**现将 **字面**"]}])
        );
        let n = notes(md);
        assert_eq!(n.len(), 1, "{n:?}");
        assert_eq!(n[0].0, 3);
        assert!(n[0].2.starts_with("`**` shown as written"));
        assert!(notes("为**认真实施**。现将").is_empty());
    }

    #[test]
    fn code_blocks_and_rules() {
        assert_eq!(
            blocks("```\n第一行\n第二行\n```\n\n---\n"),
            json!([{"type": "paragraph", "content": ["第一行\n第二行"]}])
        );
        assert_eq!(notes("```\nx\n```\n\n---\n").len(), 2);
    }

    #[test]
    fn cjk_ranges() {
        assert!(is_cjk('通') && is_cjk('，') && is_cjk('“') && is_cjk('。') && is_cjk('ア'));
        assert!(!is_cjk('a') && !is_cjk('5') && !is_cjk('한') && !is_cjk(','));
    }
}
