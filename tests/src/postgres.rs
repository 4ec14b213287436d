//! A throwaway PostgreSQL cluster for the test binary, and a fresh database per test.

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::OnceLock,
};

static SERVER: OnceLock<String> = OnceLock::new();

/// A URL for a new, empty database.
pub async fn fresh_database() -> String {
    let server = SERVER.get_or_init(|| match std::env::var("PORTAL_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url.trim_end_matches('/').to_owned(),
        _ => start_cluster(),
    });
    let name = format!("portal_test_{:016x}", rand::random::<u64>());
    let admin_url = with_database(server, "postgres");
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach the test PostgreSQL at {server}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    with_database(server, &name)
}

/// Replaces the database name in a server URL (keeps user, password, host and query).
fn with_database(server: &str, name: &str) -> String {
    let mut url = url::Url::parse(server).expect("PORTAL_TEST_POSTGRES_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

fn start_cluster() -> String {
    Cluster::start().url()
}

/// A PostgreSQL cluster of its own, for a test that stops and starts the server under a
/// running portal. Stopped with the test process, like the shared one.
pub struct Cluster {
    root: bool,
    pg_ctl: PathBuf,
    dir: PathBuf,
    port: u16,
}

impl Cluster {
    pub fn start() -> Cluster {
        Cluster::start_with(None)
    }

    /// A cluster whose data directory is `data` (a small disk, say), with its write-ahead
    /// log kept in the cluster's own temporary folder: a full data disk then gives
    /// PostgreSQL's ordinary "could not extend file" errors rather than stopping the server.
    pub fn start_on(data: &Path) -> Cluster {
        Cluster::start_with(Some(data))
    }

    fn start_with(data: Option<&Path>) -> Cluster {
        let initdb = find_pg_binary("initdb");
        let pg_ctl = find_pg_binary("pg_ctl");
        let root = is_root();
        let dir = tempfile::Builder::new()
            .prefix("portal-pg-")
            .tempdir()
            .expect("a folder for PostgreSQL")
            .keep();
        let data_dir = match data {
            Some(d) => {
                std::fs::create_dir_all(d).expect("the data directory");
                std::os::unix::fs::symlink(d, dir.join("data")).expect("link the data directory");
                d.to_path_buf()
            }
            None => dir.join("data"),
        };
        if root {
            // PostgreSQL refuses to run as root; the cluster belongs to the `postgres` user.
            run(Command::new("chown").args(["postgres:postgres"]).arg(&dir));
            if data.is_some() {
                run(Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(&data_dir));
            }
        }
        let mut init = as_postgres(root, &initdb);
        init.arg("-D").arg(&data_dir).args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]);
        if data.is_some() {
            init.arg(format!("--waldir={}", dir.join("wal").display()));
        }
        run(&mut init);
        let cluster = Cluster {
            root,
            pg_ctl,
            dir,
            port: free_port(),
        };
        cluster.resume();
        stop_when_this_process_ends(root, &cluster.pg_ctl, &cluster.dir);
        cluster
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// A new database on this cluster.
    pub async fn fresh_database(&self) -> String {
        let name = format!("portal_test_{:016x}", rand::random::<u64>());
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&with_database(&self.url(), "postgres"))
            .await
            .expect("reach the test cluster");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create a test database");
        with_database(&self.url(), &name)
    }

    /// Stops the server at once, as a crash or an outage would (connections are cut).
    pub fn pause(&self) {
        run(as_postgres(self.root, &self.pg_ctl)
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"]));
    }

    /// Starts the server (again) on the same port.
    pub fn resume(&self) {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=300",
            self.port,
            self.dir.display()
        );
        run(as_postgres(self.root, &self.pg_ctl)
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(["-w", "-t", "60", "-o", &options, "start"]));
    }
}

/// A watchdog shell outlives us by at most a second and takes the cluster with it, whether
/// the tests pass, fail, panic or are killed. It is never waited for: it must outlive us.
#[expect(
    clippy::zombie_processes,
    reason = "the watchdog must outlive the test process"
)]
fn stop_when_this_process_ends(root: bool, pg_ctl: &Path, dir: &Path) {
    let stop = if root {
        format!(
            "runuser -u postgres -- {} -D {}/data -m immediate stop",
            pg_ctl.display(),
            dir.display()
        )
    } else {
        format!(
            "{} -D {}/data -m immediate stop",
            pg_ctl.display(),
            dir.display()
        )
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        dir = dir.display()
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the PostgreSQL watchdog");
}

fn as_postgres(root: bool, binary: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(binary);
        c
    } else {
        Command::new(binary)
    }
}

fn run(command: &mut Command) {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn find_pg_binary(name: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut versioned: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path().join("bin").join(name))
                .collect()
        })
        .unwrap_or_default();
    versioned.sort();
    versioned.reverse();
    on_path.into_iter().chain(versioned).find(|p| p.is_file()).unwrap_or_else(|| {
        panic!(
            "PostgreSQL's {name} was not found. Install it with `apt-get install -y postgresql` \
             (the README's test command does this), or set PORTAL_TEST_POSTGRES_URL to a server you can create databases on."
        )
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
