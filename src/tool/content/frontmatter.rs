//! Front matter as Hugo writes it: TOML between `+++` lines or YAML between `---` lines, at the
//! very start of the file.
//!
//! The block is parsed into a generic table first (TOML dates become their RFC 3339 text), then
//! each field is read into [`FrontMatter`] on its own, so that one wrong field does not hide the
//! others. Every problem carries a line and column inside the block, which the caller maps to the
//! file.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// TOML between `+++` lines.
    Toml,
    /// YAML between `---` lines.
    Yaml,
}

impl Syntax {
    /// The delimiter line.
    pub fn delimiter(self) -> &'static str {
        match self {
            Syntax::Toml => "+++",
            Syntax::Yaml => "---",
        }
    }

    /// The name shown in messages.
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Toml => "TOML",
            Syntax::Yaml => "YAML",
        }
    }
}

/// A file cut into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// TOML or YAML.
    pub syntax: Syntax,
    /// The text between the delimiter lines.
    pub matter: &'a str,
    /// The 1-based file line of the first line of `matter`.
    pub matter_line: usize,
    /// The Markdown after the closing delimiter line.
    pub body: &'a str,
    /// The byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Why a file could not be cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `+++` or `---`.
    Missing,
    /// The opening delimiter has no closing one.
    Unclosed(Syntax),
}

/// The lines of `text` with their byte offsets, without the line ending.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let start = at;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        at = (end + 1).min(text.len() + 1);
        let next = end + 1;
        Some((start, text[start..end].trim_end_matches('\r'), next))
    })
}

/// Cuts `source` (without a byte-order mark) into front matter and body.
pub fn split(source: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = lines_with_offsets(source);
    let (_, first, matter_start) = lines.next().ok_or(SplitError::Missing)?;
    let syntax = match first.trim_end() {
        "+++" => Syntax::Toml,
        "---" => Syntax::Yaml,
        _ => return Err(SplitError::Missing),
    };
    for (start, line, next) in lines {
        if line.trim_end() == syntax.delimiter() {
            let body_offset = next.min(source.len());
            return Ok(Split {
                syntax,
                matter: &source[matter_start.min(source.len())..start],
                matter_line: 2,
                body: &source[body_offset..],
                body_offset,
            });
        }
    }
    Err(SplitError::Unclosed(syntax))
}

/// A problem inside a front matter block, at a 1-based line and column of the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line within the block (1 = the line after the opening delimiter).
    pub line: usize,
    /// Column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// Whether it is only a warning.
    pub warning: bool,
}

/// Where the keys of a block are: for each field path (`title`, `attachments[1].href`,
/// `channels[0].id`, `footer.icp`), the line, the key's column and the value's column.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    places: HashMap<String, (usize, usize, usize)>,
    keys: Vec<(String, usize, usize, usize)>,
}

fn key_at(line: &str, seps: &[char]) -> Option<(String, usize, usize)> {
    // Returns the key, the byte index of the key and of the value in `line`.
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let (key, after) = if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"')?;
        (quoted[..end].to_string(), indent + end + 2)
    } else if let Some(quoted) = rest.strip_prefix('\'') {
        let end = quoted.find('\'')?;
        (quoted[..end].to_string(), indent + end + 2)
    } else {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        (rest[..end].to_string(), indent + end)
    };
    let tail = &line[after..];
    let sep_at = tail.len() - tail.trim_start().len();
    let sep = tail[sep_at..].chars().next()?;
    if !seps.contains(&sep) {
        return None;
    }
    let value = &tail[sep_at + 1..];
    let value_at = after + sep_at + 1 + (value.len() - value.trim_start().len());
    Some((key, indent, value_at))
}

fn column(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

impl Locator {
    fn record(&mut self, path: String, line_no: usize, line: &str, key_at: usize, value_at: usize) {
        let value_col = if value_at >= line.trim_end().len() {
            column(line, key_at)
        } else {
            column(line, value_at)
        };
        let place = (line_no, column(line, key_at), value_col);
        self.keys.push((path.clone(), place.0, place.1, place.2));
        self.places.entry(path).or_insert(place);
    }

    /// Indexes a TOML block: `[table]`, `[[array]]` and `key = value` lines.
    pub fn toml(text: &str) -> Self {
        let mut loc = Locator::default();
        let mut table = String::new();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for (i, (_, line, _)) in lines_with_offsets(text).enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(name) = trimmed
                .strip_prefix("[[")
                .and_then(|r| r.split("]]").next())
            {
                let name = name.trim().to_string();
                let n = counts.entry(name.clone()).or_insert(0);
                table = format!("{name}[{n}]");
                *n += 1;
                let at = line.len() - line.trim_start().len();
                loc.record(table.clone(), i + 1, line, at, at);
                continue;
            }
            if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.split(']').next()) {
                table = name.trim().to_string();
                continue;
            }
            if let Some((key, key_at, value_at)) = key_at(line, &['=']) {
                let path = if table.is_empty() {
                    key
                } else {
                    format!("{table}.{key}")
                };
                loc.record(path, i + 1, line, key_at, value_at);
            }
        }
        loc
    }

    /// Indexes a YAML block: top-level `key:` lines, and `- ` items with their keys below them.
    pub fn yaml(text: &str) -> Self {
        let mut loc = Locator::default();
        let mut top = String::new();
        let mut item: Option<usize> = None;
        for (i, (_, line, _)) in lines_with_offsets(text).enumerate() {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent == 0 && !trimmed.starts_with("- ") && trimmed != "-" {
                if let Some((key, key_at, value_at)) = key_at(line, &[':']) {
                    top = key.clone();
                    item = None;
                    loc.record(key, i + 1, line, key_at, value_at);
                }
                continue;
            }
            let mut content_at = indent;
            if trimmed.starts_with("- ") || trimmed == "-" {
                let n = item.map_or(0, |n| n + 1);
                item = Some(n);
                loc.record(format!("{top}[{n}]"), i + 1, line, indent, indent);
                content_at = indent + 1 + (trimmed[1..].len() - trimmed[1..].trim_start().len());
            }
            // Blank out what precedes the key so that `key_at` sees it at its column.
            let shifted: String = " ".repeat(content_at) + &line[content_at..];
            if let Some((key, key_at, value_at)) = key_at(&shifted, &[':']) {
                let path = match item {
                    Some(n) => format!("{top}[{n}].{key}"),
                    None => format!("{top}.{key}"),
                };
                loc.record(path, i + 1, &shifted, key_at, value_at);
            }
        }
        loc
    }

    /// The line and value column of a field path.
    pub fn value(&self, path: &str) -> Option<(usize, usize)> {
        self.find(path).map(|(l, _, v)| (l, v))
    }

    /// The line and key column of a field path.
    pub fn key(&self, path: &str) -> Option<(usize, usize)> {
        self.find(path).map(|(l, k, _)| (l, k))
    }

    /// The place of `path`; for `list[i].field` in inline tables, the i-th key named `field`
    /// after the key `list`; else the place of the nearest enclosing table or list.
    fn find(&self, path: &str) -> Option<(usize, usize, usize)> {
        if let Some(place) = self.places.get(path) {
            return Some(*place);
        }
        if let Some((list, rest)) = path.split_once('[') {
            if let Some((index, field)) = rest.split_once("].") {
                if let (Ok(index), Some(&(list_line, _, _))) =
                    (index.parse::<usize>(), self.places.get(list))
                {
                    if let Some(place) = self.inline_keys(list_line, field).nth(index) {
                        return Some(place);
                    }
                }
            }
        }
        let cut = path.rfind(['.', '['])?;
        self.find(&path[..cut])
    }

    fn inline_keys<'a>(
        &'a self,
        from_line: usize,
        field: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.keys
            .iter()
            .filter(move |(p, l, _, _)| *l >= from_line && p.rsplit('.').next() == Some(field))
            .map(|&(_, l, k, v)| (l, k, v))
    }
}

/// Finds `key =` / `key:` occurrences inside inline tables (`{ name = "a", href = "b" }`), which
/// the line scan above does not see; recorded as extra keys.
fn inline_table_keys(text: &str, loc: &mut Locator) {
    for (i, (_, line, _)) in lines_with_offsets(text).enumerate() {
        for (brace, _) in line.match_indices(['{', ',']) {
            let after = &line[brace + 1..];
            let shifted: String = " ".repeat(brace + 1) + after;
            if let Some((key, key_at, value_at)) = key_at(&shifted, &['=', ':']) {
                let place = (i + 1, column(line, key_at), column(line, value_at));
                loc.keys
                    .push((format!("{{inline}}.{key}"), place.0, place.1, place.2));
            }
        }
    }
    loc.keys.sort_by_key(|k| (k.1, k.2));
}

/// The fields of a notice's front matter. Every field is optional here; the build checks what is
/// required and reports it with its place.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FrontMatter {
    /// 标题 (required).
    pub title: Option<String>,
    /// RFC 3339, or `YYYY-MM-DD HH:MM` in the site's offset (required).
    pub date: Option<String>,
    /// The channel id; defaults to the notice's folder.
    pub channel: Option<String>,
    /// The notice id; defaults to the file name without `.md`.
    pub id: Option<String>,
    /// 副标题.
    pub subtitle: Option<String>,
    /// 来源.
    pub source: Option<String>,
    /// 发布机构.
    pub publisher: Option<String>,
    /// 文号.
    pub doc_number: Option<String>,
    /// 索引号.
    pub index_number: Option<String>,
    /// 成文日期, as written.
    pub written: Option<String>,
    /// 主题分类.
    pub topic: Option<String>,
    /// 关键词.
    pub keywords: Vec<String>,
    /// The summary (meta description).
    pub summary: Option<String>,
    /// 附件.
    pub attachments: Vec<AttachmentInput>,
    /// Drafts are skipped (included by `bulletin build --drafts`).
    pub draft: bool,
    /// 有效性: 现行有效, 已修改, 已废止 or 已失效.
    pub validity: Option<String>,
    /// 施行日期, `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    /// 有效期至, `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// The id of the notice that replaces this one.
    pub replaced_by: Option<String>,
    /// The id of the notice that amends this one.
    pub amended_by: Option<String>,
    /// 截止时间: like `date`.
    pub deadline: Option<String>,
    /// 更新时间: like `date`.
    pub updated: Option<String>,
    /// 更正说明.
    pub correction: Option<String>,
    /// On an interpretation (解读): the id of the policy it interprets.
    pub interprets: Option<String>,
    /// With `interprets`: 文字解读, 图解 or 视频解读.
    pub kind: Option<String>,
    /// The notice must publish personal data (a hotline's mobile number, say): the personal-data
    /// guard leaves it alone, and the build lists it.
    pub personal_data: bool,
}

/// An attachment as written in front matter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct AttachmentInput {
    /// The name shown to readers (required).
    pub name: Option<String>,
    /// A path relative to the notice file (a local file, copied), or an http(s) URL.
    pub href: Option<String>,
    /// The type shown to readers; defaults to the upper-case extension.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The size in bytes of a remote file (local files are measured).
    pub size: Option<u64>,
}

/// The field names [`FrontMatter`] knows, read from its `Deserialize` impl: a field added to
/// the struct is known without being listed anywhere else.
pub fn fields() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    NAMES.get_or_init(struct_fields::<FrontMatter>)
}

/// The field names a derived `Deserialize` of a struct asks for.
pub fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("names read"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut names));
    names
}

/// The known field closest to a misspelt `key`, when one is close enough to be meant.
pub fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let key: Vec<char> = key.chars().collect();
    let distance = |word: &str| {
        let word: Vec<char> = word.chars().collect();
        let mut row: Vec<usize> = (0..=word.len()).collect();
        for (i, a) in key.iter().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, b) in word.iter().enumerate() {
                let next = (row[j + 1] + 1)
                    .min(row[j] + 1)
                    .min(prev + usize::from(a != b));
                prev = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[word.len()]
    };
    let limit = (key.len() / 3).max(2);
    known
        .iter()
        .map(|k| (distance(k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The warning for an unknown field, naming the nearest known one.
fn unknown_message(what: &str, key: &str, known: &[&str]) -> String {
    match nearest(key, known) {
        Some(near) => format!("unknown {what} field `{key}` (ignored): did you mean `{near}`?"),
        None => format!("unknown {what} field `{key}` (ignored)"),
    }
}

const ATTACHMENT_FIELDS: &[&str] = &["name", "href", "type", "size"];

/// A TOML value as JSON; dates and times become their RFC 3339 text.
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// A YAML value as JSON. Keys that are not strings are written as their YAML text.
pub fn yaml_to_json(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml_ng::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// The 1-based line and column of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let index = super::diagnostics::LineIndex::new(text);
    index.position(text, offset)
}

/// Parses a TOML or YAML block into a table. A syntax error comes back with its place in the
/// block.
pub fn parse_table(syntax: Syntax, text: &str) -> Result<Map<String, Value>, Problem> {
    let problem = |(line, column): (usize, usize), message: String| Problem {
        line,
        column,
        message: format!("invalid {} front matter: {message}", syntax.name()),
        warning: false,
    };
    match syntax {
        Syntax::Toml => match toml::from_str::<toml::Table>(text) {
            Ok(table) => match toml_to_json(toml::Value::Table(table)) {
                Value::Object(map) => Ok(map),
                _ => Ok(Map::new()),
            },
            Err(e) => {
                let at = e.span().map_or((1, 1), |s| position(text, s.start));
                Err(problem(at, e.message().trim().to_string()))
            }
        },
        Syntax::Yaml => match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text) {
            Ok(serde_yaml_ng::Value::Null) => Ok(Map::new()),
            Ok(value) => match yaml_to_json(value) {
                Value::Object(map) => Ok(map),
                _ => Err(problem(
                    (1, 1),
                    "expected `key: value` lines, found a single value".to_string(),
                )),
            },
            Err(e) => {
                let at = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                Err(problem(at, yaml_message(&e.to_string())))
            }
        },
    }
}

/// A libyaml message without its ` at line L column C` parts.
fn yaml_message(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip = tail
            .find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
            .unwrap_or(tail.len());
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Reads the known fields of `map` into `T` one by one, so that every wrong field is reported
/// (at its value) and the others are kept; unknown fields are warnings. `what` names the block
/// in messages (`front matter`, `site.toml`).
pub fn read_fields<T: DeserializeOwned + Default>(
    map: Map<String, Value>,
    known: &[&str],
    locator: &Locator,
    what: &str,
    problems: &mut Vec<Problem>,
) -> (T, Map<String, Value>) {
    let mut good = Map::new();
    for (key, value) in map {
        if !known.contains(&key.as_str()) {
            let (line, column) = locator.key(&key).unwrap_or((1, 1));
            problems.push(Problem {
                line,
                column,
                message: unknown_message(what, &key, known),
                warning: true,
            });
            continue;
        }
        let single: Map<String, Value> = [(key.clone(), value.clone())].into_iter().collect();
        match serde_json::from_value::<T>(Value::Object(single)) {
            Ok(_) => {
                good.insert(key, value);
            }
            Err(e) => {
                let (line, column) = locator.value(&key).unwrap_or((1, 1));
                problems.push(Problem {
                    line,
                    column,
                    message: format!("field `{key}`: {e}"),
                    warning: false,
                });
            }
        }
    }
    let fields = serde_json::from_value::<T>(Value::Object(good.clone())).unwrap_or_default();
    (fields, good)
}

/// Warns about unknown keys in the tables of an array field (`attachments`, `channels`) or in a
/// table field (`footer`).
pub fn unknown_nested(
    map: &Map<String, Value>,
    field: &str,
    known: &[&str],
    locator: &Locator,
    what: &str,
    problems: &mut Vec<Problem>,
) {
    let tables: Vec<(String, &Map<String, Value>)> = match map.get(field) {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_object().map(|o| (format!("{field}[{i}]"), o)))
            .collect(),
        Some(Value::Object(o)) => vec![(field.to_string(), o)],
        _ => Vec::new(),
    };
    for (path, table) in tables {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                let (line, column) = locator
                    .key(&format!("{path}.{key}"))
                    .or_else(|| locator.key(field))
                    .unwrap_or((1, 1));
                problems.push(Problem {
                    line,
                    column,
                    message: unknown_message(what, key, known),
                    warning: true,
                });
            }
        }
    }
}

/// Indexes the keys of a block of either syntax.
pub fn locate(syntax: Syntax, text: &str) -> Locator {
    let mut locator = match syntax {
        Syntax::Toml => Locator::toml(text),
        Syntax::Yaml => Locator::yaml(text),
    };
    inline_table_keys(text, &mut locator);
    locator
}

/// A notice's front matter as read.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The fields, `None` when the block does not parse.
    pub fields: Option<FrontMatter>,
    /// Where the keys are.
    pub locator: Locator,
    /// Every problem found.
    pub problems: Vec<Problem>,
    /// The keys written in the block, including those whose value was wrong.
    pub present: Vec<String>,
}

/// Reads a notice's front matter: the fields it has, and every problem (type errors at their
/// field, unknown fields as warnings).
pub fn read(split: &Split<'_>) -> Read {
    let locator = locate(split.syntax, split.matter);
    let map = match parse_table(split.syntax, split.matter) {
        Ok(map) => map,
        Err(p) => {
            return Read {
                locator,
                problems: vec![p],
                ..Read::default()
            }
        }
    };
    let present: Vec<String> = map.keys().cloned().collect();
    let mut problems = Vec::new();
    let (fields, good) =
        read_fields::<FrontMatter>(map, fields(), &locator, "front matter", &mut problems);
    unknown_nested(
        &good,
        "attachments",
        ATTACHMENT_FIELDS,
        &locator,
        "attachment",
        &mut problems,
    );
    Read {
        fields: Some(fields),
        locator,
        problems,
        present,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_yaml_with_line_numbers() {
        let src = "+++\ntitle = \"a\"\n+++\nbody\n";
        let s = split(src).unwrap();
        assert_eq!(s.syntax, Syntax::Toml);
        assert_eq!(s.matter, "title = \"a\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_offset, 20);
        let src = "---\r\ntitle: a\r\n---  \r\n\r\nbody";
        let s = split(src).unwrap();
        assert_eq!(s.syntax, Syntax::Yaml);
        assert_eq!(s.matter, "title: a\r\n");
        assert_eq!(s.body, "\r\nbody");
        assert_eq!(split("# title\n"), Err(SplitError::Missing));
        assert_eq!(
            split("+++\ntitle = 1\n"),
            Err(SplitError::Unclosed(Syntax::Toml))
        );
        let s = split("---\n---\n").unwrap();
        assert_eq!((s.matter, s.body), ("", ""));
    }

    #[test]
    fn locates_fields_in_toml() {
        let text = "title = \"a\"\n# c\nkeywords = [\"x\"]\n\n[[attachments]]\nname = \"n\"\nhref  =  \"h\"\n[[attachments]]\nhref = \"k\"\n";
        let loc = Locator::toml(text);
        assert_eq!(loc.value("title"), Some((1, 9)));
        assert_eq!(loc.key("keywords"), Some((3, 1)));
        assert_eq!(loc.value("attachments[0].href"), Some((7, 10)));
        assert_eq!(loc.value("attachments[1].href"), Some((9, 8)));
        assert_eq!(loc.value("nothing"), None);
    }

    #[test]
    fn locates_inline_tables() {
        let text = "attachments = [\n  { name = \"a\", href = \"x\" },\n  { name = \"b\", href = \"y\" },\n]\n";
        let mut loc = Locator::toml(text);
        inline_table_keys(text, &mut loc);
        assert_eq!(loc.value("attachments[1].href"), Some((3, 24)));
        assert_eq!(loc.value("attachments[0].name"), Some((2, 12)));
    }

    #[test]
    fn locates_fields_in_yaml() {
        let text = "title: 通知\ndate: 2026-01-01 10:00\nattachments:\n  - name: a\n    href: x.pdf\n  - href: y.pdf\n    name: b\n";
        let loc = Locator::yaml(text);
        assert_eq!(loc.value("title"), Some((1, 8)));
        assert_eq!(loc.value("attachments[0].href"), Some((5, 11)));
        assert_eq!(loc.value("attachments[1].href"), Some((6, 11)));
        assert_eq!(loc.key("attachments[1].name"), Some((7, 5)));
    }

    #[test]
    fn toml_dates_become_text() {
        let map = parse_table(
            Syntax::Toml,
            "date = 2026-02-12T17:29:00+08:00\nwritten = 2026-02-10\n",
        )
        .unwrap();
        assert_eq!(map["date"], "2026-02-12T17:29:00+08:00");
        assert_eq!(map["written"], "2026-02-10");
        let map = parse_table(
            Syntax::Yaml,
            "date: 2026-02-12 17:29\nwritten: 2026-02-10\n",
        )
        .unwrap();
        assert_eq!(map["date"], "2026-02-12 17:29");
        assert_eq!(map["written"], "2026-02-10");
    }

    #[test]
    fn syntax_errors_have_places() {
        let e = parse_table(Syntax::Toml, "title = \"a\"\ndate = = 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8), "{e:?}");
        assert!(
            e.message.starts_with("invalid TOML front matter: "),
            "{e:?}"
        );
        let e = parse_table(Syntax::Yaml, "title: a\nkeywords: [a, b\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(!e.message.contains(" at line "), "{e:?}");
        let e = parse_table(Syntax::Yaml, "just text\n").unwrap_err();
        assert!(e.message.contains("single value"), "{e:?}");
    }

    #[test]
    fn each_wrong_field_is_reported_and_the_rest_kept() {
        let src = "+++\ntitle = 5\nkeywords = \"x\"\nsource = \"s\"\ndoc_numbr = \"1\"\n+++\n";
        let s = split(src).unwrap();
        let Read {
            fields, problems, ..
        } = read(&s);
        let fm = fields.unwrap();
        assert_eq!(fm.source.as_deref(), Some("s"));
        assert_eq!(fm.title, None);
        let messages: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.column, p.warning, p.message.as_str()))
            .collect();
        assert!(messages.contains(&(
            1,
            9,
            false,
            "field `title`: invalid type: integer `5`, expected a string"
        )));
        assert!(messages
            .iter()
            .any(|m| m.0 == 2 && m.3.starts_with("field `keywords`")));
        assert!(messages.contains(&(
            4,
            1,
            true,
            "unknown front matter field `doc_numbr` (ignored): did you mean `doc_number`?"
        )));
    }

    #[test]
    fn the_known_fields_are_the_structs() {
        let names = fields();
        for f in [
            "title",
            "draft",
            "validity",
            "replaced_by",
            "interprets",
            "kind",
            "personal_data",
        ] {
            assert!(names.contains(&f), "{f}");
        }
        assert_eq!(names.len(), 26);
        assert_eq!(nearest("validty", names), Some("validity"));
        assert_eq!(nearest("deadlin", names), Some("deadline"));
        assert_eq!(nearest("colour", names), None);
    }

    #[test]
    fn yaml_messages_lose_their_positions() {
        assert_eq!(
            yaml_message("did not find expected key at line 3 column 1, while parsing a block mapping at line 1 column 1"),
            "did not find expected key, while parsing a block mapping"
        );
    }
}
