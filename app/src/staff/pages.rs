//! Sign-in and password pages, and the navigation bar every staff page carries.

use super::accounts::{Role, MIN_PASSWORD_CHARS};
use super::session::SignedIn;
use crate::i18n::{t, t_args};
use crate::ui::{group_class, ErrorSummary, FieldError, Layout};
use leptos::prelude::*;

/// Links for the signed-in member of staff, and the sign-out button (a POST with its token).
#[component]
pub fn StaffNav(user: SignedIn) -> impl IntoView {
    let is_admin = user.account.role == Role::Admin;
    view! {
        <nav class="staff-nav" aria-label=t("staff-area")>
            <ul>
                {user.account.role.can_triage().then(|| view! {
                    <li><a href="/staff">{t("nav-inbox")}</a></li>
                    <li><a href="/staff/assisted">{t("nav-assisted")}</a></li>
                })}
                <li><a href="/insights">{t("nav-insights")}</a></li>
                {user.account.role.can_triage().then(|| view! {
                    <li><a href="/staff/you-said-we-did">{t("nav-you-said")}</a></li>
                })}
                {is_admin.then(|| view! { <li><a href="/admin">{t("nav-admin")}</a></li> })}
                <li class="staff-nav__who"><a href="/staff/account">{user.account.name.clone()}<span class="visually-hidden">{format!(" – {}", t("account-title"))}</span></a></li>
                <li>
                    <form method="post" action="/staff/sign-out" class="inline-form">
                        <input type="hidden" name="csrf" value=user.csrf.form_value()/>
                        <button class="link-button" type="submit">{t("signout-button")}</button>
                    </form>
                </li>
            </ul>
        </nav>
    }
}

#[component]
pub fn SignInPage(
    email: String,
    errors: Vec<FieldError>,
    csrf: String,
    next: String,
    #[prop(optional_no_strip)] notice: Option<String>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    view! {
        <Layout title=t("signin-title") has_errors=has_errors>
            <ErrorSummary errors=errors/>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <h1>{t("signin-title")}</h1>
            <p>{t("signin-lead")}</p>
            <form method="post" action="/staff/sign-in" novalidate>
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="next" value=next/>
                <div class="form-group">
                    <label class="label" for="email">{t("signin-email")}</label>
                    <input class="input" id="email" name="email" type="email" autocomplete="username" spellcheck="false" value=email/>
                </div>
                <div class="form-group">
                    <label class="label" for="password">{t("signin-password")}</label>
                    <input class="input" id="password" name="password" type="password" autocomplete="current-password"/>
                </div>
                <button class="button" type="submit">{t("signin-button")}</button>
            </form>
            <p><a href="/staff/forgot-password">{t("forgot-link")}</a></p>
        </Layout>
    }
}

/// The second step of signing in: a code from the authenticator app, or a recovery code.
#[component]
pub fn CodePage(errors: Vec<FieldError>) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let error = FieldError::for_field(&errors, "code");
    let group = group_class(error.is_some());
    view! {
        <Layout title=t("code-title") has_errors=has_errors>
            <ErrorSummary errors=errors.clone()/>
            <h1>{t("code-title")}</h1>
            <form method="post" action="/staff/sign-in/code" novalidate>
                <div class=group>
                    <label class="label" for="code">{t("code-label")}</label>
                    <p class="hint" id="code-hint">{t("code-hint")}</p>
                    {error.map(|m| view! { <p class="error-message" id="code-error">{m}</p> })}
                    <input class="input input--short" id="code" name="code" type="text" autocomplete="one-time-code" spellcheck="false" aria-describedby="code-hint"/>
                </div>
                <button class="button" type="submit">{t("signin-button")}</button>
            </form>
            <p><a href="/staff/sign-in">{t("code-start-again")}</a></p>
        </Layout>
    }
}

#[component]
pub fn SetPasswordPage(email: String, token: String, errors: Vec<FieldError>) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let password_error = FieldError::for_field(&errors, "password");
    let group = group_class(password_error.is_some());
    view! {
        <Layout title=t("setpw-title") has_errors=has_errors>
            <ErrorSummary errors=errors.clone()/>
            <h1>{t("setpw-title")}</h1>
            <p>{t_args("setpw-lead", &[("email", email.into()), ("min", MIN_PASSWORD_CHARS.into())])}</p>
            <form method="post" action=format!("/staff/set-password/{token}") novalidate>
                <div class=group>
                    <label class="label" for="password">{t("setpw-password")}</label>
                    {password_error.map(|m| view! { <p class="error-message" id="password-error">{m}</p> })}
                    <input class="input" id="password" name="password" type="password" autocomplete="new-password"/>
                </div>
                <div class="form-group">
                    <label class="label" for="confirm">{t("setpw-confirm")}</label>
                    <input class="input" id="confirm" name="confirm" type="password" autocomplete="new-password"/>
                </div>
                <button class="button" type="submit">{t("setpw-button")}</button>
            </form>
        </Layout>
    }
}

/// A set-password link that has expired or was used already.
#[component]
pub fn InvalidLinkPage() -> impl IntoView {
    view! {
        <Layout title=t("setpw-invalid")>
            <h1>{t("setpw-invalid")}</h1>
        </Layout>
    }
}

#[component]
pub fn ForgotPasswordPage(sent: bool) -> impl IntoView {
    view! {
        <Layout title=t("forgot-title")>
            <h1>{t("forgot-title")}</h1>
            {if sent {
                view! { <p class="notice" role="status">{t("forgot-sent")}</p> }.into_any()
            } else {
                view! {
                    <p>{t("forgot-lead")}</p>
                    <form method="post" action="/staff/forgot-password" novalidate>
                        <div class="form-group">
                            <label class="label" for="email">{t("signin-email")}</label>
                            <input class="input" id="email" name="email" type="email" autocomplete="username" spellcheck="false"/>
                        </div>
                        <button class="button" type="submit">{t("forgot-button")}</button>
                    </form>
                }.into_any()
            }}
        </Layout>
    }
}
