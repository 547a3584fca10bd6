//! PII redaction: e-mail addresses, IP addresses (v4 and v6) and phone
//! numbers are replaced by placeholder tokens, each kind counted. Text
//! outside the matches is copied byte for byte.
//!
//! Placeholders follow Dolma's (`|||EMAIL_ADDRESS|||`, `|||IP_ADDRESS|||`,
//! `|||PHONE_NUMBER|||`), so a model trained on the output sees one token
//! shape per kind. What counts as a match:
//! - e-mail: RFC 5322 "dot-atom" local part, `@`, a domain of DNS labels
//!   ending in an alphabetic TLD of 2+ letters;
//! - IPv4: four dotted decimal octets 0-255, not part of a longer dotted
//!   number (so `1.2.3.4.5` and version strings like `10.0.0.1.2` are left);
//! - IPv6: a run of hex digits and colons that `std::net::Ipv6Addr` parses
//!   and that holds a digit (so `a::b` in code is left);
//! - phone: North American numbers with separators (`(555) 123-4567`,
//!   `555-123-4567`, `555.123.4567`, optional `+1`/`1-`), and international
//!   numbers written with a leading `+` and 8-15 digits in groups. Bare digit
//!   runs (`5551234567`) are not redacted: too many IDs look the same.

use std::borrow::Cow;
use std::net::Ipv6Addr;

use once_cell::sync::Lazy;
use regex::Regex;

pub const EMAIL: &str = "|||EMAIL_ADDRESS|||";
pub const IP: &str = "|||IP_ADDRESS|||";
pub const PHONE: &str = "|||PHONE_NUMBER|||";

/// Matches of each kind in one text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PiiCounts {
    pub email: u32,
    pub ip: u32,
    pub phone: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Email,
    Ip,
    Phone,
}

static EMAIL_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b",
    )
    // ok-unwrap: a constant pattern (compiled by every test run).
    .unwrap()
});
static IPV4_RE: Lazy<Regex> = Lazy::new(|| {
    // ok-unwrap: a constant pattern (compiled by every test run).
    Regex::new(r"\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\b").unwrap()
});
static IPV6_RE: Lazy<Regex> =
    // ok-unwrap: a constant pattern (compiled by every test run).
    Lazy::new(|| Regex::new(r"[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*").unwrap());
static PHONE_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        // North American: optional +1 / 1, area code (in parentheses or
        // not), exchange and line separated by - . or space.
        r"(?:\+?1[-. ]?)?(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[-. ])[2-9][0-9]{2}[-. ][0-9]{4}",
        // International: + country code, then 2-6 groups.
        r"|\+[1-9][0-9]{0,2}(?:[ .-]?\(?[0-9]{1,4}\)?){2,6}",
    ))
    // ok-unwrap: a constant pattern (compiled by every test run).
    .unwrap()
});

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Candidate spans of one kind, with the checks a regex cannot express.
fn find(text: &str, kind: Kind, out: &mut Vec<(usize, usize, Kind)>) {
    let before = |s: usize| text[..s].chars().next_back();
    let after = |e: usize| text[e..].chars().next();
    match kind {
        Kind::Email => {
            for m in EMAIL_RE.find_iter(text) {
                out.push((m.start(), m.end(), kind));
            }
        }
        Kind::Ip => {
            for m in IPV4_RE.find_iter(text) {
                let (s, e) = (m.start(), m.end());
                // Not a piece of a longer dotted number: 1.2.3.4.5 or 9.1.2.3.4.
                let b = before(s);
                let a = text[e..].chars().take(2).collect::<Vec<_>>();
                let dotted_before = b == Some('.')
                    && text[..s.saturating_sub(1)]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_digit());
                let dotted_after =
                    a.first() == Some(&'.') && a.get(1).is_some_and(|c| c.is_ascii_digit());
                if !dotted_before && !dotted_after {
                    out.push((s, e, kind));
                }
            }
            for m in IPV6_RE.find_iter(text) {
                let (mut s, mut e) = (m.start(), m.end());
                // Trailing dots/colons belong to the sentence, not the address.
                while e > s && text[..e].ends_with('.') {
                    e -= 1;
                }
                while s < e && text[s..].starts_with(':') && !text[s..].starts_with("::") {
                    s += 1;
                }
                let cand = &text[s..e];
                if is_word(before(s))
                    || is_word(after(e))
                    || !cand.bytes().any(|b| b.is_ascii_digit())
                    || cand.parse::<Ipv6Addr>().is_err()
                {
                    continue;
                }
                out.push((s, e, kind));
            }
        }
        Kind::Phone => {
            for m in PHONE_RE.find_iter(text) {
                let (s, mut e) = (m.start(), m.end());
                // A group's closing parenthesis without its opening one is
                // the sentence's.
                let mut m_str = &text[s..e];
                while m_str.ends_with(')')
                    && m_str.matches('(').count() < m_str.matches(')').count()
                {
                    e -= 1;
                    m_str = &text[s..e];
                }
                // Not glued to other digits or letters.
                if is_word(before(s)) || is_word(after(e)) {
                    continue;
                }
                let digits = m_str.bytes().filter(u8::is_ascii_digit).count();
                if m_str.starts_with('+') && !(8..=15).contains(&digits) {
                    continue;
                }
                out.push((s, e, kind));
            }
        }
    }
}

/// Redact `text`; borrowed when nothing matched.
pub fn redact(text: &str) -> (Cow<'_, str>, PiiCounts) {
    let mut spans = vec![];
    // Cheap gates: no '@' means no e-mail, no '.'/':' no IP, too few
    // digits no phone.
    if text.contains('@') {
        find(text, Kind::Email, &mut spans);
    }
    if text.contains('.') || text.contains(':') {
        find(text, Kind::Ip, &mut spans);
    }
    if text.bytes().filter(u8::is_ascii_digit).nth(6).is_some() {
        find(text, Kind::Phone, &mut spans);
    }
    let mut counts = PiiCounts::default();
    if spans.is_empty() {
        return (Cow::Borrowed(text), counts);
    }
    // Earliest first; at one start the longest; overlapping later spans lose
    // (an e-mail's digits are not also a phone number).
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e, kind) in spans {
        if s < at {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(match kind {
            Kind::Email => {
                counts.email += 1;
                EMAIL
            }
            Kind::Ip => {
                counts.ip += 1;
                IP
            }
            Kind::Phone => {
                counts.phone += 1;
                PHONE
            }
        });
        at = e;
    }
    out.push_str(&text[at..]);
    (Cow::Owned(out), counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(t: &str) -> (String, PiiCounts) {
        let (o, c) = redact(t);
        (o.into_owned(), c)
    }

    #[test]
    fn redacts_each_kind() {
        let (o, c) = r("Mail jane.doe+news@mail.example.co.uk or call (415) 555-0132.");
        assert_eq!(o, format!("Mail {EMAIL} or call {PHONE}."));
        assert_eq!(
            c,
            PiiCounts {
                email: 1,
                ip: 0,
                phone: 1
            }
        );
        let (o, c) = r("server 192.168.0.1, v6 2001:db8::8a2e:370:7334 and ::1.");
        assert_eq!(o, format!("server {IP}, v6 {IP} and {IP}."));
        assert_eq!(c.ip, 3);
        let (o, c) = r("Ring +44 20 7946 0958 or 1-800-555-0199 today");
        assert_eq!(o, format!("Ring {PHONE} or {PHONE} today"));
        assert_eq!(c.phone, 2);
    }

    #[test]
    fn leaves_lookalikes() {
        for t in [
            "version 1.2.3.4.5 and 10.0.0.256",
            "std::vector<int> a::b, at 12:30:45 on 2024-01-02",
            "order 5551234567 shipped; ISBN 978-3-16-148410-0",
            "pi is 3.14159, score 4.5:3.2",
            "user@localhost has no TLD",
            "+12 is a score",
        ] {
            let (o, c) = r(t);
            assert_eq!(o, t, "{c:?}");
        }
    }

    #[test]
    fn text_outside_matches_is_untouched() {
        let t = "é👋 a@b.io\u{0}x 8.8.8.8\n\t(212) 555-7890 ünïcode";
        let (o, c) = r(t);
        assert_eq!((c.email, c.ip, c.phone), (1, 1, 1));
        let pieces: Vec<&str> = o.split(['|']).filter(|p| !p.is_empty()).collect();
        let kept: Vec<&str> = pieces
            .into_iter()
            .filter(|p| !["EMAIL_ADDRESS", "IP_ADDRESS", "PHONE_NUMBER"].contains(p))
            .collect();
        assert_eq!(kept, ["é👋 ", "\u{0}x ", "\n\t", " ünïcode"]);
        assert!(matches!(redact("nothing here").0, Cow::Borrowed(_)));
    }
}
