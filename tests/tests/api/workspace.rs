//! The staff workspace: owning items (assignment emails) and acting on many at once.

use app::staff::accounts::Role;
use portal_tests::{on_both_databases, spawn_app_with, SmtpServer, TestApp, PASSWORD};

async fn with_smtp(app: TestApp, smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    spawn_app_with(app.backend, move |s| s.smtp_url = Some(url.into())).await
}

async fn assigning_an_item_emails_the_assignee_its_reference_topic_due_date_and_link_only(
    app: TestApp,
) {
    let smtp = SmtpServer::start().await;
    let app = with_smtp(app, &smtp).await;
    let marker = "Qzassign words that stay in the portal";
    let reference = app
        .send_feedback(&[("message", marker), ("topic", "benefits")])
        .await;
    let colleague = app
        .create_staff("colleague@example.org", Role::Staff, PASSWORD)
        .await;
    let staff = app.staff().await;
    let me = app::staff::accounts::find_by_email(&app.db, "staff@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let csrf = staff.csrf_on("/staff").await;
    let assign = |to: i64| {
        let staff = &staff;
        let csrf = csrf.clone();
        let reference = reference.clone();
        async move {
            let response = staff
                .post_form(
                    &format!("/staff/submissions/{reference}/update"),
                    &[
                        ("csrf", csrf),
                        ("status", "in-review".into()),
                        ("priority", "normal".into()),
                        ("assignee", to.to_string()),
                    ],
                )
                .await;
            assert_eq!(response.status().as_u16(), 303);
        }
    };
    assign(colleague).await;
    // Saving again with the same assignee, and taking it yourself, tell nobody.
    assign(colleague).await;
    assign(me).await;
    app.dispatch_all_pending_emails().await;

    let to_colleague: Vec<_> = smtp
        .received()
        .into_iter()
        .filter(|e| e.recipients.contains(&"colleague@example.org".to_owned()))
        .collect();
    assert_eq!(to_colleague.len(), 1, "one assignment email");
    let email = &to_colleague[0];
    let (head, tail) = reference.split_at(5);
    let dashed = format!("{head}-{tail}");
    assert!(email.subject.contains(&dashed), "{}", email.subject);
    assert!(email.subject.contains("Benefits"), "{}", email.subject);
    assert!(email.text.contains("Reply due by"), "{}", email.text);
    assert!(
        email
            .text
            .contains(&format!("/staff/submissions/{reference}")),
        "a link to the item"
    );
    assert!(!email.text.contains("Qzassign") && !email.html.contains("Qzassign"));
    assert!(
        !smtp
            .received()
            .iter()
            .any(|e| e.recipients.contains(&"staff@example.org".to_owned())),
        "nobody is emailed about taking an item themselves"
    );
}

async fn an_urgent_item_says_why_at_the_top_with_the_phrase_highlighted(app: TestApp) {
    let urgent = app
        .send_feedback(&[("message", "Some days I just want to END IT ALL, honestly.")])
        .await;
    let ordinary = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    let page = staff
        .get_page(&format!("/staff/submissions/{urgent}"))
        .await;
    assert!(
        page.text("#urgent-banner").contains("“end it all”"),
        "{}",
        page.text("#urgent-banner")
    );
    assert_eq!(page.text(".resident-text mark"), "END IT ALL");
    assert!(page.texts("h2").contains(&"Message".to_owned()));
    let page = staff
        .get_page(&format!("/staff/submissions/{ordinary}"))
        .await;
    assert!(!page.has("#urgent-banner"));
    assert!(!page.has(".resident-text mark"));
}

on_both_databases!(
    an_urgent_item_says_why_at_the_top_with_the_phrase_highlighted,
    assigning_an_item_emails_the_assignee_its_reference_topic_due_date_and_link_only,
);
