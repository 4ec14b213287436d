//! The board pack (`/insights/board-pack?quarter=YYYY-Qn`, and the same as CSV): one printable
//! page for a quarter, against the quarter before and the same quarter a year earlier. It is
//! three [`Report`]s of whole quarters, built as the insights page builds its one, so the pack,
//! the page and the exports cannot disagree, and the same suppression and rounding apply.

use super::export::{self, shown_text};
use super::filter::{Checked, Period};
use super::pages::{percent_text, Quotes, ThemesTable};
use super::report::{self, Report};
use super::suppress::Shown;
use super::you_said;
use crate::error::PageError;
use crate::i18n::{t, t_args, Locale};
use crate::staff::guard::Reader;
use crate::staff::session::SignedIn;
use crate::staff::StaffNav;
use crate::state::AppState;
use crate::ui::{render_page, ErrorSummary, FieldError, Layout};
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use chrono::{Datelike, NaiveDate, Utc};
use leptos::prelude::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/insights/board-pack", get(board_pack))
        .route("/insights/board-pack.csv", get(board_pack_csv))
}

/// A calendar quarter: January to March is Q1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    pub year: i32,
    pub number: u32,
}

impl Quarter {
    /// `2026-Q3` (or `2026-q3`), within the years the insights cover.
    pub fn parse(s: &str, today: NaiveDate) -> Option<Quarter> {
        let (year, number) = s.trim().split_once(['-']).and_then(|(y, q)| {
            let q = q.strip_prefix(['Q', 'q'])?;
            Some((y.parse().ok()?, q.parse().ok()?))
        })?;
        let quarter = Quarter { year, number };
        let (first, last) = super::filter::date_bounds(today);
        ((1..=4).contains(&number) && quarter.start() >= first && quarter.end() <= last)
            .then_some(quarter)
    }

    /// The quarter holding `day`.
    pub fn of(day: NaiveDate) -> Quarter {
        Quarter {
            year: day.year(),
            number: day.month0() / 3 + 1,
        }
    }

    /// The last quarter that is over by `today`: what a board reports on.
    pub fn last_complete(today: NaiveDate) -> Quarter {
        Quarter::of(today).previous()
    }

    pub fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    pub fn a_year_earlier(self) -> Quarter {
        Quarter {
            year: self.year - 1,
            ..self
        }
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.number - 1) * 3 + 1, 1).expect("a quarter's start")
    }

    pub fn end(self) -> NaiveDate {
        self.start()
            .checked_add_months(chrono::Months::new(3))
            .expect("a later date")
            .pred_opt()
            .expect("an earlier date")
    }

    pub fn code(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }

    /// "July to September 2026".
    pub fn label(self, locale: &Locale) -> String {
        let month = |m: u32| locale.text(&format!("month-{m}"));
        let first = self.start().month();
        locale.text_args(
            "board-quarter-months",
            &[
                ("first", month(first).into()),
                ("last", month(first + 2).into()),
                ("year", self.year.into()),
            ],
        )
    }

    fn filter(self) -> Checked {
        Checked {
            from: self.start(),
            to: self.end(),
            kind: None,
            topic: None,
            practice: None,
            network: None,
            period: Period::Month,
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
struct QuarterQuery {
    quarter: String,
}

/// The pack's three quarters, each as a full report, and the "You said, we did" entries of
/// the quarter.
#[derive(Clone)]
pub struct Pack {
    pub quarter: Quarter,
    pub label: String,
    pub now: Report,
    pub previous: Report,
    pub last_year: Report,
    pub labels: [String; 3],
    pub you_said: Vec<you_said::Entry>,
    pub so_far: bool,
}

async fn load(
    state: &AppState,
    locale: &Locale,
    user: &SignedIn,
    quarter: Quarter,
) -> Result<Pack, PageError> {
    let mut reports = Vec::with_capacity(3);
    for q in [quarter, quarter.previous(), quarter.a_year_earlier()] {
        let f = q.filter();
        let input = report::load(&state.db, &f).await?;
        reports.push(report::build(
            locale,
            f,
            input,
            state.settings.reply_target_days,
            user.account.role,
        ));
    }
    let last_year = reports.pop().expect("three reports");
    let previous = reports.pop().expect("three reports");
    let now = reports.pop().expect("three reports");
    let you_said = you_said::list(&state.db)
        .await?
        .into_iter()
        .filter(|e| (quarter.start()..=quarter.end()).contains(&e.action_date))
        .collect();
    let today = Utc::now().date_naive();
    Ok(Pack {
        quarter,
        label: quarter.label(locale),
        labels: [quarter, quarter.previous(), quarter.a_year_earlier()].map(|q| q.label(locale)),
        now,
        previous,
        last_year,
        you_said,
        so_far: quarter.end() >= today,
    })
}

/// The quarter asked for (the last complete one when none is), or the error to show.
fn quarter(locale: &Locale, q: &QuarterQuery, today: NaiveDate) -> Result<Quarter, FieldError> {
    if q.quarter.trim().is_empty() {
        return Ok(Quarter::last_complete(today));
    }
    Quarter::parse(&q.quarter, today).ok_or_else(|| {
        let (first, last) = super::filter::date_bounds(today);
        FieldError {
            field: "quarter",
            message: locale.text_args(
                "board-error-quarter",
                &[("first", first.year().into()), ("last", last.year().into())],
            ),
        }
    })
}

/// The page again with the quarter's error, as a 422, and nothing read.
fn refuse(locale: &Locale, user: SignedIn, q: QuarterQuery, error: FieldError) -> Response {
    render_page(locale, StatusCode::UNPROCESSABLE_ENTITY, move || {
        view! { <BoardPackPage user=user value=q.quarter pack=None errors=vec![error]/> }
    })
}

/// The pack of the quarter asked for, or the error to show when it is not a quarter.
async fn read(
    state: &AppState,
    locale: &Locale,
    user: &SignedIn,
    q: &QuarterQuery,
) -> Result<Result<Pack, FieldError>, PageError> {
    match quarter(locale, q, Utc::now().date_naive()) {
        Ok(quarter) => Ok(Ok(load(state, locale, user, quarter).await?)),
        Err(error) => Ok(Err(error)),
    }
}

async fn board_pack(
    State(state): State<AppState>,
    locale: Locale,
    Reader(user): Reader,
    Query(q): Query<QuarterQuery>,
) -> Result<Response, PageError> {
    let pack = match read(&state, &locale, &user, &q).await? {
        Ok(pack) => pack,
        Err(error) => return Ok(refuse(&locale, user, q, error)),
    };
    let value = pack.quarter.code();
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <BoardPackPage user=user value=value pack=Some(pack) errors=vec![]/> }
    }))
}

async fn board_pack_csv(
    State(state): State<AppState>,
    locale: Locale,
    Reader(user): Reader,
    Query(q): Query<QuarterQuery>,
) -> Result<Response, PageError> {
    let pack = match read(&state, &locale, &user, &q).await? {
        Ok(pack) => pack,
        Err(error) => return Ok(refuse(&locale, user, q, error)),
    };
    let quarter = pack.quarter;
    crate::audit::record(
        &state.db,
        &user.actor(),
        crate::audit::AuditAction::InsightsExported,
        None,
        &format!("board pack {}", quarter.code()),
    )
    .await?;
    Ok(super::csv(
        axum::body::Body::from(csv(&locale, &pack)),
        &format!("board-pack-{}.csv", quarter.code()),
    )
    .into_response())
}

/// A figure in the three quarters, as it may be shown.
struct Line {
    label: String,
    values: [String; 3],
}

fn lines(locale: &Locale, pack: &Pack) -> Vec<Line> {
    let reports = [&pack.now, &pack.previous, &pack.last_year];
    let shown = |f: &dyn Fn(&Report) -> Shown| reports.map(|r| shown_text(locale, f(r)));
    let days = |d: Option<i64>| match d.map(report::reply_band) {
        None => locale.text("insights-not-shown"),
        Some((31, _)) => locale.text("insights-days-over-30"),
        Some((lo, hi)) if lo == hi => locale.text_args("insights-days", &[("count", lo.into())]),
        Some((lo, hi)) => locale.text_args(
            "insights-days-band",
            &[("from", lo.into()), ("to", hi.into())],
        ),
    };
    let mut lines = vec![
        Line {
            label: locale.text("insights-total"),
            values: shown(&|r| r.total),
        },
        Line {
            label: locale.text("insights-urgent"),
            values: shown(&|r| r.urgent),
        },
        Line {
            label: locale.text("insights-safeguarding"),
            values: shown(&|r| r.safeguarding),
        },
        Line {
            label: locale.text("insights-replied"),
            values: shown(&|r| r.replies.replied),
        },
        Line {
            label: locale.text("insights-median-days"),
            values: reports.map(|r| days(r.replies.median)),
        },
        Line {
            label: locale.text_args(
                "insights-within-target",
                &[("days", pack.now.replies.target.into())],
            ),
            values: reports.map(|r| {
                r.replies
                    .within_target_percent
                    .map(|p| format!("{p}%"))
                    .unwrap_or_else(|| locale.text("insights-not-shown"))
            }),
        },
    ];
    for row in &pack.now.by_topic {
        let same = |r: &Report| {
            r.by_topic
                .iter()
                .find(|other| other.label == row.label)
                .map(|other| shown_text(locale, other.count))
                .unwrap_or_default()
        };
        lines.push(Line {
            label: format!("{}: {}", locale.text("inbox-topic"), row.label),
            values: [
                shown_text(locale, row.count),
                same(&pack.previous),
                same(&pack.last_year),
            ],
        });
    }
    lines
}

/// The pack as CSV: the statement, then section, item and the three quarters.
pub fn csv(locale: &Locale, pack: &Pack) -> Vec<u8> {
    let mut w = export::writer(locale, "board-export", &pack.now.stated);
    let figures = locale.text("insights-key-figures");
    export::record(
        &mut w,
        &[
            &locale.text("insights-csv-section"),
            &locale.text("insights-csv-item"),
            &pack.labels[0],
            &pack.labels[1],
            &pack.labels[2],
        ],
    );
    for line in lines(locale, pack) {
        export::record(
            &mut w,
            &[
                &figures,
                &line.label,
                &line.values[0],
                &line.values[1],
                &line.values[2],
            ],
        );
    }
    let themes = locale.text("insights-themes");
    for row in &pack.now.themes {
        export::record(
            &mut w,
            &[
                &themes,
                &row.theme,
                &shown_text(locale, row.now),
                &shown_text(locale, row.before),
                "",
            ],
        );
    }
    w.into_inner().expect("writing to memory cannot fail")
}

#[component]
fn BoardPackPage(
    user: SignedIn,
    value: String,
    pack: Option<Pack>,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let heading = match &pack {
        Some(pack) if pack.so_far => format!(
            "{}: {}",
            t("board-title"),
            t_args("insights-so-far", &[("period", pack.label.clone().into())])
        ),
        Some(pack) => format!("{}: {}", t("board-title"), pack.label),
        None => t("board-title"),
    };
    view! {
        <Layout title=t("board-title") has_errors=has_errors>
            <StaffNav user=user/>
            <ErrorSummary errors=errors/>
            <h1>{heading}</h1>
            <form method="get" action="/insights/board-pack" class="filters no-print">
                <div class="form-group filter">
                    <label class="label" for="quarter">{t("board-quarter")}</label>
                    <p class="hint" id="quarter-hint">{t("board-quarter-hint")}</p>
                    <input class="input input--short" id="quarter" name="quarter" type="text"
                        aria-describedby="quarter-hint" value=value/>
                </div>
                <div class="button-group">
                    <button class="button" type="submit">{t("board-show")}</button>
                </div>
            </form>
            {pack.map(|pack| view! { <PackView pack=pack/> })}
        </Layout>
    }
}

#[component]
fn PackView(pack: Pack) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let lines = lines(&locale, &pack);
    let code = pack.quarter.code();
    let [now_label, previous_label, last_year_label] = pack.labels.clone();
    view! {
        <article class="board-pack">
            <section class="board-pack__section">
                <p class="no-print">
                    {t("board-print-hint")}" "
                    <a href=format!("/insights/board-pack.csv?quarter={code}") download=format!("board-pack-{code}.csv")>{t("board-download")}</a>
                </p>
                <h2 id="covered">{t("insights-stated-title")}</h2>
                <dl class="facts stated">
                    {pack.now.stated.clone().into_iter().map(|(label, value)| view! {
                        <dt>{label}</dt><dd>{value}</dd>
                    }).collect_view()}
                </dl>
                <p class="small-print">{t("insights-small-numbers")}</p>
                <h2 id="figures">{t("insights-key-figures")}</h2>
                <div class="table-scroll" role="region" aria-labelledby="figures" tabindex="0">
                <table class="table table--figures table--grid">
                    <caption class="visually-hidden">{t("insights-key-figures")}</caption>
                    <thead><tr>
                        <th scope="col">{t("insights-csv-item")}</th>
                        <th scope="col" class="numeric">{now_label}</th>
                        <th scope="col" class="numeric">{previous_label}</th>
                        <th scope="col" class="numeric">{last_year_label}</th>
                    </tr></thead>
                    <tbody>
                        {lines.into_iter().map(|line| {
                            let [a, b, c] = line.values;
                            view! { <tr>
                                <th scope="row">{line.label}</th>
                                <td class="numeric">{a}</td>
                                <td class="numeric">{b}</td>
                                <td class="numeric">{c}</td>
                            </tr> }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            </section>
            <section class="board-pack__section">
                <h2 id="themes">{t("insights-themes")}</h2>
                <p>{t("board-themes-lead")}</p>
                <ThemesTable themes=pack.now.themes.clone() now=pack.labels[0].clone() before=pack.labels[1].clone()/>
                <h2 id="responses">{t("insights-replies")}</h2>
                <p>{t_args("board-replies", &[
                    ("days", pack.now.replies.target.into()),
                    ("share", percent_text(pack.now.replies.within_target_percent).into()),
                ])}</p>
            </section>
            <section class="board-pack__section">
                <h2 id="quotes">{t("insights-quotes")}</h2>
                <Quotes quotes=pack.now.quotes.clone()/>
                <h2 id="you-said">{t("you-said-title")}</h2>
                {if pack.you_said.is_empty() {
                    view! { <p>{t("board-you-said-none")}</p> }.into_any()
                } else {
                    view! { <ul class="you-said">
                        {pack.you_said.clone().into_iter().map(|e| view! {
                            <li class="you-said__item">
                                <p><strong>{t("you-said-you-said")}</strong>" "{e.said_en}</p>
                                <p><strong>{t("you-said-we-did")}</strong>" "{e.did_en}</p>
                                <p class="you-said__date">{e.action_date.to_string()}</p>
                            </li>
                        }).collect_view()}
                    </ul> }.into_any()
                }}
            </section>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_parse_within_the_years_covered() {
        let today = d("2026-12-03");
        let q3 = Quarter::parse("2026-Q3", today).unwrap();
        assert_eq!((q3.start(), q3.end()), (d("2026-07-01"), d("2026-09-30")));
        assert_eq!(
            Quarter::parse("2026-q1", today).unwrap().end(),
            d("2026-03-31")
        );
        for bad in [
            "2026-Q5", "2026-Q0", "2019-Q4", "2028-Q1", "2026Q3", "Q3-2026", "", "2026-Q",
        ] {
            assert_eq!(Quarter::parse(bad, today), None, "{bad}");
        }
    }

    #[test]
    fn the_quarters_compared_are_the_one_before_and_the_same_a_year_earlier() {
        let q1 = Quarter {
            year: 2026,
            number: 1,
        };
        assert_eq!(
            q1.previous(),
            Quarter {
                year: 2025,
                number: 4
            }
        );
        assert_eq!(
            q1.a_year_earlier(),
            Quarter {
                year: 2025,
                number: 1
            }
        );
        assert_eq!(
            Quarter::last_complete(d("2026-12-03")),
            Quarter {
                year: 2026,
                number: 3
            }
        );
        assert_eq!(
            Quarter::last_complete(d("2026-01-01")),
            Quarter {
                year: 2025,
                number: 4
            }
        );
    }
}
