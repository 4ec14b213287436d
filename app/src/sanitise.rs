//! The one configured sanitiser. Everything a resident types passes through
//! [`plain_text`] before it is stored; pages escape it again when they show it.
//!
//! Residents write plain text, so no element and no attribute is allowed. ammonia parses the
//! input as HTML the way a browser would, drops every tag (and the whole content of
//! `script`, `style` and similar) and serialises the remaining text with entities, which we
//! turn back into characters. Ampersands are escaped before parsing, so entities a resident
//! typed (`&copy;`, `&lt;b&gt;`) stay as typed, as harmless text. We repeat until the text
//! no longer changes: `<<b>script>` loses its `<b>` in the first round and must not be
//! stored as `<script>`.

use std::sync::LazyLock;

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .clean_content_tags(
            [
                "script", "style", "iframe", "object", "embed", "template", "noscript", "svg",
                "math", "title", "textarea", "xmp", "noembed", "noframes",
            ]
            .into_iter()
            .collect(),
        )
        .strip_comments(true);
    builder
});

/// At most this many rounds; real text is stable after one, and each round can only remove.
const MAX_ROUNDS: usize = 4;

/// Text with every trace of markup removed, as characters (not entities).
pub fn plain_text(input: &str) -> String {
    let mut current = input.to_owned();
    for _ in 0..MAX_ROUNDS {
        let next =
            decode_serialised_text(&SANITISER.clean(&current.replace('&', "&amp;")).to_string());
        if next == current {
            return next;
        }
        current = next;
    }
    // Still changing: whatever is left is markup-like noise; keep only what is certainly text.
    current.replace(['<', '>'], "")
}

/// Reverses the escaping html5ever applies when it serialises a text node: exactly
/// `&amp;`, `&lt;`, `&gt;` and `&nbsp;`. Written by hand because the set is fixed and tiny.
fn decode_serialised_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let (ch, len) = if rest.starts_with("&amp;") {
            ('&', 5)
        } else if rest.starts_with("&lt;") {
            ('<', 4)
        } else if rest.starts_with("&gt;") {
            ('>', 4)
        } else if rest.starts_with("&nbsp;") {
            ('\u{A0}', 6)
        } else {
            ('&', 1)
        };
        out.push(ch);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::plain_text;
    use proptest::prelude::*;

    #[test]
    fn plain_text_is_kept_as_typed() {
        for text in [
            "Fish & chips",
            "a < b > c",
            "5 > 3 && 2 < 4",
            "“quotes” and 'apostrophes'",
            "line one\nline two",
            "আমার বাড়িতে স্যাঁতসেঁতে",
            "😀 emoji",
            "100% sure; DROP TABLE submissions;--",
            "&copy; stays as typed",
        ] {
            assert_eq!(plain_text(text), text);
        }
    }

    #[test]
    fn tags_are_removed_and_their_text_kept() {
        assert_eq!(
            plain_text("<b>bold</b> and <i>italic</i>"),
            "bold and italic"
        );
        assert_eq!(
            plain_text("<a href=\"javascript:alert(1)\">click</a>"),
            "click"
        );
        assert_eq!(plain_text("<img src=x onerror=alert(1)>after"), "after");
        assert_eq!(plain_text("<p style=\"x\">para</p>"), "para");
    }

    #[test]
    fn script_and_style_are_removed_with_their_content() {
        assert_eq!(plain_text("hi<script>alert('x')</script>there"), "hithere");
        assert_eq!(plain_text("<style>body{display:none}</style>text"), "text");
        assert_eq!(plain_text("<svg><script>alert(1)</script></svg>ok"), "ok");
        assert_eq!(plain_text("<!-- hidden -->shown"), "shown");
    }

    #[test]
    fn entities_stay_as_typed_and_never_become_markup() {
        assert_eq!(
            plain_text("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(plain_text("&amp;lt;b&amp;gt;"), "&amp;lt;b&amp;gt;");
        assert_eq!(
            plain_text("caf&eacute; &#60;b&#62;"),
            "caf&eacute; &#60;b&#62;"
        );
    }

    #[test]
    fn broken_markup_is_harmless() {
        let out = plain_text("<scr<script>ipt>alert(1)</script>");
        assert!(!out.contains("<script"), "{out}");
        let out = plain_text("<<img src=x onerror=alert(1)//>>");
        assert!(!out.contains("<img"), "{out}");
        assert_eq!(plain_text("<<b>script>alert(1)<</b>/script>"), "");
    }

    proptest! {
        #[test]
        fn no_tag_ever_survives(s in "(<|>|&|/|=|\"|'|a|b|i|p|img|script|style|lt;|gt;|amp;| |x)*") {
            let out = plain_text(&s);
            prop_assert_eq!(plain_text(&out), out.clone(), "not stable");
            let lower = out.to_lowercase();
            prop_assert!(!lower.contains("<script") && !lower.contains("<img") && !lower.contains("<b>") && !lower.contains("<p"), "{}", out);
        }
    }
}
