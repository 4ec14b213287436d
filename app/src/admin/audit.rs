//! The audit log page: every recorded event, newest first, filtered by action, actor and
//! reference. Reading it is itself audited.

use crate::audit::{self, AuditAction};
use crate::error::PageError;
use crate::i18n::{t, Locale};
use crate::staff::guard::Admin;
use crate::staff::{session::SignedIn, StaffNav};
use crate::state::AppState;
use crate::ui::{render_page, Layout};
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::Response,
    routing::get,
    Router,
};
use leptos::prelude::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/admin/audit", get(audit_log))
}

async fn audit_log(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(filter): Query<audit::Filter>,
) -> Result<Response, PageError> {
    let entries = audit::list(&state.db, &filter).await?;
    audit::record(&state.db, &user.actor(), AuditAction::AuditViewed, None, "").await?;
    Ok(render_page(
        &locale,
        StatusCode::OK,
        move || view! { <AuditPage user=user filter=filter entries=entries/> },
    ))
}

#[component]
fn AuditPage(
    user: SignedIn,
    filter: crate::audit::Filter,
    entries: Vec<crate::audit::Entry>,
) -> impl IntoView {
    view! {
        <Layout title=t("audit-title")>
            <StaffNav user=user/>
            <h1>{t("audit-title")}</h1>
            <form method="get" action="/admin/audit" class="filters">
                <div class="form-group filter">
                    <label class="label" for="action">{t("audit-action")}</label>
                    <input class="input" id="action" name="action" type="text" value=filter.action.clone()/>
                </div>
                <div class="form-group filter">
                    <label class="label" for="actor">{t("audit-actor")}</label>
                    <input class="input" id="actor" name="actor" type="text" value=filter.actor.clone()/>
                </div>
                <div class="form-group filter">
                    <label class="label" for="reference">{t("inbox-reference")}</label>
                    <input class="input" id="reference" name="reference" type="text" value=filter.reference.clone()/>
                </div>
                <div class="button-group">
                    <button class="button" type="submit">{t("inbox-apply")}</button>
                </div>
            </form>
            {if entries.is_empty() {
                view! { <p>{t("audit-none")}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{t("audit-when")}</th>
                                <th scope="col">{t("audit-actor")}</th>
                                <th scope="col">{t("audit-action")}</th>
                                <th scope="col">{t("inbox-reference")}</th>
                                <th scope="col">{t("audit-detail")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries.into_iter().map(|e| view! {
                                <tr>
                                    <td>{crate::domain::london(e.at).format("%Y-%m-%d %H:%M:%S %Z").to_string()}</td>
                                    <td>{e.actor_email.unwrap_or_default()}</td>
                                    <td>{e.action}</td>
                                    <td>{e.reference.unwrap_or_default()}</td>
                                    <td>{e.detail}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </Layout>
    }
}
