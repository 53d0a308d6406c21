//! Sealing and opening a parent summary. The key is HKDF-SHA256 of the link's secret, which
//! only the link's fragment carries; the link id is the associated data, so the server cannot
//! pass one link's summary off as another's.

use crate::base64;
use crate::crypto::{AesKey, CryptoError};
use js_sys::{Array, Reflect, JSON};
use signaal_core::share::{check_version, parse_day, Highlight, ParentSummary, ShareError};
use signaal_core::wire::{PutShareRequest, ShareEnvelope, UnixMillis};
use wasm_bindgen::JsValue;

/// HKDF `info`: versioned, so a future format gets a different key from the same secret.
const INFO: &[u8] = b"signaal parent summary v1";

async fn key(secret: &str) -> Result<AesKey, ShareError> {
    let secret = base64::decode_url(secret).ok_or(ShareError::BadLink)?;
    AesKey::derive(&secret, INFO).await.map_err(|_| ShareError::BadLink)
}

pub async fn seal(
    link_id: &str,
    secret: &str,
    summary: &ParentSummary,
    expires_at: UnixMillis,
) -> Result<PutShareRequest, CryptoError> {
    let key = key(secret).await.map_err(|e| CryptoError::Unavailable(e.to_string()))?;
    let sealed = key.seal(link_id.as_bytes(), &summary.to_json()).await?;
    Ok(PutShareRequest {
        nonce: base64::encode(&sealed.nonce),
        ciphertext: base64::encode(&sealed.ciphertext),
        expires_at,
    })
}

/// A wrong or damaged secret and an altered ciphertext look the same to AES-GCM: both are
/// reported as a link that does not fit.
pub async fn open(link_id: &str, secret: &str, envelope: &ShareEnvelope) -> Result<ParentSummary, ShareError> {
    let nonce = base64::decode(&envelope.nonce).ok_or(ShareError::Unreadable)?;
    let ciphertext = base64::decode(&envelope.ciphertext).ok_or(ShareError::Unreadable)?;
    let plaintext = key(secret)
        .await?
        .open(link_id.as_bytes(), &nonce, &ciphertext)
        .await
        .map_err(|_| ShareError::BadLink)?;
    let text = String::from_utf8(plaintext).map_err(|_| ShareError::Unreadable)?;
    summary(&JSON::parse(&text).map_err(|_| ShareError::Unreadable)?)
}

// The parent page reads JSON with the browser's parser rather than serde_json: its download
// stays small. The shape is pinned by `signaal_core::share`'s tests.

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: JsValue) -> Result<String, ShareError> {
    value.as_string().ok_or(ShareError::Unreadable)
}

fn day(value: JsValue) -> Result<chrono::NaiveDate, ShareError> {
    parse_day(&text(value)?).ok_or(ShareError::Unreadable)
}

fn list<T>(value: JsValue, item: impl Fn(JsValue) -> Result<T, ShareError>) -> Result<Vec<T>, ShareError> {
    if !Array::is_array(&value) {
        return Err(ShareError::Unreadable);
    }
    Array::from(&value).iter().map(item).collect()
}

fn summary(json: &JsValue) -> Result<ParentSummary, ShareError> {
    check_version(field(json, "v").as_f64().ok_or(ShareError::Unreadable)?)?;
    let next_talk = field(json, "next_talk");
    Ok(ParentSummary {
        v: signaal_core::share::SUMMARY_VERSION,
        child: text(field(json, "child"))?,
        from: text(field(json, "from"))?,
        written: day(field(json, "written"))?,
        positives: list(field(json, "positives"), |h| {
            Ok(Highlight { date: day(field(&h, "date"))?, text: text(field(&h, "text"))? })
        })?,
        working_on: list(field(json, "working_on"), text)?,
        team_does: list(field(json, "team_does"), text)?,
        tips: list(field(json, "tips"), text)?,
        next_talk: if next_talk.is_null() { None } else { Some(day(next_talk)?) },
        message: text(field(json, "message"))?,
    })
}

/// The server's answer to `GET /api/shares/{id}`.
pub fn envelope(json: &str) -> Result<ShareEnvelope, ShareError> {
    let value = JSON::parse(json).map_err(|_| ShareError::Unreadable)?;
    Ok(ShareEnvelope {
        nonce: text(field(&value, "nonce"))?,
        ciphertext: text(field(&value, "ciphertext"))?,
        expires_at: field(&value, "expires_at").as_f64().ok_or(ShareError::Unreadable)? as UnixMillis,
    })
}
