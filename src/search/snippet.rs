//! Highlighted ranges and snippets: where the query's terms stand in a text, and the window of a
//! notice's text to show under a result. Ranges are in characters of the original text; the app
//! renders them as `<mark>` text nodes.

use super::query::{Query, Term, TermUnit};
use super::text::{fold, units, Unit};

/// Text with highlighted character ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Marked {
    /// The text.
    pub text: String,
    /// Highlighted ranges `(start, end)` in characters, sorted, not overlapping.
    pub marks: Vec<(usize, usize)>,
}

impl Marked {
    /// The text cut into (part, highlighted) runs, in order.
    pub fn runs(&self) -> Vec<(String, bool)> {
        let chars: Vec<char> = self.text.chars().collect();
        let mut out = Vec::new();
        let mut at = 0;
        for &(s, e) in &self.marks {
            let (s, e) = (s.min(chars.len()), e.min(chars.len()));
            if s > at {
                out.push((chars[at..s].iter().collect(), false));
            }
            if e > s.max(at) {
                out.push((chars[s.max(at)..e].iter().collect(), true));
            }
            at = at.max(e);
        }
        if at < chars.len() {
            out.push((chars[at..].iter().collect(), false));
        }
        out
    }
}

fn unit_is(u: &Unit, alts: &[String]) -> bool {
    alts.contains(&u.text)
}

/// Ranges where every unit of `term` stands in order, at its offsets.
fn exact_ranges(us: &[Unit], term: &Term) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let first = &term.units[0];
    for i in 0..us.len() {
        if !unit_is(&us[i], &first.alts) {
            continue;
        }
        let start = us[i].pos;
        let mut j = i;
        let mut end = us[i].end;
        let ok = term.units.iter().skip(1).all(|tu| {
            let want = start + tu.off;
            while j < us.len() && us[j].pos < want {
                j += 1;
            }
            let hit = j < us.len() && us[j].pos == want && unit_is(&us[j], &tu.alts);
            if hit {
                end = us[j].end;
            }
            hit
        });
        if ok {
            out.push((us[i].start, end));
        }
    }
    out
}

/// Ranges of the term's keys: adjacent pairs and lone units, wherever they stand.
fn key_ranges(us: &[Unit], term: &Term) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = term.units.len();
    for k in 0..n {
        let tu = &term.units[k];
        let next = term.units.get(k + 1).filter(|nu| nu.off == tu.off + 1);
        let prev_pair = k > 0 && term.units[k - 1].off + 1 == tu.off;
        for i in 0..us.len() {
            if !unit_is(&us[i], &tu.alts) {
                continue;
            }
            match next {
                Some(nu) => {
                    if let Some(nx) = us.get(i + 1) {
                        if nx.pos == us[i].pos + 1 && unit_is(nx, &nu.alts) {
                            out.push((us[i].start, nx.end));
                        }
                    }
                }
                None if !prev_pair => out.push((us[i].start, us[i].end)),
                None => {}
            }
        }
    }
    out
}

/// Every place in `text` where a term of the query stands whole; unless `exact`, also the keys
/// of terms that do not stand whole in `text` (for results that match loosely).
pub fn highlight(text: &str, query: &Query, exact: bool) -> Vec<(usize, usize)> {
    // Most pieces hold no term at all: a substring check on the folded text skips them before
    // cutting them into units.
    let folded = fold(text);
    let present = |u: &TermUnit| u.alts.iter().any(|a| folded.contains(a.as_str()));
    let any = query.terms.iter().any(|t| {
        if exact {
            t.units.iter().all(present)
        } else {
            t.units.iter().any(present)
        }
    });
    if !any {
        return Vec::new();
    }
    let us = units(text, 0);
    let mut ranges = Vec::new();
    for term in &query.terms {
        let whole = exact_ranges(&us, term);
        if whole.is_empty() && !exact {
            ranges.extend(key_ranges(&us, term));
        } else {
            ranges.extend(whole);
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// The text with its highlights (see [`highlight`]).
pub fn marked(text: &str, query: &Query, exact: bool) -> Marked {
    Marked {
        text: text.to_string(),
        marks: highlight(text, query, exact),
    }
}

/// A snippet of about `width` characters from the piece of text with the most highlighted
/// characters (the first piece when none has any), around its first highlight, with `…` where
/// text is cut.
pub fn snippet(pieces: &[String], query: &Query, exact: bool, width: usize) -> Marked {
    type Best<'a> = (usize, &'a String, Vec<(usize, usize)>);
    let mut best: Option<Best> = None;
    for piece in pieces {
        let marks = highlight(piece, query, exact);
        let covered: usize = marks.iter().map(|(s, e)| e - s).sum();
        let distinct = marks.len().min(1);
        let weight = distinct * 10_000 + covered;
        if best.as_ref().is_none_or(|(w, _, _)| weight > *w) {
            best = Some((weight, piece, marks));
        }
    }
    let Some((_, piece, marks)) = best else {
        return Marked::default();
    };
    let chars: Vec<char> = piece.chars().collect();
    let first = marks.first().map_or(0, |m| m.0);
    let mut start = first.saturating_sub(width / 4);
    let end = (start + width).min(chars.len());
    if end - start < width {
        start = end.saturating_sub(width);
    }
    let mut text: String = String::new();
    let lead = usize::from(start > 0);
    if start > 0 {
        text.push('…');
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push('…');
    }
    let marks = marks
        .into_iter()
        .filter(|&(s, e)| e > start && s < end)
        .map(|(s, e)| (s.max(start) - start + lead, e.min(end) - start + lead))
        .collect();
    Marked { text, marks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn shown(m: &Marked) -> String {
        m.runs()
            .into_iter()
            .map(|(t, hit)| if hit { format!("[{t}]") } else { t })
            .collect()
    }

    #[test]
    fn marks_every_exact_term() {
        let q = parse("信息通信 ５Ｇ", &[]);
        assert_eq!(
            shown(&marked(
                "推进信息通信业发展，建设5G基站和5G-A网络",
                &q,
                true
            )),
            "推进[信息通信]业发展，建设[5G]基站和[5G]-A网络"
        );
    }

    #[test]
    fn marks_scattered_keys_when_the_term_is_not_whole() {
        let q = parse("信息管理", &[]);
        assert_eq!(shown(&marked("信息和管理", &q, false)), "[信息]和[管理]");
        // Exact results mark only whole terms.
        assert_eq!(shown(&marked("信息和管理", &q, true)), "信息和管理");
    }

    #[test]
    fn doc_numbers_mark_whole_and_not_inside_longer_numbers() {
        let q = parse("浙通管〔2026〕21号", &[]);
        assert_eq!(
            shown(&marked(
                "依据浙通管〔2026〕21号和浙通管〔2026〕121号",
                &q,
                true
            )),
            "依据[浙通管〔2026〕21号]和浙通管〔2026〕121号"
        );
    }

    #[test]
    fn snippet_cuts_around_the_best_piece() {
        let q = parse("算力", &[]);
        let long = format!("{}全省算力规模{}", "前".repeat(50), "后".repeat(50));
        let s = snippet(&["无关段落".to_string(), long], &q, true, 20);
        assert_eq!(
            shown(&s),
            format!("…{}全省[算力]规模{}…", "前".repeat(3), "后".repeat(11))
        );
        assert_eq!(s.text.chars().count(), 22);
    }

    #[test]
    fn snippet_without_hits_is_the_start() {
        let q = parse("无", &[]);
        let s = snippet(&["甲乙丙".to_string()], &q, true, 2);
        assert_eq!(shown(&s), "甲乙…");
    }
}
