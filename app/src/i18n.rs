//! The one translation layer. Every string a person reads comes from a Fluent file in
//! `app/locales/<language>/`; adding a language is adding a folder (see docs/ARCHITECTURE.md).
//!
//! The language for a request is a [`Locale`] in the rendering context; components call
//! [`t`] and [`t_args`] and never hold English text themselves.

use fluent_templates::{fluent_bundle::FluentValue, LanguageIdentifier, Loader};
use leptos::prelude::*;
use std::{borrow::Cow, collections::HashMap, sync::LazyLock};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Isolation marks around every placeable would end up inside references and links.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the portal has a translation file for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Locale {
    id: LanguageIdentifier,
    code: String,
}

static ENGLISH: LazyLock<Locale> =
    LazyLock::new(|| Locale::from_id("en".parse().expect("valid tag")));

impl Locale {
    fn from_id(id: LanguageIdentifier) -> Self {
        let code = id.to_string();
        Locale { id, code }
    }

    pub fn english() -> Self {
        ENGLISH.clone()
    }

    /// The language with this code, if there is a translation file for it.
    pub fn from_code(code: &str) -> Option<Self> {
        let id: LanguageIdentifier = code.parse().ok()?;
        Self::available().into_iter().find(|l| l.id == id)
    }

    /// Every language with a translation file, English first.
    pub fn available() -> Vec<Locale> {
        let mut all: Vec<Locale> = LOCALES.locales().cloned().map(Locale::from_id).collect();
        all.sort_by_key(|l| (l.code != "en", l.code.clone()));
        all
    }

    /// The BCP 47 tag for `lang` attributes and for storing with a submission.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Right-to-left scripts (Arabic, Urdu, Hebrew…) lay the page out mirrored.
    pub fn dir(&self) -> &'static str {
        direction(&self.id)
    }

    pub fn text(&self, key: &str) -> String {
        LOCALES.lookup(&self.id, key)
    }

    pub fn text_args(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES.lookup_with_args(&self.id, key, &map)
    }
}

/// `rtl` for languages written right to left, from the language tag alone, so a new
/// translation file is all a right-to-left language needs.
fn direction(id: &LanguageIdentifier) -> &'static str {
    if id.character_direction() == unic_langid::CharacterDirection::RTL {
        "rtl"
    } else {
        "ltr"
    }
}

/// Text for `key` in the language of the page being rendered.
pub fn t(key: &str) -> String {
    expect_context::<Locale>().text(key)
}

/// Text for `key` with Fluent arguments (`{ $name }`).
pub fn t_args(key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    expect_context::<Locale>().text_args(key, args)
}

/// The page language for a request: `?lang=` if it names a language we have, then the
/// `lang` cookie, then English. Read once per request: the site layer (`site::frame`)
/// leaves it in the request's extensions for the handler.
#[cfg(feature = "ssr")]
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Locale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<Locale>() {
            Some(locale) => locale.clone(),
            None => Locale::of(&parts.uri, &parts.headers),
        })
    }
}

#[cfg(feature = "ssr")]
impl Locale {
    /// The language a request asks for (see the extractor above).
    pub fn of(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Locale {
        let from_query = uri.query().and_then(|q| {
            q.split('&')
                .filter_map(|pair| pair.strip_prefix("lang="))
                .find_map(Locale::from_code)
        });
        let from_cookie =
            || crate::cookies::cookie_value(headers, "lang").and_then(Locale::from_code);
        let from_browser = || {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(preferred)
        };
        from_query
            .or_else(from_cookie)
            .or_else(from_browser)
            .unwrap_or_else(Locale::english)
    }
}

/// The language a browser's `Accept-Language` prefers among those the portal speaks: the
/// highest `q` (1 when not given; 0 means "not this"), the first listed on a tie, matched on
/// the primary subtag ("bn-BD" is Bengali). A few lines rather than a crate: the header is
/// short and only its primary subtags matter here.
pub fn preferred(header: &str) -> Option<Locale> {
    let mut best: Option<(f32, Locale)> = None;
    for item in header.split(',').take(20) {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .filter(|q| (0.0..=1.0).contains(q));
        let primary = tag
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let (Some(q), Some(locale)) = (q, Locale::from_code(&primary)) else {
            continue;
        };
        if q > 0.0 && best.as_ref().is_none_or(|(b, _)| q > *b) {
            best = Some((q, locale));
        }
    }
    best.map(|(_, locale)| locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_s_preferred_language_is_chosen_among_those_spoken() {
        let code = |h: &str| preferred(h).map(|l| l.code().to_owned());
        assert_eq!(
            code("bn-BD,bn;q=0.9,en-GB;q=0.8,en;q=0.7").as_deref(),
            Some("bn")
        );
        assert_eq!(code("en-GB,en;q=0.9,bn;q=0.8").as_deref(), Some("en"));
        assert_eq!(code("fr-FR, bn;q=0.5, en;q=0.4").as_deref(), Some("bn"));
        assert_eq!(code("en;q=0.2, BN;q=0.8").as_deref(), Some("bn"));
        assert_eq!(code("bn;q=0, en;q=0.1").as_deref(), Some("en"));
        assert_eq!(
            code("bn, en").as_deref(),
            Some("bn"),
            "a tie goes to the first listed"
        );
        for nothing in ["", "fr, de", "*", "bn;q=2", "bn;q=abc", ";;;,,,"] {
            assert_eq!(code(nothing), None, "{nothing:?}");
        }
    }

    #[test]
    fn english_is_available_and_left_to_right() {
        let en = Locale::from_code("en").expect("English");
        assert_eq!(en.code(), "en");
        assert_eq!(en.dir(), "ltr");
        assert!(Locale::available()
            .first()
            .is_some_and(|l| l.code() == "en"));
        assert_eq!(Locale::from_code("xx"), None);
        assert_eq!(Locale::from_code("not a tag!"), None);
    }

    #[test]
    fn bengali_is_offered_and_right_to_left_languages_would_be_mirrored() {
        let bn = Locale::from_code("bn").expect("Bengali");
        assert_eq!(bn.dir(), "ltr");
        assert_eq!(bn.text("language-name"), "বাংলা");
        for (tag, dir) in [
            ("ar", "rtl"),
            ("ur", "rtl"),
            ("fa", "rtl"),
            ("so", "ltr"),
            ("bn", "ltr"),
            ("en", "ltr"),
        ] {
            assert_eq!(direction(&tag.parse().unwrap()), dir, "{tag}");
        }
    }

    #[test]
    fn arguments_are_placed_without_isolation_marks() {
        let text = Locale::english().text_args(
            "error-message-too-long",
            &[("max", 5000.into()), ("count", 5001.into())],
        );
        assert!(text.contains("5001") || text.contains("5,001"), "{text}");
        assert!(!text.contains('\u{2068}'));
    }
}
