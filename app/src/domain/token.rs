//! The private tracking token in `/track/{token}`.
//!
//! 256 random bits in unpadded base64url (43 characters). Only the SHA-256 of the token
//! is stored, so a copy of the database does not open anyone's tracking page.

use std::fmt;

const LEN: usize = 43;

#[derive(Clone, PartialEq, Eq)]
pub struct TrackingToken(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a tracking token")]
pub struct MalformedToken;

impl TrackingToken {
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        use base64::Engine;
        let bytes: [u8; 32] = rand::random();
        TrackingToken(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Rejects anything that could not have been issued, before any database look-up.
    pub fn parse(input: &str) -> Result<Self, MalformedToken> {
        let ok = input.len() == LEN
            && input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(TrackingToken(input.to_owned()))
        } else {
            Err(MalformedToken)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps.
    #[cfg(feature = "ssr")]
    pub fn hash(&self) -> Vec<u8> {
        use sha2::Digest;
        sha2::Sha256::digest(self.0.as_bytes()).to_vec()
    }
}

/// Never print a token in logs or panics.
impl fmt::Debug for TrackingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrackingToken(…)")
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_parse_and_differ() {
        let a = TrackingToken::generate();
        let b = TrackingToken::generate();
        assert_ne!(a, b);
        assert_eq!(TrackingToken::parse(a.as_str()), Ok(a.clone()));
        assert_eq!(a.hash().len(), 32);
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn malformed_tokens_are_rejected() {
        for bad in [
            "",
            "abc",
            &"a".repeat(42),
            &"a".repeat(44),
            &format!("{}=", "a".repeat(42)),
            &format!("{}/", "a".repeat(42)),
        ] {
            assert_eq!(TrackingToken::parse(bad), Err(MalformedToken), "{bad:?}");
        }
    }

    #[test]
    fn debug_output_hides_the_token() {
        let t = TrackingToken::generate();
        assert!(!format!("{t:?}").contains(t.as_str()));
    }
}
