//! Encryption with the browser's WebCrypto (AES-256-GCM, HKDF-SHA256, PBKDF2, SHA-256): no crypto code
//! of our own, and nothing added to the wasm.

use js_sys::{Array, Uint8Array};
use signaal_core::wire::limits::NONCE_BYTES;
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, CryptoKey, HkdfParams, Pbkdf2Params, SubtleCrypto};

/// Length of an AES-256 key.
pub const KEY_BYTES: usize = 32;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum CryptoError {
    #[error("WebCrypto is not available: {0}")]
    Unavailable(String),
    /// The browser gave no random bytes (`crypto.getRandomValues` missing or failing).
    #[error("the browser gives no random numbers: {0}")]
    NoRandomness(String),
    /// Wrong key, or the ciphertext or its associated data were changed.
    #[error("the data could not be decrypted (wrong key or altered)")]
    Decrypt,
}

/// Cryptographically random bytes from the browser, or an error: never zeros or other fixed
/// bytes in place of a key, nonce or id when `window.crypto` is missing or refuses.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| CryptoError::NoRandomness("no window.crypto".into()))?;
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|err| CryptoError::NoRandomness(crate::js_error_text(&err)))?;
    Ok(bytes)
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| CryptoError::Unavailable("no window.crypto".into()))?;
    Ok(crypto.subtle())
}

fn unavailable(err: JsValue) -> CryptoError {
    CryptoError::Unavailable(crate::js_error_text(&err))
}

async fn bytes_of(promise: Result<js_sys::Promise, JsValue>) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(promise?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn usages() -> Array {
    Array::of2(&"encrypt".into(), &"decrypt".into())
}

/// A ciphertext (with its 16-byte tag) and the nonce it was made with.
pub struct Sealed {
    pub nonce: [u8; NONCE_BYTES],
    pub ciphertext: Vec<u8>,
}

/// A non-extractable AES-256-GCM key.
pub struct AesKey(CryptoKey);

impl AesKey {
    /// Imports raw key bytes (the team key).
    pub async fn import(raw: &[u8; KEY_BYTES]) -> Result<AesKey, CryptoError> {
        let promise = subtle()?
            .import_key_with_str(
                "raw",
                &Uint8Array::from(&raw[..]),
                "AES-GCM",
                false,
                &usages(),
            )
            .map_err(unavailable)?;
        let key = JsFuture::from(promise).await.map_err(unavailable)?;
        Ok(AesKey(key.unchecked_into()))
    }

    /// Derives a key from a high-entropy secret with HKDF-SHA256 (empty salt); `info` names the
    /// purpose, so one secret can never yield the same key for two uses.
    pub async fn derive(secret: &[u8], info: &[u8]) -> Result<AesKey, CryptoError> {
        let (subtle, base, params) = hkdf(secret, info, "deriveKey").await?;
        let target = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&target, &"name".into(), &"AES-GCM".into());
        let _ = js_sys::Reflect::set(&target, &"length".into(), &256.into());
        let promise = subtle
            .derive_key_with_object_and_object(&params, &base, &target, false, &usages())
            .map_err(unavailable)?;
        let key = JsFuture::from(promise).await.map_err(unavailable)?;
        Ok(AesKey(key.unchecked_into()))
    }

    fn params(nonce: &[u8], aad: &[u8]) -> AesGcmParams {
        let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce));
        params.set_additional_data_u8_array(&Uint8Array::from(aad));
        params
    }

    /// Encrypts with a fresh random 96-bit nonce; `aad` is authenticated, not encrypted.
    pub async fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Result<Sealed, CryptoError> {
        let nonce: [u8; NONCE_BYTES] = random_bytes()?;
        let promise = subtle()?.encrypt_with_object_and_u8_array(
            &Self::params(&nonce, aad),
            &self.0,
            plaintext,
        );
        let ciphertext = bytes_of(promise).await.map_err(unavailable)?;
        Ok(Sealed { nonce, ciphertext })
    }

    pub async fn open(
        &self,
        aad: &[u8],
        nonce: &[u8],
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let promise = subtle()?.decrypt_with_object_and_u8_array(
            &Self::params(nonce, aad),
            &self.0,
            ciphertext,
        );
        // WebCrypto reports a failed tag check as an OperationError: the one expected failure.
        bytes_of(promise).await.map_err(|_| CryptoError::Decrypt)
    }
}

/// The secret imported for HKDF-SHA256 (empty salt, `info` naming the purpose) with `usage`.
async fn hkdf(
    secret: &[u8],
    info: &[u8],
    usage: &str,
) -> Result<(SubtleCrypto, CryptoKey, HkdfParams), CryptoError> {
    let subtle = subtle()?;
    let base = subtle
        .import_key_with_str(
            "raw",
            &Uint8Array::from(secret),
            "HKDF",
            false,
            &Array::of1(&usage.into()),
        )
        .map_err(unavailable)?;
    let base: CryptoKey = JsFuture::from(base)
        .await
        .map_err(unavailable)?
        .unchecked_into();
    let params = HkdfParams::new(
        "HKDF",
        &"SHA-256".into(),
        &Uint8Array::from(info),
        &Uint8Array::new_with_length(0),
    );
    Ok((subtle, base, params))
}

/// 32 bytes of HKDF-SHA256 of a high-entropy secret for the purpose `info` (a token, not a key).
pub async fn hkdf_bytes(secret: &[u8], info: &[u8]) -> Result<[u8; 32], CryptoError> {
    let (subtle, base, params) = hkdf(secret, info, "deriveBits").await?;
    let bits = bytes_of(subtle.derive_bits_with_object(&params, &base, 256))
        .await
        .map_err(unavailable)?;
    bits.try_into()
        .map_err(|_| CryptoError::Unavailable("HKDF output of the wrong length".into()))
}

/// PBKDF2-SHA256 of a secret a person typed (a PIN), 32 bytes.
pub async fn pbkdf2(secret: &[u8], salt: &[u8], iterations: u32) -> Result<[u8; 32], CryptoError> {
    let subtle = subtle()?;
    let base = subtle
        .import_key_with_str(
            "raw",
            &Uint8Array::from(secret),
            "PBKDF2",
            false,
            &Array::of1(&"deriveBits".into()),
        )
        .map_err(unavailable)?;
    let base: CryptoKey = JsFuture::from(base)
        .await
        .map_err(unavailable)?
        .unchecked_into();
    let params = Pbkdf2Params::new(
        "PBKDF2",
        &"SHA-256".into(),
        iterations,
        &Uint8Array::from(salt),
    );
    let bits = bytes_of(subtle.derive_bits_with_object(&params, &base, 256))
        .await
        .map_err(unavailable)?;
    bits.try_into()
        .map_err(|_| CryptoError::Unavailable("PBKDF2 output of the wrong length".into()))
}

pub async fn sha256(data: &[u8]) -> Result<[u8; 32], CryptoError> {
    let digest = bytes_of(subtle()?.digest_with_str_and_u8_array("SHA-256", data))
        .await
        .map_err(unavailable)?;
    digest
        .try_into()
        .map_err(|_| CryptoError::Unavailable("SHA-256 digest of the wrong length".into()))
}
