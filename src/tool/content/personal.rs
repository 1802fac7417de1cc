//! The personal-data guard: finds the personal data a notice must not publish unmasked —
//! mainland mobile numbers, 18-digit 身份证号, bank-card numbers and e-mail addresses of
//! individuals — so that `bulletin check` and `bulletin build` report each as an error at its
//! place, with the masked form to write instead.
//!
//! What counts (and what does not, so that ordinary text is never flagged):
//!
//! - a **mobile number** is `1[3-9]` and nine more digits (11 in all), not touching another digit
//!   or an ASCII letter, also written `138-0013-8000` or `138 0013 8000`, and after `+86`;
//!   office numbers with an area code (`0571-88000000`) do not have this shape;
//! - a **身份证号** is 17 digits and a check character (a digit or `X`) that GB 11643's check
//!   digit confirms, whose first digit is a province (1–8) and whose digits 7–14 are a real
//!   birth date from 1900 on;
//! - a **bank-card number** is a run of 16 to 19 digits that passes the Luhn check and is not a
//!   身份证号;
//! - an **e-mail address of an individual** is any address whose domain is not official: the
//!   site's own domain (the host of `base_url` without `www.`) and its subdomains, a domain listed
//!   in `site.toml`'s `official_domains` and its subdomains, and every `gov.cn` domain are
//!   official (an office's mailbox); any other address is taken as a person's.
//!
//! A run of digits is taken whole: the digits of a 文号, 索引号, date, amount or longer number
//! are never split to find a number inside them.

/// What kind of personal data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A mainland mobile number.
    Mobile,
    /// An 18-digit resident identity card number.
    IdCard,
    /// A bank-card number.
    BankCard,
    /// An individual's e-mail address.
    Email,
}

impl Kind {
    /// What the reader of a diagnostic is told it is.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Mobile => "a mobile number",
            Kind::IdCard => "a 身份证号 (resident identity card number)",
            Kind::BankCard => "a bank-card number",
            Kind::Email => "an e-mail address of an individual",
        }
    }
}

/// One piece of personal data in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The byte offset where it starts.
    pub offset: usize,
    /// What it is.
    pub kind: Kind,
    /// The text as written.
    pub text: String,
    /// The masked form to publish instead, e.g. `138****8000`.
    pub masked: String,
}

impl Finding {
    /// The diagnostic's message.
    pub fn message(&self) -> String {
        format!(
            "`{}` looks like {}: publish it masked, e.g. `{}`, or set `personal_data = true` in \
             the front matter if this notice must publish it",
            self.text,
            self.kind.name(),
            self.masked
        )
    }
}

/// The domains whose e-mail addresses are an office's, not a person's.
#[derive(Debug, Clone, Default)]
pub struct Official {
    domains: Vec<String>,
}

impl Official {
    /// The site's own domain (from `base_url`, without `www.`) and the listed domains.
    pub fn new(base_url: &str, listed: &[String]) -> Self {
        let host = base_url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split(['/', ':'])
            .next()
            .unwrap_or("");
        let host = host.strip_prefix("www.").unwrap_or(host);
        let mut domains: Vec<String> = listed
            .iter()
            .map(|d| d.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        if !host.is_empty() {
            domains.push(host.to_ascii_lowercase());
        }
        domains.push("gov.cn".to_string());
        Official { domains }
    }

    /// Whether an address at `domain` is an office's.
    fn covers(&self, domain: &str) -> bool {
        let domain = domain.to_ascii_lowercase();
        self.domains.iter().any(|d| {
            domain == *d
                || domain
                    .strip_suffix(d.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }
}

/// Every piece of personal data in `text`, in order.
pub fn scan(text: &str, official: &Official) -> Vec<Finding> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !is_word(bytes[i - 1])) {
            let end = run_end(bytes, i);
            if let Some(f) = digits_at(text, i, end) {
                i = f.offset + f.text.len();
                found.push(f);
                continue;
            }
            i = end;
            continue;
        }
        if bytes[i] == b'@' {
            if let Some(f) = email_at(text, i, official) {
                // Drop a number found inside the address's local part.
                found.retain(|g: &Finding| g.offset < f.offset);
                i = f.offset + f.text.len();
                found.push(f);
                continue;
            }
        }
        i += 1;
    }
    found
}

/// An ASCII letter, digit or `_`: a character a number must not touch.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn run_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    end
}

/// Personal data starting with the run of digits `start..end` (which no word character
/// precedes).
fn digits_at(text: &str, start: usize, end: usize) -> Option<Finding> {
    let bytes = text.as_bytes();
    let run = &text[start..end];
    let after = bytes.get(end).copied();
    let free = |at: usize| bytes.get(at).is_none_or(|&b| !is_word(b));
    // 身份证号: 17 digits and a check character.
    if run.len() == 17 && matches!(after, Some(b'X' | b'x')) && free(end + 1) {
        let id = &text[start..end + 1];
        return is_id_card(id).then(|| finding(start, Kind::IdCard, id));
    }
    if !free(end) {
        return None;
    }
    if run.len() == 18 && is_id_card(run) {
        return Some(finding(start, Kind::IdCard, run));
    }
    if run.len() == 11 && is_mobile(run) {
        return Some(finding(start, Kind::Mobile, run));
    }
    // +86 13800138000
    if run.len() == 13 && run.starts_with("86") && start > 0 && bytes[start - 1] == b'+' {
        return is_mobile(&run[2..]).then(|| finding(start + 2, Kind::Mobile, &run[2..]));
    }
    if (16..=19).contains(&run.len()) && luhn(run) {
        return Some(finding(start, Kind::BankCard, run));
    }
    // 138-0013-8000 or 138 0013 8000
    if run.len() == 3 && is_mobile(&format!("{run}00000000")) {
        let sep = after?;
        if !matches!(sep, b'-' | b' ') {
            return None;
        }
        let second = end + 1;
        let second_end = run_end(bytes, second);
        if second_end - second != 4 || bytes.get(second_end) != Some(&sep) {
            return None;
        }
        let third = second_end + 1;
        let third_end = run_end(bytes, third);
        if third_end - third == 4 && free(third_end) {
            let written = &text[start..third_end];
            let digits: String = written.chars().filter(char::is_ascii_digit).collect();
            let mut f = finding(start, Kind::Mobile, &digits);
            f.text = written.to_string();
            return Some(f);
        }
    }
    None
}

fn finding(offset: usize, kind: Kind, text: &str) -> Finding {
    Finding {
        offset,
        kind,
        text: text.to_string(),
        masked: mask(kind, text),
    }
}

/// `1[3-9]` and nine more digits.
fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// GB 11643: a province, a real birth date from 1900 on and a valid check character.
pub fn is_id_card(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || !(b'1'..=b'8').contains(&b[0]) {
        return false;
    }
    let number = |r: std::ops::Range<usize>| id[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(6..10), number(10..12), number(12..14));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if !(1900..=2099).contains(&year) || day == 0 || day > days {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    b[17].to_ascii_uppercase() == check
}

/// The Luhn check of a run of digits.
pub fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let double = d * 2;
                if double > 9 {
                    double - 9
                } else {
                    double
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// The masked form: a mobile keeps its first three and last four digits (138****8000), a
/// 身份证号 its first six and last four, a card its first four and last four, an e-mail address
/// the first character of its local part and its domain.
pub fn mask(kind: Kind, text: &str) -> String {
    let keep = |head: usize, tail: usize| {
        let n = text.chars().count();
        let stars = n.saturating_sub(head + tail);
        let head: String = text.chars().take(head).collect();
        let tail: String = text.chars().skip(n - tail.min(n)).collect();
        format!("{head}{}{tail}", "*".repeat(stars))
    };
    match kind {
        Kind::Mobile => keep(3, 4),
        Kind::IdCard => keep(6, 4),
        Kind::BankCard => keep(4, 4),
        Kind::Email => match text.split_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
            None => text.to_string(),
        },
    }
}

/// An individual's e-mail address around the `@` at `at`, if there is one.
fn email_at(text: &str, at: usize, official: &Official) -> Option<Finding> {
    let bytes = text.as_bytes();
    let local_char =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut start = at;
    while start > 0 && local_char(bytes[start - 1]) {
        start -= 1;
    }
    // `mailto:` is a scheme, not part of the address.
    while start < at && !bytes[start].is_ascii_alphanumeric() {
        start += 1;
    }
    let mut end = at + 1;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'.' | b'-'))
    {
        end += 1;
    }
    // A trailing full stop ends the sentence, not the domain.
    while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &text[at + 1..end];
    let tld = domain.rsplit('.').next().unwrap_or("");
    if start == at
        || !domain.contains('.')
        || tld.len() < 2
        || !tld.bytes().all(|b| b.is_ascii_alphabetic())
        || official.covers(domain)
    {
        return None;
    }
    Some(finding(start, Kind::Email, &text[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn official() -> Official {
        Official::new(
            "https://www.example.gov.cn/",
            &["chinamobile.com".to_string()],
        )
    }

    fn kinds(text: &str) -> Vec<(Kind, String, String)> {
        scan(text, &official())
            .into_iter()
            .map(|f| (f.kind, f.text, f.masked))
            .collect()
    }

    fn one(kind: Kind, text: &str, masked: &str) -> Vec<(Kind, String, String)> {
        vec![(kind, text.to_string(), masked.to_string())]
    }

    #[test]
    fn finds_mobile_numbers_written_every_usual_way() {
        assert_eq!(
            kinds("联系电话：13800138000。"),
            one(Kind::Mobile, "13800138000", "138****8000")
        );
        assert_eq!(
            kinds("手机 139-0571-1234，"),
            one(Kind::Mobile, "139-0571-1234", "139****1234")
        );
        assert_eq!(
            kinds("手机 139 0571 1234"),
            one(Kind::Mobile, "139 0571 1234", "139****1234")
        );
        assert_eq!(
            kinds("call +8615912345678"),
            one(Kind::Mobile, "15912345678", "159****5678")
        );
        assert_eq!(
            kinds("tel:18657100000"),
            one(Kind::Mobile, "18657100000", "186****0000")
        );
    }

    #[test]
    fn finds_identity_cards_with_a_valid_check_digit() {
        // GB 11643's example number, and one ending in X.
        assert_eq!(
            kinds("身份证号11010519491231002X。"),
            one(Kind::IdCard, "11010519491231002X", "110105********002X")
        );
        assert_eq!(
            kinds("身份证号：330102199001011234"),
            one(Kind::IdCard, "330102199001011234", "330102********1234")
        );
        // The wrong check digit, an impossible birth date, no province: not an identity card.
        assert!(!is_id_card("330102199001011238"));
        assert!(is_id_card("330102199001011234"));
        assert!(!is_id_card("330102199002301234"));
        assert!(!is_id_card("930102199001011234"));
    }

    #[test]
    fn finds_bank_cards_that_pass_luhn() {
        assert_eq!(
            kinds("账号6222020200112233446。"),
            one(Kind::BankCard, "6222020200112233446", "6222***********3446")
        );
        assert_eq!(
            kinds("卡号 4111111111111111"),
            one(Kind::BankCard, "4111111111111111", "4111********1111")
        );
        assert!(kinds("卡号 4111111111111112").is_empty());
    }

    #[test]
    fn finds_e_mail_addresses_of_individuals_only() {
        assert_eq!(
            kinds("请发送至 zhangsan@163.com。"),
            one(Kind::Email, "zhangsan@163.com", "z***@163.com")
        );
        assert_eq!(
            kinds("[写信](mailto:li.si@qq.com)"),
            one(Kind::Email, "li.si@qq.com", "l***@qq.com")
        );
        for office in [
            "office@example.gov.cn",
            "xinfang@zj.example.gov.cn",
            "jubao@miit.gov.cn",
            "service@chinamobile.com",
            "a@b",
            "@某某",
            "user@host.123",
        ] {
            assert!(kinds(office).is_empty(), "{office}");
        }
    }

    #[test]
    fn ordinary_numbers_are_not_flagged() {
        for text in [
            "电话：0571-88000000",
            "0571-87000000、12300、12321",
            "浙通管〔2026〕5号",
            "索引号：002482001/2026-00012",
            "统一社会信用代码 11330000002482159H",
            "2026年2月12日 17:29",
            "截至2025年底，全省5G基站达30.5万个，1380013800元",
            "编号 138001380001（12 位）",
            "订单号 A13800138000",
            "art_1229_13800138000.html",
            "20260212172900123456",
            "1234567812345678",
            "¥1,380,013,800",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn offsets_point_at_the_number() {
        let text = "第一行\n电话13800138000";
        let f = &scan(text, &official())[0];
        assert_eq!(&text[f.offset..f.offset + 11], "13800138000");
        assert!(f.message().contains("138****8000"), "{}", f.message());
    }
}
