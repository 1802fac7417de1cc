//! Small display helpers.

/// A byte count for readers: `980 B`, `12.3 KB`, `4.5 MB` (1 KB = 1024 bytes, one decimal
/// below 100, none above).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // Integer arithmetic in tenths (no float formatting in the browser binary).
    let mut unit = 0;
    let mut divisor: u128 = 1024;
    while u128::from(bytes) >= divisor * 1024 && unit + 1 < UNITS.len() {
        divisor *= 1024;
        unit += 1;
    }
    let tenths = (u128::from(bytes) * 10 + divisor / 2) / divisor;
    if tenths >= 1000 {
        let whole = (u128::from(bytes) + divisor / 2) / divisor;
        format!("{whole} {}", UNITS[unit])
    } else {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    }
}

/// The upper-case file type from a file name or URL (`PDF` for `a/b.pdf?x=1`), if any.
pub fn file_type(name: &str) -> Option<String> {
    let path = name.split(['?', '#']).next().unwrap_or("");
    let file = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = file.rsplit_once('.')?;
    (!stem.is_empty()
        && !ext.is_empty()
        && ext.len() <= 5
        && ext.chars().all(|c| c.is_ascii_alphanumeric()))
    .then(|| ext.to_ascii_uppercase())
}

/// The message for a busy server that asked to wait `seconds` (`Retry-After`): the wait in
/// seconds up to two minutes, else in whole minutes rounded up.
pub fn busy_hint(labels: &crate::contract::labels::Labels, seconds: u32) -> String {
    let wait = if seconds < 120 {
        format!("{}{}", seconds.max(1), labels.unit_seconds)
    } else {
        format!("{}{}", seconds.div_ceil(60), labels.unit_minutes)
    };
    labels.busy_hint.replace("{}", &wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1.0 KB");
        assert_eq!(human_size(12_595), "12.3 KB");
        assert_eq!(human_size(102_297), "99.9 KB");
        assert_eq!(human_size(102_349), "100 KB");
        assert_eq!(human_size(102_400), "100 KB");
        assert_eq!(human_size(4_718_592), "4.5 MB");
        assert_eq!(human_size(3 * 1024 * 1024 * 1024), "3.0 GB");
    }

    #[test]
    fn types_from_names() {
        assert_eq!(file_type("申报指南.pdf").as_deref(), Some("PDF"));
        assert_eq!(file_type("data/files/a.Docx?v=2").as_deref(), Some("DOCX"));
        assert_eq!(file_type("README"), None);
        assert_eq!(file_type(".hidden"), None);
    }

    #[test]
    fn busy_hint_says_how_long_to_wait() {
        use crate::contract::labels::{EN, ZH};
        assert_eq!(busy_hint(&ZH, 30), "服务器暂时繁忙，请约30秒后重试。");
        assert_eq!(busy_hint(&ZH, 120), "服务器暂时繁忙，请约2分钟后重试。");
        assert_eq!(busy_hint(&ZH, 121), "服务器暂时繁忙，请约3分钟后重试。");
        assert_eq!(busy_hint(&ZH, 0), "服务器暂时繁忙，请约1秒后重试。");
        assert_eq!(
            busy_hint(&EN, 300),
            "The server is busy. Please try again in about 5 minutes."
        );
    }
}
