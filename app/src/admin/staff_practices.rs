//! Which GP practices and Primary Care Networks a member of staff looks after: the inbox's
//! "My practices" view (`/staff?practice=mine`) shows submissions about them. A network
//! stands for every practice in it, including ones added later.

use super::pages::{csrf_field, AdminFrame};
use super::store::{self, PracticeRow};
use crate::audit::{self, AuditAction};
use crate::db::{self, Database};
use crate::error::PageError;
use crate::forms::{saved, Saved};
use crate::i18n::{t, t_args, Locale};
use crate::staff::accounts::{self, Account};
use crate::staff::guard::{Admin, CsrfForm};
use crate::staff::session::SignedIn;
use crate::state::AppState;
use crate::ui::render_page;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::get,
    Router,
};
use leptos::prelude::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route(
        "/admin/accounts/{id}/practices",
        get(links_page).post(save_links),
    )
}

/// The practices and networks linked to one account, by id.
async fn linked(db: &Database, staff_id: i64) -> Result<(Vec<i64>, Vec<i64>), sqlx::Error> {
    let practices: Vec<(i64,)> =
        db::query("SELECT practice_id FROM staff_practices WHERE staff_id = $1")
            .bind(staff_id)
            .fetch_all(db)
            .await?;
    let networks: Vec<(i64,)> =
        db::query("SELECT network_id FROM staff_networks WHERE staff_id = $1")
            .bind(staff_id)
            .fetch_all(db)
            .await?;
    Ok((
        practices.into_iter().map(|(id,)| id).collect(),
        networks.into_iter().map(|(id,)| id).collect(),
    ))
}

async fn account(state: &AppState, id: i64) -> Result<Account, PageError> {
    accounts::find(&state.db, id)
        .await?
        .ok_or(PageError::NotFound)
}

async fn links_page(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    let account = account(&state, id).await?;
    let (practices_linked, networks_linked) = linked(&state.db, id).await?;
    let practices = store::practices(&state.db).await?;
    let networks = store::networks(&state.db).await?;
    let saved = q.saved.is_some();
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! {
            <LinksPage user=user account=account practices=practices networks=networks
                practices_linked=practices_linked networks_linked=networks_linked saved=saved/>
        }
    }))
}

/// Replaces the account's links with the boxes ticked. An id that names no practice or
/// network is refused whole: nothing changes.
async fn save_links(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let account = account(&state, id).await?;
    let known_practices: Vec<i64> = store::practices(&state.db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let known_networks: Vec<i64> = store::networks(&state.db)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut practices = Vec::new();
    let mut networks = Vec::new();
    for (name, value) in &pairs {
        let (list, known) = match name.as_str() {
            "practice" => (&mut practices, &known_practices),
            "network" => (&mut networks, &known_networks),
            _ => continue,
        };
        let id: i64 = value.parse().map_err(|_| PageError::BadRequest)?;
        if !known.contains(&id) {
            return Err(PageError::BadRequest);
        }
        if !list.contains(&id) {
            list.push(id);
        }
    }
    let mut tx = state.db.begin().await?;
    db::query("DELETE FROM staff_practices WHERE staff_id = $1")
        .bind(account.id)
        .execute(&mut tx)
        .await?;
    db::query("DELETE FROM staff_networks WHERE staff_id = $1")
        .bind(account.id)
        .execute(&mut tx)
        .await?;
    for practice in &practices {
        db::query("INSERT INTO staff_practices (staff_id, practice_id) VALUES ($1, $2)")
            .bind(account.id)
            .bind(*practice)
            .execute(&mut tx)
            .await?;
    }
    for network in &networks {
        db::query("INSERT INTO staff_networks (staff_id, network_id) VALUES ($1, $2)")
            .bind(account.id)
            .bind(*network)
            .execute(&mut tx)
            .await?;
    }
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::StaffPracticesChanged,
        None,
        &format!(
            "account {}: practices {practices:?}, networks {networks:?}",
            account.id
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(saved(&format!("/admin/accounts/{}/practices", account.id)))
}

#[component]
fn LinksPage(
    user: SignedIn,
    account: Account,
    practices: Vec<PracticeRow>,
    networks: Vec<(i64, String)>,
    practices_linked: Vec<i64>,
    networks_linked: Vec<i64>,
    saved: bool,
) -> impl IntoView {
    let csrf = user.csrf.clone();
    let title = t_args(
        "admin-links-title",
        &[("name", account.name.clone().into())],
    );
    view! {
        <AdminFrame user=user title=title saved=saved errors=vec![]>
            <p>{t_args("admin-links-lead", &[("email", account.email.clone().into())])}</p>
            <form method="post" action=format!("/admin/accounts/{}/practices", account.id)>
                {csrf_field(&csrf)}
                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--m">{t("admin-links-networks")}</legend>
                    <p class="hint">{t("admin-links-networks-hint")}</p>
                    <div class="checkboxes">
                        {networks.into_iter().map(|(id, name)| {
                            let box_id = format!("network-{id}");
                            view! {
                                <div class="checkboxes__item">
                                    <input class="checkboxes__input" type="checkbox" name="network" id=box_id.clone()
                                        value=id.to_string() checked=networks_linked.contains(&id)/>
                                    <label class="checkboxes__label" for=box_id>{name}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--m">{t("admin-links-practices")}</legend>
                    <div class="checkboxes">
                        {practices.into_iter().map(|p| {
                            let box_id = format!("practice-{}", p.id);
                            view! {
                                <div class="checkboxes__item">
                                    <input class="checkboxes__input" type="checkbox" name="practice" id=box_id.clone()
                                        value=p.id.to_string() checked=practices_linked.contains(&p.id)/>
                                    <label class="checkboxes__label" for=box_id>{format!("{} ({})", p.name, p.network)}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <button class="button" type="submit">{t("admin-save")}</button>
            </form>
            <p><a href="/admin/accounts">{t("admin-accounts")}</a></p>
        </AdminFrame>
    }
}
