//! The screen stylesheet cut to what one prerendered page uses.
//!
//! Every page carries its screen stylesheet inline, so that its first paint waits for no request.
//! The whole stylesheet is the same 20-odd KB on every page, most of it for pages of other kinds
//! (lists, search, the reading aids' other states). A prerendered page carries only the rules
//! whose selectors can match it: a selector is left out when it names a class that neither the
//! page's markup nor the shell (its markup and its boot script, which may set classes before the
//! app starts) mentions. Everything else stays: element, attribute and id selectors, classes
//! inside `:not()`, `:is()` and other parentheses, at-rules other than `@media` / `@supports`
//! (kept whole), and any selector with an escape in it.
//!
//! The whole stylesheet is a file beside the pages (`main-<hash>.css`); the app's loader links
//! it and starts the app only once it has loaded, so the classes the app adds later (a dialog
//! opened, a search shown) are always styled.

use std::collections::HashSet;

/// A minified stylesheet read into rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stylesheet {
    text: String,
    rules: Vec<Rule>,
    /// Every class a selector needs.
    classes: HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    /// A style rule: its selectors and its declarations (between the braces).
    Style {
        selectors: Vec<Selector>,
        body: String,
    },
    /// `@media` / `@supports` / `@container` / `@layer` with a block: its prelude and its rules.
    Group { prelude: String, rules: Vec<Rule> },
    /// Any other at-rule (`@font-face`, `@keyframes`, `@import …;`): kept whole.
    Whole(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Selector {
    text: String,
    /// The classes the selector needs; `None` when it must always stay (an escape in it).
    classes: Option<Vec<String>>,
}

impl Stylesheet {
    /// Reads a stylesheet (comments are allowed; strings may hold anything). Fails on unbalanced
    /// braces or an unclosed string or comment.
    pub fn parse(text: &str) -> Result<Stylesheet, String> {
        let mut at = 0;
        let rules = rules(text, &mut at, false)?;
        let mut classes = HashSet::new();
        collect_classes(&rules, &mut classes);
        Ok(Stylesheet {
            text: text.to_string(),
            rules,
            classes,
        })
    }

    /// Whether a selector of the stylesheet needs the class `name` (a page's other classes make
    /// no difference to what it carries).
    pub fn names(&self, name: &str) -> bool {
        self.classes.contains(name)
    }

    /// The stylesheet as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The rules a page needs, given whether it uses a class: the stylesheet's own text for each
    /// rule kept, in its order.
    pub fn for_page(&self, uses: &dyn Fn(&str) -> bool) -> String {
        let mut out = String::with_capacity(self.text.len());
        write_rules(&self.rules, uses, &mut out);
        out
    }
}

/// The class names in the `class` attributes of `html` (as an HTML serializer writes them:
/// `class="…"` or `class='…'` after white space).
pub fn classes_in(html: &str) -> HashSet<&str> {
    let mut found = HashSet::new();
    for_each_class(html, |c| {
        found.insert(c);
    });
    found
}

/// Calls `f` with each class name of each `class` attribute of `html`, in order (repeats
/// included).
pub fn for_each_class<'a>(html: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = html[from..].find("class=").map(|i| from + i) {
        from = i + "class=".len();
        let after_space = i > 0 && bytes[i - 1].is_ascii_whitespace();
        let quote = bytes.get(from).copied();
        if !after_space || !matches!(quote, Some(b'"' | b'\'')) {
            continue;
        }
        let quote = quote.map(char::from).unwrap_or('"');
        let value_start = from + 1;
        let Some(len) = html[value_start..].find(quote) else {
            break;
        };
        html[value_start..value_start + len]
            .split_ascii_whitespace()
            .for_each(&mut f);
        from = value_start + len + 1;
    }
}

/// The words (runs of letters, digits, `-` and `_`) of a script: any of them may be a class the
/// script sets.
pub fn words_in(script: &str) -> impl Iterator<Item = &str> {
    script
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
}

fn collect_classes(rules: &[Rule], into: &mut HashSet<String>) {
    for rule in rules {
        match rule {
            Rule::Style { selectors, .. } => {
                for s in selectors {
                    into.extend(s.classes.iter().flatten().cloned());
                }
            }
            Rule::Group { rules, .. } => collect_classes(rules, into),
            Rule::Whole(_) => {}
        }
    }
}

fn write_rules(rules: &[Rule], uses: &dyn Fn(&str) -> bool, out: &mut String) {
    for rule in rules {
        match rule {
            Rule::Style { selectors, body } => {
                let kept: Vec<&str> = selectors
                    .iter()
                    .filter(|s| {
                        s.classes
                            .as_ref()
                            .is_none_or(|classes| classes.iter().all(|c| uses(c)))
                    })
                    .map(|s| s.text.as_str())
                    .collect();
                if !kept.is_empty() {
                    out.push_str(&kept.join(","));
                    out.push('{');
                    out.push_str(body);
                    out.push('}');
                }
            }
            Rule::Group { prelude, rules } => {
                let mut inner = String::new();
                write_rules(rules, uses, &mut inner);
                if !inner.is_empty() {
                    out.push_str(prelude);
                    out.push('{');
                    out.push_str(&inner);
                    out.push('}');
                }
            }
            Rule::Whole(text) => out.push_str(text),
        }
    }
}

/// The rules from `*at` on, up to the end (or, `nested`, up to and past the `}` that closes
/// their group).
fn rules(text: &str, at: &mut usize, nested: bool) -> Result<Vec<Rule>, String> {
    let mut out = Vec::new();
    loop {
        skip_space_and_comments(text, at)?;
        let Some(c) = text[*at..].chars().next() else {
            return if nested {
                Err("a group is not closed".into())
            } else {
                Ok(out)
            };
        };
        if c == '}' {
            *at += 1;
            return if nested {
                Ok(out)
            } else {
                Err(format!("a `}}` closes nothing (byte {})", *at - 1))
            };
        }
        let start = *at;
        let (end, stop) = scan_to(text, start, &['{', ';', '}'])?;
        match stop {
            Some(';') => {
                *at = end + 1;
                out.push(Rule::Whole(text[start..*at].to_string()));
            }
            Some('{') => {
                let prelude = &text[start..end];
                let name = prelude.trim_start();
                let group = ["@media", "@supports", "@container", "@layer"]
                    .iter()
                    .any(|g| at_rule_is(name, g));
                if group {
                    *at = end + 1;
                    let inner = rules(text, at, true)?;
                    out.push(Rule::Group {
                        prelude: prelude.to_string(),
                        rules: inner,
                    });
                } else {
                    let close = block_end(text, end)?;
                    *at = close + 1;
                    if name.starts_with('@') {
                        out.push(Rule::Whole(text[start..*at].to_string()));
                    } else {
                        out.push(Rule::Style {
                            selectors: split_selectors(prelude)?,
                            body: text[end + 1..close].to_string(),
                        });
                    }
                }
            }
            _ => return Err(format!("a rule without a block (byte {start})")),
        }
    }
}

fn at_rule_is(prelude: &str, name: &str) -> bool {
    prelude.starts_with(name)
        && prelude[name.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '(' || c == '{')
}

fn skip_space_and_comments(text: &str, at: &mut usize) -> Result<(), String> {
    loop {
        let rest = &text[*at..];
        let trimmed = rest.trim_start();
        *at += rest.len() - trimmed.len();
        if let Some(comment) = trimmed.strip_prefix("/*") {
            let close = comment.find("*/").ok_or("a comment is not closed")?;
            *at += 2 + close + 2;
        } else {
            return Ok(());
        }
    }
}

/// The byte index of the first of `stops` from `from` on outside strings, comments, parentheses
/// and brackets, and which it is (`None`: the end of the text).
fn scan_to(text: &str, from: usize, stops: &[char]) -> Result<(usize, Option<char>), String> {
    let mut depth = 0usize;
    let mut chars = text[from..].char_indices().map(|(i, c)| (from + i, c));
    while let Some((i, c)) = chars.next() {
        match c {
            '"' | '\'' => skip_string(&mut chars, c)?,
            '\\' => {
                chars.next();
            }
            '/' if text[i..].starts_with("/*") => {
                let close = text[i + 2..].find("*/").ok_or("a comment is not closed")?;
                let end = i + 2 + close + 2;
                for (j, _) in chars.by_ref() {
                    if j + 1 >= end {
                        break;
                    }
                }
            }
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && stops.contains(&c) => return Ok((i, Some(c))),
            _ => {}
        }
    }
    Ok((text.len(), None))
}

fn skip_string(chars: &mut impl Iterator<Item = (usize, char)>, quote: char) -> Result<(), String> {
    while let Some((_, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return Ok(());
        }
    }
    Err("a string is not closed".into())
}

/// The index of the `}` that closes the block opened at `open`.
fn block_end(text: &str, open: usize) -> Result<usize, String> {
    let mut depth = 0usize;
    let mut at = open;
    loop {
        let (i, stop) = scan_to(text, at, &['{', '}'])?;
        match stop {
            Some('{') => depth += 1,
            Some('}') => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i);
                }
            }
            _ => return Err(format!("a block is not closed (byte {open})")),
        }
        at = i + 1;
    }
}

/// The selectors of a rule's prelude (split at its top-level commas), each with its classes.
fn split_selectors(prelude: &str) -> Result<Vec<Selector>, String> {
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let (end, stop) = scan_to(prelude, start, &[','])?;
        let text = &prelude[start..end];
        out.push(Selector {
            text: text.to_string(),
            classes: selector_classes(text),
        });
        if stop.is_none() {
            return Ok(out);
        }
        start = end + 1;
    }
}

/// The classes a selector needs outside parentheses, brackets and strings (`None` when it holds
/// an escape, which this reader does not decode).
fn selector_classes(selector: &str) -> Option<Vec<String>> {
    if selector.contains('\\') {
        return None;
    }
    let mut classes = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = selector.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_alphanumeric() || n == '-' || n == '_' || !n.is_ascii() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !name.is_empty() {
                    classes.push(name);
                }
            }
            _ => {}
        }
    }
    Some(classes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSS: &str = ":root{--a:1px}.a{color:red}.a .b,p>.c{margin:0}@media (max-width:40rem){.b{top:0}p{top:1px}}@media print{.z{x:y}}@keyframes k{from{opacity:0}to{opacity:1}}:not(.x) .a{a:b}a[href$=\".pdf\"]::after{content:\"{.q}\"}.e\\:f{g:h}";

    fn uses(set: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |c| set.contains(&c)
    }

    #[test]
    fn everything_used_gives_the_stylesheet_back() {
        let sheet = Stylesheet::parse(CSS).unwrap();
        assert_eq!(sheet.for_page(&|_| true), CSS);
        assert!(sheet.names("a") && sheet.names("z") && !sheet.names("x") && !sheet.names("q"));
    }

    #[test]
    fn a_selector_stays_only_when_the_page_uses_its_classes() {
        let sheet = Stylesheet::parse(CSS).unwrap();
        assert_eq!(
            sheet.for_page(&uses(&["a"])),
            ":root{--a:1px}.a{color:red}@media (max-width:40rem){p{top:1px}}@keyframes k{from{opacity:0}to{opacity:1}}:not(.x) .a{a:b}a[href$=\".pdf\"]::after{content:\"{.q}\"}.e\\:f{g:h}"
        );
        assert_eq!(
            sheet.for_page(&uses(&["b", "c"])),
            ":root{--a:1px}p>.c{margin:0}@media (max-width:40rem){.b{top:0}p{top:1px}}@keyframes k{from{opacity:0}to{opacity:1}}a[href$=\".pdf\"]::after{content:\"{.q}\"}.e\\:f{g:h}"
        );
    }

    #[test]
    fn broken_stylesheets_are_refused() {
        for bad in [
            ".a{color:red",
            ".a{x:y}}",
            "@media x{.a{b:c}",
            ".a{content:\"}",
            "/* x",
        ] {
            assert!(Stylesheet::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn classes_are_read_from_class_attributes_only() {
        let html = "<p class=\"a b\">class=\"no\"</p><div\nclass='c'></div><x data-class=\"d\">";
        let mut found: Vec<&str> = classes_in(html).into_iter().collect();
        found.sort_unstable();
        assert_eq!(found, ["a", "b", "c"]);
        let words: Vec<&str> = words_in("e.classList.add('is-open');").collect();
        assert_eq!(words, ["e", "classList", "add", "is-open"]);
    }
}
