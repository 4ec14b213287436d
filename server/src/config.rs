//! Typed settings. Each has a safe default that runs the whole portal on one machine with
//! nothing else installed; each can be set by a `PORTAL_…` environment variable or a flag.
//! `portal --help` lists them all.

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

    /// Most database connections this process holds.
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

    pub fn pool(&self) -> app::db::PoolSettings {
        app::db::PoolSettings {
            max_connections: self.database_max_connections.max(1),
            acquire_timeout: Duration::from_secs(self.database_timeout_secs.max(1)),
        }
    }
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
    fn the_database_url_never_appears_in_debug_output() {
        let s = Cli::try_parse_from(["portal", "--database-url", "postgres://u:hunter2@h/db"])
            .unwrap()
            .settings;
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn the_cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
