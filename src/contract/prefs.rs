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

/// Page zoom (页面缩放): scales the whole page through the root font size, so the layout reflows
/// like the browser's own zoom would, without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zoom(u16);

impl Default for Zoom {
    fn default() -> Self {
        Zoom(100)
    }
}

impl Zoom {
    /// The `<html>` attribute that carries the zoom (styled in `style/main.css`).
    pub const ATTRIBUTE: &'static str = "data-zoom";
    /// The `localStorage` key (read by `public/prefs.js` before first paint).
    pub const STORAGE_KEY: &'static str = "bulletin.zoom";
    /// Every step, in percent.
    pub const STEPS: [u16; 5] = [100, 125, 150, 175, 200];

    /// Reads a stored value; anything that is not a step is 100 %.
    pub fn from_attribute(value: Option<&str>) -> Self {
        value
            .and_then(|v| v.parse::<u16>().ok())
            .filter(|p| Self::STEPS.contains(p))
            .map_or_else(Zoom::default, Zoom)
    }

    /// The attribute and storage value, e.g. `"125"`.
    pub fn as_str(self) -> &'static str {
        match self.0 {
            125 => "125",
            150 => "150",
            175 => "175",
            200 => "200",
            _ => "100",
        }
    }

    /// The zoom in percent.
    pub fn percent(self) -> u16 {
        self.0
    }

    /// The next larger step, if any.
    pub fn larger(self) -> Option<Self> {
        Self::STEPS.iter().find(|&&p| p > self.0).map(|&p| Zoom(p))
    }

    /// The next smaller step, if any.
    pub fn smaller(self) -> Option<Self> {
        Self::STEPS
            .iter()
            .rev()
            .find(|&&p| p < self.0)
            .map(|&p| Zoom(p))
    }
}

impl FontSize {
    /// The next larger size, if any.
    pub fn larger(self) -> Option<Self> {
        match self {
            FontSize::Small => Some(FontSize::Medium),
            FontSize::Medium => Some(FontSize::Large),
            FontSize::Large => None,
        }
    }

    /// The next smaller size, if any.
    pub fn smaller(self) -> Option<Self> {
        match self {
            FontSize::Large => Some(FontSize::Medium),
            FontSize::Medium => Some(FontSize::Small),
            FontSize::Small => None,
        }
    }
}

/// An on/off reading mode kept on `<html>` as `on` / `off`; no attribute means the default
/// (for 高对比度: whatever the system asks for with `prefers-contrast: more`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch {
    /// The `<html>` attribute.
    pub attribute: &'static str,
    /// The `localStorage` key.
    pub storage_key: &'static str,
}

/// 适老模式 (elder mode): larger text and targets, more spacing, simpler chrome, no motion.
pub const ELDER: Switch = Switch {
    attribute: "data-elder",
    storage_key: "bulletin.elder",
};

/// 高对比度 (high contrast): text at 7:1 or more, strong focus indicators.
pub const CONTRAST: Switch = Switch {
    attribute: "data-contrast",
    storage_key: "bulletin.contrast",
};

/// Every switch, for the pre-paint script check and 恢复默认.
pub const SWITCHES: [Switch; 2] = [ELDER, CONTRAST];

impl Switch {
    /// The stored choice: `Some(true)` for `on`, `Some(false)` for `off`, `None` otherwise.
    pub fn parse(value: Option<&str>) -> Option<bool> {
        match value {
            Some("on") => Some(true),
            Some("off") => Some(false),
            _ => None,
        }
    }

    /// The attribute and storage value of a choice.
    pub fn value(on: bool) -> &'static str {
        if on {
            "on"
        } else {
            "off"
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
        let script = include_str!("../../public/prefs.js");
        assert!(script.contains(FontSize::STORAGE_KEY));
        assert!(script.contains(FontSize::ATTRIBUTE));
        let css = include_str!("../../style/main.css");
        for size in FontSize::ALL {
            let rule = format!("[{}=\"{}\"]", FontSize::ATTRIBUTE, size.as_str());
            let at = css.find(&rule).unwrap_or_else(|| panic!("{rule} missing"));
            let block = &css[at..at + css[at..].find('}').unwrap()];
            // In rem, so that 页面缩放 (the root font size) scales it too: 16 px = 1rem.
            let rem = format!("{}rem", size.pixels() as f32 / 16.0);
            assert!(
                block.contains(&format!("--notice-font-size: {rem}")),
                "{rule} should set {rem} ({}px): {block}",
                size.pixels()
            );
        }
    }
    #[test]
    fn zoom_steps() {
        assert_eq!(Zoom::from_attribute(None).percent(), 100);
        assert_eq!(Zoom::from_attribute(Some("150")).percent(), 150);
        assert_eq!(Zoom::from_attribute(Some("130")).percent(), 100);
        assert_eq!(Zoom::from_attribute(Some("2000")).percent(), 100);
        assert_eq!(Zoom::default().smaller(), None);
        assert_eq!(Zoom::default().larger().map(Zoom::percent), Some(125));
        assert_eq!(Zoom::from_attribute(Some("200")).larger(), None);
        assert_eq!(
            Zoom::from_attribute(Some("200"))
                .smaller()
                .map(Zoom::percent),
            Some(175)
        );
        for step in Zoom::STEPS {
            let zoom = Zoom::from_attribute(Some(&step.to_string()));
            assert_eq!(zoom.percent(), step);
            assert_eq!(zoom.as_str(), step.to_string());
        }
    }

    #[test]
    fn font_steps_and_switches() {
        assert_eq!(FontSize::Small.larger(), Some(FontSize::Medium));
        assert_eq!(FontSize::Large.larger(), None);
        assert_eq!(FontSize::Small.smaller(), None);
        assert_eq!(FontSize::Large.smaller(), Some(FontSize::Medium));
        assert_eq!(Switch::parse(Some("on")), Some(true));
        assert_eq!(Switch::parse(Some("off")), Some(false));
        assert_eq!(Switch::parse(Some("yes")), None);
        assert_eq!(Switch::parse(None), None);
        assert_eq!(Switch::parse(Some(Switch::value(true))), Some(true));
        assert_eq!(Switch::parse(Some(Switch::value(false))), Some(false));
    }

    /// The pre-paint script knows every key and attribute; the stylesheet styles every zoom step
    /// and both switches.
    #[test]
    fn prepaint_script_knows_every_setting() {
        let script = include_str!("../../public/prefs.js");
        let css = include_str!("../../style/main.css");
        assert!(script.contains(Zoom::STORAGE_KEY) && script.contains(Zoom::ATTRIBUTE));
        for step in Zoom::STEPS {
            assert!(
                script.contains(&format!("\"{step}\"")),
                "prefs.js accepts {step}"
            );
            let rule = format!("[{}=\"{step}\"]", Zoom::ATTRIBUTE);
            assert!(css.contains(&rule), "{rule} missing in main.css");
        }
        for switch in SWITCHES {
            assert!(
                script.contains(switch.storage_key),
                "{}",
                switch.storage_key
            );
            assert!(script.contains(switch.attribute), "{}", switch.attribute);
            let rule = format!("[{}=\"on\"]", switch.attribute);
            assert!(css.contains(&rule), "{rule} missing in main.css");
        }
    }
}
