//! Payload encryption with the browser's WebCrypto (AES-256-GCM, SHA-256): no crypto code of our
//! own, and nothing added to the wasm. Also the base64 forms the wire and the invite link use,
//! through the browser's `btoa`/`atob`.

use crate::platform::random_bytes;
use js_sys::{Array, Uint8Array};
use signaal_core::wire::limits::NONCE_BYTES;
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, CryptoKey, SubtleCrypto};

/// Length of the team key: AES-256.
pub const KEY_BYTES: usize = 32;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum CryptoError {
    #[error("WebCrypto is not available: {0}")]
    Unavailable(String),
    /// Wrong key, or the ciphertext or its associated data were changed.
    #[error("the data could not be decrypted (wrong key or altered)")]
    Decrypt,
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| CryptoError::Unavailable("no window.crypto".into()))?;
    Ok(crypto.subtle())
}

fn unavailable(err: JsValue) -> CryptoError {
    CryptoError::Unavailable(format!("{err:?}"))
}

async fn bytes_of(promise: Result<js_sys::Promise, JsValue>) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(promise?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// A fresh random team key (made on the device that starts the team).
pub fn new_key() -> [u8; KEY_BYTES] {
    random_bytes()
}

/// The team key, imported as a non-extractable AES-GCM key.
pub struct TeamKey(CryptoKey);

/// A ciphertext (with its 16-byte tag) and the nonce it was made with.
pub struct Sealed {
    pub nonce: [u8; NONCE_BYTES],
    pub ciphertext: Vec<u8>,
}

impl TeamKey {
    pub async fn import(raw: &[u8; KEY_BYTES]) -> Result<TeamKey, CryptoError> {
        let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
        let promise = subtle()?
            .import_key_with_str("raw", &Uint8Array::from(&raw[..]), "AES-GCM", false, &usages)
            .map_err(unavailable)?;
        let key = JsFuture::from(promise).await.map_err(unavailable)?;
        Ok(TeamKey(key.unchecked_into()))
    }

    fn params(nonce: &[u8], aad: &[u8]) -> AesGcmParams {
        let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce));
        params.set_additional_data_u8_array(&Uint8Array::from(aad));
        params
    }

    /// Encrypts with a fresh random 96-bit nonce; `aad` is authenticated, not encrypted.
    pub async fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Result<Sealed, CryptoError> {
        let nonce: [u8; NONCE_BYTES] = random_bytes();
        let promise = subtle()?.encrypt_with_object_and_u8_array(&Self::params(&nonce, aad), &self.0, plaintext);
        let ciphertext = bytes_of(promise).await.map_err(unavailable)?;
        Ok(Sealed { nonce, ciphertext })
    }

    pub async fn open(&self, aad: &[u8], nonce: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let promise = subtle()?.decrypt_with_object_and_u8_array(&Self::params(nonce, aad), &self.0, ciphertext);
        // WebCrypto reports a failed tag check as an OperationError: the one expected failure.
        bytes_of(promise).await.map_err(|_| CryptoError::Decrypt)
    }
}

pub async fn sha256(data: &[u8]) -> Result<[u8; 32], CryptoError> {
    let digest = bytes_of(subtle()?.digest_with_str_and_u8_array("SHA-256", data)).await.map_err(unavailable)?;
    digest.try_into().map_err(|_| CryptoError::Unavailable("SHA-256 digest of the wrong length".into()))
}

/// Standard base64 with padding (what the wire uses).
pub fn base64(bytes: &[u8]) -> String {
    // btoa takes a "binary string": one char per byte.
    let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
    web_sys::window().and_then(|w| w.btoa(&binary).ok()).unwrap_or_default()
}

pub fn from_base64(text: &str) -> Option<Vec<u8>> {
    let binary = web_sys::window()?.atob(text).ok()?;
    binary.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

/// URL-safe base64 without padding (for the invite link's fragment).
pub fn base64url(bytes: &[u8]) -> String {
    base64(bytes).trim_end_matches('=').replace('+', "-").replace('/', "_")
}

pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    if text.contains(['+', '/', '=']) {
        return None;
    }
    let mut std = text.replace('-', "+").replace('_', "/");
    while std.len() % 4 != 0 {
        std.push('=');
    }
    from_base64(&std)
}
