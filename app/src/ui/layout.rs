#[cfg(feature = "ssr")]
use crate::i18n::Locale;
use crate::i18n::{t, t_args};
use leptos::prelude::*;

/// One problem with one form field, in the order the fields appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The `id` of the input the summary links to.
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    /// The message for `field` among `errors`, to show beside its input.
    pub fn for_field(errors: &[FieldError], field: &str) -> Option<String> {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    }
}

/// The class of a field's group: marked when the field has an error.
pub fn group_class(has_error: bool) -> &'static str {
    if has_error {
        "form-group form-group--error"
    } else {
        "form-group"
    }
}

/// The whole HTML document, drawn on the server only (islands hydrate inside its body, so a
/// wasm build needs neither it nor the compiled-in assets it links). A page with errors gets "Error:" in front of its title, so a
/// screen-reader user hears at once that something needs fixing.
#[cfg(feature = "ssr")]
#[component]
pub fn Layout(
    title: String,
    #[prop(optional)] has_errors: bool,
    /// Staff working pages (the inbox, an item) use the width of a desktop screen.
    #[prop(optional)]
    wide: bool,
    /// Loads the staff islands (`crate::islands`) when the bundle is built.
    #[prop(optional)]
    islands: bool,
    children: Children,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let loader = islands
        .then(|| super::ISLANDS_LOADER.try_with(Clone::clone).ok().flatten())
        .flatten();
    let full_title = if has_errors {
        format!(
            "{} {} – {}",
            t("error-title-prefix"),
            title,
            t("title-suffix")
        )
    } else {
        format!("{} – {}", title, t("title-suffix"))
    };
    view! {
        <!DOCTYPE html>
        <html lang=locale.code().to_owned() dir=locale.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{full_title}</title>
                <meta name="description" content=t("start-lead")/>
                <link rel="stylesheet" href=crate::assets::STYLESHEET.path()/>
                <link rel="icon" href=crate::assets::FAVICON.path() type="image/svg+xml"/>
                {loader.map(|src| view! { <script type="module" src=src.to_string()></script> })}
            </head>
            <body>
                <a class="skip-link" href="#main">{t("skip-link")}</a>
                <header class="site-header">
                    <div class="width">
                        <a class="site-header__name" href="/">{t("service-name")}</a>
                        <span class="site-header__org">{t("service-org")}</span>
                        <LanguageSwitch/>
                    </div>
                </header>
                <div class=if wide { "width width--wide" } else { "width" }>
                    <main id="main" tabindex="-1">{children()}</main>
                </div>
                <footer class="site-footer">
                    <div class="width">
                        <ul class="site-footer__links">
                            <li><a href="/privacy">{t("footer-privacy")}</a></li>
                            <li><a href="/accessibility">{t("footer-accessibility")}</a></li>
                            <li><a href="/you-said-we-did">{t("footer-you-said")}</a></li>
                        </ul>
                        <p class="site-footer__help">
                            <a href="/urgent-help">{t("footer-help")}</a>" "
                            <a href="tel:999">{t("footer-help-999")}</a>" · "
                            <a href="tel:111">{t("footer-help-111")}</a>" · "
                            <a href="tel:116123">{t("footer-help-samaritans")}</a>
                            {service_phone().map(|phone| view! {
                                " · "<a href=phone.href()>{t_args("footer-help-service", &[("number", phone.shown().to_owned().into())])}</a>
                            })}
                        </p>
                        <p>{t("footer-run-by")}</p>
                    </div>
                </footer>
            </body>
        </html>
    }
}

/// The path of the page being rendered, so the language switch can come back to it.
#[derive(Debug, Clone)]
pub struct CurrentPath(pub String);

/// Links to every other language, each written in its own language and marked with its
/// `lang`, so a reader who cannot read the current page can still find theirs. A plain link:
/// no JavaScript, and the choice is remembered in a cookie.
#[cfg(feature = "ssr")]
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = expect_context::<Locale>();
    let path = use_context::<CurrentPath>()
        .map(|p| p.0)
        .unwrap_or_else(|| "/".to_owned());
    let others: Vec<Locale> = Locale::available()
        .into_iter()
        .filter(|l| *l != current)
        .collect();
    (!others.is_empty()).then(|| {
        view! {
            <nav class="language-switch" aria-label=t("language-switch-label")>
                <ul>
                    {others.into_iter().map(|l| {
                        let href = format!("/language/{}?next={}", l.code(), encode_path(&path));
                        view! {
                            <li>
                                <a href=href lang=l.code().to_owned() hreflang=l.code().to_owned() dir=l.dir()>
                                    {l.text("language-name")}
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
        }
    })
}

/// Percent-encodes a path for a query value.
#[cfg(feature = "ssr")]
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// GOV.UK's "Exit this page": one click takes the reader to a neutral site, for residents
/// writing about abuse or danger at home. A plain link, so it works without JavaScript.
#[component]
pub fn QuickExit() -> impl IntoView {
    view! {
        <div class="quick-exit">
            <a class="quick-exit__button" href="https://www.bbc.co.uk/weather" rel="nofollow noreferrer">
                {t("quick-exit")}
            </a>
            <p class="quick-exit__hint">{t("quick-exit-hint")}</p>
        </div>
    }
}

/// The service's telephone number, when the settings give one (the server renders pages;
/// a build without it has no settings to read).
#[cfg(feature = "ssr")]
fn service_phone() -> Option<std::sync::Arc<crate::domain::ServicePhone>> {
    super::SERVICE_PHONE.try_with(Clone::clone).ok().flatten()
}

#[cfg(not(feature = "ssr"))]
fn service_phone() -> Option<std::sync::Arc<crate::domain::ServicePhone>> {
    None
}

/// "If you need help now": shown on the start page, and prominently on a confirmation page
/// when a message looked urgent.
#[component]
pub fn UrgentHelp(#[prop(optional)] prominent: bool) -> impl IntoView {
    let class = if prominent {
        "urgent-help urgent-help--prominent"
    } else {
        "urgent-help"
    };
    view! {
        <aside class=class aria-labelledby="urgent-help-heading">
            <h2 id="urgent-help-heading">{t("urgent-heading")}</h2>
            <ul>
                <li>{t("urgent-999")}" "<a class="tel" href="tel:999">{t("urgent-999-call")}</a></li>
                <li>{t("urgent-111")}" "<a class="tel" href="tel:111">{t("urgent-111-call")}</a></li>
                <li>{t("urgent-samaritans")}" "<a class="tel" href="tel:116123">{t("urgent-samaritans-call")}</a></li>
                {service_phone().map(|phone| view! {
                    <li>{t("urgent-service")}" "<a class="tel" href=phone.href()>{t_args("urgent-service-call", &[("number", phone.shown().to_owned().into())])}</a></li>
                })}
            </ul>
            <p>{t("urgent-not-monitored")}</p>
        </aside>
    }
}

/// The GOV.UK error summary: a list of links, each to the field with the problem.
#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
                <h2 id="error-summary-title" class="error-summary__title">{t("form-error-summary-title")}</h2>
                <ul class="error-summary__list">
                    {errors
                        .into_iter()
                        .map(|e| view! { <li><a href=format!("#{}", e.field)>{e.message}</a></li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}
