//! The text messages residents get when they gave a mobile number and no email address:
//! the confirmation, staff replies, and a tracking link sent again. Each is in the
//! resident's language and fits within [`sms::MAX_SEGMENTS`] segments (160 characters each
//! in the GSM alphabet, 70 once any character is outside it, as Bengali always is); a
//! reply too long for that is shortened and the link leads to the whole of it.

use super::emails::args;
use super::outbox::TextMessage;
use super::sms;
use crate::domain::Reference;
use crate::i18n::Locale;

pub fn confirmation(locale: &Locale, to: &str, reference: &Reference, link: &str) -> TextMessage {
    with_link(locale, "text-confirmation", to, reference, link)
}

pub fn tracking_link(locale: &Locale, to: &str, reference: &Reference, link: &str) -> TextMessage {
    with_link(locale, "text-tracking-link", to, reference, link)
}

/// A fixed text naming the reference and the link: short enough to fit as it is.
fn with_link(
    locale: &Locale,
    key: &str,
    to: &str,
    reference: &Reference,
    link: &str,
) -> TextMessage {
    let body = locale.text_args(
        key,
        &args(&[
            ("reference", reference.to_string()),
            ("link", link.to_owned()),
        ]),
    );
    TextMessage {
        to: to.to_owned(),
        body,
    }
}

/// A staff reply, with as much of its text as fits, then the tracking link.
pub fn reply(
    locale: &Locale,
    to: &str,
    reference: &Reference,
    reply: &str,
    link: &str,
) -> TextMessage {
    let make = |shown: &str| {
        locale.text_args(
            "text-reply",
            &args(&[
                ("reference", reference.to_string()),
                ("reply", shown.to_owned()),
                ("link", link.to_owned()),
            ]),
        )
    };
    TextMessage {
        to: to.to_owned(),
        body: fitted(make, reply),
    }
}

/// `make(variable)` with as much of `variable` as keeps the whole within the segment limit;
/// a shortened part ends in "..." (three dots, which every alphabet has).
fn fitted(make: impl Fn(&str) -> String, variable: &str) -> String {
    let variable = variable.split_whitespace().collect::<Vec<_>>().join(" ");
    let whole = make(&variable);
    if sms::segments(&whole).count <= sms::MAX_SEGMENTS {
        return whole;
    }
    let chars: Vec<char> = variable.chars().collect();
    let shortened = |n: usize| {
        let kept: String = chars[..n].iter().collect();
        make(&format!("{}...", kept.trim_end()))
    };
    // The longest prefix that fits: fewer characters never make more segments.
    let (mut fits, mut too_long) = (0, chars.len());
    while too_long - fits > 1 {
        let mid = (fits + too_long) / 2;
        if sms::segments(&shortened(mid)).count <= sms::MAX_SEGMENTS {
            fits = mid;
        } else {
            too_long = mid;
        }
    }
    shortened(fits)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str =
        "https://haveyoursay.example.nhs.uk/track/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    fn reference() -> Reference {
        Reference::parse("0000000000").unwrap()
    }

    #[test]
    fn every_text_fits_the_segment_limit_in_both_languages() {
        for locale in [Locale::english(), Locale::from_code("bn").unwrap()] {
            let confirmation = confirmation(&locale, "07700900123", &reference(), LINK);
            let again = tracking_link(&locale, "07700900123", &reference(), LINK);
            for text in [confirmation, again] {
                assert!(text.body.contains(LINK) && text.body.contains("00000-00000"));
                assert!(
                    sms::segments(&text.body).count <= sms::MAX_SEGMENTS,
                    "{}",
                    text.body
                );
            }
        }
    }

    #[test]
    fn a_long_reply_is_shortened_and_keeps_its_link() {
        let long = "We have spoken to the practice about the damp in your flat. ".repeat(20);
        for locale in [Locale::english(), Locale::from_code("bn").unwrap()] {
            let text = reply(&locale, "07700900123", &reference(), &long, LINK);
            let segments = sms::segments(&text.body);
            assert!(segments.count <= sms::MAX_SEGMENTS, "{}", text.body);
            assert!(text.body.contains("We have spoken"));
            assert!(text.body.contains("..."));
            assert!(text.body.ends_with(LINK) || text.body.contains(LINK));
        }
        let short = reply(
            &Locale::english(),
            "07700900123",
            &reference(),
            "Thank you.",
            LINK,
        );
        assert!(short.body.contains("Thank you.") && !short.body.contains("..."));
        assert!(
            !sms::segments(&short.body).unicode,
            "English stays in the GSM alphabet"
        );
    }
}
