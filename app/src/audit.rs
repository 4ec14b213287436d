//! The audit log: every view of a submission's personal data, every change, sign-in, failed
//! sign-in and export, with who, what and when. The application only ever inserts rows.

use crate::db::{self, Database, Tx};
use chrono::{DateTime, Utc};

/// Who did something: a signed-in member of staff, or the system itself (`None`).
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub id: Option<i64>,
    pub email: Option<String>,
}

/// Everything the audit log records, one name each. The stored text is the slug, which the
/// audit page filters on and reports read, so a slug never changes once shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    // Sign-in and accounts.
    SignIn,
    SignInFailed,
    SignInLocked,
    SignOut,
    PasswordSet,
    PasswordResetRequested,
    AccountCreated,
    AccountInvited,
    AccountRoleChanged,
    AccountEnabled,
    AccountDisabled,
    TwoFactorFailed,
    TwoFactorEnabled,
    TwoFactorReset,
    RecoveryCodesReplaced,
    SessionsEnded,
    // Admin settings.
    PracticeAdded,
    PracticeActiveChanged,
    NetworkAdded,
    TopicActiveChanged,
    ThemeAdded,
    ThemeRenamed,
    ThemesMerged,
    ThemeStateChanged,
    RoutingRuleAdded,
    RoutingRuleChanged,
    OutboxRetried,
    AuditViewed,
    // Triage.
    InboxViewed,
    SubmissionViewed,
    SubmissionUpdated,
    ThemesSet,
    NoteAdded,
    ReplyPublished,
    SafeguardingFlagged,
    QuoteApproved,
    QuoteWithdrawn,
    AssistedSubmissionRecorded,
    // Insights and "you said, we did".
    InsightsExported,
    SubmissionsExported,
    YouSaidPublished,
    YouSaidRemoved,
    // Privacy.
    SubjectAccessExport,
    SubmissionErased,
    RetentionRun,
    UrgentSeen,
    UrgentEscalated,
    PersonSearched,
    PersonExported,
    PersonErased,
    DuplicateLinked,
    DuplicateUnlinked,
    DigestSent,
    StaffPracticesChanged,
    ReplyEdited,
    ReplyWithdrawn,
    ReplyTemplateAdded,
    ReplyTemplateChanged,
    // The resident's side of the conversation.
    ResidentAdded,
    TrackingLinkSent,
}

impl AuditAction {
    pub fn slug(self) -> &'static str {
        use AuditAction::*;
        match self {
            SignIn => "sign-in",
            SignInFailed => "sign-in-failed",
            SignInLocked => "sign-in-locked",
            SignOut => "sign-out",
            PasswordSet => "password-set",
            PasswordResetRequested => "password-reset-requested",
            AccountCreated => "account-created",
            AccountInvited => "account-invited",
            AccountRoleChanged => "account-role-changed",
            AccountEnabled => "account-enabled",
            AccountDisabled => "account-disabled",
            TwoFactorFailed => "two-factor-failed",
            TwoFactorEnabled => "two-factor-enabled",
            TwoFactorReset => "two-factor-reset",
            RecoveryCodesReplaced => "recovery-codes-replaced",
            SessionsEnded => "sessions-ended",
            PracticeAdded => "practice-added",
            PracticeActiveChanged => "practice-active-changed",
            NetworkAdded => "network-added",
            TopicActiveChanged => "topic-active-changed",
            ThemeAdded => "theme-added",
            ThemeRenamed => "theme-renamed",
            ThemesMerged => "themes-merged",
            ThemeStateChanged => "theme-state-changed",
            RoutingRuleAdded => "routing-rule-added",
            RoutingRuleChanged => "routing-rule-changed",
            OutboxRetried => "outbox-retried",
            AuditViewed => "audit-viewed",
            InboxViewed => "inbox-viewed",
            SubmissionViewed => "submission-viewed",
            SubmissionUpdated => "submission-updated",
            ThemesSet => "themes-set",
            NoteAdded => "note-added",
            ReplyPublished => "reply-published",
            SafeguardingFlagged => "safeguarding-flagged",
            QuoteApproved => "quote-approved",
            QuoteWithdrawn => "quote-withdrawn",
            AssistedSubmissionRecorded => "assisted-submission-recorded",
            InsightsExported => "insights-exported",
            SubmissionsExported => "submissions-exported",
            YouSaidPublished => "you-said-published",
            YouSaidRemoved => "you-said-removed",
            SubjectAccessExport => "subject-access-export",
            SubmissionErased => "submission-erased",
            RetentionRun => "retention-run",
            UrgentSeen => "urgent-seen",
            UrgentEscalated => "urgent-escalated",
            PersonSearched => "person-searched",
            PersonExported => "person-exported",
            PersonErased => "person-erased",
            DuplicateLinked => "duplicate-linked",
            DuplicateUnlinked => "duplicate-unlinked",
            DigestSent => "digest-sent",
            StaffPracticesChanged => "staff-practices-changed",
            ReplyEdited => "reply-edited",
            ReplyWithdrawn => "reply-withdrawn",
            ReplyTemplateAdded => "reply-template-added",
            ReplyTemplateChanged => "reply-template-changed",
            ResidentAdded => "resident-added",
            TrackingLinkSent => "tracking-link-sent",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

const INSERT: &str =
    "INSERT INTO audit_log (at, actor_id, actor_email, action, reference, detail) VALUES ($1, $2, $3, $4, $5, $6)";

/// Records an event outside any other transaction.
pub async fn record(
    db: &Database,
    actor: &Actor,
    action: AuditAction,
    reference: Option<&str>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    db::query(INSERT)
        .bind(Utc::now())
        .bind(actor.id)
        .bind(&actor.email)
        .bind(action.slug())
        .bind(reference)
        .bind(detail)
        .execute(db)
        .await?;
    Ok(())
}

/// Records an event as part of the change it describes: both commit or neither does.
pub async fn record_in(
    tx: &mut Tx,
    actor: &Actor,
    action: AuditAction,
    reference: Option<&str>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    db::query(INSERT)
        .bind(Utc::now())
        .bind(actor.id)
        .bind(&actor.email)
        .bind(action.slug())
        .bind(reference)
        .bind(detail)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub actor_email: Option<String>,
    pub action: String,
    pub reference: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    pub action: String,
    pub actor: String,
    pub reference: String,
    pub page: Option<u32>,
}

pub const PAGE_SIZE: i64 = 100;

/// Newest first, filtered by action, actor e-mail and reference.
pub async fn list(db: &Database, filter: &Filter) -> Result<Vec<Entry>, sqlx::Error> {
    const SQL: &str = "SELECT at, actor_email, action, reference, detail FROM audit_log \
        WHERE ($1 = '' OR action = $1) AND ($2 = '' OR actor_email = $2) AND ($3 = '' OR reference = $3) \
        ORDER BY id DESC LIMIT $4 OFFSET $5";
    let offset = i64::from(filter.page.unwrap_or(1).max(1) - 1) * PAGE_SIZE;
    let reference = crate::domain::Reference::parse(&filter.reference)
        .map(|r| r.as_str().to_owned())
        .unwrap_or_else(|_| filter.reference.trim().to_owned());
    db::query(SQL)
        .bind(filter.action.trim())
        .bind(filter.actor.trim().to_lowercase())
        .bind(reference)
        .bind(PAGE_SIZE)
        .bind(offset)
        .fetch_all(db)
        .await
}
