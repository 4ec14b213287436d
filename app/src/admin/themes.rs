//! The kept list of themes (`/admin/themes`): admins add, rename, merge and retire themes, each
//! with an English and a Bengali name, and accept or merge the ones staff suggested. A theme's
//! English name is its key in `submission_themes` and the roll-ups, so a rename or a merge
//! moves every use through the roll-up triggers, in the change's own transaction.

use super::pages::{csrf_field, AdminFrame};
use crate::audit::AuditAction;
use crate::db::{self, Database, Tx};
use crate::error::PageError;
use crate::forms::{short_text, theme_name, Saved};
use crate::i18n::{t, Locale};
use crate::staff::guard::{Admin, CsrfForm};
use crate::staff::session::SignedIn;
use crate::state::AppState;
use crate::triage::suggest::clean_keywords;
use crate::ui::{render_page, FieldError};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::{get, post},
    Router,
};
use leptos::prelude::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/themes", get(themes_page).post(add_theme))
        .route("/admin/themes/{id}/rename", post(rename_theme))
        .route("/admin/themes/{id}/merge", post(merge_theme))
        .route("/admin/themes/{id}/state", post(theme_state))
}

/// A theme on the list, with how many submissions carry it (from the monthly roll-up, which
/// the triggers keep equal to `submission_themes`: a few rows a theme rather than every use).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Theme {
    pub id: i64,
    pub name: String,
    pub name_bn: String,
    /// Words and phrases that suggest the theme from a message (see `triage::suggest`).
    pub keywords: String,
    /// `listed`, `retired` or `waiting`.
    pub state: String,
    pub uses: i64,
}

pub async fn list(db: &Database) -> Result<Vec<Theme>, sqlx::Error> {
    db::query(
        "SELECT t.id, t.name, t.name_bn, t.keywords, t.state, \
         (SELECT CAST(COALESCE(SUM(r.n), 0) AS BIGINT) FROM insight_themes r \
          WHERE r.grain = 'month' AND r.theme = t.name) AS uses \
         FROM themes t ORDER BY t.name",
    )
    .fetch_all(db)
    .await
}

async fn one(tx: &mut Tx, id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    db::query("SELECT name, state FROM themes WHERE id = $1")
        .bind(id)
        .fetch_optional(tx)
        .await
}

/// Moves every use of theme `from` to theme `to` (a submission that had both keeps one). The
/// roll-up triggers follow each insert and delete, in the caller's transaction.
async fn move_uses(tx: &mut Tx, from: &str, to: &str) -> Result<(), sqlx::Error> {
    db::query(
        "INSERT INTO submission_themes (submission_id, theme) \
         SELECT submission_id, $2 FROM submission_themes WHERE theme = $1 \
         AND submission_id NOT IN (SELECT submission_id FROM submission_themes WHERE theme = $2)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *tx)
    .await?;
    db::query("DELETE FROM submission_themes WHERE theme = $1")
        .bind(from)
        .execute(tx)
        .await?;
    Ok(())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct NameForm {
    name: String,
    name_bn: String,
    keywords: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MergeForm {
    into: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StateForm {
    state: String,
}

async fn themes_page(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    render(
        &state,
        &locale,
        user,
        q.saved.is_some(),
        vec![],
        StatusCode::OK,
    )
    .await
}

async fn render(
    state: &AppState,
    locale: &Locale,
    user: SignedIn,
    saved: bool,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let themes = list(&state.db).await?;
    Ok(render_page(locale, status, move || {
        view! { <ThemesPage user=user themes=themes saved=saved errors=errors/> }
    }))
}

/// The page again with one error, as a 422, nothing changed.
async fn refuse(
    state: &AppState,
    locale: &Locale,
    user: SignedIn,
    field: &'static str,
    key: &str,
) -> Result<Response, PageError> {
    let errors = vec![FieldError {
        field,
        message: locale.text(key),
    }];
    render(
        state,
        locale,
        user,
        false,
        errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn add_theme(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<NameForm>,
) -> Result<Response, PageError> {
    let Some(name) = theme_name(&form.name) else {
        return refuse(&state, &locale, user, "theme-name", "themes-error-name").await;
    };
    let name_bn = short_text(&form.name_bn).unwrap_or_default();
    let mut tx = state.db.begin().await?;
    let added = db::query(
        "INSERT INTO themes (name, name_bn, keywords, state) VALUES ($1, $2, $3, 'listed') \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(&name)
    .bind(&name_bn)
    .bind(clean_keywords(&form.keywords))
    .execute(&mut tx)
    .await?;
    if added == 0 {
        tx.rollback().await?;
        return refuse(&state, &locale, user, "theme-name", "themes-error-taken").await;
    }
    super::finish_change(
        tx,
        added,
        &user,
        AuditAction::ThemeAdded,
        &name,
        "/admin/themes",
    )
    .await
}

/// A new name in either language; for a theme waiting for review, accepting it onto the list.
async fn rename_theme(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<NameForm>,
) -> Result<Response, PageError> {
    let field = "theme-name";
    let Some(name) = theme_name(&form.name) else {
        return refuse(&state, &locale, user, field, "themes-error-name").await;
    };
    let name_bn = short_text(&form.name_bn).unwrap_or_default();
    let mut tx = state.db.begin().await?;
    let Some((old, _)) = one(&mut tx, id).await? else {
        tx.rollback().await?;
        return Err(PageError::NotFound);
    };
    if name != old {
        let taken: Option<(i64,)> = db::query("SELECT id FROM themes WHERE name = $1")
            .bind(&name)
            .fetch_optional(&mut tx)
            .await?;
        if taken.is_some() {
            tx.rollback().await?;
            return refuse(&state, &locale, user, field, "themes-error-taken").await;
        }
    }
    let changed = db::query(
        "UPDATE themes SET name = $1, name_bn = $2, keywords = $3, \
         state = CASE WHEN state = 'waiting' THEN 'listed' ELSE state END WHERE id = $4",
    )
    .bind(&name)
    .bind(&name_bn)
    .bind(clean_keywords(&form.keywords))
    .bind(id)
    .execute(&mut tx)
    .await?;
    if name != old {
        move_uses(&mut tx, &old, &name).await?;
    }
    // Ids, not names: a theme waiting for review is staff's free text and may name a person.
    let detail = format!("theme {id} renamed or accepted");
    super::finish_change(
        tx,
        changed,
        &user,
        AuditAction::ThemeRenamed,
        &detail,
        "/admin/themes",
    )
    .await
}

async fn merge_theme(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MergeForm>,
) -> Result<Response, PageError> {
    let into: Option<i64> = form.into.trim().parse().ok().filter(|into| *into != id);
    let mut tx = state.db.begin().await?;
    let Some((from, _)) = one(&mut tx, id).await? else {
        tx.rollback().await?;
        return Err(PageError::NotFound);
    };
    let target = match into {
        Some(into) => one(&mut tx, into).await?,
        None => None,
    };
    let Some((to, _)) = target.filter(|(_, state)| state != "waiting") else {
        tx.rollback().await?;
        return refuse(&state, &locale, user, "themes-listed", "themes-error-merge").await;
    };
    // The theme goes first: moving the uses of a suggestion would otherwise let the
    // "unused suggestion" trigger remove it underneath.
    let removed = db::query("DELETE FROM themes WHERE id = $1")
        .bind(id)
        .execute(&mut tx)
        .await?;
    move_uses(&mut tx, &from, &to).await?;
    let detail = format!("theme {id} merged into {}", into.unwrap_or_default());
    super::finish_change(
        tx,
        removed,
        &user,
        AuditAction::ThemesMerged,
        &detail,
        "/admin/themes",
    )
    .await
}

/// Retires a theme (no longer offered to staff; its uses stay counted) or lists it again;
/// 404 for a suggestion still waiting for review.
async fn theme_state(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<StateForm>,
) -> Result<Response, PageError> {
    let new_state = if form.state == "retired" {
        "retired"
    } else {
        "listed"
    };
    let mut tx = state.db.begin().await?;
    // A suggestion waiting for review is accepted with its names or merged, never retired
    // into the counts unread.
    let changed = db::query("UPDATE themes SET state = $1 WHERE id = $2 AND state <> 'waiting'")
        .bind(new_state)
        .bind(id)
        .execute(&mut tx)
        .await?;
    let detail = format!("theme {id} {new_state}");
    super::finish_change(
        tx,
        changed,
        &user,
        AuditAction::ThemeStateChanged,
        &detail,
        "/admin/themes",
    )
    .await
}

#[component]
fn ThemesPage(
    user: SignedIn,
    themes: Vec<Theme>,
    saved: bool,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let csrf = user.csrf.clone();
    let targets: Vec<(i64, String)> = themes
        .iter()
        .filter(|th| th.state != "waiting")
        .map(|th| (th.id, th.name.clone()))
        .collect();
    let section = |state: &'static str, heading: String, empty: String| {
        let rows: Vec<Theme> = themes
            .iter()
            .filter(|th| th.state == state)
            .cloned()
            .collect();
        let csrf = csrf.clone();
        let targets = targets.clone();
        view! {
            <h2 id=format!("themes-{state}")>{heading}</h2>
            {if rows.is_empty() {
                view! { <p>{empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="theme-list">
                        {rows.into_iter().map(|th| view! { <ThemeRow theme=th csrf=csrf.clone() targets=targets.clone()/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        }
    };
    let waiting = section("waiting", t("themes-waiting"), t("themes-waiting-none"));
    let listed = section("listed", t("themes-listed"), t("themes-listed-none"));
    let retired = section("retired", t("themes-retired"), t("themes-retired-none"));
    view! {
        <AdminFrame user=user title=t("admin-themes") saved=saved errors=errors>
            <p class="hint">{t("themes-hint")}</p>
            <form method="post" action="/admin/themes" novalidate>
                {csrf_field(&csrf)}
                <h2>{t("themes-add")}</h2>
                <div class="form-group">
                    <label class="label" for="theme-name">{t("themes-name")}</label>
                    <input class="input" id="theme-name" name="name" type="text" maxlength="40"/>
                </div>
                <div class="form-group">
                    <label class="label" for="theme-name-bn">{t("themes-name-bn")}</label>
                    <input class="input" id="theme-name-bn" name="name_bn" type="text" lang="bn"/>
                </div>
                <div class="form-group">
                    <label class="label" for="theme-keywords">{t("themes-keywords")}</label>
                    <input class="input" id="theme-keywords" name="keywords" type="text"/>
                </div>
                <button class="button" type="submit">{t("themes-add-button")}</button>
            </form>
            {waiting}
            {listed}
            {retired}
        </AdminFrame>
    }
}

/// One theme: its uses, a form to rename (or accept) it, one to merge it, one to retire or
/// list it again.
#[component]
fn ThemeRow(
    theme: Theme,
    csrf: crate::staff::session::Csrf,
    targets: Vec<(i64, String)>,
) -> impl IntoView {
    let id = theme.id;
    let name_id = format!("theme-{id}-name");
    let bn_id = format!("theme-{id}-bn");
    let into_id = format!("theme-{id}-into");
    let keywords_id = format!("theme-{id}-keywords");
    let waiting = theme.state == "waiting";
    let (next_state, state_label) = if theme.state == "retired" {
        ("listed", t("themes-relist"))
    } else {
        ("retired", t("themes-retire"))
    };
    let targets: Vec<(i64, String)> = targets.into_iter().filter(|(t, _)| *t != id).collect();
    view! {
        <li class="theme-list__item">
            <h3 class="theme-list__name">{theme.name.clone()}</h3>
            <p>{crate::i18n::t_args("themes-uses", &[("count", theme.uses.into())])}</p>
            <form method="post" action=format!("/admin/themes/{id}/rename") class="row-form" novalidate>
                {csrf_field(&csrf)}
                <div class="form-group">
                    <label class="label" for=name_id.clone()>{t("themes-name")}</label>
                    <input class="input" id=name_id name="name" type="text" maxlength="40" value=theme.name/>
                </div>
                <div class="form-group">
                    <label class="label" for=bn_id.clone()>{t("themes-name-bn")}</label>
                    <input class="input" id=bn_id name="name_bn" type="text" lang="bn" value=theme.name_bn/>
                </div>
                <div class="form-group">
                    <label class="label" for=keywords_id.clone()>{t("themes-keywords")}</label>
                    <input class="input" id=keywords_id name="keywords" type="text" value=theme.keywords/>
                </div>
                <button class="button button--secondary" type="submit">
                    {if waiting { t("themes-accept") } else { t("themes-rename") }}
                </button>
            </form>
            <form method="post" action=format!("/admin/themes/{id}/merge") class="row-form" novalidate>
                {csrf_field(&csrf)}
                <div class="form-group">
                    <label class="label" for=into_id.clone()>{t("themes-merge-into")}</label>
                    <select class="select" id=into_id name="into">
                        {targets.into_iter().map(|(tid, name)| view! { <option value=tid.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
                <button class="button button--secondary" type="submit">{t("themes-merge")}</button>
            </form>
            {(!waiting).then(|| view! {
                <form method="post" action=format!("/admin/themes/{id}/state") class="row-form">
                    {csrf_field(&csrf)}
                    <input type="hidden" name="state" value=next_state/>
                    <button class="button button--secondary" type="submit">{state_label}</button>
                </form>
            })}
        </li>
    }
}
