//! Typed settings. Each has a safe default that runs the whole portal on one machine with
//! nothing else installed; each can be set by a `PORTAL_…` environment variable or a flag.
//! `portal --help` lists them all.
//!
//! Longer than the usual 450 lines on purpose: every setting is declared once here, with its
//! flag, variable, default and help text, so `portal --help`, the defaults and the checks cannot
//! drift apart; its tests sit at the end.

use clap::{Args, Parser, Subcommand, ValueEnum};
use secrecy::{ExposeSecret, SecretString};
use std::{net::SocketAddr, time::Duration};

#[derive(Debug, Parser)]
#[command(
    name = "portal",
    version,
    about = "Have your say: the resident feedback portal for social prescribing in Tower Hamlets",
    long_about = "Have your say: the resident feedback portal for social prescribing in Tower Hamlets.\n\n\
        With no subcommand it serves the site. Every setting can be given as a flag or as the \
        PORTAL_… environment variable shown beside it."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Manage staff accounts from the command line (the first admin of a fresh install).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// List emails waiting to be sent or failed, or put failed ones back in the queue.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxAction>,
    },
    /// Run the retention job now (it also runs daily inside `serve`) and print what it did.
    Retention,
    /// Copy the SQLite database to FILE while the portal serves (SQLite's `VACUUM INTO`).
    /// For PostgreSQL use pg_dump (docs/OPERATIONS.md).
    Backup {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Fill the database with fictional submissions over the last two years, for
    /// demonstrations and benchmarks. Never on a live database: no email is sent for them.
    DemoData {
        /// How many submissions to add.
        #[arg(long)]
        submissions: u64,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add to a database that already has submissions (otherwise refused).
        #[arg(long)]
        add: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create an account and print a one-time link (valid 7 days) to set its password.
    Add {
        #[arg(long)]
        email: lettre::Address,
        /// admin, staff or commissioner.
        #[arg(long, value_parser = ["admin", "staff", "commissioner"])]
        role: String,
        /// The name shown to colleagues (default: the part of the email before @).
        #[arg(long)]
        name: Option<String>,
    },
    /// Turn an account's two-factor sign-in off (its phone and recovery codes lost, and no
    /// other admin to reset it): its sessions end, and it sets two-factor up again at its
    /// next sign-in.
    ResetTwoFactor {
        #[arg(long)]
        email: lettre::Address,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// Pending and failed emails, with their last error (the default).
    List,
    /// Queue failed emails again: one by its id, or all of them with --all-failed.
    Retry {
        /// The id shown by `portal outbox list`.
        id: Option<i64>,
        #[arg(long, conflicts_with = "id")]
        all_failed: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines, for development.
    Pretty,
    /// One JSON object per line, for log collectors in production.
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "PORTAL_BIND",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub bind: SocketAddr,

    /// Database: `sqlite://path/to/file.db` (created with its folder) or `postgres://user:password@host/db`.
    #[arg(
        long,
        env = "PORTAL_DATABASE_URL",
        default_value = "sqlite://data/portal.db",
        hide_env_values = true,
        value_parser = parse_secret,
        global = true
    )]
    pub database_url: SecretString,

    /// Most database connections this process holds for reading and writing; on SQLite one
    /// more, the connection its write transactions take turns on.
    #[arg(
        long,
        env = "PORTAL_DATABASE_MAX_CONNECTIONS",
        default_value_t = 8,
        global = true
    )]
    pub database_max_connections: u32,

    /// Seconds a request waits for the database before it is answered "service unavailable".
    #[arg(
        long,
        env = "PORTAL_DATABASE_TIMEOUT_SECS",
        default_value_t = 5,
        global = true
    )]
    pub database_timeout_secs: u64,

    /// The public address of the portal, used for every link in pages and emails
    /// (default: http:// and the bind address).
    #[arg(long, env = "PORTAL_BASE_URL", global = true)]
    pub base_url: Option<url::Url>,

    /// Largest request body accepted, in bytes. A 5,000-character message in Bengali is about 45 KB once form-encoded.
    #[arg(long, env = "PORTAL_MAX_BODY_BYTES", default_value_t = 128 * 1024, global = true)]
    pub max_body_bytes: usize,

    /// Seconds a client has to send a request's headers, and the longest an idle kept-alive
    /// connection stays open: a client that trickles bytes (slowloris) is cut off after it.
    #[arg(
        long,
        env = "PORTAL_HEADER_TIMEOUT_SECS",
        default_value_t = 10,
        global = true
    )]
    pub header_timeout_secs: u64,

    /// Seconds a request may take from its headers to its answer, body upload included.
    #[arg(
        long,
        env = "PORTAL_REQUEST_TIMEOUT_SECS",
        default_value_t = 30,
        global = true
    )]
    pub request_timeout_secs: u64,

    /// Where to serve Prometheus metrics (`/metrics`), e.g. `127.0.0.1:9187`. Unset: none.
    /// A separate address, so the public port never shows them.
    #[arg(long, env = "PORTAL_METRICS_BIND", global = true)]
    pub metrics_bind: Option<std::net::SocketAddr>,

    /// Days after an item is closed before its contact details are removed. Long enough for
    /// a follow-up question or a complaint about the reply; no longer.
    #[arg(
        long,
        env = "PORTAL_RETENTION_CONTACT_DAYS",
        default_value_t = 90,
        global = true
    )]
    pub retention_contact_days: u32,

    /// Months after an item is closed before its message, notes and replies are replaced
    /// with a note (the counts stay). Two years covers the commissioning cycle that uses them.
    #[arg(
        long,
        env = "PORTAL_RETENTION_MESSAGE_MONTHS",
        default_value_t = 24,
        global = true
    )]
    pub retention_message_months: u32,

    /// A feedback form sent back sooner than this many seconds after it was drawn is stopped
    /// with a message (people take longer; scripts do not). 0 switches the check off.
    #[arg(
        long,
        env = "PORTAL_FORM_MIN_SECONDS",
        default_value_t = 3,
        global = true
    )]
    pub form_min_seconds: u64,

    /// The target for a first public reply, in working days (Monday to Friday), shown on the
    /// insights page as the share answered within it. Ten working days is two weeks, the
    /// service's published promise to residents.
    #[arg(
        long,
        env = "PORTAL_REPLY_TARGET_DAYS",
        default_value_t = 10,
        global = true
    )]
    pub reply_target_days: u32,

    /// The service's own telephone number, for residents to ring: a `tel:` link in the footer
    /// of every page and in the urgent-help box. Written as residents should read it, for
    /// example `020 7946 0000`; left out when not set.
    #[arg(
        long,
        env = "PORTAL_SERVICE_PHONE",
        value_parser = parse_service_phone,
        global = true
    )]
    pub service_phone: Option<app::domain::ServicePhone>,

    /// The roles that must sign in with a code from an authenticator app as well as their
    /// password: `true` (admins), `all`, `false`, or a list such as `admin,staff`. Someone
    /// who must and has not set it up is sent to set it up, and can reach nothing else.
    #[arg(
        long,
        env = "PORTAL_REQUIRE_TWO_FACTOR",
        default_value = "true",
        global = true
    )]
    pub require_two_factor: app::staff::two_factor::Requirement,

    /// Seals two-factor secrets in the database. Set it (a long random string, e.g.
    /// `openssl rand -base64 32`) to keep the key out of the database and its backups;
    /// unset, the portal makes one and keeps it with its other site secrets. Changing it
    /// makes every authenticator unreadable (an admin then resets each account's).
    #[arg(long, env = "PORTAL_SECRET_KEY", hide_env_values = true, value_parser = parse_secret, global = true)]
    pub secret_key: Option<SecretString>,

    /// Where email goes: unset writes one .eml file per message to PORTAL_MAIL_DIR;
    /// `smtp://host:25` (a local relay), `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465` (implicit TLS).
    #[arg(long, env = "PORTAL_SMTP_URL", hide_env_values = true, value_parser = parse_secret, global = true)]
    pub smtp_url: Option<SecretString>,

    /// Folder for .eml files when PORTAL_SMTP_URL is not set.
    #[arg(
        long,
        env = "PORTAL_MAIL_DIR",
        default_value = "data/mail",
        global = true
    )]
    pub mail_dir: std::path::PathBuf,

    /// Sends text messages through GOV.UK Notify: the API key Notify issues
    /// (`name-serviceid-secret`). Unset, each text is written as a .txt file to
    /// PORTAL_TEXT_DIR instead.
    #[arg(long, env = "PORTAL_NOTIFY_API_KEY", hide_env_values = true, value_parser = parse_secret, global = true)]
    pub notify_api_key: Option<SecretString>,

    /// The Notify text message template whose whole body is `((body))`.
    #[arg(long, env = "PORTAL_NOTIFY_TEMPLATE_ID", global = true)]
    pub notify_template_id: Option<String>,

    /// Notify's API address (another only for a test double or a proxy).
    #[arg(
        long,
        env = "PORTAL_NOTIFY_BASE_URL",
        default_value = app::notify::sms::NOTIFY_BASE_URL,
        global = true
    )]
    pub notify_base_url: String,

    /// Folder for text messages as .txt files when PORTAL_NOTIFY_API_KEY is not set.
    #[arg(
        long,
        env = "PORTAL_TEXT_DIR",
        default_value = "data/texts",
        global = true
    )]
    pub text_dir: std::path::PathBuf,

    /// Folder of the staff islands' bundle (`scripts/build-islands` writes it). Without one
    /// there, staff pages are served as plain forms.
    #[arg(
        long,
        env = "PORTAL_ISLANDS_DIR",
        default_value = "target/islands",
        global = true
    )]
    pub islands_dir: std::path::PathBuf,

    /// Sender of every email.
    #[arg(
        long,
        env = "PORTAL_MAIL_FROM",
        default_value = "Have your say <no-reply@haveyoursay.invalid>",
        global = true
    )]
    pub mail_from: lettre::message::Mailbox,

    /// The central triage inbox, told about every submission (kept as the default routing rule).
    #[arg(
        long,
        env = "PORTAL_TRIAGE_EMAIL",
        default_value = "triage@example.org",
        global = true
    )]
    pub triage_email: lettre::Address,

    /// Told at once about submissions that look urgent (default: the triage inbox).
    #[arg(long, env = "PORTAL_SAFEGUARDING_EMAIL", global = true)]
    pub safeguarding_email: Option<lettre::Address>,

    /// Put the message text in staff emails. Only where mail is secure end to end.
    #[arg(
        long,
        env = "PORTAL_MAIL_INCLUDE_MESSAGE",
        default_value_t = false,
        global = true
    )]
    pub mail_include_message: bool,

    /// Attempts before an email is marked failed (fewer when the server refuses it outright).
    #[arg(
        long,
        env = "PORTAL_OUTBOX_MAX_ATTEMPTS",
        default_value_t = 12,
        global = true
    )]
    pub outbox_max_attempts: i32,

    /// First retry delay in milliseconds; each later one doubles, up to 30 minutes.
    #[arg(
        long,
        env = "PORTAL_OUTBOX_RETRY_BASE_MS",
        default_value_t = 5000,
        global = true
    )]
    pub outbox_retry_base_ms: u64,

    /// How often the worker looks for due emails, in milliseconds (it is also woken by new submissions).
    #[arg(
        long,
        env = "PORTAL_OUTBOX_POLL_MS",
        default_value_t = 2000,
        global = true
    )]
    pub outbox_poll_ms: u64,

    /// Seconds a worker keeps its claim on a message it is sending. A worker that dies
    /// mid-send leaves its claims; another (or the restarted one) sends them after this.
    /// Longer than the SMTP timeout (10 s) times a batch's rounds, so a live worker keeps its claims.
    #[arg(
        long,
        env = "PORTAL_OUTBOX_LEASE_SECS",
        default_value_t = 60,
        global = true
    )]
    pub outbox_lease_secs: u64,

    /// Minutes an urgent item may wait for a member of staff to say "I have seen this"
    /// before the safeguarding contact gets a second email about it (once).
    #[arg(
        long,
        env = "PORTAL_URGENT_ACK_MINUTES",
        default_value_t = 60,
        global = true
    )]
    pub urgent_ack_minutes: u64,

    /// When the daily digest of items due or overdue goes to staff, on the London clock
    /// (`HH:MM`), or `off`. Sent once a day however many servers run the worker.
    #[arg(
        long,
        env = "PORTAL_DIGEST_TIME",
        default_value = "08:00",
        global = true
    )]
    pub digest_time: app::notify::digest::DigestTime,

    /// Run the outbox worker in this process. Several processes may run it against one PostgreSQL.
    #[arg(long, env = "PORTAL_OUTBOX_WORKER", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub outbox_worker: bool,

    /// Limit requests per client address (submissions, sign-in, password resets, tracking
    /// links). Turn off only for load tests.
    #[arg(long, env = "PORTAL_RATE_LIMITS", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub rate_limits: bool,

    /// The header a trusted reverse proxy sets with the client's address (e.g.
    /// `X-Forwarded-For`; the last entry of its last line is used). Leave unset when clients
    /// connect directly, or anyone could claim any address.
    #[arg(long, env = "PORTAL_TRUSTED_PROXY_HEADER", global = true)]
    pub trusted_proxy_header: Option<axum::http::HeaderName>,

    /// Feedback forms sent per client address per hour (a shared library computer needs room).
    #[arg(
        long,
        env = "PORTAL_LIMIT_SUBMISSIONS_PER_HOUR",
        default_value_t = 30,
        global = true
    )]
    pub limit_submissions_per_hour: u32,

    /// Sign-in attempts per client address per 15 minutes (accounts also lock after 5 failures).
    #[arg(
        long,
        env = "PORTAL_LIMIT_SIGN_INS_PER_15_MINUTES",
        default_value_t = 30,
        global = true
    )]
    pub limit_sign_ins_per_15_minutes: u32,

    /// Password reset requests per client address per hour.
    #[arg(
        long,
        env = "PORTAL_LIMIT_PASSWORD_RESETS_PER_HOUR",
        default_value_t = 5,
        global = true
    )]
    pub limit_password_resets_per_hour: u32,

    /// Tracking and confirmation page requests per client address per minute.
    #[arg(
        long,
        env = "PORTAL_LIMIT_TRACKING_PER_MINUTE",
        default_value_t = 60,
        global = true
    )]
    pub limit_tracking_per_minute: u32,

    /// Log format.
    #[arg(long, env = "PORTAL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty, global = true)]
    pub log_format: LogFormat,

    /// Log filter, in `tracing` EnvFilter syntax (RUST_LOG is also read).
    #[arg(long, env = "PORTAL_LOG", default_value = "info", global = true)]
    pub log: String,
}

fn parse_secret(s: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(s.to_owned()))
}

impl Settings {
    /// The defaults, plus any `PORTAL_…` variables set in the environment; tests and tools
    /// then set the fields they care about.
    pub fn defaults() -> Self {
        Cli::parse_from(["portal"]).settings
    }

    pub fn base_url(&self) -> url::Url {
        self.base_url.clone().unwrap_or_else(|| {
            url::Url::parse(&format!("http://{}", self.bind))
                .expect("a socket address makes a valid URL")
        })
    }

    pub fn database_url(&self) -> &str {
        self.database_url.expose_secret()
    }

    pub fn mailer(&self) -> anyhow::Result<app::notify::mailer::Mailer> {
        match &self.smtp_url {
            Some(url) => app::notify::mailer::Mailer::smtp(url.expose_secret()),
            None => Ok(app::notify::mailer::Mailer::files(&self.mail_dir)),
        }
    }

    /// The texter: GOV.UK Notify when its key is set (and then its template must be too),
    /// else files.
    pub fn texter(&self) -> anyhow::Result<app::notify::sms::Texter> {
        match (&self.notify_api_key, &self.notify_template_id) {
            (Some(key), Some(template)) => Ok(app::notify::sms::Texter::Notify(
                app::notify::sms::NotifyClient::new(
                    key.expose_secret(),
                    template,
                    &self.notify_base_url,
                )?,
            )),
            (Some(_), None) => anyhow::bail!(
                "PORTAL_NOTIFY_API_KEY is set but PORTAL_NOTIFY_TEMPLATE_ID is not: \
                 give the id of a text message template whose body is ((body))"
            ),
            (None, _) => Ok(app::notify::sms::Texter::Files(self.text_dir.clone())),
        }
    }

    pub fn notify(&self, base_url: url::Url) -> app::notify::NotifySettings {
        app::notify::NotifySettings {
            from: self.mail_from.clone(),
            triage: self.triage_email.to_string(),
            safeguarding: self.safeguarding_email.as_ref().map(ToString::to_string),
            include_message: self.mail_include_message,
            max_attempts: self.outbox_max_attempts.max(1),
            retry_base: Duration::from_millis(self.outbox_retry_base_ms.max(1)),
            poll_interval: Duration::from_millis(self.outbox_poll_ms.max(10)),
            lease: Duration::from_secs(self.outbox_lease_secs.max(1)),
            urgent_ack_after: Duration::from_secs(self.urgent_ack_minutes * 60),
            digest: self.digest_time,
            reply_target_days: self.reply_target_days,
            base_url,
        }
    }

    pub fn retention(&self) -> app::privacy::retention::Retention {
        app::privacy::retention::Retention {
            contact_days: self.retention_contact_days,
            message_months: self.retention_message_months,
        }
    }

    pub fn rate_limits(&self) -> app::site::limits::RateLimits {
        app::site::limits::RateLimits::new(
            self.rate_limits,
            app::site::limits::Quotas {
                submissions_per_hour: self.limit_submissions_per_hour,
                sign_ins_per_15_minutes: self.limit_sign_ins_per_15_minutes,
                password_resets_per_hour: self.limit_password_resets_per_hour,
                tracking_per_minute: self.limit_tracking_per_minute,
            },
            self.trusted_proxy_header.clone(),
        )
    }

    pub fn pool(&self) -> app::db::PoolSettings {
        app::db::PoolSettings {
            max_connections: self.database_max_connections.max(1),
            acquire_timeout: Duration::from_secs(self.database_timeout_secs.max(1)),
        }
    }
}

fn parse_service_phone(value: &str) -> Result<app::domain::ServicePhone, String> {
    app::domain::ServicePhone::parse(value).map_err(|_| {
        "write a UK number such as 020 7946 0000, or an international one starting with +"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_need_nothing_installed() {
        let s = Cli::try_parse_from(["portal"]).unwrap().settings;
        assert_eq!(s.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(s.database_url(), "sqlite://data/portal.db");
        assert_eq!(s.base_url().as_str(), "http://127.0.0.1:3000/");
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let s = Cli::try_parse_from([
            "portal",
            "--database-url",
            "postgres://u:hunter2@h/db",
            "--smtp-url",
            "smtps://u:swordfish@h:465",
        ])
        .unwrap()
        .settings;
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s:?}").contains("swordfish"));
        let s = Cli::try_parse_from(["portal", "--secret-key", "correct-horse-sealing-key"])
            .unwrap()
            .settings;
        assert!(!format!("{s:?}").contains("correct-horse-sealing-key"));
    }

    #[test]
    fn two_factor_is_required_of_admins_unless_set_otherwise() {
        use app::staff::{accounts::Role, two_factor::Requirement};
        let s = Cli::try_parse_from(["portal"]).unwrap().settings;
        assert_eq!(s.require_two_factor, Requirement::ADMINS);
        let s = Cli::try_parse_from(["portal", "--require-two-factor", "all"])
            .unwrap()
            .settings;
        assert!(s.require_two_factor.applies_to(Role::Commissioner));
        assert!(Cli::try_parse_from(["portal", "--require-two-factor", "maybe"]).is_err());
    }

    #[test]
    fn the_cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
