//! A parent's reply: the token that lets a link holder post it, and sealing and opening it with
//! the key from the link's secret (`signaal_core::reply` has the rules and the why).

use crate::base64;
use crate::crypto::{hkdf_bytes, sha256, CryptoError};
use crate::share::{field, key};
use js_sys::{Object, Reflect, JSON};
use signaal_core::reply::{
    check_version, reply_aad, ParentReply, ReplyError, TalkAnswer, AUTH_INFO, REPLY_INFO,
    REPLY_VERSION,
};
use signaal_core::share::ShareError;
use signaal_core::wire::{PendingReply, PostReplyRequest};
use wasm_bindgen::JsValue;

/// The token a parent's page presents (`Authorization: Bearer …`), base64url like the server's
/// other secrets.
pub async fn token(secret: &str) -> Result<String, ShareError> {
    let secret = base64::decode_url(secret).ok_or(ShareError::BadLink)?;
    let bytes = hkdf_bytes(&secret, AUTH_INFO)
        .await
        .map_err(|_| ShareError::BadLink)?;
    Ok(base64::encode_url(&bytes))
}

/// What the team gives the server at publish time: base64 of SHA-256 of the token's text.
pub async fn auth_hash(secret: &str) -> Result<String, ShareError> {
    let token = token(secret).await?;
    let hash = sha256(token.as_bytes())
        .await
        .map_err(|_| ShareError::BadLink)?;
    Ok(base64::encode(&hash))
}

// JSON through the browser's own parser and printer: the parent page carries no serde_json.

/// The reply's JSON, as sealed (and as the parent's phone keeps what it sent).
pub fn to_json(reply: &ParentReply) -> String {
    let object = Object::new();
    let set = |name: &str, value: JsValue| {
        let _ = Reflect::set(&object, &name.into(), &value);
    };
    set("v", f64::from(REPLY_VERSION).into());
    set("text", reply.text.trim().into());
    set(
        "talk",
        reply.talk.map_or(JsValue::NULL, |t| t.code().into()),
    );
    set("talk_note", reply.talk_note.trim().into());
    set("sent_at", (reply.sent_at as f64).into());
    JSON::stringify(&object)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

pub fn from_json(text: &str) -> Result<ParentReply, ReplyError> {
    let value = JSON::parse(text).map_err(|_| ReplyError::Unreadable)?;
    check_version(field(&value, "v").as_f64().ok_or(ReplyError::Unreadable)?)?;
    let text_of = |name| {
        field(&value, name)
            .as_string()
            .ok_or(ReplyError::Unreadable)
    };
    let talk = field(&value, "talk");
    let reply = ParentReply {
        text: text_of("text")?,
        talk: if talk.is_null() {
            None
        } else {
            Some(
                talk.as_string()
                    .and_then(|c| TalkAnswer::from_code(&c))
                    .ok_or(ReplyError::Unreadable)?,
            )
        },
        talk_note: text_of("talk_note")?,
        sent_at: field(&value, "sent_at")
            .as_f64()
            .ok_or(ReplyError::Unreadable)? as i64,
    };
    reply.check()?;
    Ok(reply)
}

/// The POST body for `reply` under `reply_id`.
pub async fn seal(
    link_id: &str,
    secret: &str,
    reply_id: &str,
    reply: &ParentReply,
) -> Result<PostReplyRequest, CryptoError> {
    let key = key(secret, REPLY_INFO)
        .await
        .map_err(|_| CryptoError::Unavailable("the link secret is damaged".into()))?;
    let sealed = key
        .seal(&reply_aad(link_id, reply_id), to_json(reply).as_bytes())
        .await?;
    Ok(PostReplyRequest {
        reply_id: reply_id.to_owned(),
        nonce: base64::encode(&sealed.nonce),
        ciphertext: base64::encode(&sealed.ciphertext),
    })
}

/// A reply the team fetched, opened with the link's secret. A wrong secret, an altered
/// ciphertext and a reply moved to another link or id all fail the tag check alike.
pub async fn open(secret: &str, pending: &PendingReply) -> Result<ParentReply, ReplyError> {
    let nonce = base64::decode(&pending.nonce).ok_or(ReplyError::Unreadable)?;
    let bytes = base64::decode(&pending.ciphertext).ok_or(ReplyError::Unreadable)?;
    let key = key(secret, REPLY_INFO)
        .await
        .map_err(|_| ReplyError::Unreadable)?;
    let plain = key
        .open(
            &reply_aad(&pending.link_id, &pending.reply_id),
            &nonce,
            &bytes,
        )
        .await
        .map_err(|_| ReplyError::Unreadable)?;
    from_json(&String::from_utf8(plain).map_err(|_| ReplyError::Unreadable)?)
}
