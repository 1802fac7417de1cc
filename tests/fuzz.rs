//! Random mutation testing ("fuzzing" without a nightly toolchain) of everything the content tool
//! and the app parse: front matter (TOML and YAML, `site.toml`), Markdown → blocks, and the JSON
//! data contract (site, list page, notice, as raw bytes). Each target gets inputs made by
//! mutating the kept corpus under `tests/fuzz-corpus/<target>/` (bit flips, insertions of tokens
//! that matter to the parser, deletions, duplications, splices of two inputs, very deep nesting)
//! and must never panic, hang or break its invariants:
//!
//! - Markdown: every link the tool writes passes the app's `safe_link`; without an error, every
//!   image passes `safe_resource`; the blocks survive JSON and back unchanged.
//! - JSON: what parses survives serialising and parsing again unchanged.
//!
//! The test command runs a short, seeded run (`FUZZ_EXECS` executions per target, 3,000 by
//! default). A long run:
//!
//! ```sh
//! FUZZ_EXECS=3400000 FUZZ_SEED=$RANDOM cargo test --profile tool --offline --test fuzz -- --nocapture
//! ```
//!
//! With `FUZZ_SAVE=1`, inputs that made a new kind of diagnostic are added to the corpus. A
//! failing input is written to `target/fuzz-failures/` and printed with the seed.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashSet;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bulletin::contract::model::{Block, Inline, ListPage, Notice, Site};
use bulletin::contract::read::parse_bytes;
use bulletin::contract::urls::{safe_link, safe_resource};
use bulletin::tool::content::{config, frontmatter, markdown};
use common::repo;

/// xorshift64*: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Tokens that change what the parsers do.
const TOKENS: &[&str] = &[
    "+++\n",
    "---\n",
    "\n",
    "\r\n",
    "\t",
    " ",
    "=",
    ":",
    "\"",
    "'",
    "\"\"\"",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    "#",
    "##",
    "#####",
    "> ",
    "- ",
    "1. ",
    "* ",
    "**",
    "*",
    "_",
    "`",
    "```\n",
    "~~~",
    "|",
    "|---|",
    "\n| a | b |\n|---|---|\n| c | d |\n",
    "Table: ",
    "![",
    "](",
    ")",
    "<",
    ">",
    "<!--",
    "-->",
    "<script>",
    "&",
    "&amp;",
    "&#x6A;",
    "\\",
    "\\u0000",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "\u{200b}",
    "\u{3000}",
    "javascript:",
    "JaVa\tScRiPt:",
    "data:",
    "vbscript:",
    "https://",
    "//",
    "../",
    "/etc/passwd",
    "title",
    "id",
    "published",
    "channel",
    "attachments",
    "keywords",
    "2026-02-12T17:29:00+08:00",
    "2026-13-45",
    "9999999999999999999999",
    "-1",
    "1e999",
    "true",
    "null",
    "~",
    "&anchor",
    "*anchor",
    "!!binary",
    "? ",
    "{\"type\":",
    "\"paragraph\"",
    "\"content\":",
    "\"body\":",
    "\"items\":",
    "\"href\":",
    "通知",
    "浙",
];

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(9) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, rng.next() as u8),
            2 | 3 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            4 if !out.is_empty() => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                out.drain(at.min(end)..end);
            }
            5 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(64)).min(out.len());
                let piece = out[start..end].to_vec();
                out.splice(at..at, piece);
            }
            6 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(256)).min(other.len());
                out.truncate(at);
                out.extend_from_slice(&other[from..to]);
            }
            7 => {
                // Deep nesting: what a recursive parser chokes on.
                let (open, close) =
                    [("[", "]"), ("{\"a\":", "}"), ("> ", ""), ("- ", "")][rng.below(4)];
                let depth = 1 + rng.below(400);
                let mut piece = open.repeat(depth);
                piece.push_str(&close.repeat(depth));
                out.splice(at..at, piece.into_bytes());
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let n = 1 + rng.below(50);
                out.splice(at..at, token.repeat(n));
            }
        }
    }
    out.truncate(64 * 1024);
    out
}

/// What a target saw, for keeping inputs that reach new diagnostics.
type Features = Vec<String>;

/// A diagnostic message reduced to its kind: the first line, quoted parts, numbers and
/// punctuation left out (parsers quote the offending text, which would make every message new).
fn kind_of(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in first.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '`' | '"' | '\'') => quote = Some(c),
            None if c.is_ascii_alphabetic() || c == ' ' => out.push(c),
            None => {}
        }
    }
    out.split_whitespace().take(8).collect::<Vec<_>>().join(" ")
}

fn check_inlines(inlines: &[Inline], problems: &mut Vec<String>) {
    for inline in inlines {
        if let Inline::Span(span) = inline {
            if let Some(href) = &span.href {
                if safe_link(href).is_none() {
                    problems.push(format!("a link the app refuses was written: {href:?}"));
                }
            }
        }
    }
}

fn front_matter(input: &[u8]) -> Result<Features, String> {
    let text = String::from_utf8_lossy(input);
    let mut features = Vec::new();
    match frontmatter::split(&text) {
        Ok(split) => {
            let read = frontmatter::read(&split);
            features.extend(read.problems.iter().map(|p| kind_of(&p.message)));
        }
        Err(e) => features.push(format!("{e:?}")),
    }
    let (_, problems) = config::parse(&text);
    features.extend(
        problems
            .iter()
            .map(|p| format!("site.toml {}", kind_of(&p.message))),
    );
    Ok(features)
}

fn markdown_blocks(input: &[u8]) -> Result<Features, String> {
    let text = String::from_utf8_lossy(input);
    let (blocks, notes) = markdown::to_blocks(&text, &mut markdown::KeepUrls);
    let mut problems = Vec::new();
    let errors = notes.iter().any(|n| !n.warning);
    for note in &notes {
        if note.offset > text.len() {
            problems.push(format!("note offset {} past the end", note.offset));
        }
    }
    for block in &blocks {
        match block {
            Block::Paragraph { content }
            | Block::Quote { content }
            | Block::Heading { content, .. } => check_inlines(content, &mut problems),
            Block::List { items, .. } => items.iter().for_each(|i| check_inlines(i, &mut problems)),
            Block::Table { header, rows, .. } => {
                header
                    .iter()
                    .flatten()
                    .for_each(|c| check_inlines(c, &mut problems));
                rows.iter()
                    .flatten()
                    .for_each(|c| check_inlines(c, &mut problems));
            }
            Block::Image { src, .. } => {
                if !errors && safe_resource(src).is_none() {
                    problems.push(format!("an image the app refuses was written: {src:?}"));
                }
            }
            Block::Unknown { kind } => problems.push(format!("an unknown block {kind:?}")),
        }
    }
    let json = serde_json::to_string(&blocks).map_err(|e| e.to_string())?;
    let back: Vec<Block> = serde_json::from_str(&json).map_err(|e| format!("{e}: {json}"))?;
    if back != blocks {
        problems.push("blocks changed through JSON".into());
    }
    if problems.is_empty() {
        Ok(notes.iter().map(|n| kind_of(&n.message)).collect())
    } else {
        Err(problems.join("; "))
    }
}

fn has_unknown(notice: &Notice) -> bool {
    notice
        .body
        .iter()
        .any(|b| matches!(b, Block::Unknown { .. }))
}

fn json_model(input: &[u8]) -> Result<Features, String> {
    let mut features = Vec::new();
    macro_rules! round_trip {
        ($t:ty, $name:literal, $skip:expr) => {
            match parse_bytes::<$t>("f.json", input) {
                Ok(value) => {
                    features.push(concat!($name, " ok").to_string());
                    let skip: fn(&$t) -> bool = $skip;
                    if !skip(&value) {
                        let json = serde_json::to_string(&value).map_err(|e| e.to_string())?;
                        let again = parse_bytes::<$t>("f.json", json.as_bytes())
                            .map_err(|e| format!("{} written does not parse: {e}", $name))?;
                        if again != value {
                            return Err(format!("{} changed through JSON", $name));
                        }
                    }
                }
                Err(e) => features.push(format!("{} {}", $name, kind_of(&e.to_string()))),
            }
        };
    }
    round_trip!(Site, "site", |_| false);
    round_trip!(ListPage, "list", |_| false);
    round_trip!(Notice, "notice", has_unknown);
    Ok(features)
}

struct Target {
    name: &'static str,
    run: fn(&[u8]) -> Result<Features, String>,
    seeds: fn() -> Vec<Vec<u8>>,
}

fn files_under(dir: &Path, ext: &[&str], out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if ext.is_empty()
            || path
                .extension()
                .is_some_and(|e| ext.contains(&e.to_string_lossy().as_ref()))
        {
            out.push(fs::read(&path).unwrap());
        }
    }
}

fn corpus_dir(target: &str) -> PathBuf {
    repo().join("tests/fuzz-corpus").join(target)
}

/// The kept corpus of a target plus the repository's own inputs of its kind.
fn seeds_front_matter() -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    files_under(&repo().join("content"), &["md", "toml"], &mut files);
    files_under(
        &repo().join("tests/fixtures/content"),
        &["md", "toml"],
        &mut files,
    );
    // The front matter and the start of the body: the body is the Markdown target's.
    let mut out: Vec<Vec<u8>> = files
        .into_iter()
        .map(|f| {
            let text = String::from_utf8_lossy(&f).into_owned();
            let end = match frontmatter::split(&text) {
                Ok(split) => (split.body_offset + 64).min(text.len()),
                Err(_) => text.len().min(2048),
            };
            text.as_bytes()[..end].to_vec()
        })
        .collect();
    files_under(&corpus_dir("front-matter"), &[], &mut out);
    out
}

fn seeds_markdown() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    files_under(&corpus_dir("markdown"), &[], &mut out);
    files_under(&repo().join("content"), &["md"], &mut out);
    out
}

fn seeds_json() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    files_under(&corpus_dir("json"), &[], &mut out);
    files_under(&repo().join("tests/fixtures"), &["json"], &mut out);
    out
}

const TARGETS: &[Target] = &[
    Target {
        name: "front-matter",
        run: front_matter,
        seeds: seeds_front_matter,
    },
    Target {
        name: "markdown",
        run: markdown_blocks,
        seeds: seeds_markdown,
    },
    Target {
        name: "json",
        run: json_model,
        seeds: seeds_json,
    },
];

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// At most this many inputs are added to a target's corpus per run.
const MAX_KEPT: usize = 40;

/// Mutates and runs one target `execs` times; returns its failures.
fn fuzz(target: &Target, execs: u64, seed: u64, save: bool) -> Vec<String> {
    let mut corpus = (target.seeds)();
    assert!(!corpus.is_empty(), "{}: no seed inputs", target.name);
    let mut seen: HashSet<String> = HashSet::new();
    let mut rng = Rng(seed ^ (target.name.len() as u64) << 32 | 1);
    let mut failures = Vec::new();
    let mut kept = 0;
    let slowest_allowed = Duration::from_secs(2);
    let started = Instant::now();
    for i in 0..execs {
        let base = &corpus[rng.below(corpus.len())];
        let input = if i < corpus.len() as u64 {
            corpus[i as usize].clone()
        } else {
            mutate(&mut rng, base, &corpus)
        };
        let t0 = Instant::now();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
        let took = t0.elapsed();
        let failure = match outcome {
            Err(payload) => Some(format!(
                "panic: {}",
                payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("?")
            )),
            Ok(Err(broken)) => Some(format!("invariant: {broken}")),
            Ok(Ok(_)) if took > slowest_allowed => Some(format!("slow: {took:?}")),
            Ok(Ok(features)) => {
                let new: Vec<String> = features
                    .into_iter()
                    .filter(|f| seen.insert(f.clone()))
                    .collect();
                if save
                    && !new.is_empty()
                    && kept < MAX_KEPT
                    && i >= corpus.len() as u64
                    && input.len() <= 4096
                {
                    let dir = corpus_dir(target.name);
                    fs::create_dir_all(&dir).unwrap();
                    let name = format!("{:016x}", fxhash(&input));
                    fs::write(dir.join(name), &input).unwrap();
                    corpus.push(input.clone());
                    kept += 1;
                }
                None
            }
        };
        if let Some(failure) = failure {
            let dir = repo().join("target/fuzz-failures");
            fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{}-{:016x}", target.name, fxhash(&input)));
            fs::write(&file, &input).unwrap();
            failures.push(format!(
                "{}: {failure} (input {})",
                target.name,
                file.display()
            ));
            if failures.len() >= 10 {
                break;
            }
        }
    }
    println!(
        "fuzz {}: {execs} executions in {:.1} s, {} failures, {} distinct diagnostics, {kept} inputs kept (seed {seed})",
        target.name,
        started.elapsed().as_secs_f64(),
        failures.len(),
        seen.len()
    );
    failures
}

fn fxhash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn parsers_survive_mutated_inputs() {
    let execs = env_u64("FUZZ_EXECS", 3_000);
    let seed = env_u64("FUZZ_SEED", 0x5eed_b011_e71e);
    let save = std::env::var("FUZZ_SAVE").is_ok_and(|v| v == "1");
    let only = std::env::var("FUZZ_TARGET").ok();
    // Panics are caught and reported per input; keep the default hook from printing each one.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    for target in TARGETS {
        if only.as_deref().is_some_and(|o| o != target.name) {
            continue;
        }
        failures.extend(fuzz(target, execs, seed, save));
    }
    panic::set_hook(hook);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
