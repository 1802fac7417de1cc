//! Reader preferences remembered in `localStorage`. `public/prefs.js` applies them to `<html>`
//! before the first paint; the app reads them back from there and writes changes to both.

/// The notice text size (字号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FontSize {
    /// 小: 16 px.
    Small,
    /// 中: 18 px, the default.
    #[default]
    Medium,
    /// 大: 20 px.
    Large,
}

impl FontSize {
    /// The `<html>` attribute that carries the size (styled in `style/main.css`).
    pub const ATTRIBUTE: &'static str = "data-font-size";
    /// The `localStorage` key (read by `public/prefs.js` before first paint).
    pub const STORAGE_KEY: &'static str = "bulletin.font-size";
    /// Every size, largest first as the buttons show them (大 中 小).
    pub const ALL: [FontSize; 3] = [FontSize::Large, FontSize::Medium, FontSize::Small];

    /// The attribute and storage value.
    pub fn as_str(self) -> &'static str {
        match self {
            FontSize::Small => "s",
            FontSize::Medium => "m",
            FontSize::Large => "l",
        }
    }

    /// Reads a stored value; anything unknown is the default.
    pub fn from_attribute(value: Option<&str>) -> Self {
        match value {
            Some("s") => FontSize::Small,
            Some("l") => FontSize::Large,
            _ => FontSize::Medium,
        }
    }

    /// The notice body size in CSS pixels.
    pub fn pixels(self) -> u32 {
        match self {
            FontSize::Small => 16,
            FontSize::Medium => 18,
            FontSize::Large => 20,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults() {
        for size in FontSize::ALL {
            assert_eq!(FontSize::from_attribute(Some(size.as_str())), size);
        }
        assert_eq!(FontSize::from_attribute(None), FontSize::Medium);
        assert_eq!(FontSize::from_attribute(Some("<script>")), FontSize::Medium);
        assert!(FontSize::Small.pixels() >= 16);
        assert!(FontSize::Medium.pixels() >= 18);
        assert!(FontSize::Large.pixels() >= 20);
    }

    /// The pre-paint script and the stylesheet must use the same names and sizes as the app.
    #[test]
    fn prepaint_script_and_stylesheet_agree() {
        let script = include_str!("../public/prefs.js");
        assert!(script.contains(FontSize::STORAGE_KEY));
        assert!(script.contains(FontSize::ATTRIBUTE));
        let css = include_str!("../style/main.css");
        for size in FontSize::ALL {
            let rule = format!("[{}=\"{}\"]", FontSize::ATTRIBUTE, size.as_str());
            let at = css.find(&rule).unwrap_or_else(|| panic!("{rule} missing"));
            let block = &css[at..at + css[at..].find('}').unwrap()];
            assert!(
                block.contains(&format!("{}px", size.pixels())),
                "{rule} should set {}px: {block}",
                size.pixels()
            );
        }
    }
}
