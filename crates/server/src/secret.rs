//! Random secrets (device tokens, invite secrets, ids) and how they are stored: only as SHA-256
//! hashes, so a leaked database does not let anyone act as a device or join a team.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// 256 bits, as 43 base64url characters.
const SECRET_BYTES: usize = 32;
pub const SECRET_LEN: usize = 43;

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct RandomError(#[from] getrandom::Error);

fn random<const N: usize>() -> Result<[u8; N], RandomError> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes)?;
    Ok(bytes)
}

/// A fresh 256-bit secret in its text form.
pub fn new_secret() -> Result<String, RandomError> {
    Ok(URL_SAFE_NO_PAD.encode(random::<SECRET_BYTES>()?))
}

/// A random (version 4) UUID.
pub fn new_uuid() -> Result<Uuid, RandomError> {
    Ok(uuid::Builder::from_random_bytes(random()?).into_uuid())
}

/// What the database stores for a secret.
pub fn hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether `text` can be a secret made by [`new_secret`] (cheap check before any lookup).
pub fn looks_like_secret(text: &str) -> bool {
    text.len() == SECRET_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_distinct_and_well_formed() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert_ne!(a, b);
        assert!(looks_like_secret(&a) && looks_like_secret(&b));
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(new_uuid().unwrap().get_version_num(), 4);
    }
}
