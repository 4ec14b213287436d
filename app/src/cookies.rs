//! Reading request cookies, shared by the language choice and staff sessions.

use axum::http::{header, HeaderMap};

/// The value of the first cookie called `name`, from every `Cookie` header of a request.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| {
            c.trim()
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
        })
        .next()
}

#[cfg(test)]
mod tests {
    use super::cookie_value;
    use axum::http::{header, HeaderMap, HeaderValue};

    #[test]
    fn finds_a_cookie_among_others_and_not_a_prefix_of_another_name() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("language=xx; lang=bn"),
        );
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("portal_session=abc"),
        );
        assert_eq!(cookie_value(&headers, "lang"), Some("bn"));
        assert_eq!(cookie_value(&headers, "portal_session"), Some("abc"));
        assert_eq!(cookie_value(&headers, "missing"), None);
    }
}
