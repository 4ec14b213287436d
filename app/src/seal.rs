//! Sealing small secrets at rest (the staff's authenticator secrets): ChaCha20-Poly1305
//! with a random nonce, bound to the row they belong to.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use sha2::Digest;

/// The key that seals authenticator secrets: `PORTAL_SECRET_KEY` when set (kept outside the
/// database, so a copy of the database alone does not give the secrets away), else a key
/// the portal makes once and keeps with its other site secrets.
#[derive(Clone)]
pub struct SealingKey([u8; 32]);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(..)")
    }
}

impl SealingKey {
    /// From the operator's setting, whatever its length: hashed with a label of its own, so
    /// the same setting used elsewhere gives a different key here.
    pub fn from_setting(secret: &str) -> SealingKey {
        let mut hash = sha2::Sha256::new();
        hash.update(b"have-your-say two-factor sealing key\0");
        hash.update(secret.as_bytes());
        SealingKey(hash.finalize().into())
    }

    /// A key kept with the site secrets (32 random bytes made once, shared by every server
    /// through the database).
    pub fn from_site_secret(key: &[u8]) -> SealingKey {
        let mut bytes = [0u8; 32];
        let n = key.len().min(32);
        bytes[..n].copy_from_slice(&key[..n]);
        SealingKey(bytes)
    }

    /// A random nonce, then the sealed secret; the account id is bound in as associated data.
    pub fn seal(&self, owner: i64, secret: &[u8]) -> Vec<u8> {
        self.seal_for(&owner.to_le_bytes(), secret)
    }

    /// The secret, or `None` when the key is not the one it was sealed with or the bytes
    /// were changed or belong to another account.
    pub fn open(&self, owner: i64, sealed: &[u8]) -> Option<Vec<u8>> {
        self.open_for(&owner.to_le_bytes(), sealed)
    }

    /// As [`SealingKey::seal`], bound to any label (a submission's reference for its
    /// tracking token), so a sealed value copied to another row does not open there.
    pub fn seal_for(&self, aad: &[u8], secret: &[u8]) -> Vec<u8> {
        let cipher = ChaCha20Poly1305::new((&self.0).into());
        let nonce: [u8; 12] = rand::random();
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: secret, aad })
            .expect("sealing a short secret cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        out
    }

    pub fn open_for(&self, aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, body) = sealed.split_at(12);
        ChaCha20Poly1305::new((&self.0).into())
            .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad })
            .ok()
    }
}

impl SealingKey {
    /// A submission's tracking token, sealed to its reference: the portal can send the
    /// link again and repeat it in replies, while lookups still go by the token's hash.
    pub fn seal_token(
        &self,
        reference: &crate::domain::Reference,
        token: &crate::domain::TrackingToken,
    ) -> Vec<u8> {
        self.seal_for(reference.as_str().as_bytes(), token.as_str().as_bytes())
    }

    pub fn open_token(
        &self,
        reference: &crate::domain::Reference,
        sealed: &[u8],
    ) -> Option<crate::domain::TrackingToken> {
        let bytes = self.open_for(reference.as_str().as_bytes(), sealed)?;
        crate::domain::TrackingToken::parse(std::str::from_utf8(&bytes).ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_its_account() {
        let key = SealingKey::from_setting("a long operator secret for the tests");
        let secret = rand::random::<[u8; 20]>().to_vec();
        let sealed = key.seal(7, &secret);
        assert!(!sealed.windows(secret.len()).any(|w| w == secret.as_slice()));
        assert_eq!(key.open(7, &sealed), Some(secret.clone()));
        assert_eq!(key.open(8, &sealed), None, "moved to another account");
        let other = SealingKey::from_setting("another secret");
        assert_eq!(other.open(7, &sealed), None);
        let mut tampered = sealed.clone();
        tampered[20] ^= 1;
        assert_eq!(key.open(7, &tampered), None);
        assert_eq!(key.open(7, &sealed[..5]), None);
        assert_ne!(key.seal(7, &secret), sealed, "a fresh nonce each time");
        assert_eq!(format!("{key:?}"), "SealingKey(..)");
    }
}
