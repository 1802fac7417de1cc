//! 扫一扫: the QR code of a page URL as one SVG path, drawn by the app (no remote service, no
//! image, no markup string: the component sets the path's `d` attribute).

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// White modules around the code, as the QR specification asks (4 modules).
pub const QUIET_ZONE: usize = 4;

/// The view box side and path data ([`QrMatrix::view_size`], [`QrMatrix::svg_path`]) of the QR
/// code of `text`, or `None` when it is too long. A notice shows the code of its URL twice (扫一扫
/// and the printed one): the last text's drawing is kept, so it is encoded once per page (the
/// mask choice is most of a prerendered notice's time).
pub fn drawing(text: &str) -> Option<(usize, String)> {
    /// A text and its drawing.
    type Drawn = (String, Option<(usize, String)>);
    thread_local! {
        static LAST: std::cell::RefCell<Option<Drawn>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((kept, drawn)) = last.as_ref() {
            if kept == text {
                return drawn.clone();
            }
        }
        let drawn = QrMatrix::encode(text).map(|code| (code.view_size(), code.svg_path()));
        *last = Some((text.to_string(), drawn.clone()));
        drawn
    })
}

/// A QR code: a square of dark and light modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `text` (a URL) with error correction level M (15 % of the code may be damaged or
    /// covered); `None` when it is too long for any QR version.
    ///
    /// The text is encoded as bytes in the smallest version it fits: the crate's optimal
    /// segmentation (numeric, alphanumeric, Kanji runs) is left out, which keeps several KB of
    /// tables out of the wasm for codes that are at most a version larger.
    pub fn encode(text: &str) -> Option<Self> {
        let code = (1..=40).find_map(|version| {
            let mut bits = Bits::new(Version::Normal(version));
            bits.push_byte_data(text.as_bytes()).ok()?;
            bits.push_terminator(EcLevel::M).ok()?;
            QrCode::with_bits(bits, EcLevel::M).ok()
        })?;
        let width = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        Some(QrMatrix { width, dark })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// The side of the SVG view box: the code and its quiet zone on both sides.
    pub fn view_size(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// The SVG path data of the dark modules, offset by the quiet zone, to be drawn with a stroke
    /// one module wide (the default `stroke-width`, butt caps): each horizontal run of dark modules
    /// is a line through the middle of its row. A row starts with `M{x} {y}.5h{run}`, its next
    /// runs follow as `m{gap} 0h{run}`. Half the bytes of one closed rectangle per run, which
    /// matters because every prerendered notice carries the code (for print) in its first
    /// round trip.
    pub fn svg_path(&self) -> String {
        let mut d = String::new();
        for y in 0..self.width {
            let mut x = 0;
            let mut end = None;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                let run = x - start;
                match end {
                    None => d.push_str(&format!(
                        "M{} {}.5h{run}",
                        start + QUIET_ZONE,
                        y + QUIET_ZONE
                    )),
                    Some(end) => d.push_str(&format!("m{} 0h{run}", start - end)),
                }
                end = Some(x);
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the path back into modules, as a one-module-wide stroke paints it (the pen's
    /// position tracked through absolute `M`, relative `m` and `h` commands), to check it draws
    /// exactly the dark ones.
    fn modules_of(path: &str, size: usize) -> Vec<bool> {
        let mut grid = vec![false; size * size];
        let (mut px, mut py) = (0.0f64, 0.0f64);
        let mut rest = path;
        while !rest.is_empty() {
            let cmd = rest.chars().next().unwrap();
            let end = rest[1..]
                .find(['M', 'm', 'h'])
                .map_or(rest.len(), |i| i + 1);
            let args: Vec<f64> = rest[1..end]
                .split(' ')
                .map(|a| a.parse().expect("a number"))
                .collect();
            match (cmd, args.as_slice()) {
                ('M', [x, y]) => (px, py) = (*x, *y),
                ('m', [dx, dy]) => (px, py) = (px + dx, py + dy),
                ('h', [run]) => {
                    assert!(
                        *run > 0.0 && py.fract() == 0.5,
                        "a line through a row's middle"
                    );
                    let y = py.floor() as usize;
                    for i in px as usize..(px + run) as usize {
                        assert!(!grid[y * size + i], "modules drawn once");
                        grid[y * size + i] = true;
                    }
                    px += run;
                }
                other => panic!("unexpected path command {other:?}"),
            }
            rest = &rest[end..];
        }
        grid
    }

    #[test]
    fn path_draws_exactly_the_dark_modules_inside_the_quiet_zone() {
        let url = "https://www.example.gov.cn/notice/2026-work-conference";
        let code = QrMatrix::encode(url).expect("encodes");
        // 54 bytes need version 4 at level M (62 bytes): 33 modules.
        assert_eq!(code.width(), 33);
        let size = code.view_size();
        assert_eq!(size, code.width() + 8);
        let grid = modules_of(&code.svg_path(), size);
        for y in 0..size {
            for x in 0..size {
                let inside = (QUIET_ZONE..QUIET_ZONE + code.width()).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + code.width()).contains(&y);
                let expected = inside && code.is_dark(x - QUIET_ZONE, y - QUIET_ZONE);
                assert_eq!(grid[y * size + x], expected, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn finder_patterns_sit_in_three_corners() {
        let code = QrMatrix::encode("http://127.0.0.1:8080/notice/a").unwrap();
        let w = code.width();
        for (cx, cy) in [(0, 0), (w - 7, 0), (0, w - 7)] {
            // The 7×7 finder: dark ring, light ring, dark 3×3 centre.
            for i in 0..7 {
                assert!(code.is_dark(cx + i, cy) && code.is_dark(cx + i, cy + 6));
                assert!(code.is_dark(cx, cy + i) && code.is_dark(cx + 6, cy + i));
            }
            assert!(!code.is_dark(cx + 1, cy + 1) && code.is_dark(cx + 3, cy + 3));
        }
    }

    #[test]
    fn deterministic_and_bounded() {
        let a = QrMatrix::encode("https://example.org/notices/notice/x").unwrap();
        let b = QrMatrix::encode("https://example.org/notices/notice/x").unwrap();
        assert_eq!(a, b);
        assert_ne!(
            a,
            QrMatrix::encode("https://example.org/notices/notice/y").unwrap()
        );
        assert!(
            QrMatrix::encode(&"x".repeat(5000)).is_none(),
            "too long for a QR code"
        );
        assert!(!a.is_dark(a.width(), 0), "outside the code is light");
    }

    #[test]
    fn drawing_is_the_code_of_the_text_asked_for_each_time() {
        let a = "https://www.example.gov.cn/notice/a/";
        let b = "https://www.example.gov.cn/notice/b/";
        let of = |t: &str| {
            let code = QrMatrix::encode(t).unwrap();
            (code.view_size(), code.svg_path())
        };
        assert_eq!(drawing(a), Some(of(a)));
        assert_eq!(drawing(a), Some(of(a)));
        assert_eq!(drawing(b), Some(of(b)));
        assert_ne!(drawing(b), drawing(a));
        assert_eq!(drawing(&"x".repeat(5000)), None);
    }
}
