//! A real SMTP server process for the tests: `tests/tools/smtp_sink.py` on aiosmtpd, started
//! on a free loopback port. It keeps every message it accepts as a file and refuses
//! recipients whose address starts with `reject`. [`SmtpServer::start_with_auth`] makes it a
//! relay that takes mail only after AUTH with one user and password.

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
    auth: Option<Auth>,
    /// Holds the port while the process is not listening on it (starting, or stopped for an
    /// outage), so that no other test's server or connection can take it meanwhile. Bound
    /// but never listening: a client is refused, as by a server that is down.
    reserved: Option<tokio::net::TcpSocket>,
}

/// A socket bound to the loopback `port` (0: any free one) that does not listen. With
/// SO_REUSEADDR on both sides, the server process can bind and listen on the port while this
/// is still bound, so the port is never free between the two.
fn reserve(port: u16) -> std::io::Result<tokio::net::TcpSocket> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(std::net::SocketAddr::from(([127, 0, 0, 1], port)))?;
    Ok(socket)
}

/// What a server started with [`SmtpServer::start_with_auth`] requires.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: String,
    pub password: String,
    /// The mechanisms it offers: `PLAIN`, `LOGIN` or both (`PLAIN,LOGIN`).
    pub mechanisms: String,
}

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct ReceivedEmail {
    /// Envelope recipients.
    pub recipients: Vec<String>,
    pub subject: String,
    /// The user the client logged in as, when it did.
    pub login: Option<String>,
    pub message_id: String,
    pub text: String,
    pub html: String,
    pub raw: String,
}

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("PORTAL_TEST_PYTHON") {
        return p.into();
    }
    let venv =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/test-tools/venv/bin/python");
    assert!(
        venv.exists(),
        "The SMTP test server needs aiosmtpd. Run scripts/test, or: \\
         python3 -m venv target/test-tools/venv && target/test-tools/venv/bin/pip install -r tests/tools/requirements.txt"
    );
    venv
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        SmtpServer::start_inner(None).await
    }

    /// A server that takes mail only after AUTH (over plain text, on loopback) with exactly
    /// this user and password, offering `mechanisms` (`PLAIN`, `LOGIN` or `PLAIN,LOGIN`).
    pub async fn start_with_auth(user: &str, password: &str, mechanisms: &str) -> SmtpServer {
        SmtpServer::start_inner(Some(Auth {
            user: user.to_owned(),
            password: password.to_owned(),
            mechanisms: mechanisms.to_owned(),
        }))
        .await
    }

    async fn start_inner(auth: Option<Auth>) -> SmtpServer {
        let reserved = reserve(0).expect("a free loopback port");
        let port = reserved.local_addr().unwrap().port();
        let dir = tempfile::Builder::new()
            .prefix("portal-smtp-")
            .tempdir()
            .unwrap();
        let mut server = SmtpServer {
            port,
            dir,
            child: None,
            auth,
            reserved: Some(reserved),
        };
        server.resume().await;
        server
    }

    /// The URL for `PORTAL_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts the process again on the same port, keeping what it received.
    pub async fn resume(&mut self) {
        assert!(self.child.is_none(), "already running");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/smtp_sink.py");
        let mut command = Command::new(python());
        command
            .arg(script)
            .args(["--port", &self.port.to_string(), "--dir"])
            .arg(self.dir.path());
        if let Some(auth) = &self.auth {
            command
                .args(["--auth-user", &auth.user])
                .args(["--auth-password", &auth.password])
                .args(["--auth-mechanisms", &auth.mechanisms]);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP test server");
        self.child = Some(child);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .is_err()
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the SMTP test server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let exited = self
            .child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten());
        assert!(
            exited.is_none(),
            "the SMTP test server could not listen on port {} ({exited:?}); something else answered there",
            self.port
        );
        self.reserved = None;
    }

    /// Takes the server down, as an outage would.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            self.reserved = reserve(self.port).ok();
        }
    }

    pub fn received(&self) -> Vec<ReceivedEmail> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        files.into_iter().map(|p| parse(&p)).collect()
    }

    /// Every login the server refused, as `MECHANISM user`, oldest first.
    pub fn auth_failures(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("auth-failures.log"))
            .map(|log| log.lines().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// Waits until at least `count` messages have arrived, then a little longer so that a
    /// duplicate would have time to show up too.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<ReceivedEmail> {
        let deadline = tokio::time::Instant::now() + within;
        while self.received().len() < count {
            assert!(
                tokio::time::Instant::now() < deadline,
                "expected {count} emails within {within:?}, got {}",
                self.received().len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        self.received()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn parse(path: &std::path::Path) -> ReceivedEmail {
    let raw = std::fs::read(path).unwrap();
    let envelope: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
            .unwrap();
    let recipients = envelope["rcpt_tos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let mail = mailparse::parse_mail(&raw).expect("a well-formed message");
    use mailparse::MailHeaderMap;
    let header = |name: &str| mail.headers.get_first_value(name).unwrap_or_default();
    let mut text = String::new();
    let mut html = String::new();
    for part in mail.parts() {
        match part.ctype.mimetype.as_str() {
            "text/plain" => text = part.get_body().unwrap(),
            "text/html" => html = part.get_body().unwrap(),
            _ => {}
        }
    }
    ReceivedEmail {
        recipients,
        subject: header("Subject"),
        login: envelope["login"].as_str().map(str::to_owned),
        message_id: header("Message-ID"),
        text,
        html,
        raw: String::from_utf8_lossy(&raw).into_owned(),
    }
}
