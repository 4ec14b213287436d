//! The admin pages: plain tables with a small form per change.

use super::store::{PracticeRow, Rule};
use crate::domain::Topic;
use crate::i18n::t;
use crate::notify::outbox::Entry;
use crate::staff::{
    accounts::{Account, Role},
    session::{Csrf, SignedIn},
    StaffNav,
};
use crate::ui::{ErrorSummary, FieldError, Layout};
use leptos::prelude::*;

fn admin_links() -> impl IntoView {
    view! {
        <ul class="admin-links">
            <li><a href="/admin/accounts">{t("admin-accounts")}</a></li>
            <li><a href="/admin/practices">{t("admin-practices")}</a></li>
            <li><a href="/admin/topics">{t("admin-topics")}</a></li>
            <li><a href="/admin/themes">{t("admin-themes")}</a></li>
            <li><a href="/admin/routing">{t("admin-routing")}</a></li>
            <li><a href="/admin/templates">{t("admin-templates")}</a></li>
            <li><a href="/admin/outbox">{t("admin-outbox")}</a></li>
            <li><a href="/admin/audit">{t("nav-audit")}</a></li>
            <li><a href="/admin/erase">{t("erase-title")}</a></li>
            <li><a href="/admin/person">{t("person-title")}</a></li>
        </ul>
    }
}

/// The frame of every admin page: navigation, notice, errors, heading.
#[component]
pub(super) fn AdminFrame(
    user: SignedIn,
    title: String,
    saved: bool,
    errors: Vec<FieldError>,
    children: Children,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    view! {
        <Layout title=title.clone() has_errors=has_errors>
            <StaffNav user=user/>
            {admin_links()}
            {saved.then(|| view! { <p class="notice" role="status">{t("admin-saved")}</p> })}
            <ErrorSummary errors=errors/>
            <h1>{title}</h1>
            {children()}
        </Layout>
    }
}

pub(super) fn csrf_field(csrf: &Csrf) -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=csrf.form_value()/> }
}

fn yes_no(b: bool) -> String {
    t(if b { "admin-yes" } else { "admin-no" })
}

/// Whether a row is active, and the button that switches it: a form posting the new state.
pub(super) fn active_toggle(csrf: &Csrf, action: String, active: bool) -> impl IntoView {
    view! {
        <form method="post" action=action class="row-form">
            {csrf_field(csrf)}
            <input type="hidden" name="active" value=if active { "false" } else { "true" }/>
            <span>{yes_no(active)}</span>
            <button class="button button--secondary" type="submit">
                {if active { t("admin-disable") } else { t("admin-enable") }}
            </button>
        </form>
    }
}

#[component]
pub fn AccountsPage(
    user: SignedIn,
    accounts: Vec<Account>,
    /// The accounts with two-factor sign-in on.
    two_factor: Vec<i64>,
    saved: bool,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let csrf = user.csrf.clone();
    view! {
        <AdminFrame user=user title=t("admin-accounts") saved=saved errors=errors>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t("admin-name")}</th>
                        <th scope="col">{t("signin-email")}</th>
                        <th scope="col">{t("admin-role")}</th>
                        <th scope="col">{t("admin-active")}</th>
                        <th scope="col">{t("admin-2fa-column")}</th>
                        <th scope="col">{t("admin-links-column")}</th>
                    </tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|a| {
                        let role_id = format!("role-{}", a.id);
                        view! {
                            <tr>
                                <td>{a.name.clone()}</td>
                                <td>{a.email.clone()}</td>
                                <td>
                                    <form method="post" action=format!("/admin/accounts/{}/role", a.id) class="row-form">
                                        {csrf_field(&csrf)}
                                        <label class="visually-hidden" for=role_id.clone()>{format!("{} – {}", t("admin-change-role"), a.email)}</label>
                                        <select class="select" id=role_id name="role">
                                            {Role::ALL.iter().map(|r| view! {
                                                <option value=r.slug() selected=*r == a.role>{t(&format!("role-{}", r.slug()))}</option>
                                            }).collect_view()}
                                        </select>
                                        <button class="button button--secondary" type="submit">{t("admin-change-role")}</button>
                                    </form>
                                </td>
                                <td>
                                    {active_toggle(&csrf, format!("/admin/accounts/{}/active", a.id), a.active)}
                                </td>
                                <td>
                                    {if two_factor.contains(&a.id) {
                                        view! {
                                            <form method="post" action=format!("/admin/accounts/{}/two-factor", a.id) class="row-form">
                                                {csrf_field(&csrf)}
                                                <span>{t("admin-yes")}</span>
                                                <button class="button button--secondary" type="submit">
                                                    {t("admin-2fa-reset")}<span class="visually-hidden">{format!(" – {}", a.email)}</span>
                                                </button>
                                            </form>
                                        }.into_any()
                                    } else {
                                        view! { <span>{t("admin-no")}</span> }.into_any()
                                    }}
                                </td>
                                <td>
                                    <a href=format!("/admin/accounts/{}/practices", a.id)>
                                        {t("admin-links-change")}<span class="visually-hidden">{format!(" – {}", a.email)}</span>
                                    </a>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{t("admin-invite")}</h2>
            <p class="hint">{t("admin-invite-hint")}</p>
            <form method="post" action="/admin/accounts" novalidate>
                {csrf_field(&csrf)}
                <div class="form-group">
                    <label class="label" for="invite-email">{t("signin-email")}</label>
                    <input class="input" id="invite-email" name="email" type="email" autocomplete="off" spellcheck="false"/>
                </div>
                <div class="form-group">
                    <label class="label" for="invite-name">{t("admin-name")}</label>
                    <input class="input" id="invite-name" name="name" type="text" autocomplete="off"/>
                </div>
                <div class="form-group">
                    <label class="label" for="invite-role">{t("admin-role")}</label>
                    <select class="select" id="invite-role" name="role">
                        {Role::ALL.iter().map(|r| view! {
                            <option value=r.slug() selected=*r == Role::Staff>{t(&format!("role-{}", r.slug()))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="button" type="submit">{t("admin-invite-button")}</button>
            </form>
        </AdminFrame>
    }
}

#[component]
pub fn PracticesPage(
    user: SignedIn,
    practices: Vec<PracticeRow>,
    networks: Vec<(i64, String)>,
    saved: bool,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let csrf = user.csrf.clone();
    view! {
        <AdminFrame user=user title=t("admin-practices") saved=saved errors=errors>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t("admin-code")}</th>
                        <th scope="col">{t("admin-name")}</th>
                        <th scope="col">{t("admin-network")}</th>
                        <th scope="col">{t("admin-active")}</th>
                    </tr>
                </thead>
                <tbody>
                    {practices.into_iter().map(|p| view! {
                        <tr>
                            <td>{p.code}</td>
                            <td>{p.name}</td>
                            <td>{p.network}</td>
                            <td>
                                {active_toggle(&csrf, format!("/admin/practices/{}/active", p.id), p.active)}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{t("admin-add-practice")}</h2>
            <form method="post" action="/admin/practices" novalidate>
                {csrf_field(&csrf)}
                <div class="form-group">
                    <label class="label" for="practice-code">{t("admin-code")}</label>
                    <input class="input input--width-20" id="practice-code" name="code" type="text" autocomplete="off"/>
                </div>
                <div class="form-group">
                    <label class="label" for="practice-name">{t("admin-name")}</label>
                    <input class="input" id="practice-name" name="name" type="text" autocomplete="off"/>
                </div>
                <div class="form-group">
                    <label class="label" for="practice-network">{t("admin-network")}</label>
                    <select class="select" id="practice-network" name="network">
                        {networks.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
                <button class="button" type="submit">{t("admin-add")}</button>
            </form>
            <h2>{t("admin-add-network")}</h2>
            <form method="post" action="/admin/networks" novalidate>
                {csrf_field(&csrf)}
                <div class="form-group">
                    <label class="label" for="network-name">{t("admin-name")}</label>
                    <input class="input" id="network-name" name="name" type="text" autocomplete="off"/>
                </div>
                <button class="button" type="submit">{t("admin-add")}</button>
            </form>
        </AdminFrame>
    }
}

#[component]
pub fn RoutingPage(
    user: SignedIn,
    rules: Vec<Rule>,
    practices: Vec<PracticeRow>,
    staff: Vec<Account>,
    saved: bool,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let csrf = user.csrf.clone();
    view! {
        <AdminFrame user=user title=t("admin-routing") saved=saved errors=errors>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t("inbox-practice")}</th>
                        <th scope="col">{t("inbox-topic")}</th>
                        <th scope="col">{t("admin-recipient")}</th>
                        <th scope="col">{t("admin-description")}</th>
                        <th scope="col">{t("admin-active")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rules.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.practice.clone().unwrap_or_else(|| t("admin-any"))}</td>
                            <td>{r.topic.as_deref().map(|s| t(&format!("topic-{s}"))).unwrap_or_else(|| t("admin-any"))}</td>
                            <td>{r.recipient.clone()}</td>
                            <td>{if r.is_default { t("admin-default-rule") } else { r.description.clone() }}</td>
                            <td>
                                {if r.is_default {
                                    view! { <span>{yes_no(true)}</span> }.into_any()
                                } else {
                                    view! {
                                        {active_toggle(&csrf, format!("/admin/routing/{}/active", r.id), r.active)}
                                    }.into_any()
                                }}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{t("admin-add-rule")}</h2>
            <form method="post" action="/admin/routing" novalidate>
                {csrf_field(&csrf)}
                <div class="form-group">
                    <label class="label" for="rule-practice">{t("admin-rule-practice")}</label>
                    <select class="select" id="rule-practice" name="practice">
                        <option value="">{t("admin-any")}</option>
                        {practices.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="rule-topic">{t("admin-rule-topic")}</label>
                    <select class="select" id="rule-topic" name="topic">
                        <option value="">{t("admin-any")}</option>
                        {Topic::ALL.iter().map(|topic| view! { <option value=topic.slug()>{t(&format!("topic-{}", topic.slug()))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="rule-recipient">{t("admin-recipient")}</label>
                    <p class="hint" id="rule-recipient-hint">{t("admin-recipient-hint")}</p>
                    <input class="input" id="rule-recipient" name="recipient" type="email" autocomplete="off" spellcheck="false"
                        aria-describedby="rule-recipient-hint"/>
                </div>
                <div class="form-group">
                    <label class="label" for="rule-staff">{t("admin-rule-staff")}</label>
                    <select class="select" id="rule-staff" name="staff">
                        <option value="">{t("admin-rule-staff-none")}</option>
                        {staff.into_iter().map(|a| view! { <option value=a.id.to_string()>{format!("{} <{}>", a.name, a.email)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="rule-description">{t("admin-description")}</label>
                    <input class="input" id="rule-description" name="description" type="text" autocomplete="off"/>
                </div>
                <button class="button" type="submit">{t("admin-add")}</button>
            </form>
        </AdminFrame>
    }
}

#[component]
pub fn OutboxPage(user: SignedIn, entries: Vec<Entry>, saved: bool) -> impl IntoView {
    let csrf = user.csrf.clone();
    let csrf_all = user.csrf.clone();
    let any_failed = entries.iter().any(|e| e.status == "failed");
    view! {
        <AdminFrame user=user title=t("admin-outbox") saved=saved errors=vec![]>
            {if entries.is_empty() {
                view! { <p>{t("admin-outbox-empty")}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{t("admin-outbox-kind")}</th>
                                <th scope="col">{t("admin-recipient")}</th>
                                <th scope="col">{t("inbox-status")}</th>
                                <th scope="col">{t("admin-outbox-attempts")}</th>
                                <th scope="col">{t("admin-outbox-next")}</th>
                                <th scope="col">{t("admin-outbox-error")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries.into_iter().map(|e| {
                                let failed = e.status == "failed";
                                view! {
                                    <tr>
                                        <td>{format!("{} – {}", e.kind, e.subject)}</td>
                                        <td>{e.recipient}</td>
                                        <td><strong class="tag">{e.status}</strong></td>
                                        <td>{e.attempts.to_string()}</td>
                                        <td>{crate::domain::london(e.next_attempt_at).format("%Y-%m-%d %H:%M:%S %Z").to_string()}</td>
                                        <td>
                                            {e.last_error.unwrap_or_default()}
                                            {failed.then(|| view! {
                                                <form method="post" action=format!("/admin/outbox/{}/retry", e.id) class="row-form">
                                                    {csrf_field(&csrf)}
                                                    <button class="button button--secondary" type="submit">{t("admin-retry")}</button>
                                                </form>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {any_failed.then(|| view! {
                <form method="post" action="/admin/outbox/retry">
                    {csrf_field(&csrf_all)}
                    <button class="button" type="submit">{t("admin-retry-all")}</button>
                </form>
            })}
        </AdminFrame>
    }
}

#[component]
pub fn TopicsPage(user: SignedIn, topics: Vec<(Topic, bool)>, saved: bool) -> impl IntoView {
    let csrf = user.csrf.clone();
    view! {
        <AdminFrame user=user title=t("admin-topics") saved=saved errors=vec![]>
            <p class="hint">{t("admin-topics-hint")}</p>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t("inbox-topic")}</th>
                        <th scope="col">{t("admin-active")}</th>
                    </tr>
                </thead>
                <tbody>
                    {topics.into_iter().map(|(topic, active)| view! {
                        <tr>
                            <td>{t(&format!("topic-{}", topic.slug()))}</td>
                            <td>
                                {active_toggle(&csrf, format!("/admin/topics/{}/active", topic.slug()), active)}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </AdminFrame>
    }
}
