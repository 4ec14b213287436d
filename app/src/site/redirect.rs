//! The one gate for every redirect to a place the request chose (the language switch's
//! `next`, the sign-in `next`, the page a signed-out visitor asked for).
//!
//! A `Location` header is read by browsers, not by us, and browsers are generous: they drop
//! tab, CR and LF anywhere in a URL, read `\` as `/`, take `//host` as another site and
//! `scheme:` as a whole new URL. So rather than list what is dangerous, [`same_site_path`]
//! accepts only what a path on this site looks like, byte by byte, and anything else falls
//! back to a fixed page of the caller's choosing:
//!
//! - it starts with exactly one `/`, followed by a path character (not `/`, not `\`), or is `/`;
//! - every byte is ASCII from an allow-list: letters, digits, `-._~` (unreserved),
//!   `!$&'()*+,;=` (sub-delims), `:@/?` and `%` followed by two hex digits. No control
//!   characters, no space, no `\`, no `#`, nothing outside ASCII;
//! - `%`-escapes must spell UTF-8 text without control characters or `\` (no page of ours
//!   has one, and a proxy or another server that decodes before redirecting must not find
//!   one either; overlong forms such as `%C0%AF` for `/` are refused with broken UTF-8).
//!   `%2F` is allowed: `/%2F%2Fevil.example` is a path whose first segment is `//evil.example`
//!   spelled with escapes, which browsers do not decode, so it stays on this site;
//! - no `.` or `..` segment (also as `%2E`), so a path cannot climb out of the area a caller
//!   restricts it to;
//! - at most [`MAX_LEN`] bytes.

/// Longer than any page address of the portal with its query.
pub const MAX_LEN: usize = 2048;

/// `candidate` when it is a path on this site inside one of `areas` (each a path such as
/// `/staff`: the area itself, or anything below it, with or without a query), otherwise
/// `fallback`. An empty `areas` allows the whole site.
pub fn same_site_path(candidate: Option<&str>, areas: &[&str], fallback: &'static str) -> String {
    match candidate {
        Some(path) if is_same_site_path(path) && in_areas(path, areas) => path.to_owned(),
        _ => fallback.to_owned(),
    }
}

fn in_areas(path: &str, areas: &[&str]) -> bool {
    if areas.is_empty() {
        return true;
    }
    let bare = path.split('?').next().unwrap_or(path);
    areas.iter().any(|area| {
        bare == *area
            || bare
                .strip_prefix(area)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Whether a browser given `Location: path` stays on this site, at a plain page address.
pub fn is_same_site_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_LEN || bytes[0] != b'/' {
        return false;
    }
    // `//` would name another host; `/\\` is refused below with every `\\`.
    if bytes.get(1) == Some(&b'/') {
        return false;
    }
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let (Some(&hi), Some(&lo)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                return false;
            };
            let (Some(hi), Some(lo)) = (hex(hi), hex(lo)) else {
                return false;
            };
            decoded.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        if !allowed(b) {
            return false;
        }
        decoded.push(b);
        i += 1;
    }
    // What the escapes stand for: text (so no overlong or broken UTF-8), without control
    // characters (C0, DEL, C1) or `\\`.
    match std::str::from_utf8(&decoded) {
        Ok(text) if !text.chars().any(|c| c.is_control() || c == '\\') => {}
        _ => return false,
    }
    let bare = path.split('?').next().unwrap_or(path);
    !bare.split('/').any(|segment| {
        let s = segment.to_ascii_lowercase().replace("%2e", ".");
        s == "." || s == ".."
    })
}

fn allowed(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "",
        "evil.example",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        "/\r/evil.example",
        "/\n/evil.example",
        "/\r\nLocation: http://evil.example",
        "\t//evil.example",
        " /evil",
        "/ /evil.example",
        "/\u{0}/evil.example",
        "/\u{7f}/evil.example",
        "/\u{b}/evil.example",
        "/\u{c}/evil.example",
        "/%09/evil.example",
        "/%0d%0a/evil.example",
        "/%0A/evil.example",
        "/%00",
        "/%5C%5Cevil.example",
        "/%5c/evil.example",
        "/%7F",
        "/%C2%85",
        "/%C0%AF",
        "/%C0%AF%C0%AFevil.example",
        "/%E2%80",
        "/%",
        "/%2",
        "/%zz",
        "http://evil.example",
        "https://evil.example/staff",
        "HTTP://evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/javascript:alert(1)<script>",
        "/\"onmouseover=alert(1)",
        "/<script>",
        "/a b",
        "/a#//evil.example",
        "/a`b",
        "/a^b",
        "/a|b",
        "/a{b}",
        "/a[b]",
        "/caf\u{e9}",
        "/\u{ff0f}evil.example",
        "/\u{2215}evil.example",
        "/\u{200b}/evil.example",
        "/\u{202e}elpmaxe.live",
        "/../evil",
        "/staff/../../evil",
        "/staff/./x",
        "/staff/%2e%2e/admin",
        "/staff/.%2E",
        "/staff/..",
        "/.",
        "/?/\\evil.example",
    ];

    #[test]
    fn hostile_places_fall_back_to_the_fixed_page() {
        for candidate in HOSTILE {
            assert!(
                !is_same_site_path(candidate),
                "{candidate:?} must not be followed"
            );
            assert_eq!(
                same_site_path(Some(candidate), &[], "/"),
                "/",
                "{candidate:?}"
            );
        }
        assert_eq!(same_site_path(None, &[], "/staff"), "/staff");
        let long = format!("/{}", "a".repeat(MAX_LEN));
        assert!(!is_same_site_path(&long));
    }

    #[test]
    fn every_page_address_of_the_portal_is_followed() {
        for path in [
            "/",
            "/feedback",
            "/privacy",
            "/track/AbC-_0123456789abcdefghijklmnopqrstuvwxyzABCD",
            "/staff",
            "/staff?q=walking+group&status=new&page=2",
            "/staff/submissions/ABCDE12345",
            "/insights?from=2026-01-01&to=2026-03-31&period=week",
            "/admin/audit?reference=ABCDE12345",
            "/staff?q=%3Cscript%3E",
            "/staff?q=caf%C3%A9",
            "/a/b;c=d/e:f@g!$&'()*+,",
            "/%2F%2Fevil.example",
            "/..a/b..",
            "/staff/...",
        ] {
            assert!(is_same_site_path(path), "{path:?} is a page of ours");
            assert_eq!(same_site_path(Some(path), &[], "/"), path);
        }
    }

    #[test]
    fn areas_restrict_to_a_part_of_the_site() {
        let areas = ["/staff", "/admin", "/insights"];
        for (candidate, expected) in [
            ("/staff", "/staff"),
            ("/staff?q=x", "/staff?q=x"),
            (
                "/staff/submissions/ABCDE12345",
                "/staff/submissions/ABCDE12345",
            ),
            ("/admin/accounts", "/admin/accounts"),
            ("/insights?period=week", "/insights?period=week"),
            ("/staffroom", "/staff"),
            ("/feedback", "/staff"),
            ("/", "/staff"),
            ("/staff/../feedback", "/staff"),
            ("/staff\t/evil", "/staff"),
            ("/staff\r\nSet-Cookie: a=b", "/staff"),
            ("//staff", "/staff"),
        ] {
            assert_eq!(
                same_site_path(Some(candidate), &areas, "/staff"),
                expected,
                "{candidate:?}"
            );
        }
    }

    /// Whatever is accepted, a browser-grade URL parser resolves on this site, with the
    /// path it was given.
    #[test]
    fn what_is_accepted_resolves_to_this_site() {
        let base = url::Url::parse("https://portal.example/staff/sign-in").unwrap();
        let mut accepted = 0;
        for candidate in HOSTILE.iter().copied().chain([
            "/",
            "/staff?q=a",
            "/%2F%2Fevil.example",
            "/a:b@evil.example",
            "/@evil.example",
        ]) {
            if is_same_site_path(candidate) {
                accepted += 1;
                let resolved = base.join(candidate).unwrap();
                assert_eq!(resolved.host_str(), Some("portal.example"), "{candidate:?}");
                assert_eq!(resolved.scheme(), "https");
            }
        }
        assert_eq!(accepted, 5);
    }

    proptest::proptest! {
        /// Any string at all, built from the characters that matter to a URL parser: if it
        /// is accepted, it is a valid header value and a browser stays on this site.
        #[test]
        fn nothing_accepted_leaves_the_site(candidate in r"/?[/\\\\a-z.:%0-9A-F?#@ \t\r\n\u{0}\u{ff0f}]{0,12}") {
            if is_same_site_path(&candidate) {
                proptest::prop_assert!(axum::http::HeaderValue::from_str(&candidate).is_ok());
                let base = url::Url::parse("https://portal.example/language/en").unwrap();
                let resolved = base.join(&candidate).unwrap();
                proptest::prop_assert_eq!(resolved.host_str(), Some("portal.example"));
                proptest::prop_assert!(!candidate.contains(['\\', '\t', '\r', '\n', '#', ' ']));
            }
        }
    }
}
