//! The staff workspace's finding and timing: the inbox search by reference, name, email,
//! phone and words (of messages, notes and replies), the count of matches, the orders, and
//! the reply due date with its overdue filter.

use chrono::{Duration, Utc};
use portal_tests::{on_both_databases, Browser, Page, TestApp};

/// The references in an inbox page's rows, in order, without their dash.
fn listed(page: &Page) -> Vec<String> {
    page.texts("table.inbox tbody tr td:first-child a")
        .iter()
        .map(|r| r.replace('-', ""))
        .collect()
}

async fn search(staff: &Browser, q: &str) -> Page {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", q)
        .finish();
    let page = staff.get_page(&format!("/staff?{query}")).await;
    assert_eq!(page.status, 200, "searching {q:?}");
    page
}

/// Moves a submission's received time back by `days`, as if it had come in then.
async fn received_days_ago(app: &TestApp, reference: &str, days: i64) {
    app::db::query("UPDATE submissions SET created_at = $1 WHERE reference = $2")
        .bind(Utc::now() - Duration::days(days))
        .bind(reference)
        .execute(&app.db)
        .await
        .unwrap();
}

async fn a_reference_read_out_on_the_phone_finds_its_submission_however_it_is_typed(app: TestApp) {
    let wanted = app.send_feedback(&[]).await;
    let other = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    let (head, tail) = wanted.split_at(5);
    for typed in [
        wanted.clone(),
        format!("{head}-{tail}"),
        format!(" {}-{} ", head.to_lowercase(), tail.to_lowercase()),
        wanted.to_lowercase(),
    ] {
        let page = search(&staff, &typed).await;
        assert_eq!(listed(&page), [wanted.as_str()], "{typed:?}");
        assert_eq!(page.text("#inbox-count"), "1 submission matches");
    }
    assert!(!listed(&search(&staff, &wanted).await).contains(&other));
    let detail: (String,) = app::db::query(
        "SELECT detail FROM audit_log WHERE action = 'inbox-viewed' ORDER BY id DESC",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(
        detail.0.starts_with(&format!("reference search {wanted}")),
        "a reference search is audited with its reference: {}",
        detail.0
    );
}

async fn a_resident_is_found_by_name_email_or_phone_and_the_audit_keeps_no_contact_details(
    app: TestApp,
) {
    let wanted = app
        .send_feedback(&[
            ("name", "Sample Qzresident"),
            ("email", "Sample.Qzresident@Example.org"),
            ("phone", "07700 900123"),
            ("contact_consent", "yes"),
        ])
        .await;
    app.send_feedback(&[
        ("name", "Another Sample"),
        ("email", "another.sample@example.org"),
        ("phone", "07700 900456"),
        ("contact_consent", "yes"),
    ])
    .await;
    let staff = app.staff().await;
    for typed in [
        "qzresident",
        "Sample Qzresident",
        "sample.qzresident@example.org",
        "SAMPLE.QZRESIDENT@EXAMPLE.ORG",
        "07700900123",
        "07700 900 123",
        "+44 7700 900123",
        "+447700900123",
    ] {
        assert_eq!(
            listed(&search(&staff, typed).await),
            [wanted.as_str()],
            "{typed:?}"
        );
    }
    let details: Vec<(String,)> =
        app::db::query("SELECT detail FROM audit_log WHERE action = 'inbox-viewed' ORDER BY id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(details.len(), 8, "each search is in the audit log");
    for (detail,) in &details {
        let lower = detail.to_lowercase();
        for secret in ["qzresident", "7700", "900123"] {
            assert!(!lower.contains(secret), "{secret} in {detail}");
        }
    }
    assert_eq!(
        details
            .iter()
            .filter(|(d,)| d.starts_with("contact search"))
            .count(),
        6,
        "emails and phone numbers are recorded as a contact search"
    );
}

async fn words_of_messages_notes_and_replies_are_found_and_counted(app: TestApp) {
    let by_message = app
        .send_feedback(&[(
            "message",
            "The Qzlift in our block has been broken for weeks.",
        )])
        .await;
    let by_note = app.send_feedback(&[]).await;
    let by_reply = app.send_feedback(&[]).await;
    let bengali = app
        .send_feedback(&[("message", "বিদ্যুৎ বিল নিয়ে কেউ আমাকে ফোন করেনি।")])
        .await;
    let staff = app.staff().await;
    let csrf = staff.csrf_on("/staff").await;
    let note = staff
        .post_form(
            &format!("/staff/submissions/{by_note}/notes"),
            &[
                ("csrf", csrf.clone()),
                ("body", "Qznote: called the housing officer".into()),
            ],
        )
        .await;
    assert_eq!(note.status().as_u16(), 303);
    let reply = staff
        .post_form(
            &format!("/staff/submissions/{by_reply}/reply"),
            &[
                ("csrf", csrf),
                ("body", "We have booked a Qzreply visit.".into()),
            ],
        )
        .await;
    assert_eq!(reply.status().as_u16(), 303);

    assert_eq!(
        listed(&search(&staff, "QZLIFT").await),
        [by_message.as_str()]
    );
    assert_eq!(
        listed(&search(&staff, "qzli").await),
        [by_message.as_str()],
        "the start of a word"
    );
    assert_eq!(
        listed(&search(&staff, "broken qzlift").await),
        [by_message.as_str()]
    );
    assert!(
        listed(&search(&staff, "qzlift nowhere").await).is_empty(),
        "every word must be there"
    );
    assert_eq!(listed(&search(&staff, "qznote").await), [by_note.as_str()]);
    assert_eq!(
        listed(&search(&staff, "Qzreply").await),
        [by_reply.as_str()]
    );
    assert_eq!(listed(&search(&staff, "বিল").await), [bengali.as_str()]);
    let none = search(&staff, "qzwordinnomessage").await;
    assert!(listed(&none).is_empty());
    assert_eq!(none.text("#inbox-count"), "0 submissions match");
    // Search syntax is only text: no error, no match of everything.
    for hostile in [
        "\"",
        "* OR *",
        "' OR 1=1 --",
        "a:* | b",
        "NEAR(x y)",
        "%",
        "((",
    ] {
        let page = search(&staff, hostile).await;
        assert!(listed(&page).len() <= 4, "{hostile:?}");
    }
    assert_eq!(
        search(&staff, "").await.text("#inbox-count"),
        "4 submissions match"
    );
}

async fn an_erased_message_is_no_longer_found_by_its_words(app: TestApp) {
    let reference = app
        .send_feedback(&[("message", "Qzerase: my neighbour's damp is coming through.")])
        .await;
    let staff = app.staff().await;
    assert_eq!(
        listed(&search(&staff, "qzerase").await),
        [reference.as_str()]
    );
    let admin = app.admin().await;
    let csrf = admin.csrf_on("/admin/erase").await;
    let erased = admin
        .post_form(
            "/admin/erase",
            &[
                ("csrf", csrf),
                ("reference", reference.clone()),
                ("confirm", "yes".into()),
            ],
        )
        .await;
    assert_eq!(erased.status().as_u16(), 303, "erased");
    assert_eq!(app.count_submissions().await, 0);
    assert!(listed(&search(&staff, "qzerase").await).is_empty());
}

async fn commissioners_cannot_search_the_inbox(app: TestApp) {
    app.send_feedback(&[]).await;
    let commissioner = app.commissioner().await;
    assert_eq!(
        commissioner.get("/staff?q=damp").await.status().as_u16(),
        403
    );
}

async fn the_inbox_orders_by_newest_oldest_or_reply_due(app: TestApp) {
    let old = app.send_feedback(&[]).await;
    let middle = app.send_feedback(&[]).await;
    let recent = app.send_feedback(&[]).await;
    let closed = app.send_feedback(&[]).await;
    received_days_ago(&app, &old, 20).await;
    received_days_ago(&app, &middle, 10).await;
    received_days_ago(&app, &recent, 1).await;
    received_days_ago(&app, &closed, 30).await;
    app::db::query("UPDATE submissions SET status = 'closed' WHERE reference = $1")
        .bind(closed.as_str())
        .execute(&app.db)
        .await
        .unwrap();
    let staff = app.staff().await;
    let order = |sort: &'static str| {
        let staff = &staff;
        async move { listed(&staff.get_page(&format!("/staff?sort={sort}")).await) }
    };
    assert_eq!(
        order("newest").await,
        [&recent, &middle, &old, &closed].map(String::clone)
    );
    assert_eq!(
        listed(&staff.get_page("/staff").await),
        order("newest").await
    );
    assert_eq!(
        order("oldest").await,
        [&closed, &old, &middle, &recent].map(String::clone)
    );
    assert_eq!(
        order("due").await,
        [&old, &middle, &recent, &closed].map(String::clone),
        "open items by due date, then the answered ones"
    );
    assert_eq!(staff.get("/staff?sort=random").await.status().as_u16(), 422);
}

/// A word in more messages than the count goes to is read along the inbox's order rather
/// than from its matches (`triage::list::Words`): the pages must be the same either way.
async fn a_word_in_over_a_thousand_messages_lists_the_same_pages_in_every_order(app: TestApp) {
    app::demo::generate(&app.db, 1_200, 7).await.unwrap();
    // Every message gets the word, and one in three another, so each search's rows can be
    // checked against the inbox's own order without a search.
    app::db::query(
        "UPDATE submissions SET message = message || CASE WHEN id % 3 = 0 THEN ' lantern kettle' ELSE ' lantern' END",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let staff = app.staff().await;
    for sort in ["newest", "oldest", "due"] {
        for page in [1, 2, 48] {
            let everything = staff
                .get_page(&format!("/staff?sort={sort}&page={page}"))
                .await;
            let searched = staff
                .get_page(&format!("/staff?q=lantern&sort={sort}&page={page}"))
                .await;
            assert_eq!(searched.status, 200);
            assert!(!listed(&searched).is_empty(), "{sort} page {page}");
            assert_eq!(listed(&searched), listed(&everything), "{sort} page {page}");
            assert_eq!(
                searched.text("#inbox-count"),
                everything.text("#inbox-count")
            );
        }
    }
    // A narrower search within it: only the rows with both words, in order.
    let both = staff.get_page("/staff?q=lantern+kettle&sort=oldest").await;
    let rows = listed(&both);
    assert_eq!(rows.len(), 25);
    let expected: Vec<String> = app::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT reference FROM submissions WHERE id % 3 = 0 ORDER BY created_at, id LIMIT 25")
        .fetch_all(pool).await.unwrap());
    assert_eq!(rows, expected);
}

async fn open_items_show_their_reply_date_and_overdue_ones_can_be_listed_alone(app: TestApp) {
    let overdue = app.send_feedback(&[]).await;
    let answered_late = app.send_feedback(&[]).await;
    let on_time = app.send_feedback(&[]).await;
    // Thirty days is more than ten working days whatever the holidays.
    received_days_ago(&app, &overdue, 30).await;
    received_days_ago(&app, &answered_late, 30).await;
    app::db::query("UPDATE submissions SET status = 'responded' WHERE reference = $1")
        .bind(answered_late.as_str())
        .execute(&app.db)
        .await
        .unwrap();
    let staff = app.staff().await;
    let page = staff.get_page("/staff").await;
    let due: Vec<String> = page.texts("table.inbox tbody tr td.inbox__due");
    let rows = listed(&page);
    let due_of = |reference: &str| due[rows.iter().position(|r| r == reference).unwrap()].clone();
    assert!(due_of(&overdue).starts_with("Overdue: was due "), "{due:?}");
    assert!(due_of(&on_time).starts_with("Due "), "{due:?}");
    assert_eq!(due_of(&answered_late), "", "an answered item owes no reply");
    let only = staff.get_page("/staff?overdue=yes").await;
    assert_eq!(listed(&only), [overdue.as_str()]);
    assert_eq!(only.text("#inbox-count"), "1 submission matches");
    assert_eq!(
        staff.get("/staff?overdue=perhaps").await.status().as_u16(),
        422
    );
    staff.get("/language/bn?next=/staff").await;
    let in_bengali = staff.get_page("/staff?overdue=yes").await;
    assert!(
        in_bengali.texts("td.inbox__due")[0].starts_with("সময় পেরিয়ে গেছে"),
        "in Bengali too"
    );
}

/// The previous and next links of an item page, as references without their dash.
fn neighbours(page: &Page) -> (Option<String>, Option<String>) {
    let reference = |id: &str| {
        page.attr(id, "href").map(|href| {
            href.trim_start_matches("/staff/submissions/")
                .split('?')
                .next()
                .unwrap()
                .to_owned()
        })
    };
    (reference("#item-previous"), reference("#item-next"))
}

async fn an_item_opened_from_a_filtered_inbox_links_to_its_neighbours_in_that_list(app: TestApp) {
    let mut housing = Vec::new();
    for days in [9, 7, 5, 3] {
        let reference = app.send_feedback(&[("topic", "housing")]).await;
        received_days_ago(&app, &reference, days).await;
        housing.push(reference);
    }
    let benefits = app.send_feedback(&[("topic", "benefits")]).await;
    received_days_ago(&app, &benefits, 6).await;
    let staff = app.staff().await;
    for (sort, expected) in [
        (
            "newest",
            [&housing[3], &housing[2], &housing[1], &housing[0]],
        ),
        (
            "oldest",
            [&housing[0], &housing[1], &housing[2], &housing[3]],
        ),
        ("due", [&housing[0], &housing[1], &housing[2], &housing[3]]),
    ] {
        let inbox = staff
            .get_page(&format!("/staff?topic=housing&sort={sort}"))
            .await;
        assert_eq!(listed(&inbox), expected.map(String::clone), "{sort}");
        let link = inbox
            .attr("table.inbox tbody tr:nth-child(2) td:first-child a", "href")
            .unwrap();
        let item = staff.get_page(&link).await;
        assert_eq!(
            neighbours(&item),
            (Some(expected[0].clone()), Some(expected[2].clone())),
            "{sort}: the benefits item is not in this list"
        );
        assert_eq!(
            item.attr(".item-nav .back-link", "href").unwrap(),
            format!("/staff?topic=housing&sort={sort}")
        );
        // Following "next" keeps to the same list, to its end.
        let own = |page: &Page| page.text("h1").rsplit(' ').next().unwrap().replace('-', "");
        let mut page = item;
        let mut seen = vec![own(&page)];
        while let Some(href) = page.attr("#item-next", "href") {
            page = staff.get_page(&href).await;
            seen.push(own(&page));
        }
        assert_eq!(
            seen,
            expected[1..]
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>(),
            "{sort}"
        );
    }
    // A closed item comes after the open ones when ordered by due date.
    app::db::query("UPDATE submissions SET status = 'closed' WHERE reference = $1")
        .bind(housing[0].as_str())
        .execute(&app.db)
        .await
        .unwrap();
    let inbox = staff.get_page("/staff?topic=housing&sort=due").await;
    assert_eq!(
        listed(&inbox),
        [&housing[1], &housing[2], &housing[3], &housing[0]].map(String::clone)
    );
    let last_open = inbox
        .attr("table.inbox tbody tr:nth-child(3) td:first-child a", "href")
        .unwrap();
    let page = staff.get_page(&last_open).await;
    assert_eq!(
        neighbours(&page),
        (Some(housing[2].clone()), Some(housing[0].clone()))
    );
    let closed = staff
        .get_page(
            &inbox
                .attr("table.inbox tbody tr:nth-child(4) td:first-child a", "href")
                .unwrap(),
        )
        .await;
    assert_eq!(neighbours(&closed), (Some(housing[3].clone()), None));
}

on_both_databases!(
    a_word_in_over_a_thousand_messages_lists_the_same_pages_in_every_order,
    an_item_opened_from_a_filtered_inbox_links_to_its_neighbours_in_that_list,
    a_reference_read_out_on_the_phone_finds_its_submission_however_it_is_typed,
    a_resident_is_found_by_name_email_or_phone_and_the_audit_keeps_no_contact_details,
    words_of_messages_notes_and_replies_are_found_and_counted,
    an_erased_message_is_no_longer_found_by_its_words,
    commissioners_cannot_search_the_inbox,
    the_inbox_orders_by_newest_oldest_or_reply_due,
    open_items_show_their_reply_date_and_overdue_ones_can_be_listed_alone,
);
