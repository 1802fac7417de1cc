//! `bulletin new`: a new notice file with today's date and time in the site's offset.

use std::collections::BTreeSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::dates::format_timestamp;
use crate::contract::model::is_valid_id;
use crate::contract::time::Timestamp;

/// The longest slug taken from a title.
const MAX_SLUG: usize = 60;

/// The ASCII letters and digits of `title`, lower case, words joined by `-` (at most
/// [`MAX_SLUG`] characters, cut at a word boundary). Empty when the title has none.
pub fn slug(title: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + extra > MAX_SLUG {
            if out.is_empty() {
                out = w[..MAX_SLUG].to_string();
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out
}

/// The candidate ids for a notice on `date` (`YYYY-MM-DD`): `date-slug`, then `date-slug-2`, …;
/// without a slug `date-1`, `date-2`, …
pub fn candidate_ids(date: &str, slug: &str) -> impl Iterator<Item = String> {
    let base = if slug.is_empty() {
        date.to_string()
    } else {
        format!("{date}-{slug}")
    };
    let plain = !slug.is_empty();
    (1u32..).map(move |n| {
        if plain && n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        }
    })
}

/// A TOML basic string.
pub fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text of a new notice file.
pub fn template(title: &str, now: &Timestamp) -> String {
    format!(
        "+++\n\
         title = {title}\n\
         date = {date}\n\
         # subtitle = \"\"\n\
         # source = \"\"\n\
         # publisher = \"\"\n\
         # doc_number = \"\"\n\
         # index_number = \"\"\n\
         # written = \"\"\n\
         # topic = \"\"\n\
         # keywords = [\"\", \"\"]\n\
         # summary = \"\"\n\
         #\n\
         # [[attachments]]\n\
         # name = \"附件1：….pdf\"\n\
         # href = \"a-file-next-to-this-one.pdf\"\n\
         #\n\
         # Drafts are not published: write the text below, then delete the next line.\n\
         draft = true\n\
         +++\n\
         \n",
        title = toml_string(title),
        date = format_timestamp(now, false),
    )
}

/// The stems of the `*.md` files in the channel folders of `content_dir`: ids that are taken.
fn taken_ids(content_dir: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                    out.insert(stem.to_string());
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    if let Ok(entries) = std::fs::read_dir(content_dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|k| k.is_dir()) {
                walk(&entry.path(), &mut out);
            }
        }
    }
    out
}

/// Creates `<content_dir>/<channel>/<id>.md` for a new notice and returns its path. Never
/// overwrites a file: the id gets a counter when it is taken.
pub fn new_notice(
    content_dir: &Path,
    channel: &str,
    title: &str,
    now: &Timestamp,
) -> Result<PathBuf, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("the title is empty".to_string());
    }
    let date = now.display_date();
    let taken = taken_ids(content_dir);
    let dir = content_dir.join(channel);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let text = template(title, now);
    for id in candidate_ids(&date, &slug(title)).take(10_000) {
        if !is_valid_id(&id) || taken.contains(&id) {
            continue;
        }
        let path = dir.join(format!("{id}.md"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(text.as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
        }
    }
    Err("no free id left for this date".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_ascii_letters_and_digits() {
        assert_eq!(
            slug("关于2026年 Work Conference（第2次）的通知"),
            "2026-work-conference-2"
        );
        assert_eq!(slug("关于征集典型案例的通知"), "");
        assert_eq!(slug("5G-A & IPv6+"), "5g-a-ipv6");
        let long = slug(&"word ".repeat(30));
        assert!(long.len() <= MAX_SLUG && !long.ends_with('-'), "{long}");
        assert_eq!(slug(&"x".repeat(100)).len(), MAX_SLUG);
    }

    #[test]
    fn ids_from_date_and_slug_or_counter() {
        let ids: Vec<_> = candidate_ids("2026-03-20", "work").take(3).collect();
        assert_eq!(
            ids,
            ["2026-03-20-work", "2026-03-20-work-2", "2026-03-20-work-3"]
        );
        let ids: Vec<_> = candidate_ids("2026-03-20", "").take(2).collect();
        assert_eq!(ids, ["2026-03-20-1", "2026-03-20-2"]);
        assert!(ids.iter().all(|i| is_valid_id(i)));
    }

    #[test]
    fn template_is_valid_front_matter() {
        let now = Timestamp::parse("2026-03-20T14:05:09+08:00").unwrap();
        let text = template("关于\"引号\"的通知", &now);
        let split = super::super::frontmatter::split(&text).unwrap();
        let read = super::super::frontmatter::read(&split);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        let fm = read.fields.unwrap();
        assert_eq!(fm.title.as_deref(), Some("关于\"引号\"的通知"));
        assert_eq!(fm.date.as_deref(), Some("2026-03-20T14:05:09+08:00"));
        assert!(fm.draft);
    }
}
