//! The daily digest: once a day, at `PORTAL_DIGEST_TIME` on the London clock, each member of
//! staff is emailed the open items assigned to them whose reply is due that day or overdue,
//! and the triage inbox those assigned to nobody (or to an account since switched off).
//!
//! Every outbox worker looks on each round; the first to insert the day into `digest_days`
//! writes the emails in that transaction, so with several servers the digest still goes
//! exactly once. A server that was down at the time sends it when it comes back, the same
//! day. References, topics and due dates only: no message text, no resident's details.

use super::emails::{args, email, staff_locale, EmailShell};
use super::{mailer::Email, outbox, NotifySettings};
use crate::audit::{self, Actor, AuditAction};
use crate::db::{self, Database};
use crate::domain::{london, Reference, Status, Topic};
use crate::i18n::t;
use crate::ui::render_html;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// When the digest goes, or `off`. Read from `PORTAL_DIGEST_TIME` as `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestTime(pub Option<NaiveTime>);

impl std::str::FromStr for DigestTime {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "off" | "" => Ok(DigestTime(None)),
            time => NaiveTime::parse_from_str(time, "%H:%M")
                .map(|t| DigestTime(Some(t)))
                .map_err(|_| format!("{time:?} is not a time like 08:00, nor `off`")),
        }
    }
}

impl std::fmt::Display for DigestTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(at) => write!(f, "{}", at.format("%H:%M")),
            None => f.write_str("off"),
        }
    }
}

/// An email lists this many items; the rest are counted, with the link to the inbox.
const LISTED: usize = 50;
/// Open items read per digest at most: far more than a team has due in a day.
const READ_AT_MOST: i64 = 20_000;

struct Due {
    reference: Reference,
    topic: Topic,
    due: NaiveDate,
}

/// Sends today's digest if its time has come and no server has sent it; answers how many
/// emails were queued (none when it was not time, or another server had sent it).
pub async fn send_if_due(
    db: &Database,
    settings: &NotifySettings,
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let Some(at) = settings.digest.0 else {
        return Ok(0);
    };
    let local = london(now);
    if local.time() < at {
        return Ok(0);
    }
    let today = local.date_naive();
    let day = today.to_string();
    // A cheap look first, outside any transaction: every round but one a day finds the day.
    let sent: Option<(String,)> = db::query("SELECT day FROM digest_days WHERE day = $1")
        .bind(day.as_str())
        .fetch_optional(db)
        .await?;
    if sent.is_some() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let claimed = db::query(
        "INSERT INTO digest_days (day, sent_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
    )
    .bind(day.as_str())
    .bind(now)
    .execute(&mut tx)
    .await?;
    if claimed != 1 {
        tx.rollback().await?;
        return Ok(0);
    }
    // Received on or before this day, a reply is due today or was due before.
    let last =
        crate::domain::last_day_overdue_on(today + Duration::days(1), settings.reply_target_days);
    let received_before = crate::domain::london_midnight(last + Duration::days(1));
    let open = Status::OPEN;
    let rows: Vec<(String, Topic, DateTime<Utc>, Option<String>)> = db::query(format!(
        "SELECT s.reference, s.topic, s.created_at, a.email FROM submissions s \
         LEFT JOIN staff a ON a.id = s.assignee_id AND a.active \
         WHERE s.status IN ($1, $2, $3) AND s.created_at < $4 \
         ORDER BY s.created_at, s.id LIMIT {READ_AT_MOST}"
    ))
    .bind(open[0])
    .bind(open[1])
    .bind(open[2])
    .bind(received_before)
    .fetch_all(&mut tx)
    .await?;
    let mut by_recipient: BTreeMap<String, Vec<Due>> = BTreeMap::new();
    for (reference, topic, created_at, assignee) in rows {
        let Ok(reference) = Reference::parse(&reference) else {
            continue;
        };
        let due = crate::domain::add_working_days(
            crate::domain::london_date(created_at),
            settings.reply_target_days,
        );
        let to = assignee.unwrap_or_else(|| settings.triage.clone());
        by_recipient.entry(to).or_default().push(Due {
            reference,
            topic,
            due,
        });
    }
    let mut queued = 0;
    for (to, items) in &by_recipient {
        let email = digest_email(settings, to, today, items, to == &settings.triage);
        outbox::enqueue(&mut tx, outbox::EmailKind::Digest, &email, None).await?;
        queued += 1;
    }
    audit::record_in(
        &mut tx,
        &Actor::default(),
        AuditAction::DigestSent,
        None,
        &format!("{queued} digest emails for {day}"),
    )
    .await?;
    tx.commit().await?;
    Ok(queued)
}

fn digest_email(
    settings: &NotifySettings,
    to: &str,
    today: NaiveDate,
    items: &[Due],
    unassigned: bool,
) -> Email {
    let l = staff_locale();
    let overdue = items.iter().filter(|i| i.due < today).count();
    let subject = l.text_args(
        "email-digest-subject",
        &args(&[
            ("count", items.len().to_string()),
            ("overdue", overdue.to_string()),
        ]),
    );
    let intro = l.text(if unassigned {
        "email-digest-intro-unassigned"
    } else {
        "email-digest-intro"
    });
    let lines: Vec<(String, String, String, String)> = items
        .iter()
        .take(LISTED)
        .map(|i| {
            let when = if i.due < today {
                l.text("email-digest-overdue")
            } else {
                l.text("email-digest-due-today")
            };
            (
                i.reference.to_string(),
                settings.base_url_link(&format!("/staff/submissions/{}", i.reference.as_str())),
                l.text(&format!("topic-{}", i.topic.slug())),
                format!("{when}: {}", i.due.format("%-d %B %Y")),
            )
        })
        .collect();
    let more = items.len().saturating_sub(LISTED);
    let inbox = settings.base_url_link(if unassigned {
        "/staff?assignee=none&sort=due"
    } else {
        "/staff?assignee=me&sort=due"
    });
    let mut text = format!("{intro}\n\n");
    for (reference, link, topic, when) in &lines {
        text.push_str(&format!("{reference}  {topic}  {when}\n  {link}\n"));
    }
    let more_line =
        (more > 0).then(|| l.text_args("email-digest-more", &args(&[("count", more.to_string())])));
    if let Some(m) = &more_line {
        text.push_str(&format!("\n{m}\n"));
    }
    text.push_str(&format!(
        "\n{}: {inbox}\n\n-- \n{}\n",
        l.text("email-digest-inbox"),
        l.text("email-staff-footer")
    ));
    let html = render_html(&l, move || {
        view! {
            <EmailShell>
                <p>{intro}</p>
                <table role="presentation" style="border-collapse:collapse">
                    {lines.into_iter().map(|(reference, link, topic, when)| view! {
                        <tr>
                            <td style="padding:4px 16px 4px 0"><a href=link style="color:#005eb8;font-weight:bold">{reference}</a></td>
                            <td style="padding:4px 16px 4px 0">{topic}</td>
                            <td style="padding:4px 0">{when}</td>
                        </tr>
                    }).collect_view()}
                </table>
                {more_line.map(|m| view! { <p>{m}</p> })}
                <p><a href=inbox.clone() style="color:#005eb8;font-weight:bold">{t("email-digest-inbox")}</a></p>
                <p style="color:#4c6272;font-size:14px">{t("email-staff-footer")}</p>
            </EmailShell>
        }
    });
    email(settings, to, subject, text, html, Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_is_a_clock_time_or_off() {
        assert_eq!(
            "08:00".parse::<DigestTime>(),
            Ok(DigestTime(NaiveTime::from_hms_opt(8, 0, 0)))
        );
        assert_eq!("off".parse::<DigestTime>(), Ok(DigestTime(None)));
        assert!("8am".parse::<DigestTime>().is_err());
        assert!("25:00".parse::<DigestTime>().is_err());
        assert_eq!("17:30".parse::<DigestTime>().unwrap().to_string(), "17:30");
    }
}
