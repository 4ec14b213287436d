//! The one texter, beside the mailer and with the same shape: GOV.UK Notify (the public
//! sector's own messaging service, open to the NHS and councils), files (the default: one
//! `.txt` per text in a folder, so a fresh install needs nothing) and memory (unit tests).
//! Also the segment arithmetic, so a text is cut to a known cost before it is queued rather
//! than billed for whatever length a translation happens to have.

use super::mailer::SendError;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};

/// GOV.UK Notify's API.
pub const NOTIFY_BASE_URL: &str = "https://api.notifications.service.gov.uk";

/// The most segments one text may cost. Three keeps a text readable as one message on every
/// phone and bounds what a long reply costs.
pub const MAX_SEGMENTS: usize = 3;

/// A text ready to hand over.
#[derive(Clone)]
pub struct Text {
    /// A UK mobile number as the resident gave it: `07700 900123` or `+447700900123`. Notify
    /// accepts either and checks it.
    pub to: String,
    pub body: String,
    /// Our own identifier, stored by Notify with the text, to find it in their records.
    pub reference: Option<String>,
}

/// Without the number or the words: a `Text` must be safe to log by accident.
impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Text")
            .field("to", &"…")
            .field("body_chars", &self.body.chars().count())
            .field("reference", &self.reference)
            .finish()
    }
}

#[derive(Clone)]
pub enum Texter {
    Files(PathBuf),
    Notify(NotifyClient),
    Memory(Arc<Mutex<Vec<Text>>>),
}

impl Texter {
    pub fn files(dir: impl Into<PathBuf>) -> Self {
        Texter::Files(dir.into())
    }

    pub fn memory() -> Self {
        Texter::Memory(Arc::default())
    }

    /// Texts the memory backend has "sent".
    pub fn sent(&self) -> Vec<Text> {
        match self {
            Texter::Memory(sent) => sent.lock().expect("not poisoned").clone(),
            _ => Vec::new(),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Texter::Files(dir) => format!("text files in {}", dir.display()),
            Texter::Notify(_) => "GOV.UK Notify".to_owned(),
            Texter::Memory(_) => "memory".to_owned(),
        }
    }

    pub async fn send(&self, text: &Text) -> Result<(), SendError> {
        match self {
            Texter::Files(dir) => write_file(dir, text).await,
            Texter::Notify(client) => client.send(text).await,
            Texter::Memory(sent) => {
                sent.lock().expect("not poisoned").push(text.clone());
                Ok(())
            }
        }
    }
}

/// One file per text. Texts have no Message-ID to name them by, so the name is the time and a
/// random part; written to a temporary name and renamed, so a reader never sees half.
async fn write_file(dir: &std::path::Path, text: &Text) -> Result<(), SendError> {
    let io = |e: std::io::Error| SendError::transient(format!("writing to {}: {e}", dir.display()));
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let name = format!(
        "{}-{:016x}.txt",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
        rand::random::<u64>()
    );
    let tmp = dir.join(format!(".{name}.tmp"));
    let content = format!("To: {}\n\n{}", text.to, text.body);
    tokio::fs::write(&tmp, content).await.map_err(io)?;
    tokio::fs::rename(&tmp, dir.join(name)).await.map_err(io)?;
    Ok(())
}

/// GOV.UK Notify's text message API, with one template whose whole content is `((body))`, so
/// the words are ours and in the resident's language.
#[derive(Clone)]
pub struct NotifyClient {
    http: reqwest::Client,
    endpoint: String,
    template_id: String,
    service_id: String,
    secret: Arc<str>,
}

impl std::fmt::Debug for NotifyClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotifyClient")
            .field("endpoint", &self.endpoint)
            .field("template_id", &self.template_id)
            .field("service_id", &self.service_id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl NotifyClient {
    /// `api_key` as Notify issues it, `{key name}-{service id}-{secret key}`, the last two
    /// UUIDs. Nothing here ever repeats the key, even in an error.
    pub fn new(api_key: &str, template_id: &str, base_url: &str) -> anyhow::Result<Self> {
        let (service_id, secret) = split_key(api_key.trim()).ok_or_else(|| {
            anyhow::anyhow!(
                "PORTAL_NOTIFY_API_KEY is not a GOV.UK Notify API key: expected \
                 {{key name}}-{{service id}}-{{secret key}}, the last two each a 36-character \
                 UUID (copy the whole key from Notify's API integration page)"
            )
        })?;
        let template_id = template_id.trim();
        if !is_uuid(template_id.as_bytes()) {
            anyhow::bail!("the GOV.UK Notify template ID {template_id:?} is not a UUID");
        }
        let base = url::Url::parse(base_url)
            .map_err(|e| anyhow::anyhow!("the GOV.UK Notify URL {base_url:?} is not a URL: {e}"))?;
        if !matches!(base.scheme(), "https" | "http") {
            anyhow::bail!("the GOV.UK Notify URL {base_url:?} is not http(s)");
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| anyhow::anyhow!("cannot start the HTTP client for GOV.UK Notify: {e}"))?;
        Ok(NotifyClient {
            http,
            endpoint: format!(
                "{}/v2/notifications/sms",
                base.as_str().trim_end_matches('/')
            ),
            template_id: template_id.to_owned(),
            service_id: service_id.to_owned(),
            secret: Arc::from(secret),
        })
    }

    pub async fn send(&self, text: &Text) -> Result<(), SendError> {
        let mut body = serde_json::json!({
            "phone_number": text.to,
            "template_id": self.template_id,
            "personalisation": { "body": text.body },
        });
        if let Some(reference) = &text.reference {
            body["reference"] = serde_json::Value::from(reference.as_str());
        }
        let token = jwt(
            &self.service_id,
            &self.secret,
            chrono::Utc::now().timestamp(),
        );
        let response = self
            .http
            .post(&self.endpoint)
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| SendError::transient(http_reason(&e)))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        // The body only explains a failure; one that cannot be read leaves the status alone.
        let answer = response.bytes().await.unwrap_or_default();
        let reason = format!(
            "GOV.UK Notify answered {status}{}",
            notify_messages(&answer, text)
        );
        let reason: String = reason.chars().take(500).collect();
        // 400 and 403 are Notify refusing this text or this key: sending it again unchanged
        // fails again. Any other 4xx is a request it will never take either. 429 is the rate
        // limit and 5xx its own trouble: both pass.
        if status.is_client_error() && status != reqwest::StatusCode::TOO_MANY_REQUESTS {
            Err(SendError::permanent(reason))
        } else {
            Err(SendError::transient(reason))
        }
    }
}

/// The service ID and secret from a key, or `None` when it is not shaped like one. Checked as
/// bytes so a key with stray non-ASCII cannot make a slice panic.
fn split_key(key: &str) -> Option<(&str, &str)> {
    let bytes = key.as_bytes();
    let len = bytes.len();
    // At least one character of name, a dash, a UUID, a dash, a UUID.
    if len < 1 + 1 + 36 + 1 + 36 || bytes[len - 74] != b'-' || bytes[len - 37] != b'-' {
        return None;
    }
    let service = &bytes[len - 73..len - 37];
    let secret = &bytes[len - 36..];
    if !is_uuid(service) || !is_uuid(secret) {
        return None;
    }
    // Both are ASCII now, so these are character boundaries.
    Some((&key[len - 73..len - 37], &key[len - 36..]))
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hex digits.
fn is_uuid(s: &[u8]) -> bool {
    s.len() == 36
        && s.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Notify's bearer token: a JWT signed with HS256, its issuer the service ID and issued now
/// (Notify refuses one more than 30 seconds old, so each request makes its own). Written out
/// here rather than taken from a JWT crate: it is one fixed header, two claims and an HMAC,
/// and a general JWT library would be a dependency for fifteen lines.
fn jwt(service_id: &str, secret: &str, now: i64) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let claims = serde_json::json!({ "iss": service_id, "iat": now });
    let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signed = format!("{header}.{claims}");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(signed.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signed}.{signature}")
}

/// `: message; message` from Notify's error body, for the log. A message that repeats the
/// number or the words is left out: those never go in a log.
fn notify_messages(answer: &[u8], text: &Text) -> String {
    #[derive(serde::Deserialize)]
    struct Answer {
        #[serde(default)]
        errors: Vec<NotifyError>,
    }
    #[derive(serde::Deserialize)]
    struct NotifyError {
        #[serde(default)]
        error: String,
        #[serde(default)]
        message: String,
    }
    let Ok(answer) = serde_json::from_slice::<Answer>(answer) else {
        return String::new();
    };
    let digits: String = text.to.chars().filter(char::is_ascii_digit).collect();
    let number = text.to.trim();
    let body = text.body.trim();
    let messages: Vec<String> = answer
        .errors
        .iter()
        .map(|e| {
            let digits_in: String = e.message.chars().filter(char::is_ascii_digit).collect();
            let names_it = (!number.is_empty() && e.message.contains(number))
                || (digits.len() >= 6 && digits_in.contains(&digits[digits.len() - 6..]))
                || (!body.is_empty() && e.message.contains(body));
            let message = if names_it {
                "(message left out: it quotes the text)"
            } else {
                e.message.as_str()
            };
            format!("{}: {message}", e.error)
        })
        .collect();
    if messages.is_empty() {
        String::new()
    } else {
        format!(": {}", messages.join("; "))
    }
}

/// The HTTP error with its causes (connection refused, timed out, TLS), never the body.
fn http_reason(e: &reqwest::Error) -> String {
    use std::error::Error;
    let mut reason = format!("GOV.UK Notify not reached: {e}");
    let mut source = e.source();
    while let Some(s) = source {
        reason.push_str(": ");
        reason.push_str(&s.to_string());
        source = s.source();
    }
    reason.chars().take(500).collect()
}

/// What a body costs to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segments {
    /// Some character is outside the GSM 03.38 alphabet, so the whole text goes as UCS-2.
    pub unicode: bool,
    /// In the encoding's own units: septets for GSM (an extension character takes two),
    /// UTF-16 code units for UCS-2 (an emoji takes two).
    pub characters: usize,
    /// Messages billed; none for an empty body.
    pub count: usize,
}

/// GSM 03.38's basic character set, in table order (the escape at 0x1B left out).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// Its extension table: each is an escape and the character, so two septets.
const GSM_EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// Septets for a character, or `None` when it is outside the GSM alphabet.
fn gsm_width(c: char) -> Option<usize> {
    if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Segments as a phone network counts them: 160 septets in one GSM message or 153 a part
/// once it is split (the rest of each part is the header that joins them), 70 UTF-16 units
/// or 67 a part in UCS-2. A part never splits an escape pair or a surrogate pair, so a long
/// text can need one part more than its length divided by the part size.
pub fn segments(body: &str) -> Segments {
    let gsm: Option<Vec<usize>> = body.chars().map(gsm_width).collect();
    let (unicode, widths, single, part) = match gsm {
        Some(widths) => (false, widths, 160, 153),
        None => (true, body.chars().map(char::len_utf16).collect(), 70, 67),
    };
    let characters: usize = widths.iter().sum();
    let count = if characters == 0 {
        0
    } else if characters <= single {
        1
    } else {
        let (mut count, mut used) = (1, 0);
        for w in widths {
            if used + w > part {
                count += 1;
                used = 0;
            }
            used += w;
        }
        count
    };
    Segments {
        unicode,
        characters,
        count,
    }
}

/// The body when it fits in `max_segments`, else as much of it as fits with an ellipsis:
/// cut at a space where one is near the end, else at any character. The ellipsis is `...` in
/// GSM text because `…` is outside the alphabet and would make the whole text UCS-2, more
/// than halving what fits.
pub fn fit(body: &str, max_segments: usize) -> String {
    let whole = segments(body);
    if whole.count <= max_segments {
        return body.to_owned();
    }
    let ellipsis = if whole.unicode { "…" } else { "..." };
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let shortened = |n: usize| {
        let end = chars.get(n).map_or(body.len(), |&(i, _)| i);
        format!("{}{ellipsis}", body[..end].trim_end())
    };
    let fits = |n: usize| segments(&shortened(n)).count <= max_segments;
    if !fits(0) {
        return String::new();
    }
    // More characters never cost fewer segments, so search for the most that fit.
    let (mut fitting, mut too_many) = (0, chars.len());
    while too_many - fitting > 1 {
        let mid = fitting + (too_many - fitting) / 2;
        if fits(mid) {
            fitting = mid;
        } else {
            too_many = mid;
        }
    }
    // Back to the last space if it loses no more than a fifth of what fits: a whole last
    // word reads better, but not at the cost of most of the text.
    let space = chars[..fitting]
        .iter()
        .rposition(|&(_, c)| c.is_whitespace())
        .filter(|&at| at > 0 && at >= fitting - fitting / 5);
    shortened(space.unwrap_or(fitting))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{
        body::Bytes,
        http::{HeaderMap, Method, StatusCode, Uri},
    };
    use proptest::prelude::*;

    const SERVICE_ID: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
    const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
    const TEMPLATE_ID: &str = "f33517ff-2a88-4f6e-b855-c550268ce08a";

    fn api_key() -> String {
        format!("portal_test-{SERVICE_ID}-{SECRET}")
    }

    fn text() -> Text {
        Text {
            to: "07700 900123".into(),
            body: "Your feedback ABCDE-FGHJK has been read. Thank you.".into(),
            reference: Some("outbox-42".into()),
        }
    }

    #[test]
    fn plain_english_is_one_segment_up_to_160_characters() {
        let s = segments(&"a".repeat(160));
        assert_eq!((s.unicode, s.characters, s.count), (false, 160, 1));
        let s = segments(&"a".repeat(161));
        assert_eq!((s.unicode, s.characters, s.count), (false, 161, 2));
        assert_eq!(segments(&"a".repeat(306)).count, 2);
        assert_eq!(segments(&"a".repeat(307)).count, 3);
        assert_eq!(segments("").count, 0);
        assert!(!segments("Dear resident, £5 @ 10:00; ÄÖÑÜ §¿ é").unicode);
    }

    #[test]
    fn extension_characters_count_twice_and_stay_gsm() {
        let s = segments("^{}\\[~]|€");
        assert_eq!((s.unicode, s.characters, s.count), (false, 18, 1));
        let s = segments(&"€".repeat(80));
        assert_eq!((s.characters, s.count), (160, 1));
        let s = segments(&"€".repeat(81));
        assert_eq!((s.characters, s.count), (162, 2));
        // An escape pair is not split across parts: 152 septets then a two-septet character.
        let s = segments(&format!("{}€{}", "a".repeat(152), "a".repeat(10)));
        assert_eq!(s.characters, 164);
        assert_eq!(s.count, 2);
    }

    #[test]
    fn bengali_is_ucs2_with_70_characters_in_one_segment() {
        let s = segments(&"আ".repeat(70));
        assert_eq!((s.unicode, s.characters, s.count), (true, 70, 1));
        let s = segments(&"আ".repeat(71));
        assert_eq!((s.unicode, s.characters, s.count), (true, 71, 2));
        assert_eq!(segments(&"আ".repeat(134)).count, 2);
        assert_eq!(segments(&"আ".repeat(135)).count, 3);
        // One character outside the alphabet makes the whole text UCS-2.
        let s = segments(&format!("{}…", "a".repeat(69)));
        assert_eq!((s.unicode, s.count), (true, 1));
        // An emoji is two UTF-16 units.
        assert_eq!(segments("😀").characters, 2);
    }

    #[test]
    fn fit_leaves_a_short_body_alone_and_cuts_a_long_one_at_a_word() {
        assert_eq!(fit("Thank you.", MAX_SEGMENTS), "Thank you.");
        let long = "word ".repeat(200);
        let cut = fit(&long, MAX_SEGMENTS);
        assert!(cut.ends_with("word..."), "{cut}");
        let s = segments(&cut);
        assert!(!s.unicode && s.count <= MAX_SEGMENTS);
        assert!(s.characters > 440, "{}", s.characters);

        let bengali = "আমাদের মতামত ".repeat(40);
        let cut = fit(&bengali, MAX_SEGMENTS);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(segments(&cut).count <= MAX_SEGMENTS);
        assert!(bengali.starts_with(cut.trim_end_matches('…')));

        assert_eq!(fit(&"a".repeat(500), 1), format!("{}...", "a".repeat(157)));
        assert_eq!(fit("anything at all", 0), "");
    }

    proptest! {
        #[test]
        fn fit_always_fits_and_keeps_the_start(
            body in "[a-zA-Z0-9 .,€{}\\[\\]আমাদেরমতামত😀\n]{0,700}",
            max in 0usize..=4,
        ) {
            let out = fit(&body, max);
            prop_assert!(segments(&out).count <= max, "{out:?}");
            if segments(&body).count <= max {
                prop_assert_eq!(&out, &body);
            } else if !out.is_empty() {
                let kept = out.strip_suffix("...").or(out.strip_suffix('…')).unwrap();
                prop_assert!(body.starts_with(kept));
            }
        }
    }

    #[tokio::test]
    async fn the_memory_backend_keeps_the_text() {
        let texter = Texter::memory();
        texter.send(&text()).await.unwrap();
        let sent = texter.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].to, "07700 900123");
    }

    #[tokio::test]
    async fn the_file_backend_writes_one_readable_file_per_text() {
        let dir = std::env::temp_dir()
            .join(format!("portal-texts-{}", rand::random::<u64>()))
            .join("missing");
        let texter = Texter::files(&dir);
        let mut t = text();
        t.body = "আপনার মতামতের জন্য ধন্যবাদ".into();
        texter.send(&t).await.unwrap();
        texter.send(&t).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|f| f.unwrap().path())
            .collect();
        assert_eq!(files.len(), 2, "{files:?}");
        for file in files {
            assert!(file.extension().is_some_and(|x| x == "txt"));
            let content = std::fs::read_to_string(&file).unwrap();
            assert_eq!(content, "To: 07700 900123\n\nআপনার মতামতের জন্য ধন্যবাদ");
        }
        std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }

    /// What the fake Notify saw.
    #[derive(Clone)]
    struct Seen {
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    }

    /// A stand-in for Notify on a free local port: records each request and answers with
    /// `status` and `answer`.
    async fn fake_notify(
        status: StatusCode,
        answer: &'static str,
    ) -> (String, Arc<Mutex<Vec<Seen>>>) {
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let record = seen.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let record = record.clone();
                async move {
                    record.lock().unwrap().push(Seen {
                        method,
                        uri,
                        headers,
                        body,
                    });
                    (status, [("content-type", "application/json")], answer)
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (format!("http://{address}"), seen)
    }

    fn client(base: &str) -> NotifyClient {
        NotifyClient::new(&api_key(), TEMPLATE_ID, base).unwrap()
    }

    const CREATED: &str = r#"{"id":"740e5834-3a29-46b4-9a6f-16142fde533a","reference":"outbox-42","content":{"body":"Your feedback","from_number":"GOVUK"},"uri":"https://api.notifications.service.gov.uk/v2/notifications/740e5834-3a29-46b4-9a6f-16142fde533a","template":{"id":"f33517ff-2a88-4f6e-b855-c550268ce08a","version":1,"uri":"https://api.notifications.service.gov.uk/v2/template/f33517ff-2a88-4f6e-b855-c550268ce08a"}}"#;

    #[tokio::test]
    async fn notify_gets_a_signed_json_request_and_201_is_sent() {
        let (base, seen) = fake_notify(StatusCode::CREATED, CREATED).await;
        // A trailing slash on the base URL makes no double slash.
        Texter::Notify(client(&format!("{base}/")))
            .send(&text())
            .await
            .unwrap();
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 1);
        let request = &seen[0];
        assert_eq!(request.method, Method::POST);
        assert_eq!(request.uri.path(), "/v2/notifications/sms");
        assert_eq!(request.uri.query(), None);
        assert_eq!(request.headers["content-type"], "application/json");

        let authorization = request.headers["authorization"].to_str().unwrap();
        let token = authorization.strip_prefix("Bearer ").expect(authorization);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3, "{token}");
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header, serde_json::json!({"typ": "JWT", "alg": "HS256"}));
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("{}.{}", parts[0], parts[1]).as_bytes());
        mac.verify_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap())
            .expect("the signature verifies with the secret key");
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["iss"], SERVICE_ID);
        let iat = claims["iat"].as_i64().expect("iat is a number");
        assert!((chrono::Utc::now().timestamp() - iat).abs() <= 30, "{iat}");

        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "phone_number": "07700 900123",
                "template_id": TEMPLATE_ID,
                "personalisation": {"body": "Your feedback ABCDE-FGHJK has been read. Thank you."},
                "reference": "outbox-42",
            })
        );

        // No reference, no field.
        let mut t = text();
        t.reference = None;
        let (base, seen) = fake_notify(StatusCode::CREATED, CREATED).await;
        client(&base).send(&t).await.unwrap();
        let body: serde_json::Value =
            serde_json::from_slice(&seen.lock().unwrap()[0].body).unwrap();
        assert!(body.get("reference").is_none(), "{body}");
    }

    #[tokio::test]
    async fn a_400_is_permanent_with_notify_s_message_but_not_the_number_or_words() {
        let (base, _) = fake_notify(
            StatusCode::BAD_REQUEST,
            r#"{"errors":[{"error":"BadRequestError","message":"Can't send to this recipient using a team-only API key"},{"error":"ValidationError","message":"phone_number 07700 900123 is not valid"}],"status_code":400}"#,
        )
        .await;
        let err = client(&base).send(&text()).await.unwrap_err();
        assert!(err.permanent);
        assert!(err.reason.contains("400"), "{}", err.reason);
        assert!(err.reason.contains("team-only API key"), "{}", err.reason);
        assert!(!err.reason.contains("900123"), "{}", err.reason);
        assert!(!err.reason.contains("ABCDE"), "{}", err.reason);

        let (base, _) = fake_notify(
            StatusCode::FORBIDDEN,
            r#"{"errors":[{"error":"AuthError","message":"Invalid token: signature, api token is not valid"}],"status_code":403}"#,
        )
        .await;
        let err = client(&base).send(&text()).await.unwrap_err();
        assert!(
            err.permanent && err.reason.contains("Invalid token"),
            "{}",
            err.reason
        );
    }

    #[tokio::test]
    async fn a_500_a_429_or_no_answer_is_transient() {
        let (base, _) = fake_notify(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"errors":[{"error":"Exception","message":"Internal server error"}],"status_code":500}"#,
        )
        .await;
        let err = client(&base).send(&text()).await.unwrap_err();
        assert!(!err.permanent);
        assert!(err.reason.contains("500"), "{}", err.reason);

        let (base, _) = fake_notify(StatusCode::TOO_MANY_REQUESTS, "{}").await;
        assert!(!client(&base).send(&text()).await.unwrap_err().permanent);

        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        let err = client(&format!("http://{address}"))
            .send(&text())
            .await
            .unwrap_err();
        assert!(!err.permanent, "{}", err.reason);
        assert!(!err.reason.contains("900123"), "{}", err.reason);
    }

    #[test]
    fn a_bad_key_is_refused_without_repeating_it() {
        for key in [
            "not-a-key-at-all-but-secret-xyz".to_owned(),
            format!("{SERVICE_ID}-{SECRET}"),
            format!("name-{SERVICE_ID}-{}", &SECRET[..35]),
            format!("name-{SERVICE_ID}-{}Z", &SECRET[..35]),
            format!("name-{SERVICE_ID}x{SECRET}"),
            format!("name-é{}-{SECRET}", &SERVICE_ID[1..]),
        ] {
            let err = NotifyClient::new(&key, TEMPLATE_ID, NOTIFY_BASE_URL)
                .unwrap_err()
                .to_string();
            assert!(err.contains("PORTAL_NOTIFY_API_KEY"), "{err}");
            assert!(!err.contains(&key), "{err}");
            assert!(!err.contains("secret-xyz") && !err.contains(&SECRET[..20]));
        }
        assert!(NotifyClient::new(&api_key(), "not-a-template", NOTIFY_BASE_URL).is_err());
        assert!(NotifyClient::new(&api_key(), TEMPLATE_ID, "not a url").is_err());
    }

    #[test]
    fn a_key_name_with_dashes_is_fine_and_debug_hides_the_secret() {
        let key = format!("have-your-say-live-{SERVICE_ID}-{SECRET}");
        let client = NotifyClient::new(&key, TEMPLATE_ID, NOTIFY_BASE_URL).unwrap();
        assert_eq!(client.service_id, SERVICE_ID);
        assert_eq!(&*client.secret, SECRET);
        let debug = format!("{client:?}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(debug.contains("redacted"));
        assert!(!format!("{:?}", text()).contains("900123"));
    }
}
