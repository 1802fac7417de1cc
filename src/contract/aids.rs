//! The 适老化 tools of the reading-aids toolbar, as plain logic: which tools there are and their
//! remembered switches, their keyboard shortcuts, the steps of the speech rate (语速), the
//! sentences a text is read in (连读), the text a caption shows (大字幕) and the voice chosen for
//! the page's language. The browser side is `web::platform::speech` and `web::aids`.

use crate::contract::prefs::Switch;

/// 特大鼠标: an extra-large, high-contrast pointer (style/main.css, `public/cursors/`).
pub const CURSOR: Switch = Switch {
    attribute: "data-cursor",
    storage_key: "bulletin.cursor",
};

/// 十字线: guides across the page following the pointer and the focus.
pub const CROSSHAIR: Switch = Switch {
    attribute: "data-crosshair",
    storage_key: "bulletin.crosshair",
};

/// 大字幕: a bar at the bottom showing, in very large type, the text under the pointer or focus.
pub const CAPTION: Switch = Switch {
    attribute: "data-caption",
    storage_key: "bulletin.caption",
};

/// 指读: what the pointer rests on or what gets the focus is read aloud.
pub const POINT_READ: Switch = Switch {
    attribute: "data-point-read",
    storage_key: "bulletin.point-read",
};

/// The tools' switches, applied before the first paint by `public/prefs.js` (特大鼠标 and the
/// caption bar's room are pure CSS) and reset by 恢复默认.
pub const TOOLS: [Switch; 4] = [CURSOR, CROSSHAIR, CAPTION, POINT_READ];

/// The remembered speech rate (语速); not needed before the first paint.
pub const RATE_KEY: &str = "bulletin.speech-rate";

/// A toolbar action that has a keyboard shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// 特大鼠标 on / off.
    Cursor,
    /// 十字线 on / off.
    Crosshair,
    /// 大字幕 on / off.
    Caption,
    /// 指读 on / off.
    PointRead,
    /// 连读: start, pause or resume.
    ReadAloud,
    /// Stop reading aloud.
    Stop,
    /// 语速 one step slower.
    Slower,
    /// 语速 one step faster.
    Faster,
}

/// Every shortcut: Alt + Shift + the key (by its place on the keyboard, `KeyboardEvent.code`, so
/// that it does not depend on the layout or on what Alt makes of the key on a Mac).
pub const SHORTCUTS: [(Action, &str, &str); 8] = [
    (Action::Cursor, "KeyM", "M"),
    (Action::Crosshair, "KeyX", "X"),
    (Action::Caption, "KeyC", "C"),
    (Action::PointRead, "KeyZ", "Z"),
    (Action::ReadAloud, "KeyR", "R"),
    (Action::Stop, "KeyS", "S"),
    (Action::Slower, "Comma", ","),
    (Action::Faster, "Period", "."),
];

/// The modifiers every shortcut takes, as `aria-keyshortcuts` and the toolbar spell them.
pub const MODIFIERS: &str = "Alt+Shift+";

/// The action of a key press: Alt and Shift held, neither Control nor Meta.
pub fn shortcut(code: &str, alt: bool, shift: bool, ctrl: bool, meta: bool) -> Option<Action> {
    if !alt || !shift || ctrl || meta {
        return None;
    }
    SHORTCUTS
        .iter()
        .find(|(_, c, _)| *c == code)
        .map(|(action, _, _)| *action)
}

/// An action's shortcut as `aria-keyshortcuts` writes it (`Alt+Shift+M`).
pub fn keys(action: Action) -> String {
    let key = SHORTCUTS
        .iter()
        .find(|(a, _, _)| *a == action)
        .map_or("", |(_, _, key)| *key);
    format!("{MODIFIERS}{key}")
}

/// The speech rate steps, in percent of the voice's normal rate (integers: no float formatting or
/// parsing in the app).
pub const RATES: [u16; 7] = [50, 75, 100, 125, 150, 175, 200];

/// The rate's step, from a stored value (percent); anything else is 100.
pub fn rate_from(value: Option<&str>) -> u16 {
    value
        .and_then(|v| v.parse::<u16>().ok())
        .filter(|r| RATES.contains(r))
        .unwrap_or(100)
}

/// The next slower step, if any.
pub fn slower(rate: u16) -> Option<u16> {
    RATES.iter().rev().find(|&&r| r < rate).copied()
}

/// The next faster step, if any.
pub fn faster(rate: u16) -> Option<u16> {
    RATES.iter().find(|&&r| r > rate).copied()
}

/// A rate as the toolbar shows it: `1.25×`.
pub fn rate_text(rate: u16) -> String {
    let (whole, part) = (rate / 100, rate % 100);
    match part {
        0 => format!("{whole}×"),
        p if p % 10 == 0 => format!("{whole}.{}×", p / 10),
        p => format!("{whole}.{p:02}×"),
    }
}

/// Where each sentence of `text` stands, in bytes: it ends after 。！？；!?; or a line break
/// (with the closing quotes and brackets after it), and white space around it is left out.
/// Text without an end mark is one sentence; empty sentences are skipped.
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n');
        if !ends {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            if matches!(n, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '》') {
                end = j + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        push_trimmed(text, start..end, &mut out);
        start = end;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: std::ops::Range<usize>, out: &mut Vec<std::ops::Range<usize>>) {
    let part = &text[range.clone()];
    let lead = part.len() - part.trim_start().len();
    let trimmed = part.trim();
    if !trimmed.is_empty() {
        let start = range.start + lead;
        out.push(start..start + trimmed.len());
    }
}

/// The number of UTF-16 code units before byte `at` of `text` (a DOM text offset).
pub fn utf16_offset(text: &str, at: usize) -> usize {
    text[..at].encode_utf16().count()
}

/// The caption's text: white space collapsed, at most `max` characters (an ellipsis ends a cut).
pub fn caption_text(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The voice to read a page in `lang` with, from the system's voices (`(lang, is_default)`):
/// the same language and region first (the system's default among them first), then the same
/// language in another region; `None` when the system has no voice for the language.
pub fn pick_voice(voices: &[(String, bool)], lang: &str) -> Option<usize> {
    let norm = |l: &str| l.replace('_', "-").to_ascii_lowercase();
    let want = norm(lang);
    let primary = want.split('-').next().unwrap_or_default().to_string();
    let rank = |(l, default): &(String, bool)| {
        let l = norm(l);
        let exact = l == want;
        let same = l.split('-').next() == Some(primary.as_str());
        match (exact, same, *default) {
            (true, _, true) => Some(0),
            (true, _, false) => Some(1),
            (false, true, true) => Some(2),
            (false, true, false) => Some(3),
            _ => None,
        }
    };
    voices
        .iter()
        .enumerate()
        .filter_map(|(i, v)| rank(v).map(|r| (r, i)))
        .min()
        .map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The boot script applies every tool's switch before the first paint, and the stylesheet
    /// styles the pointer and the caption bar's room from them.
    #[test]
    fn the_boot_script_and_stylesheet_know_the_tools() {
        let script = include_str!("../../public/prefs.js");
        let css = include_str!("../../style/main.css");
        for tool in TOOLS {
            let line = format!(
                "[\"{}\", \"{}\", [\"on\", \"off\"]]",
                tool.storage_key, tool.attribute
            );
            assert!(script.contains(&line), "{line}");
        }
        for tool in [CURSOR, CAPTION] {
            let rule = format!("[{}=\"on\"]", tool.attribute);
            assert!(css.contains(&rule), "{rule} missing in main.css");
        }
    }

    #[test]
    fn shortcuts_need_alt_and_shift_only() {
        assert_eq!(
            shortcut("KeyM", true, true, false, false),
            Some(Action::Cursor)
        );
        assert_eq!(
            shortcut("Period", true, true, false, false),
            Some(Action::Faster)
        );
        assert_eq!(shortcut("KeyM", true, false, false, false), None);
        assert_eq!(shortcut("KeyM", false, true, false, false), None);
        assert_eq!(shortcut("KeyM", true, true, true, false), None);
        assert_eq!(shortcut("KeyM", true, true, false, true), None);
        assert_eq!(shortcut("KeyQ", true, true, false, false), None);
        assert_eq!(keys(Action::ReadAloud), "Alt+Shift+R");
        // One key per action, one action per key.
        for (i, (a, c, _)) in SHORTCUTS.iter().enumerate() {
            for (b, d, _) in &SHORTCUTS[i + 1..] {
                assert!(a != b && c != d);
            }
        }
    }

    #[test]
    fn rates_step_and_read_back() {
        assert_eq!(rate_from(None), 100);
        assert_eq!(rate_from(Some("125")), 125);
        assert_eq!(rate_from(Some("1.25")), 100);
        assert_eq!(rate_from(Some("90")), 100);
        assert_eq!(slower(100), Some(75));
        assert_eq!(slower(50), None);
        assert_eq!(faster(175), Some(200));
        assert_eq!(faster(200), None);
        assert_eq!(rate_text(100), "1×");
        assert_eq!(rate_text(125), "1.25×");
        assert_eq!(rate_text(50), "0.5×");
        assert_eq!(rate_text(200), "2×");
        for r in RATES {
            assert_eq!(rate_from(Some(&r.to_string())), r);
        }
    }

    #[test]
    fn text_is_read_sentence_by_sentence() {
        let text =
            "  一、加强领导。各单位要“高度重视”！是否落实？\n二、附则：本通知自发布之日起施行  ";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            parts,
            [
                "一、加强领导。",
                "各单位要“高度重视”！",
                "是否落实？",
                "二、附则：本通知自发布之日起施行"
            ]
        );
        assert_eq!(sentences("He said \"go!\" Then left."), [0..13, 14..24]);
        assert!(sentences(" \n ").is_empty());
        assert_eq!(utf16_offset("a中𠀀b", "a中𠀀".len()), 4);
    }

    #[test]
    fn captions_are_collapsed_and_cut() {
        assert_eq!(caption_text(" 关于\n  做好 工作 ", 20), "关于 做好 工作");
        assert_eq!(caption_text("一二三四五六", 4), "一二三…");
    }

    #[test]
    fn the_voice_matches_the_page_language() {
        let voices = |v: &[(&str, bool)]| -> Vec<(String, bool)> {
            v.iter().map(|(l, d)| (l.to_string(), *d)).collect()
        };
        let list = voices(&[
            ("en-US", true),
            ("zh-TW", false),
            ("zh-CN", false),
            ("zh_CN", true),
        ]);
        assert_eq!(pick_voice(&list, "zh-CN"), Some(3));
        assert_eq!(pick_voice(&list[..3], "zh-CN"), Some(2));
        assert_eq!(pick_voice(&list[..2], "zh-CN"), Some(1));
        assert_eq!(pick_voice(&list[..1], "zh-CN"), None);
        assert_eq!(pick_voice(&[], "zh-CN"), None);
        assert_eq!(pick_voice(&list, "en"), Some(0));
    }
}
