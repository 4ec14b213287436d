//! The inbox's SQL: one page of it under a filter (the search on each database's full-text
//! index, the order, the count of matches), an item's neighbours in that order, and the
//! status counts. Read only.

use super::filter::{Assignee, Inbox, Search, Sort};
use super::store::Item;
use crate::db::{self, Arg, Backend, Conditions, Database, Value};
use crate::domain::{Kind, Priority, Reference, Status, Topic};
use chrono::{DateTime, NaiveDate, Utc};

pub const PAGE_SIZE: i64 = 25;

/// The practice filter's value for the practices linked to the signed-in account. Practice
/// codes are stored in capitals, so none is this.
pub const MY_PRACTICES: &str = "mine";

#[derive(Debug, Clone)]
pub struct InboxRow {
    pub reference: Reference,
    pub created_at: DateTime<Utc>,
    pub kind: Kind,
    pub topic: Topic,
    pub status: Status,
    pub priority: Priority,
    pub practice: Option<String>,
    pub assignee: Option<String>,
    pub snippet: String,
    /// The day a reply is due by, while the item is open.
    pub due: Option<NaiveDate>,
}

/// One page of the inbox.
#[derive(Debug, Clone)]
pub struct InboxList {
    pub rows: Vec<InboxRow>,
    /// Whether there is another page after this one.
    pub more: bool,
    /// How many submissions match the filter, counted up to [`COUNT_UP_TO`].
    pub matched: i64,
}

/// Matches are counted this far and no further ("more than 1,000"), so a broad filter on a
/// million submissions costs a thousand index entries, not a million.
pub const COUNT_UP_TO: i64 = 1000;

/// The statuses that still owe the resident an answer.
pub const OPEN: [Status; 3] = Status::OPEN;

/// How a word search meets the rest of the query on SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Words {
    /// From the full-text matches to their rows: best when few match.
    FromMatches,
    /// Along the inbox's order, checking each row against the matches, stopping at the
    /// page: best when many match (a common word), where fetching and sorting every match
    /// costs more than reading a few hundred rows in order.
    InOrder,
}

/// The inbox's filter as SQL conditions and their arguments, for the page and the count.
fn conditions(
    backend: Backend,
    f: &Inbox,
    me: i64,
    overdue_received_before: Option<DateTime<Utc>>,
    words: Words,
) -> (String, Vec<Arg>) {
    let mut c = Conditions::default();
    match &f.search {
        None => {}
        Some(Search::Reference(reference)) => {
            // The reference, or its symbols as a word (see `Search::Reference`).
            let word = reference.as_str().to_lowercase();
            c.push_one(" AND (s.reference = ?", reference.as_str());
            push_words(&mut c, backend, " OR", &[word], words);
            c.push(")", []);
        }
        // `IS NOT NULL` lets SQLite use the partial index on LOWER(contact_email): it cannot
        // work that out from the equality on the expression (a full scan at a million rows).
        Some(Search::Email(email)) => c.push_one(
            " AND s.contact_email IS NOT NULL AND LOWER(s.contact_email) = ?",
            email.as_str(),
        ),
        Some(Search::Phone(phone)) => c.push_one(" AND s.contact_phone = ?", phone.as_str()),
        Some(Search::Words(list)) => push_words(&mut c, backend, " AND", list, words),
    }
    if let Some(status) = f.status {
        c.push_one(" AND s.status = ?", status);
    }
    if let Some(kind) = f.kind {
        c.push_one(" AND s.kind = ?", kind);
    }
    if let Some(topic) = f.topic {
        c.push_one(" AND s.topic = ?", topic);
    }
    if let Some(priority) = f.priority {
        c.push_one(" AND s.priority = ?", priority);
    }
    match f.practice.as_deref() {
        None => {}
        // "My practices": those linked to the account, and every practice of its networks.
        Some(MY_PRACTICES) => c.push(
            " AND s.practice_id IN (SELECT practice_id FROM staff_practices WHERE staff_id = ? \
             UNION SELECT mp.id FROM practices mp JOIN staff_networks mn ON mn.network_id = mp.network_id \
             WHERE mn.staff_id = ?)",
            [me.into_arg(), me.into_arg()],
        ),
        Some(code) => c.push_one(" AND p.code = ?", code),
    }
    match f.assignee {
        Assignee::Anyone => {}
        Assignee::Nobody => c.push(" AND s.assignee_id IS NULL", []),
        Assignee::Me => c.push_one(" AND s.assignee_id = ?", me),
        Assignee::Staff(id) => c.push_one(" AND s.assignee_id = ?", id),
    }
    if f.urgent_only {
        c.push_one(" AND s.priority = ?", Priority::Urgent);
    }
    if let Some(before) = overdue_received_before {
        c.push(
            " AND s.status IN (?, ?, ?) AND s.created_at < ?",
            OPEN.map(db::Value::into_arg)
                .into_iter()
                .chain([before.into_arg()]),
        );
    }
    let midnight = crate::domain::london_midnight;
    if let Some(day) = f.from {
        c.push_one(" AND s.created_at >= ?", midnight(day));
    }
    if let Some(day) = f.to {
        c.push_one(
            " AND s.created_at < ?",
            midnight(day.succ_opt().unwrap_or(day)),
        );
    }
    c.into_parts()
}

/// Submissions with every one of `words` at the start of a word of the same text: the
/// message with its sender's name, a note, a reply or something the resident added. Each database answers from its own
/// full-text index (see the search migration); the words carry no syntax characters.
///
/// On SQLite the four are separate `IN` lists joined by `OR` (SQLite answers each from its
/// list: 8 ms to count a common word's first thousand at a million submissions, against 23
/// ms for one `UNION`). With [`Words::InOrder`], `s.id + 0` hides the row id from the
/// planner, so it walks the inbox's order and checks each row (7 ms for a page of a common
/// word, against 75 ms fetching and sorting its 48,000 matches; but 200 ms for a word in no
/// message, which [`Words::FromMatches`] answers at once).
fn push_words(c: &mut Conditions, backend: Backend, joiner: &str, words: &[String], how: Words) {
    let id = match how {
        Words::FromMatches => "s.id",
        Words::InOrder => "(s.id + 0)",
    };
    let sqlite = format!(
        " ({id} IN (SELECT rowid FROM submission_words WHERE submission_words MATCH ?) \
         OR {id} IN (SELECT n.submission_id FROM note_words JOIN notes n ON n.id = note_words.rowid \
         WHERE note_words MATCH ?) \
         OR {id} IN (SELECT r.submission_id FROM reply_words JOIN public_replies r ON r.id = reply_words.rowid \
         WHERE reply_words MATCH ?) \
         OR {id} IN (SELECT a.submission_id FROM addition_words JOIN resident_additions a ON a.id = addition_words.rowid \
         WHERE addition_words MATCH ?))"
    );
    let (sql, query) = match backend {
        Backend::Sqlite => (
            sqlite.as_str(),
            words
                .iter()
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Backend::Postgres => (
            " s.id IN (SELECT id FROM submissions \
             WHERE to_tsvector('simple', message || ' ' || COALESCE(contact_name, '')) @@ to_tsquery('simple', ?) \
             UNION SELECT submission_id FROM notes WHERE to_tsvector('simple', body) @@ to_tsquery('simple', ?) \
             UNION SELECT submission_id FROM public_replies WHERE to_tsvector('simple', body) @@ to_tsquery('simple', ?) \
             UNION SELECT submission_id FROM resident_additions WHERE to_tsvector('simple', body) @@ to_tsquery('simple', ?))",
            words
                .iter()
                .map(|w| format!("'{w}':*"))
                .collect::<Vec<_>>()
                .join(" & "),
        ),
    };
    c.push(
        &format!("{joiner}{sql}"),
        std::iter::repeat_n(query.into_arg(), 4),
    );
}

/// One page of the inbox in the filter's order, with how many match in all. Open items get
/// their due date, `reply_target_days` working days after the day received.
#[tracing::instrument(skip_all)]
pub async fn inbox(
    db: &Database,
    f: &Inbox,
    me: i64,
    reply_target_days: u32,
    today: NaiveDate,
) -> Result<InboxList, sqlx::Error> {
    const FROM: &str = " FROM submissions s LEFT JOIN practices p ON p.id = s.practice_id \
                        LEFT JOIN staff a ON a.id = s.assignee_id WHERE 1 = 1";
    let overdue_before = f.overdue_only.then(|| {
        let last = crate::domain::last_day_overdue_on(today, reply_target_days);
        crate::domain::london_midnight(last + chrono::Duration::days(1))
    });
    let filter_sql = |words| conditions(db.backend(), f, me, overdue_before, words);
    let (conditions, args) = filter_sql(Words::FromMatches);
    let count = format!(
        "SELECT COUNT(*) FROM (SELECT 1{FROM}{conditions} LIMIT {}) AS matched",
        COUNT_UP_TO + 1
    );
    let (matched,): (i64,) = db::query(count)
        .bind_all(args.clone())
        .fetch_one(db)
        .await?;
    // Counted first, so the page can be read the way that suits how many match: past the
    // count's cap, walking the inbox's order finds a page sooner than sorting every match.
    // Not for `sort=due`, whose order no index holds.
    let words = if matched > COUNT_UP_TO && f.sort != Sort::Due {
        Words::InOrder
    } else {
        Words::FromMatches
    };
    let (conditions, args) = if words == Words::FromMatches {
        (conditions, args)
    } else {
        filter_sql(words)
    };
    let page = i64::from(f.page);
    let order = match f.sort {
        Sort::Newest => "s.created_at DESC, s.id DESC".to_owned(),
        Sort::Oldest => "s.created_at, s.id".to_owned(),
        Sort::Due => {
            let open = OPEN.map(|s| format!("'{}'", s.slug())).join(", ");
            format!(
                "CASE WHEN s.status IN ({open}) THEN 0 ELSE 1 END, \
                     CASE WHEN s.status IN ({open}) THEN s.created_at END, s.created_at DESC, s.id"
            )
        }
    };
    let sql = format!(
        "SELECT s.reference, s.created_at, s.kind, s.topic, s.status, s.priority, p.name AS practice, \
         a.name AS assignee, s.message{FROM}{conditions} ORDER BY {order} LIMIT {} OFFSET {}",
        PAGE_SIZE + 1,
        (page - 1) * PAGE_SIZE
    );

    #[derive(sqlx::FromRow)]
    struct Row {
        reference: String,
        created_at: DateTime<Utc>,
        kind: Kind,
        topic: Topic,
        status: Status,
        priority: Priority,
        practice: Option<String>,
        assignee: Option<String>,
        message: String,
    }
    let rows: Vec<Row> = db::query(sql).bind_all(args).fetch_all(db).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let rows = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .filter_map(|r| {
            Some(InboxRow {
                reference: Reference::parse(&r.reference).ok()?,
                created_at: r.created_at,
                kind: r.kind,
                topic: r.topic,
                status: r.status,
                priority: r.priority,
                practice: r.practice,
                assignee: r.assignee,
                snippet: r.message.chars().take(140).collect(),
                due: OPEN.contains(&r.status).then(|| {
                    crate::domain::add_working_days(
                        crate::domain::london_date(r.created_at),
                        reply_target_days,
                    )
                }),
            })
        })
        .collect();
    Ok(InboxList {
        rows,
        more,
        matched,
    })
}

/// The items before and after one in the inbox's order under a filter: the "previous" and
/// "next" links of the item page. Each is one indexed look past the item's own sort key,
/// whatever the size of the inbox.
pub async fn neighbours(
    db: &Database,
    f: &Inbox,
    me: i64,
    reply_target_days: u32,
    today: NaiveDate,
    item: &Item,
) -> Result<(Option<Reference>, Option<Reference>), sqlx::Error> {
    let overdue_before = f.overdue_only.then(|| {
        let last = crate::domain::last_day_overdue_on(today, reply_target_days);
        crate::domain::london_midnight(last + chrono::Duration::days(1))
    });
    let (conditions, args) = conditions(db.backend(), f, me, overdue_before, Words::FromMatches);
    let open = OPEN.map(|s| format!("'{}'", s.slug())).join(", ");
    let is_open = format!("s.status IN ({open})");
    let not_open = format!("s.status NOT IN ({open})");
    // Sort keys as (created_at, id) comparisons; `n` is the next placeholder.
    let n = args.len() + 1;
    let (c, i) = (format!("${n}"), format!("${}", n + 1));
    let newer = format!("(s.created_at > {c} OR (s.created_at = {c} AND s.id > {i}))");
    let older = format!("(s.created_at < {c} OR (s.created_at = {c} AND s.id < {i}))");
    let newer_lower_id = format!("(s.created_at > {c} OR (s.created_at = {c} AND s.id < {i}))");
    let older_higher_id = format!("(s.created_at < {c} OR (s.created_at = {c} AND s.id > {i}))");
    const ASC: &str = "s.created_at, s.id";
    const DESC: &str = "s.created_at DESC, s.id DESC";
    const CLOSED_ASC: &str = "s.created_at, s.id DESC";
    const CLOSED_DESC: &str = "s.created_at DESC, s.id";
    let item_open = OPEN.contains(&item.status);
    // Each direction: the first match of these (extra condition, order) in turn.
    type Tries<'a> = Vec<(String, &'a str)>;
    let (before, after): (Tries, Tries) = match f.sort {
        Sort::Newest => (vec![(newer, ASC)], vec![(older, DESC)]),
        Sort::Oldest => (vec![(older, DESC)], vec![(newer, ASC)]),
        // Open items oldest first, then the rest newest first (see `inbox`).
        Sort::Due if item_open => (
            vec![(format!("{is_open} AND {older}"), DESC)],
            vec![
                (format!("{is_open} AND {newer}"), ASC),
                (not_open.clone(), CLOSED_DESC),
            ],
        ),
        Sort::Due => (
            vec![
                (format!("{not_open} AND {newer_lower_id}"), CLOSED_ASC),
                (is_open.clone(), DESC),
            ],
            vec![(format!("{not_open} AND {older_higher_id}"), CLOSED_DESC)],
        ),
    };
    let mut found = [None, None];
    for (slot, tries) in found.iter_mut().zip([before, after]) {
        for (extra, order) in tries {
            let uses_item = extra.contains(&c);
            let sql = format!(
                "SELECT s.reference FROM submissions s LEFT JOIN practices p ON p.id = s.practice_id \
                 WHERE 1 = 1{conditions} AND s.id <> {id} AND {extra} ORDER BY {order} LIMIT 1",
                id = item.id
            );
            let mut q = db::query(sql).bind_all(args.clone());
            if uses_item {
                q = q.bind(item.created_at).bind(item.id);
            }
            let row: Option<(String,)> = q.fetch_optional(db).await?;
            if let Some((reference,)) = row {
                *slot = Reference::parse(&reference).ok();
                break;
            }
        }
    }
    let [previous, next] = found;
    Ok((previous, next))
}

/// How many submissions are in each status (all of them, not just the filtered ones). Read
/// from the status totals that follow the insights' monthly roll-up (see the `status_totals`
/// migration), not by counting every submission. Duplicates are kept there apart, and are
/// closed.
pub async fn status_counts(db: &Database) -> Result<Vec<(Status, i64)>, sqlx::Error> {
    const SQL: &str = "SELECT CASE WHEN status = 'duplicate' THEN 'closed' ELSE status END AS s, \
         CAST(SUM(n) AS BIGINT) FROM status_totals \
         GROUP BY CASE WHEN status = 'duplicate' THEN 'closed' ELSE status END HAVING SUM(n) > 0";
    db::query(SQL).fetch_all(db).await
}
