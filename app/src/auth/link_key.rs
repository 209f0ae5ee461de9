//! The link key: seals the secrets of personal answer links for storage.
//!
//! The database keeps a link's SHA-256 for lookups and the secret itself only
//! sealed (XChaCha20-Poly1305, a random nonce per value, the row's id as
//! associated data), so that the round page, the mails and the mail-merge
//! file can show it while a copy of the database alone opens no answers. The
//! key lives outside the database: where it comes from is the server's
//! business (`server/src/link_key.rs`, docs/DEPLOYMENT.md).

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

/// Bytes of a key.
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// 32 secret bytes. Never printed: `Debug` shows nothing of it.
#[derive(Clone)]
pub struct LinkKey {
    bytes: [u8; KEY_LEN],
}

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(…)")
    }
}

/// Why a text is not a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("den är inte base64")]
    NotBase64,
    #[error("den ska vara {KEY_LEN} byte, men är {0}")]
    WrongLength(usize),
}

impl LinkKey {
    /// A fresh random key.
    pub fn generate() -> LinkKey {
        let mut bytes = [0u8; KEY_LEN];
        OsRng.fill_bytes(&mut bytes);
        LinkKey { bytes }
    }

    /// A key from base64 (standard alphabet, padding optional, surrounding
    /// white space ignored), as in the key file and NULAGE_LINK_KEY.
    pub fn parse(text: &str) -> Result<LinkKey, KeyError> {
        let text = text.trim();
        let decoded = STANDARD
            .decode(text)
            .or_else(|_| STANDARD_NO_PAD.decode(text))
            .map_err(|_| KeyError::NotBase64)?;
        let bytes: [u8; KEY_LEN] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::WrongLength(decoded.len()))?;
        Ok(LinkKey { bytes })
    }

    /// The key as base64, for the key file.
    pub fn encode(&self) -> String {
        STANDARD.encode(self.bytes)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&Key::from(self.bytes))
    }

    /// Seals `secret` for the row `row_id`: base64 of nonce || ciphertext.
    pub fn seal(&self, row_id: &str, secret: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: secret.as_bytes(),
            aad: row_id.as_bytes(),
        };
        // Encryption fails only for messages of gigabytes; a token is 43 bytes.
        let sealed = self
            .cipher()
            .encrypt(&XNonce::from(nonce), payload)
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        STANDARD.encode(out)
    }

    /// The secret sealed for `row_id`; None when it was sealed with another
    /// key or for another row, or is damaged.
    pub fn unseal(&self, row_id: &str, sealed: &str) -> Option<String> {
        let bytes = STANDARD.decode(sealed.trim()).ok()?;
        if bytes.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).ok()?;
        let payload = Payload {
            msg: ciphertext,
            aad: row_id.as_bytes(),
        };
        let secret = self.cipher().decrypt(&nonce, payload).ok()?;
        String::from_utf8(secret).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "Qk3x9_b-F2mZtY7uVw8PaAQk3x9_b-F2mZtY7uVw8Pa";

    #[test]
    fn seals_and_unseals() {
        let key = LinkKey::generate();
        let sealed = key.seal("row-1", TOKEN);
        assert!(!sealed.contains(TOKEN));
        assert_eq!(key.unseal("row-1", &sealed).as_deref(), Some(TOKEN));
        // A random nonce each time: the same secret never seals the same.
        assert_ne!(key.seal("row-1", TOKEN), sealed);
    }

    #[test]
    fn another_key_or_row_or_damage_opens_nothing() {
        let key = LinkKey::generate();
        let sealed = key.seal("row-1", TOKEN);
        assert_eq!(LinkKey::generate().unseal("row-1", &sealed), None);
        assert_eq!(key.unseal("row-2", &sealed), None, "bound to its row");
        let mut damaged = STANDARD.decode(&sealed).unwrap();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        assert_eq!(key.unseal("row-1", &STANDARD.encode(damaged)), None);
        for junk in ["", "inte base64!", "AAAA", &STANDARD.encode([0u8; 24])] {
            assert_eq!(key.unseal("row-1", junk), None, "{junk}");
        }
    }

    #[test]
    fn keys_round_trip_through_base64() {
        let key = LinkKey::generate();
        let again = LinkKey::parse(&format!("  {}\n", key.encode())).unwrap();
        assert_eq!(again.bytes, key.bytes);
        let unpadded = key.encode().trim_end_matches('=').to_string();
        assert_eq!(LinkKey::parse(&unpadded).unwrap().bytes, key.bytes);
        assert_eq!(
            LinkKey::parse("inte base64!").unwrap_err(),
            KeyError::NotBase64
        );
        assert_eq!(
            LinkKey::parse(&STANDARD.encode([1u8; 16])).unwrap_err(),
            KeyError::WrongLength(16)
        );
        assert_eq!(format!("{key:?}"), "LinkKey(…)");
    }
}
