//! Rate limits per client address: submissions, sign-in, password resets and tracking-link
//! look-ups. A limited request gets a 429 with `Retry-After`, and the friendly error page.
//!
//! Written here rather than taken from a crate: a fixed window per (limit, address) in one
//! map is all we need, it is a few dozen lines, and its behaviour is exactly what the tests
//! and the operations guide describe. Counts are per process; behind a load balancer each
//! server counts on its own, which only makes the limits looser, never stricter.

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::Mutex,
    time::{Duration, Instant},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    Submission,
    SignIn,
    PasswordReset,
    /// Asking for a tracking link again.
    LinkResend,
    Tracking,
}

impl Limit {
    /// Which limit a request counts against, if any. Decided by the path first: on a
    /// tracking path every method counts (a `HEAD` answers 404 or 200 just as a `GET` does,
    /// so it guesses tokens as well); on a path that takes a form, everything but reading
    /// the form (`GET`, and `HEAD`, which is a `GET` without the body) counts, whether or not
    /// a handler accepts the method.
    fn of(method: &Method, path: &str) -> Option<Limit> {
        let limit = match path {
            "/feedback" | "/staff/assisted" => Limit::Submission,
            // The password and the code are one sign-in's two steps: one count.
            "/staff/sign-in" | "/staff/sign-in/code" => Limit::SignIn,
            // Both send a link to a contact: one quota each, the same size.
            "/staff/forgot-password" => Limit::PasswordReset,
            "/track" => Limit::LinkResend,
            p if p.starts_with("/track/") || p.starts_with("/feedback/confirmation/") => {
                return Some(Limit::Tracking);
            }
            _ => return None,
        };
        (*method != Method::GET && *method != Method::HEAD).then_some(limit)
    }
}

/// How many requests per window each limit allows.
#[derive(Debug, Clone)]
pub struct Quotas {
    pub submissions_per_hour: u32,
    pub sign_ins_per_15_minutes: u32,
    pub password_resets_per_hour: u32,
    pub tracking_per_minute: u32,
}

impl Quotas {
    fn of(&self, limit: Limit) -> (u32, Duration) {
        match limit {
            Limit::Submission => (self.submissions_per_hour, Duration::from_secs(3600)),
            Limit::SignIn => (self.sign_ins_per_15_minutes, Duration::from_secs(900)),
            Limit::PasswordReset | Limit::LinkResend => {
                (self.password_resets_per_hour, Duration::from_secs(3600))
            }
            Limit::Tracking => (self.tracking_per_minute, Duration::from_secs(60)),
        }
    }
}

pub struct RateLimits {
    enabled: bool,
    quotas: Quotas,
    /// Set only when the portal sits behind a proxy that writes it; otherwise anyone could
    /// claim any address.
    trusted_header: Option<HeaderName>,
    windows: Mutex<HashMap<(Limit, IpAddr), (Instant, u32)>>,
}

impl RateLimits {
    /// Whether requests are counted at all (`PORTAL_RATE_LIMITS`).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn new(enabled: bool, quotas: Quotas, trusted_header: Option<HeaderName>) -> Self {
        RateLimits {
            enabled,
            quotas,
            trusted_header,
            windows: Mutex::default(),
        }
    }

    /// Counts a request; `Err(wait)` when the client is over its limit.
    fn check(&self, limit: Limit, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let (max, window) = self.quotas.of(limit);
        let mut windows = self.windows.lock().expect("not poisoned");
        if windows.len() > 100_000 {
            // Forget finished windows so a flood of addresses cannot grow the map for ever.
            windows.retain(|(l, _), (start, _)| now.duration_since(*start) < self.quotas.of(*l).1);
        }
        let entry = windows.entry((limit, client)).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        if entry.1 >= max {
            return Err(window.saturating_sub(now.duration_since(entry.0)));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The client's address: the last entry of the trusted proxy header when one is configured
/// (the address our proxy saw), otherwise the connection's peer. Used by the rate limits and
/// by sign-in throttling, so both count the same client.
pub fn client_address(
    headers: &axum::http::HeaderMap,
    peer: IpAddr,
    trusted_header: Option<&HeaderName>,
) -> IpAddr {
    // A header sent on several lines is one list, in order: a client can send lines of its
    // own, and the proxy adds its line (or appends to the last) after them. So only the
    // last entry of the last line is the proxy's word; if that is not an address, the
    // connection's peer (the proxy) is counted, never an earlier entry.
    trusted_header
        .and_then(|h| headers.get_all(h).iter().next_back())
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|entry| parse_address(entry.trim()))
        .unwrap_or(peer)
}

/// An address as proxies write it: `203.0.113.7`, `2001:db8::1`, or either with a port
/// (`203.0.113.7:4711`, `[2001:db8::1]:4711`).
fn parse_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// The middleware: a limited request never reaches its handler.
pub async fn rate_limit(
    State(limits): State<std::sync::Arc<RateLimits>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if limits.enabled {
        if let Some(limit) = Limit::of(request.method(), request.uri().path()) {
            let client =
                client_address(request.headers(), peer.ip(), limits.trusted_header.as_ref());
            if let Err(wait) = limits.check(limit, client, Instant::now()) {
                tracing::warn!(limit = ?limit, "rate limited");
                let seconds = wait.as_secs().max(1).to_string();
                let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
                if let Ok(v) = HeaderValue::from_str(&seconds) {
                    response.headers_mut().insert(header::RETRY_AFTER, v);
                }
                return response;
            }
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max: u32) -> RateLimits {
        let q = Quotas {
            submissions_per_hour: max,
            sign_ins_per_15_minutes: max,
            password_resets_per_hour: max,
            tracking_per_minute: max,
        };
        RateLimits::new(true, q, None)
    }

    #[test]
    fn a_client_gets_its_quota_then_waits_for_the_window() {
        let l = limits(2);
        let ip: IpAddr = "203.0.113.1".parse().unwrap();
        let t0 = Instant::now();
        assert!(l.check(Limit::Submission, ip, t0).is_ok());
        assert!(l.check(Limit::Submission, ip, t0).is_ok());
        let wait = l
            .check(Limit::Submission, ip, t0 + Duration::from_secs(60))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(3540));
        assert!(
            l.check(Limit::Submission, "203.0.113.2".parse().unwrap(), t0)
                .is_ok(),
            "others are unaffected"
        );
        assert!(
            l.check(Limit::Tracking, ip, t0).is_ok(),
            "limits are separate"
        );
        assert!(
            l.check(Limit::Submission, ip, t0 + Duration::from_secs(3600))
                .is_ok(),
            "a new window"
        );
    }

    #[test]
    fn requests_are_sorted_into_their_limits() {
        assert_eq!(
            Limit::of(&Method::POST, "/feedback"),
            Some(Limit::Submission)
        );
        assert_eq!(Limit::of(&Method::GET, "/feedback"), None);
        assert_eq!(Limit::of(&Method::GET, "/track/abc"), Some(Limit::Tracking));
        assert_eq!(
            Limit::of(&Method::POST, "/staff/sign-in"),
            Some(Limit::SignIn)
        );
        assert_eq!(
            Limit::of(&Method::POST, "/staff/forgot-password"),
            Some(Limit::PasswordReset)
        );
        assert_eq!(Limit::of(&Method::GET, "/staff/sign-in"), None);
        assert_eq!(Limit::of(&Method::GET, "/privacy"), None);
        assert_eq!(Limit::of(&Method::POST, "/privacy"), None);
    }

    #[test]
    fn every_method_counts_on_tracking_paths_and_every_write_on_form_paths() {
        let tracking = [
            "/track/abc",
            "/track/abc/delete",
            "/feedback/confirmation/abc",
        ];
        let methods = [
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
            Method::OPTIONS,
            Method::TRACE,
            Method::from_bytes(b"BREW").unwrap(),
        ];
        for path in tracking {
            for method in &methods {
                assert_eq!(
                    Limit::of(method, path),
                    Some(Limit::Tracking),
                    "{method} {path}"
                );
            }
        }
        for (path, limit) in [
            ("/feedback", Limit::Submission),
            ("/staff/assisted", Limit::Submission),
            ("/staff/sign-in", Limit::SignIn),
            ("/staff/sign-in/code", Limit::SignIn),
            ("/staff/forgot-password", Limit::PasswordReset),
        ] {
            for method in &methods {
                let expected = (*method != Method::GET && *method != Method::HEAD).then_some(limit);
                assert_eq!(Limit::of(method, path), expected, "{method} {path}");
            }
        }
    }

    #[test]
    fn the_client_is_the_last_entry_of_the_last_line_of_the_trusted_header() {
        let peer: IpAddr = "10.0.0.1".parse().unwrap();
        let name: HeaderName = "x-forwarded-for".parse().unwrap();
        let with = |lines: &[&str]| {
            let mut headers = axum::http::HeaderMap::new();
            for line in lines {
                headers.append(&name, HeaderValue::from_str(line).unwrap());
            }
            client_address(&headers, peer, Some(&name))
        };
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(with(&["203.0.113.1"]), ip("203.0.113.1"));
        assert_eq!(with(&["198.51.100.7, 203.0.113.1"]), ip("203.0.113.1"));
        assert_eq!(
            with(&["198.51.100.7", "203.0.113.1"]),
            ip("203.0.113.1"),
            "the client's own first line is not used"
        );
        assert_eq!(
            with(&["198.51.100.7", "192.0.2.5, 203.0.113.1"]),
            ip("203.0.113.1")
        );
        assert_eq!(
            with(&["198.51.100.7", "not an address"]),
            peer,
            "never an earlier line"
        );
        assert_eq!(with(&["198.51.100.7, "]), peer, "never an earlier entry");
        assert_eq!(with(&["203.0.113.1:4711"]), ip("203.0.113.1"));
        assert_eq!(with(&["[2001:db8::1]:4711"]), ip("2001:db8::1"));
        assert_eq!(with(&["2001:db8::1"]), ip("2001:db8::1"));
        assert_eq!(with(&[]), peer);
        let headers = axum::http::HeaderMap::new();
        assert_eq!(client_address(&headers, peer, None), peer);
    }
}
