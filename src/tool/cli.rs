//! The command line of the content tool (bin `bulletin`): `build`, `check`, `new`; see [`HELP`].
//! Every mistake in the content is printed as `path:line:column: message`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::tool::content::build::{self, Error, Options, Report};
use crate::tool::content::diagnostics::Diagnostic;
use crate::tool::content::{config, dates, scaffold};
use crate::tool::shell::Shell;

/// The text of `bulletin --help`.
pub const HELP: &str = "\
bulletin — build a Bulletin site's data files from Markdown notices

USAGE:
bulletin build <content-dir> --out <site-dir> [--shell <index.html>] [--now <time>] [--drafts]
bulletin build <content-dir> --out <site-dir> --trunk [--public-url <url>] [--keep <dir>] [--now <time>] [--drafts]
bulletin check <content-dir> [--now <time>]
bulletin new <content-dir> <channel> <title>
bulletin help | --help | -h
bulletin --version | -V

COMMANDS:
build   Reads and checks every notice, then writes into <site-dir>:
          data/site.json, data/lists/<channel>/<n>.json (every channel and `all`),
          data/notices/<id>.json, data/files/<id>/<file> (local attachments and images),
          feed.xml (Atom, the newest 50 notices of the site), feeds/<channel>.xml,
          sitemap.xml (home, every list page, every notice; a sitemap index with
          sitemaps/<n>.xml beyond 50,000 pages).
        A file whose bytes are already in <site-dir> is not touched (same bytes, same
        modification time), so syncs upload only what changed; the others are written
        into a staging folder first and moved into place only when all of it succeeded
        (on any error before that the previous output is left as it was), then files no
        longer made are deleted. Other files in <site-dir> (the built app) are kept.
        Same input, same bytes, whatever the folder held before. Lists are newest
        first; each notice gets prev/next (上一篇/下一篇) within its channel and up to 5
        related notices (most shared keywords first, then its channel's newest).
        A progress bar is shown on stderr for more than 300 notices, on a terminal.
        -o, --out <site-dir>   where to write (required)
        --shell <index.html>   the app shell Trunk built (its dist/index.html, read
                               before anything is written): also writes a prerendered
                               entry page for every route — index.html,
                               list/<channel>/<n>/index.html, notice/<id>/index.html,
                               search/index.html and 404.html — each the shell with the page's title, meta
                               description, canonical URL, gov meta and Open Graph tags,
                               its content rendered by the app's own components and the
                               data it shows, so deep links work on any static host and
                               the pages read without JavaScript. Without --shell, a
                               prerendered <site-dir>/index.html (a site built before) is
                               the shell: the pages are rewritten with the data.
        --trunk                <site-dir> is the app Trunk just built (its staging folder:
                               Trunk's post_build hook runs this). Its index.html is made
                               into the app shell first, then used as --shell: the search
                               worker's files get hashed names (search-<hash>.js, .wasm,
                               search-worker-<hash>.js, which a <meta> names); Trunk's
                               hashes are padded to 16 hex digits; comments go; Trunk's
                               inline loader, its preload tags and the print stylesheet
                               move into loader-<hash>.js (named by a <meta> with its
                               integrity); the boot script prefs.js and the screen
                               stylesheet main-<hash>.css are written inline, their sha256
                               hashes added to the Content-Security-Policy <meta>; sw.js
                               is stamped with the build's id. Any other inline script,
                               inline style or 'unsafe-inline' in the policy fails.
        --public-url <url>     with --trunk: the URL the app is built for, as given to
                               Trunk (default /)
        --keep <dir>           with --trunk: the site is built in <dir>, kept between
                               builds (so a build makes again only the pages whose
                               data, shell or tool changed), then its files are
                               hard-linked (or copied) into <site-dir>
        --now <time>           the build's clock (default: the system clock), RFC 3339
                               or \"YYYY-MM-DD HH:MM\" in the site's offset. A notice dated
                               after it is held back: no data file, list entry, link,
                               feed or sitemap entry, search entry or page. The build
                               prints each held notice and when the next falls due.
                               Prerendered pages show 已失效 / 已截止 as of this clock
                               (the app corrects them with the reader's clock).
        --drafts               a preview: `draft = true` notices are included, every page
                               carries a 预览 banner and noindex. Refused when <site-dir>
                               holds a normal build (a normal build replaces a preview).
check   Reads and checks everything like `build`, writes nothing; says which notices
        --now would hold back.
new     Creates <content-dir>/<channel>/<id>.md with the title, today's date and time in
        the site's offset and `draft = true`. The id is the date and the ASCII letters and
        digits of the title (2026-03-20-annual-report), else the date and a counter
        (2026-03-20-1). An existing file is never overwritten.

CONTENT FOLDER:
site.toml               name, description, lang (zh-CN), base_url (required: the public
                        URL, may have a sub-path), timezone (\"+08:00\"), page_size (10),
                        [[channels]] id + name, [footer] organizer, icp, site_code, contact
<channel>/<file>.md     one notice; folders below the channel folder are allowed. Names
                        starting with `.` or `_` are skipped; files directly in the content
                        folder are not notices.

Front matter: TOML between `+++` lines or YAML between `---` lines. Fields:
  title (required), date (required: RFC 3339, or \"YYYY-MM-DD HH:MM\" in the site's
  offset), channel (default: the folder), id (default: the file name), subtitle, source,
  publisher, doc_number, index_number, written, topic, keywords (list), summary,
  attachments (list of {name, href, type?, size?}: href is a file next to the notice,
  copied to data/files/<id>/ with its size measured, or an http(s) URL whose size may be
  given; type defaults to the upper-case extension), draft (drafts are skipped, except
  with --drafts), validity (现行有效, 已修改, 已废止, 已失效), valid_from and valid_until
  (YYYY-MM-DD), replaced_by and amended_by (notice ids; the other notice gets the reverse
  link), deadline and updated (like date), correction (更正说明), interprets (a policy's
  id, on its 解读) with kind (文字解读, 图解, 视频解读). An unknown field is a warning
  naming the nearest known one.

Body: CommonMark with GFM tables. `#` becomes a level-2 heading and `#####` level 4 (with a
warning); `>` quotes; lists (nested lists are flattened); a paragraph that is only an
image is an image block (alt text, title as caption); a `Table: caption` paragraph right
before or after a table is its caption. A line break inside a paragraph vanishes between
CJK characters and is a space otherwise; a hard break (two spaces or `\\` at the end of
the line) is kept. Links may be http, https, mailto, tel or relative (a relative link to
a file next to the notice is copied like an attachment); images http, https or a file
next to the notice. Raw HTML is dropped with a warning.

OUTPUT:
Problems are printed as path:line:column: message, all of them, then the exit status is 1.
Warnings (path:line:column: warning: …) never stop a build. A successful run ends with
`built N notices in C channels, P list pages in T s`, then after a build `files: W written, K
unchanged, D deleted`. Exit status 2: wrong usage.
";

fn usage(message: &str) -> i32 {
    eprintln!("error: {message}\n\nRun `bulletin --help` for usage.");
    2
}

fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{}", d.render(root));
    }
}

fn finish(root: &Path, verb: &str, result: Result<Report, Error>) -> i32 {
    match result {
        Ok(report) => {
            print_diagnostics(root, &report.warnings);
            for line in report.held_lines() {
                println!("{line}");
            }
            for file in &report.personal_data {
                eprintln!(
                    "note: {}: publishes personal data (`personal_data = true`): not checked",
                    crate::tool::content::diagnostics::shown_path(root, file).display()
                );
            }
            println!("{}", report.summary(verb));
            if let Some(line) = report.changes_line() {
                println!("{line}");
            }
            0
        }
        Err(Error::Content(diagnostics)) => {
            print_diagnostics(root, &diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            eprintln!(
                "error: {}, {}; nothing was written",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
            1
        }
        Err(Error::Output { message, warnings }) => {
            print_diagnostics(root, &warnings);
            eprintln!("error: {message}; the previous output is unchanged");
            1
        }
    }
}

/// The command line, read.
#[derive(Default)]
struct Args {
    positional: Vec<OsString>,
    out: Option<PathBuf>,
    shell: Option<PathBuf>,
    trunk: bool,
    keep: Option<PathBuf>,
    public_url: Option<String>,
    now: Option<String>,
    drafts: bool,
}

/// Reads the options and arguments; `Err` holds the exit code when there is nothing more to do
/// (help, version, a usage error).
fn parse(args: Vec<OsString>) -> Result<Args, i32> {
    let mut parsed = Args::default();
    let mut iter = args.into_iter();
    let mut options_done = false;
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy().into_owned();
        if options_done {
            parsed.positional.push(arg);
            continue;
        }
        match text.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return Err(0);
            }
            "-V" | "--version" => {
                println!("bulletin {}", env!("CARGO_PKG_VERSION"));
                return Err(0);
            }
            "--" => options_done = true,
            "-o" | "--out" => match iter.next() {
                Some(dir) => parsed.out = Some(PathBuf::from(dir)),
                None => return Err(usage("--out needs a folder")),
            },
            "--shell" => match iter.next() {
                Some(file) => parsed.shell = Some(PathBuf::from(file)),
                None => return Err(usage("--shell needs the app's index.html")),
            },
            "--trunk" => parsed.trunk = true,
            "--keep" => match iter.next() {
                Some(dir) => parsed.keep = Some(PathBuf::from(dir)),
                None => return Err(usage("--keep needs a folder")),
            },
            "--drafts" => parsed.drafts = true,
            "--now" => match iter.next() {
                Some(time) => parsed.now = Some(time.to_string_lossy().into_owned()),
                None => return Err(usage("--now needs a time, e.g. 2026-12-06T10:00:00+08:00")),
            },
            _ if text.starts_with("--now=") => {
                parsed.now = Some(text["--now=".len()..].to_string());
            }
            "--public-url" => match iter.next() {
                Some(url) => parsed.public_url = Some(url.to_string_lossy().into_owned()),
                None => return Err(usage("--public-url needs the URL the app is built for")),
            },
            _ if text.starts_with("--public-url=") => {
                parsed.public_url = Some(text["--public-url=".len()..].to_string());
            }
            _ if text.starts_with("--shell=") => {
                parsed.shell = Some(PathBuf::from(&text["--shell=".len()..]));
            }
            _ if text.starts_with("--out=") => {
                parsed.out = Some(PathBuf::from(&text["--out=".len()..]));
            }
            _ if text.starts_with('-') && text.len() > 1 => {
                return Err(usage(&format!("unknown option `{text}`")));
            }
            _ => parsed.positional.push(arg),
        }
    }
    Ok(parsed)
}

/// Runs the tool with these arguments (without the program name); returns the exit code.
pub fn run(args: Vec<OsString>) -> i32 {
    let args = match parse(args) {
        Ok(args) => args,
        Err(code) => return code,
    };
    let Some(command) = args
        .positional
        .first()
        .map(|c| c.to_string_lossy().into_owned())
    else {
        print!("{HELP}");
        return 2;
    };
    let rest = &args.positional[1..];
    match command.as_str() {
        "help" => {
            print!("{HELP}");
            0
        }
        "build" => {
            let [content] = rest else {
                return usage("`build` takes one content folder: bulletin build <content-dir> --out <site-dir>");
            };
            build_command(Path::new(content), &args)
        }
        "check" => {
            let [content] = rest else {
                return usage("`check` takes one content folder: bulletin check <content-dir>");
            };
            if args.out.is_some()
                || args.shell.is_some()
                || args.trunk
                || args.public_url.is_some()
                || args.drafts
            {
                return usage(
                    "`check` writes nothing: --out, --shell, --trunk, --public-url and --drafts are for `build`",
                );
            }
            let root = Path::new(content);
            let options = match options(root, &args) {
                Ok(o) => o,
                Err(code) => return code,
            };
            finish(root, "checked", crate::tool::content::check(root, &options))
        }
        "new" => {
            let [content, channel, title] = rest else {
                return usage("`new` takes a content folder, a channel and a title: bulletin new <content-dir> <channel> \"<title>\"");
            };
            new_command(
                Path::new(content),
                &channel.to_string_lossy(),
                &title.to_string_lossy(),
            )
        }
        other => usage(&format!("unknown command `{other}`")),
    }
}

/// The build's options from the command line: `--now` is read in the site's offset.
fn options(root: &Path, args: &Args) -> Result<Options, i32> {
    let mut options = Options {
        drafts: args.drafts,
        ..Options::default()
    };
    if let Some(text) = &args.now {
        let offset = config::load(root).0.map_or(480, |c| c.offset_minutes);
        match dates::parse_date(text, offset) {
            Ok(p) => options.now = Some(p.timestamp.unix_seconds()),
            Err(e) => return Err(usage(&format!("--now: {e}"))),
        }
    }
    Ok(options)
}

/// `bulletin build <root> …`.
fn build_command(root: &Path, args: &Args) -> i32 {
    let Some(out) = &args.out else {
        return usage("`build` needs --out <site-dir>");
    };
    let options = match options(root, args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if args.trunk {
        if args.shell.is_some() {
            return usage("`--trunk` takes the shell from <site-dir>: leave out --shell");
        }
        let url = args.public_url.as_deref().unwrap_or("/");
        let shell = match Shell::from_trunk(out, url) {
            Ok(shell) => shell,
            Err(message) => {
                eprintln!("error: the app shell: {message}");
                return 1;
            }
        };
        let Some(keep) = &args.keep else {
            return finish(
                root,
                "built",
                build::build_with_shell(root, out, &options, Some(&shell)),
            );
        };
        // The site is built in the kept folder (only what changed is made again), then linked
        // into Trunk's fresh staging folder.
        let result = build::build_with_shell(root, keep, &options, Some(&shell)).and_then(|r| {
            build::link_site(keep, out)
                .map(|()| r)
                .map_err(|e| Error::Output {
                    message: format!("cannot link {} into {}: {e}", keep.display(), out.display()),
                    warnings: Vec::new(),
                })
        });
        return finish(root, "built", result);
    }
    if args.public_url.is_some() {
        return usage("--public-url goes with --trunk");
    }
    if args.keep.is_some() {
        return usage("--keep goes with --trunk");
    }
    // A site prerendered before: its home page holds the shell.
    let previous = out.join("index.html");
    let shell = args.shell.clone().or_else(|| {
        std::fs::read_to_string(&previous)
            .ok()
            .filter(|html| html.contains(crate::tool::shell::START))
            .map(|_| previous.clone())
    });
    let shell = match &shell {
        Some(file) => match std::fs::read_to_string(file) {
            // A prerendered page's whole stylesheet is a file beside it.
            Ok(html) => match Shell::parse_in(&html, file.parent().unwrap_or(Path::new("."))) {
                Ok(shell) => Some(shell),
                Err(message) => {
                    eprintln!("error: the app shell {}: {message}", file.display());
                    return 1;
                }
            },
            Err(e) => {
                eprintln!("error: cannot read the app shell {}: {e}", file.display());
                return 1;
            }
        },
        None => None,
    };
    finish(
        root,
        "built",
        build::build_with_shell(root, out, &options, shell.as_ref()),
    )
}

/// `bulletin new <root> <channel> <title>`.
fn new_command(root: &Path, channel: &str, title: &str) -> i32 {
    let (config, diagnostics) = config::load(root);
    let Some(config) = config else {
        print_diagnostics(root, &diagnostics);
        eprintln!("error: fix site.toml first");
        return 1;
    };
    if config.site.channel(channel).is_none() {
        let known: Vec<&str> = config.site.channels.iter().map(|c| c.id.as_str()).collect();
        eprintln!(
            "error: unknown channel `{channel}`: site.toml lists {}",
            known.join(", ")
        );
        return 1;
    }
    let now = dates::now_in(config.offset_minutes);
    match scaffold::new_notice(root, channel, title, &now) {
        Ok(path) => {
            println!("{}", path.display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
