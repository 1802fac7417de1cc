//! Text normalisation and tokenisation shared by the indexer and the browser.
//!
//! Text is read as a sequence of *units*: every CJK character is a unit of its own, and every run
//! of other letters and digits (Latin, digits, other scripts) is one unit. Characters are folded
//! first: full-width ASCII to half-width, the ideographic space to a space, upper to lower case.
//! Digits and letters are separate units even when they touch (`70EFLOPS` is `70` then `eflops`,
//! `5G` is `5` then `g`), so `EFLOPS` finds `70EFLOPS` and `21号` never finds `121号`.
//! Anything else (punctuation, white space) separates units; a run of separators counts as one
//! position, so a phrase matches whatever punctuation stands between its parts (`〔2026〕` and
//! `(2026)` alike) but never across it as if it were not there.

/// One unit of text with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The folded text of the unit.
    pub text: String,
    /// The position in the unit stream (a separator run takes one position).
    pub pos: u32,
    /// Where the unit starts in the original text, in characters.
    pub start: usize,
    /// Where the unit ends in the original text, in characters (exclusive).
    pub end: usize,
}

/// Folds one character: full-width ASCII to half-width, U+3000 to a space, upper to lower case
/// for Latin (ASCII and Latin-1), Greek and Cyrillic letters. (Not `char::to_lowercase`, whose
/// tables would weigh more in the browser binary than the scripts a notice site needs.)
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    let shifted = match c as u32 {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            c as u32 + 0x20
        }
        0x400..=0x40F => c as u32 + 0x50,
        _ => return c,
    };
    char::from_u32(shifted).unwrap_or(c)
}

/// Folds a whole string with [`fold_char`] (one character out for each character in).
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Whether `c` is a CJK character, which stands alone as a unit.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Whether `c` (folded) is a letter of a word: Latin (ASCII, Latin-1, Extended-A and -B), Greek,
/// Cyrillic. A compact test rather than `char::is_alphanumeric`, whose tables would weigh more in
/// the browser binary than the scripts a notice site needs.
pub fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF)
}

/// Whether a unit is a word of Latin letters (the words that tolerate a typo).
pub fn is_latin_word(unit: &str) -> bool {
    unit.chars().all(|c| c.is_ascii_lowercase())
}

/// The units of `text`, positions counted from `base`.
pub fn units(text: &str, base: u32) -> Vec<Unit> {
    let mut out = Vec::new();
    each_unit(text, base, |text, pos, start, end| {
        out.push(Unit {
            text: text.to_string(),
            pos,
            start,
            end,
        })
    });
    out
}

/// Calls `f` with each unit of `text` in order, as [`units`] lists them: its folded text, its
/// position (counted from `base`), and where it starts and ends in `text`, in characters. Nothing
/// is allocated per unit (the indexer cuts whole archives with it).
pub fn each_unit(text: &str, base: u32, mut f: impl FnMut(&str, u32, usize, usize)) {
    let mut pos = base;
    // The run of letters or digits being read (empty: none), its position, start and end, and
    // whether it is of digits.
    let mut word = String::new();
    let (mut word_pos, mut word_start, mut word_end, mut digits) = (0, 0, 0, false);
    // Whether separators came since the last unit, and whether a unit came at all.
    let (mut gap, mut any) = (false, false);
    let mut one = [0u8; 4];
    for (i, c) in text.chars().enumerate() {
        let c = fold_char(c);
        let letter = c.is_ascii_digit() || is_letter(c);
        // A run ends before a CJK character, a separator, or a letter of the other kind.
        if !word.is_empty() && (!letter || digits != c.is_ascii_digit()) {
            f(&word, word_pos, word_start, word_end);
            word.clear();
            any = true;
            pos += 1;
            if letter {
                gap = false;
            }
        }
        if is_cjk(c) {
            if gap && any {
                pos += 1;
            }
            gap = false;
            f(c.encode_utf8(&mut one), pos, i, i + 1);
            any = true;
            pos += 1;
        } else if letter {
            if word.is_empty() {
                if gap && any {
                    pos += 1;
                }
                gap = false;
                (word_pos, word_start, digits) = (pos, i, c.is_ascii_digit());
            }
            word.push(c);
            word_end = i + 1;
        } else {
            gap = true;
        }
    }
    if !word.is_empty() {
        f(&word, word_pos, word_start, word_end);
    }
}

/// The key of a single unit in the index.
pub fn unigram(a: &str) -> String {
    a.to_string()
}

/// What stands between the two units of a pair's key (no unit holds it).
pub const PAIR_SEPARATOR: char = ' ';

/// The key of two adjacent units in the index.
pub fn bigram(a: &str, b: &str) -> String {
    format!("{a}{PAIR_SEPARATOR}{b}")
}

/// Damerau–Levenshtein distance of at most one between `a` and `b` (a substitution, an insertion,
/// a deletion or a swap of two neighbours).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if la == lb {
        // Substitution, or a swap of neighbours.
        a[prefix + 1..] == b[prefix + 1..]
            || (prefix + 1 < la
                && a[prefix] == b[prefix + 1]
                && a[prefix + 1] == b[prefix]
                && a[prefix + 2..] == b[prefix + 2..])
    } else if la > lb {
        a[prefix + 1..] == b[prefix..]
    } else {
        a[prefix..] == b[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(String, u32)> {
        units(text, 0)
            .into_iter()
            .map(|u| (u.text, u.pos))
            .collect()
    }

    #[test]
    fn folds_width_and_case() {
        assert_eq!(fold("ＥＦＬＯＰＳ　５Ｇ"), "eflops 5g");
        assert_eq!(fold("IPv6 Ä Ω Ж Ё"), "ipv6 ä ω ж ё");
        assert_eq!(fold("通信"), "通信");
    }

    #[test]
    fn cjk_characters_are_units_and_words_stay_whole() {
        assert_eq!(
            texts("5G基站70EFLOPS"),
            vec![
                ("5".into(), 0),
                ("g".into(), 1),
                ("基".into(), 2),
                ("站".into(), 3),
                ("70".into(), 4),
                ("eflops".into(), 5)
            ]
        );
    }

    #[test]
    fn a_separator_run_takes_one_position() {
        let a = texts("浙通管〔2026〕21号");
        let b = texts("浙通管 (2026) 21号");
        assert_eq!(a, b);
        assert_eq!(
            a,
            vec![
                ("浙".into(), 0),
                ("通".into(), 1),
                ("管".into(), 2),
                ("2026".into(), 4),
                ("21".into(), 6),
                ("号".into(), 7)
            ]
        );
        // 121号 is another number.
        assert_eq!(texts("121号")[0].0, "121");
    }

    #[test]
    fn units_keep_their_place_in_the_original_text() {
        let u = units("关于ＡＢ 1", 10);
        assert_eq!(
            (u[2].text.as_str(), u[2].start, u[2].end, u[2].pos),
            ("ab", 2, 4, 12)
        );
        assert_eq!((u[3].start, u[3].pos), (5, 14));
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("broadband", "brodband"));
        assert!(within_one_edit("broadband", "braodband"));
        assert!(within_one_edit("broadband", "broadbant"));
        assert!(within_one_edit("broadband", "broadbandx"));
        assert!(!within_one_edit("broadband", "brodbnd"));
        assert!(!within_one_edit("eflops", "flop"));
    }
}
