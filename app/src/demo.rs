//! `portal demo-data`: fictional submissions spread over two years, for demonstrations, for
//! the screenshot in docs/ and for the benchmarks at a million rows. Every name, email and
//! message is obviously sample data. No email is queued: the outbox never sees these rows.
//!
//! Rows go in 500 to a statement and 10,000 to a transaction, with the roll-up triggers
//! running as they do for real submissions, so the insights match what live use would build.
//!
//! Longer than the usual 450 lines on purpose: it is one story from a seed to committed rows,
//! and its sample texts and weights (a third of the file) read best beside the code that
//! draws from them.

use crate::db::{self, Backend, Database, Value};
use crate::domain::{Channel, Kind, Priority, Reference, Status, Topic};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rand::{rngs::StdRng, Rng, SeedableRng};

const TOPIC_WEIGHTS: [(Topic, u32); 11] = [
    (Topic::Housing, 18),
    (Topic::MoneyAndDebt, 14),
    (Topic::Benefits, 12),
    (Topic::Employment, 7),
    (Topic::Volunteering, 5),
    (Topic::Parenting, 6),
    (Topic::PhysicalActivity, 8),
    (Topic::MentalWellbeing, 13),
    (Topic::Loneliness, 9),
    (Topic::Caring, 5),
    (Topic::Other, 3),
];

fn themes_for(topic: Topic) -> &'static [&'static str] {
    match topic {
        Topic::Housing => &[
            "damp and mould",
            "overcrowding",
            "repairs",
            "temporary accommodation",
        ],
        Topic::MoneyAndDebt => &[
            "energy bills",
            "food costs",
            "debt advice",
            "cost of living",
        ],
        Topic::Benefits => &[
            "universal credit",
            "disability benefits",
            "forms and letters",
        ],
        Topic::Employment => &["job search support", "english classes", "training"],
        Topic::Volunteering => &["volunteer roles", "community groups"],
        Topic::Parenting => &["childcare", "youth activities", "school support"],
        Topic::PhysicalActivity => &["walking groups", "free exercise classes", "parks"],
        Topic::MentalWellbeing => &["waiting times", "talking therapies", "peer support"],
        Topic::Loneliness => &["older residents", "coffee mornings", "digital skills"],
        Topic::Caring => &["carer breaks", "carer support"],
        Topic::Other => &["opening hours", "interpreters", "getting an appointment"],
    }
}

const ENGLISH: [&str; 14] = [
    "My social prescriber helped me sort out the damp in my flat. Thank you.",
    "It took three weeks before anyone called me back about my energy bills.",
    "Could the walking group meet on Saturdays as well? I work during the week.",
    "The coffee morning at the community centre has made a real difference to my mum.",
    "I was not told what would happen after my first appointment.",
    "An idea: a stall at the market where people can ask about benefits in Bengali.",
    "The forms for disability benefit are too long. Help filling them in would be good.",
    "Please offer the exercise class in the evening too.",
    "My link worker was kind and listened. I feel less alone now.",
    "There should be more help for carers who cannot leave the house.",
    "I waited a long time for talking therapy and nobody explained why.",
    "A free English class near Whitechapel would help many mothers I know.",
    "The advice about debt was clear and I now have a plan.",
    "Letters from the council are hard to understand. Could someone explain them?",
];

const BENGALI: [&str; 6] = [
    "আমার সোশ্যাল প্রেসক্রাইবার আমাকে বাসার স্যাঁতসেঁতে সমস্যায় সাহায্য করেছেন। ধন্যবাদ।",
    "বিদ্যুৎ বিল নিয়ে কেউ আমাকে তিন সপ্তাহ পর্যন্ত ফোন করেনি।",
    "মহিলাদের জন্য সন্ধ্যায় একটি ব্যায়ামের ক্লাস হলে ভালো হয়।",
    "কমিউনিটি সেন্টারের কফি মর্নিং আমার মায়ের খুব উপকার করেছে।",
    "বেনিফিটের ফর্ম পূরণ করতে সাহায্য দরকার।",
    "বাংলায় তথ্য পেলে অনেকের সুবিধা হবে।",
];

/// Languages residents used; the ones without a portal translation came through an
/// interpreter, with the message recorded in English by staff.
const INTERPRETED: [&str; 4] = ["so", "ur", "pl", "ro"];

fn weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total);
    for (item, w) in items {
        if pick < *w {
            return item;
        }
        pick -= w;
    }
    &items[items.len() - 1].0
}

/// A day in the last two years, busier lately (the service grows), in winter (housing and
/// bills) and on weekdays.
fn received(rng: &mut StdRng, now: DateTime<Utc>) -> DateTime<Utc> {
    loop {
        let ago = rng.random_range(0..730i64);
        let day = now - Duration::days(ago);
        let growth = 1.0 + 0.6 * (730 - ago) as f64 / 730.0;
        let season =
            1.0 + 0.25 * (2.0 * std::f64::consts::PI * (day.ordinal() as f64 - 15.0) / 365.0).cos();
        let weekday = if day.weekday().num_days_from_monday() >= 5 {
            0.5
        } else {
            1.0
        };
        if rng.random::<f64>() * 1.6 * 1.25 < growth * season * weekday {
            let date = day.date_naive();
            let seconds = rng.random_range(8 * 3600..21 * 3600);
            let at = Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
                + Duration::seconds(seconds);
            return at.min(now);
        }
    }
}

fn status(rng: &mut StdRng, age_days: i64) -> Status {
    let table: &[(Status, u32)] = if age_days > 60 {
        &[
            (Status::Closed, 85),
            (Status::Responded, 8),
            (Status::Spam, 2),
            (Status::InProgress, 3),
            (Status::InReview, 1),
            (Status::New, 1),
        ]
    } else if age_days > 14 {
        &[
            (Status::Closed, 40),
            (Status::Responded, 30),
            (Status::InProgress, 15),
            (Status::InReview, 10),
            (Status::New, 5),
        ]
    } else {
        &[
            (Status::New, 45),
            (Status::InReview, 25),
            (Status::InProgress, 15),
            (Status::Responded, 10),
            (Status::Closed, 5),
        ]
    };
    *weighted(rng, table)
}

struct Row {
    reference: String,
    token_hash: Vec<u8>,
    kind: Kind,
    topic: Topic,
    practice_id: Option<i64>,
    practice_unsure: bool,
    message: String,
    name: Option<String>,
    email: Option<String>,
    contact_consent: bool,
    publish_consent: bool,
    language: &'static str,
    channel: Channel,
    status: Status,
    priority: Priority,
    created_at: DateTime<Utc>,
    first_reply_at: Option<DateTime<Utc>>,
    first_reply_days: Option<i32>,
    safeguarding: Option<DateTime<Utc>>,
    quote: Option<(String, DateTime<Utc>)>,
    themes: Vec<&'static str>,
}

fn row(rng: &mut StdRng, n: u64, now: DateTime<Utc>, practices: &[i64]) -> Row {
    let created_at = received(rng, now);
    let age = (now - created_at).num_days();
    let topic = *weighted(rng, &TOPIC_WEIGHTS);
    let kind = if rng.random_bool(0.3) {
        Kind::Idea
    } else {
        Kind::Feedback
    };
    let (language, channel) = match rng.random_range(0..100) {
        0..62 => (
            "en",
            *weighted(
                rng,
                &[
                    (Channel::Web, 85),
                    (Channel::Phone, 7),
                    (Channel::Paper, 3),
                    (Channel::InPerson, 5),
                ],
            ),
        ),
        62..94 => (
            "bn",
            *weighted(
                rng,
                &[
                    (Channel::Web, 70),
                    (Channel::Phone, 12),
                    (Channel::Paper, 6),
                    (Channel::InPerson, 12),
                ],
            ),
        ),
        _ => (
            INTERPRETED[rng.random_range(0..INTERPRETED.len())],
            Channel::Interpreter,
        ),
    };
    let message = if language == "bn" {
        BENGALI[rng.random_range(0..BENGALI.len())].to_owned()
    } else {
        ENGLISH[rng.random_range(0..ENGLISH.len())].to_owned()
    };
    let (practice_id, practice_unsure) = match rng.random_range(0..100) {
        0..88 if !practices.is_empty() => {
            (Some(practices[rng.random_range(0..practices.len())]), false)
        }
        88..96 => (None, false),
        _ => (None, true),
    };
    let status = status(rng, age);
    let replied = matches!(status, Status::Responded | Status::Closed) && rng.random_bool(0.9);
    let (first_reply_at, first_reply_days) = if replied {
        let days = *weighted(
            rng,
            &[
                (1, 10),
                (2, 14),
                (3, 14),
                (4, 12),
                (5, 10),
                (6, 8),
                (7, 7),
                (8, 6),
                (9, 5),
                (10, 4),
                (12, 4),
                (15, 3),
                (20, 2),
                (25, 1),
            ],
        );
        let at = (created_at + Duration::days(i64::from(days) * 7 / 5 + 1)).min(now);
        let working = crate::domain::working_days(
            crate::domain::london_date(created_at),
            crate::domain::london_date(at),
        );
        (Some(at), Some(working as i32))
    } else {
        (None, None)
    };
    let safeguarding = rng
        .random_bool(0.004)
        .then(|| created_at + Duration::hours(3));
    let priority = if safeguarding.is_some() || rng.random_bool(0.015) {
        Priority::Urgent
    } else if rng.random_bool(0.1) {
        Priority::High
    } else {
        Priority::Normal
    };
    let contact = rng.random_bool(0.4);
    let publish_consent = rng.random_bool(0.35);
    let quote = (publish_consent && replied && language != "bn" && rng.random_bool(0.03))
        .then(|| (message.clone(), first_reply_at.unwrap_or(created_at)));
    let theme_list = themes_for(topic);
    let mut themes = Vec::new();
    if status != Status::New && rng.random_bool(0.65) {
        themes.push(theme_list[rng.random_range(0..theme_list.len())]);
        if rng.random_bool(0.25) {
            let other = theme_list[rng.random_range(0..theme_list.len())];
            if !themes.contains(&other) {
                themes.push(other);
            }
        }
    }
    Row {
        reference: Reference::from_random(rng.random()).as_str().to_owned(),
        token_hash: rng.random::<[u8; 32]>().to_vec(),
        kind,
        topic,
        practice_id,
        practice_unsure,
        message,
        name: contact.then(|| format!("Sample Resident {n}")),
        email: contact.then(|| format!("sample.resident.{n}@example.org")),
        contact_consent: contact,
        publish_consent,
        language,
        channel,
        status,
        priority,
        created_at,
        first_reply_at,
        first_reply_days,
        safeguarding,
        quote,
        themes,
    }
}

/// The fictional member of staff the sample flags and quotes are attributed to. Inactive,
/// with no password: nobody can sign in as it.
async fn sample_staff(db: &Database) -> Result<i64, sqlx::Error> {
    const EMAIL: &str = "sample.staff@example.org";
    let found: Option<(i64,)> = db::query("SELECT id FROM staff WHERE email = $1")
        .bind(EMAIL)
        .fetch_optional(db)
        .await?;
    if let Some((id,)) = found {
        return Ok(id);
    }
    let (id,): (i64,) = db::query(
        "INSERT INTO staff (email, name, role, active, created_at) VALUES ($1, 'Sample Staff Member', 'staff', FALSE, $2) RETURNING id")
        .bind(EMAIL).bind(Utc::now()).fetch_one(db).await?;
    Ok(id)
}

/// How many submissions there are now; the command refuses to mix sample data into a real
/// database unless told to add to it.
pub async fn existing(db: &Database) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = db::query("SELECT COUNT(*) FROM submissions")
        .fetch_one(db)
        .await?;
    Ok(n)
}

/// Inserts `count` sample submissions; `seed` makes the data the same every time.
pub async fn generate(db: &Database, count: u64, seed: u64) -> Result<u64, sqlx::Error> {
    let mut rng = StdRng::seed_from_u64(seed);
    let now = Utc::now();
    let staff = sample_staff(db).await?;
    let practices: Vec<(i64,)> = db::query("SELECT id FROM practices WHERE active ORDER BY id")
        .fetch_all(db)
        .await?;
    let practices: Vec<i64> = practices.into_iter().map(|(id,)| id).collect();
    // The demonstration's themes are on the kept list, so the insights count them.
    for topic in Topic::ALL {
        for theme in themes_for(*topic) {
            db::query("INSERT INTO themes (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                .bind(*theme)
                .execute(db)
                .await?;
        }
    }
    let start = existing(db).await? as u64;
    let mut inserted = 0u64;
    const STATEMENT: u64 = 500;
    const TRANSACTION: u64 = 10_000;
    while inserted < count {
        let batch = (count - inserted).min(TRANSACTION);
        let mut tx = db.begin().await?;
        if db.backend() == Backend::Sqlite {
            // Random references and token hashes land all over their indexes: a large page
            // cache for this connection saves most of the reads and writes of a big seed.
            db::query("PRAGMA cache_size = -262144")
                .execute(&mut tx)
                .await?;
        }
        crate::submissions::open_batch(&mut tx).await?;
        let mut done = 0;
        while done < batch {
            let size = (batch - done).min(STATEMENT);
            let rows: Vec<Row> = (0..size)
                .map(|i| row(&mut rng, start + inserted + done + i + 1, now, &practices))
                .collect();
            insert(&mut tx, &rows, staff).await?;
            done += size;
        }
        crate::submissions::close_batch(&mut tx).await?;
        tx.commit().await?;
        inserted += batch;
    }
    you_said_samples(db, staff).await?;
    Ok(inserted)
}

async fn insert(tx: &mut crate::db::Tx, rows: &[Row], staff: i64) -> Result<(), sqlx::Error> {
    let (list, args) = db::values(
        tx.backend(),
        rows.iter().map(|r| {
            vec![
                r.reference.clone().into_arg(),
                r.token_hash.clone().into_arg(),
                r.kind.into_arg(),
                r.topic.into_arg(),
                r.practice_id.into_arg(),
                r.practice_unsure.into_arg(),
                r.message.clone().into_arg(),
                r.name.clone().into_arg(),
                r.email.clone().into_arg(),
                r.contact_consent.into_arg(),
                r.publish_consent.into_arg(),
                r.language.into_arg(),
                r.channel.into_arg(),
                r.status.into_arg(),
                r.priority.into_arg(),
                r.created_at.into_arg(),
                r.first_reply_at.unwrap_or(r.created_at).into_arg(),
                r.first_reply_at.into_arg(),
                r.first_reply_days.into_arg(),
                r.safeguarding
                    .map(|_| "Sample concern, recorded for demonstration.")
                    .into_arg(),
                r.safeguarding.map(|_| staff).into_arg(),
                r.safeguarding.into_arg(),
                r.quote.as_ref().map(|(q, _)| q.clone()).into_arg(),
                r.quote.as_ref().map(|_| staff).into_arg(),
                r.quote.as_ref().map(|(_, at)| *at).into_arg(),
            ]
        }),
    );
    let sql = format!(
        "INSERT INTO submissions (reference, token_hash, kind, topic, practice_id, practice_unsure, message, \
         contact_name, contact_email, contact_consent, publish_consent, language, channel, status, priority, \
         created_at, updated_at, first_reply_at, first_reply_days, safeguarding_reason, safeguarding_by, \
         safeguarding_at, quote, quote_approved_by, quote_approved_at) {list} \
         ON CONFLICT (reference) DO NOTHING RETURNING id, reference"
    );
    let ids: Vec<(i64, String)> = db::query(sql).bind_all(args).fetch_all(&mut *tx).await?;
    let by_reference: std::collections::HashMap<&str, &Row> =
        rows.iter().map(|r| (r.reference.as_str(), r)).collect();
    let themes: Vec<(i64, &str)> = ids
        .iter()
        .filter_map(|(id, reference)| by_reference.get(reference.as_str()).map(|r| (*id, r)))
        .flat_map(|(id, r)| r.themes.iter().map(move |t| (id, *t)))
        .collect();
    if themes.is_empty() {
        return Ok(());
    }
    let (list, args) = db::values(
        tx.backend(),
        themes
            .iter()
            .map(|(id, theme)| vec![id.into_arg(), (*theme).into_arg()]),
    );
    db::query(format!(
        "INSERT INTO submission_themes (submission_id, theme) {list}"
    ))
    .bind_all(args)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A few published changes, in both languages where translated.
async fn you_said_samples(db: &Database, staff: i64) -> Result<(), sqlx::Error> {
    let (n,): (i64,) = db::query("SELECT COUNT(*) FROM you_said_we_did")
        .fetch_one(db)
        .await?;
    if n > 0 {
        return Ok(());
    }
    let today = Utc::now().date_naive();
    /// What residents said, what was done (English, then Bengali where given), days ago.
    type Sample<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, i64);
    let samples: [Sample; 4] = [
        (
            "Walking groups only met on weekdays, when many of you are at work.",
            "From March, the canal walking group also meets on Saturday mornings.",
            Some("কাজের কারণে অনেকেই সপ্তাহের দিনে হাঁটার দলে যোগ দিতে পারেন না।"),
            Some("মার্চ থেকে খালপাড়ের হাঁটার দল শনিবার সকালেও মিলিত হয়।"),
            30,
        ),
        (
            "Benefit forms are long and hard to fill in alone.",
            "Social prescribers now run a weekly form-filling session at the library, with Bengali speakers.",
            None,
            None,
            75,
        ),
        (
            "You waited too long to hear back about energy bills.",
            "Money and debt questions now go straight to a dedicated adviser, who replies within five working days.",
            Some("বিদ্যুৎ বিল নিয়ে উত্তর পেতে অনেক দেরি হয়েছে।"),
            Some("টাকা ও ঋণ সংক্রান্ত প্রশ্ন এখন সরাসরি একজন উপদেষ্টার কাছে যায়, যিনি পাঁচ কার্যদিবসের মধ্যে উত্তর দেন।"),
            140,
        ),
        (
            "Carers told us they rarely get a break.",
            "We funded a monthly carers' afternoon with a sitting service, run with a local carers' group.",
            None,
            None,
            260,
        ),
    ];
    for (said_en, did_en, said_bn, did_bn, ago) in samples {
        let date: NaiveDate = today - Duration::days(ago);
        db::query(
            "INSERT INTO you_said_we_did (said_en, did_en, said_bn, did_bn, action_date, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(said_en).bind(did_en).bind(said_bn).bind(did_bn).bind(date).bind(staff).bind(Utc::now())
            .execute(db).await?;
    }
    Ok(())
}
