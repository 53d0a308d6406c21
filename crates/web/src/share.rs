//! Sealing and opening a parent summary. The key is HKDF-SHA256 of the link's secret, which
//! only the link's fragment carries; the associated data binds the link id, the publish version
//! and the expiry (`signaal_core::share::summary_aad`), so the server cannot pass one link's
//! summary off as another's, change its expiry, or put an older one back unnoticed.

use crate::base64;
use crate::crypto::{AesKey, CryptoError};
use js_sys::{Array, Reflect, JSON};
use signaal_core::lang::ParentLang;
use signaal_core::share::{
    check_version, frame, parse_day, summary_aad, unframe, Highlight, ParentSummary, ShareError,
    SEAL_INFO, SEAL_INFO_V1,
};
use signaal_core::wire::{PutShareRequest, ShareEnvelope, UnixMillis};
use wasm_bindgen::JsValue;

pub(crate) async fn key(secret: &str, info: &[u8]) -> Result<AesKey, ShareError> {
    let secret = base64::decode_url(secret).ok_or(ShareError::BadLink)?;
    AesKey::derive(&secret, info)
        .await
        .map_err(|_| ShareError::BadLink)
}

/// Seals `summary` as publish number `version` of the link, valid until `expires_at`.
pub async fn seal(
    link_id: &str,
    secret: &str,
    summary: &ParentSummary,
    expires_at: UnixMillis,
    version: u64,
) -> Result<PutShareRequest, CryptoError> {
    let key = key(secret, SEAL_INFO)
        .await
        .map_err(|e| CryptoError::Unavailable(e.to_string()))?;
    let sealed = key
        .seal(
            &summary_aad(link_id, version, expires_at),
            &summary.to_json(),
        )
        .await?;
    let reply_auth = crate::reply::auth_hash(secret)
        .await
        .map_err(|e| CryptoError::Unavailable(e.to_string()))?;
    Ok(PutShareRequest {
        nonce: base64::encode(&sealed.nonce),
        ciphertext: base64::encode(&frame(version, &sealed.ciphertext)),
        expires_at,
        reply_auth: Some(reply_auth),
    })
}

/// The summary and its publish version. A wrong or damaged secret, an altered ciphertext and
/// an altered expiry or version look the same to AES-GCM: all are reported as a link that does
/// not fit. A summary sealed before versions were bound (link id alone as associated data)
/// opens as version 0.
pub async fn open(
    link_id: &str,
    secret: &str,
    envelope: &ShareEnvelope,
) -> Result<(ParentSummary, u64), ShareError> {
    let nonce = base64::decode(&envelope.nonce).ok_or(ShareError::Unreadable)?;
    let bytes = base64::decode(&envelope.ciphertext).ok_or(ShareError::Unreadable)?;
    let current = match unframe(&bytes) {
        Some((version, ciphertext)) => {
            let aad = summary_aad(link_id, version, envelope.expires_at);
            key(secret, SEAL_INFO)
                .await?
                .open(&aad, &nonce, ciphertext)
                .await
                .ok()
                .map(|p| (p, version))
        }
        None => None,
    };
    let (plaintext, version) = match current {
        Some(opened) => opened,
        None => {
            let old = key(secret, SEAL_INFO_V1)
                .await?
                .open(link_id.as_bytes(), &nonce, &bytes)
                .await;
            (old.map_err(|_| ShareError::BadLink)?, 0)
        }
    };
    let text = String::from_utf8(plaintext).map_err(|_| ShareError::Unreadable)?;
    Ok((
        summary(&JSON::parse(&text).map_err(|_| ShareError::Unreadable)?)?,
        version,
    ))
}

// The parent page reads JSON with the browser's parser rather than serde_json: its download
// stays small. The shape is pinned by `signaal_core::share`'s tests.

pub(crate) fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: JsValue) -> Result<String, ShareError> {
    value.as_string().ok_or(ShareError::Unreadable)
}

fn day(value: JsValue) -> Result<chrono::NaiveDate, ShareError> {
    parse_day(&text(value)?).ok_or(ShareError::Unreadable)
}

fn list<T>(
    value: JsValue,
    item: impl Fn(JsValue) -> Result<T, ShareError>,
) -> Result<Vec<T>, ShareError> {
    if !Array::is_array(&value) {
        return Err(ShareError::Unreadable);
    }
    Array::from(&value).iter().map(item).collect()
}

/// A list of texts that summaries made before it existed leave out.
fn optional_list(value: JsValue) -> Result<Vec<String>, ShareError> {
    if value.is_undefined() {
        Ok(Vec::new())
    } else {
        list(value, text)
    }
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
            Ok(Highlight {
                date: day(field(&h, "date"))?,
                text: text(field(&h, "text"))?,
            })
        })?,
        working_on: list(field(json, "working_on"), text)?,
        team_does: list(field(json, "team_does"), text)?,
        tips: list(field(json, "tips"), text)?,
        next_talk: if next_talk.is_null() {
            None
        } else {
            Some(day(next_talk)?)
        },
        message: text(field(json, "message"))?,
        helpers: optional_list(field(json, "helpers"))?,
        since_last: optional_list(field(json, "since_last"))?,
        lang: field(json, "lang")
            .as_string()
            .and_then(|code| ParentLang::from_code(&code)),
    })
}

/// The server's answer to `GET /api/shares/{id}`.
pub fn envelope(json: &str) -> Result<ShareEnvelope, ShareError> {
    let value = JSON::parse(json).map_err(|_| ShareError::Unreadable)?;
    Ok(ShareEnvelope {
        nonce: text(field(&value, "nonce"))?,
        ciphertext: text(field(&value, "ciphertext"))?,
        expires_at: field(&value, "expires_at")
            .as_f64()
            .ok_or(ShareError::Unreadable)? as UnixMillis,
    })
}
