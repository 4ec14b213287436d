//! The pages of `/staff/account`: the account itself, setting up an authenticator, and the
//! recovery codes shown once.

use super::session::SignedIn;
use super::two_factor::{Enrolment, Status};
use super::StaffNav;
use crate::i18n::{t, t_args};
use crate::ui::{group_class, ErrorSummary, FieldError, Layout};
use leptos::prelude::*;

/// One live session, as its owner sees it.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub signed_in: String,
    pub last_seen: String,
    pub current: bool,
}

#[component]
pub fn AccountPage(
    user: SignedIn,
    two_factor: Status,
    required: bool,
    sessions: Vec<SessionRow>,
    notice: Option<String>,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let current_error = FieldError::for_field(&errors, "current_password");
    let password_error = FieldError::for_field(&errors, "password");
    let csrf = user.csrf.clone();
    let others = sessions.iter().filter(|s| !s.current).count();
    let account = user.account.clone();
    view! {
        <Layout title=t("account-title") has_errors=has_errors>
            <StaffNav user=user/>
            {notice.map(|n| view! { <p class="notice" role="status" id="saved">{n}</p> })}
            <ErrorSummary errors=errors/>
            <h1>{t("account-title")}</h1>
            <dl class="facts">
                <dt>{t("signin-email")}</dt>
                <dd id="account-email">{account.email.clone()}</dd>
                <dt>{t("admin-role")}</dt>
                <dd>{t(&format!("role-{}", account.role.slug()))}</dd>
            </dl>

            <h2 id="two-factor">{t("account-2fa-heading")}</h2>
            {if two_factor.enabled() {
                view! {
                    <p id="two-factor-status">{t_args("account-2fa-on", &[
                        ("since", crate::domain::london_time(two_factor.enabled_at.unwrap_or_default()).into()),
                        ("left", two_factor.recovery_left.into()),
                    ])}</p>
                    <form method="post" action="/staff/account/recovery-codes">
                        <input type="hidden" name="csrf" value=csrf.form_value()/>
                        <button class="button button--secondary" type="submit">{t("account-2fa-new-codes")}</button>
                    </form>
                    <p><a href="/staff/account/two-factor">{t("account-2fa-replace")}</a></p>
                }.into_any()
            } else {
                view! {
                    <p id="two-factor-status">{t(if required { "account-2fa-off-required" } else { "account-2fa-off" })}</p>
                    <p><a class="button" href="/staff/account/two-factor">{t("account-2fa-set-up")}</a></p>
                }.into_any()
            }}

            <h2>{t("account-password-heading")}</h2>
            <p class="hint">{t("account-password-hint")}</p>
            <form method="post" action="/staff/account/password" novalidate>
                <input type="hidden" name="csrf" value=csrf.form_value()/>
                <input type="text" name="username" autocomplete="username" value=account.email.clone() hidden/>
                <div class=group_class(current_error.is_some())>
                    <label class="label" for="current_password">{t("account-current-password")}</label>
                    {current_error.clone().map(|m| view! { <p class="error-message" id="current_password-error">{m}</p> })}
                    <input class="input" id="current_password" name="current_password" type="password" autocomplete="current-password"/>
                </div>
                <div class=group_class(password_error.is_some())>
                    <label class="label" for="password">{t("setpw-password")}</label>
                    {password_error.clone().map(|m| view! { <p class="error-message" id="password-error">{m}</p> })}
                    <input class="input" id="password" name="password" type="password" autocomplete="new-password"/>
                </div>
                <div class="form-group">
                    <label class="label" for="confirm">{t("setpw-confirm")}</label>
                    <input class="input" id="confirm" name="confirm" type="password" autocomplete="new-password"/>
                </div>
                <button class="button" type="submit">{t("account-password-button")}</button>
            </form>

            <h2>{t("account-sessions-heading")}</h2>
            <table class="table" id="sessions">
                <thead>
                    <tr>
                        <th scope="col">{t("account-session-signed-in")}</th>
                        <th scope="col">{t("account-session-last-seen")}</th>
                        <th scope="col"><span class="visually-hidden">{t("account-session-this")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {sessions.into_iter().map(|s| view! {
                        <tr>
                            <td>{s.signed_in}</td>
                            <td>{s.last_seen}</td>
                            <td>{s.current.then(|| t("account-session-this"))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(others > 0).then(|| view! {
                <form method="post" action="/staff/account/sessions">
                    <input type="hidden" name="csrf" value=csrf.form_value()/>
                    <button class="button button--secondary" type="submit">{t("account-sessions-end")}</button>
                </form>
            })}
        </Layout>
    }
}

/// The QR code for an authenticator app, drawn on the server as SVG (no script), with the
/// same secret as text for typing in by hand.
#[component]
pub fn TwoFactorPage(
    user: SignedIn,
    enrolment: Enrolment,
    required: bool,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let code_error = FieldError::for_field(&errors, "code");
    let csrf = user.csrf.clone();
    let size = enrolment.qr_size;
    let already = user.two_factor;
    view! {
        <Layout title=t("twofa-title") has_errors=has_errors>
            <StaffNav user=user/>
            <ErrorSummary errors=errors/>
            <h1>{t("twofa-title")}</h1>
            {(required && !already).then(|| view! { <p class="notice" role="status" id="two-factor-required">{t("twofa-required")}</p> })}
            {already.then(|| view! { <p>{t("twofa-replacing")}</p> })}
            <ol class="steps">
                <li>{t("twofa-step-app")}</li>
                <li>
                    {t("twofa-step-scan")}
                    <svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {size} {size}") width="220" height="220" role="img" aria-labelledby="qr-title" shape-rendering="crispEdges">
                        <title id="qr-title">{t("twofa-qr-label")}</title>
                        <rect width=size.to_string() height=size.to_string() fill="#ffffff"/>
                        <path d=enrolment.qr_path fill="#000000"/>
                    </svg>
                </li>
                <li>
                    {t("twofa-step-type")}
                    <p class="secret"><code id="secret">{enrolment.secret_text}</code></p>
                    <p class="hint">{t("twofa-secret-hint")}</p>
                </li>
                <li>{t("twofa-step-code")}</li>
            </ol>
            <form method="post" action="/staff/account/two-factor" novalidate>
                <input type="hidden" name="csrf" value=csrf.form_value()/>
                <div class=group_class(code_error.is_some())>
                    <label class="label" for="code">{t("code-label")}</label>
                    <p class="hint" id="code-hint">{t("twofa-code-hint")}</p>
                    {code_error.clone().map(|m| view! { <p class="error-message" id="code-error">{m}</p> })}
                    <input class="input input--short" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" spellcheck="false" aria-describedby="code-hint"/>
                </div>
                <button class="button" type="submit">{t("twofa-button")}</button>
            </form>
        </Layout>
    }
}

/// The recovery codes, shown this once.
#[component]
pub fn RecoveryCodesPage(user: SignedIn, codes: Vec<String>, just_enabled: bool) -> impl IntoView {
    let home = if user.account.role.can_triage() {
        "/staff"
    } else {
        "/insights"
    };
    view! {
        <Layout title=t("recovery-title")>
            <StaffNav user=user/>
            {just_enabled.then(|| view! { <p class="notice" role="status" id="saved">{t("twofa-on")}</p> })}
            <h1>{t("recovery-title")}</h1>
            <p>{t("recovery-lead")}</p>
            <ul class="recovery-codes" id="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <p class="hint">{t("recovery-hint")}</p>
            <p><a class="button" href=home>{t("recovery-continue")}</a></p>
            <p><a href="/staff/account">{t("account-title")}</a></p>
        </Layout>
    }
}
