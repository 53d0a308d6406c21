//! This device's team membership (`signaal/v1/sync`), kept apart from the synced records: the
//! device token and team key must never travel to other devices through sync. And the invite
//! link that carries the key.

use crate::store::keys::sync_config as key;
use crate::store::{read, remove, write, SaveError};
use serde::{Deserialize, Serialize};
use signaal_core::id::Id;
use signaal_core::wire::Seq;
use signaal_web::base64::{decode_url as from_base64url, encode_url as base64url};
use signaal_web::crypto::KEY_BYTES;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncConfig {
    /// Hyphenated UUIDs, as the server names them in paths and associated data.
    pub team_id: String,
    pub device_id: String,
    pub device_token: String,
    /// The team key, base64url.
    pub team_key: String,
    /// The last invite secret this device knows (made or used), to show the invite link again.
    #[serde(default)]
    pub invite_secret: Option<String>,
    /// When that invite stops working, as the server said; the device list's expiry differs
    /// once someone made a new invite, so this device's link is then stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_expires_at: Option<i64>,
    /// Everything up to this sequence number has been merged and stored here.
    #[serde(default)]
    pub cursor: Seq,
    /// When this device last removed another one (Unix ms): parent links published before then
    /// may be known to the removed device, so the team page offers to re-issue them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_device_at: Option<i64>,
}

impl SyncConfig {
    pub fn key_bytes(&self) -> Option<[u8; KEY_BYTES]> {
        from_base64url(&self.team_key)?.try_into().ok()
    }

    pub fn invite(&self) -> Option<Invite> {
        Some(Invite {
            team_id: self.team_id.clone(),
            team_key: self.team_key.clone(),
            secret: self.invite_secret.clone()?,
        })
    }
}

/// `None` when the device is in no team. A config that cannot be read is left in place (so it
/// can still be exported) and the device behaves as if in no team.
pub fn load() -> Option<SyncConfig> {
    serde_json::from_str(&read(&key())?).ok()
}

pub fn save(config: &SyncConfig) -> Result<(), SaveError> {
    let raw = serde_json::to_string(config).map_err(|e| SaveError::Unavailable(e.to_string()))?;
    write(&key(), &raw)
}

pub fn clear() {
    remove(&key());
}

/// What an invite link carries, all in the URL fragment (`/join#t=…&k=…&i=…`), which browsers
/// never send to the server: the team, its key and the secret that lets a device join.
#[derive(Clone, Debug, PartialEq)]
pub struct Invite {
    pub team_id: String,
    pub team_key: String,
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Error)]
#[error("this is not a valid invite link")]
pub struct BadInvite;

impl Invite {
    /// Accepts the whole link, or just its fragment (with or without `#`).
    pub fn parse(text: &str) -> Result<Invite, BadInvite> {
        let text = text.trim();
        let fragment = text.split_once('#').map_or(text, |(_, f)| f);
        let (mut team, mut key, mut secret) = (None, None, None);
        for pair in fragment.split('&') {
            match pair.split_once('=') {
                Some(("t", v)) => team = Some(v),
                Some(("k", v)) => key = Some(v),
                Some(("i", v)) => secret = Some(v),
                _ => {}
            }
        }
        let team_id = team
            .and_then(|t| t.parse::<Id>().ok())
            .ok_or(BadInvite)?
            .as_uuid()
            .to_string();
        let team_key = key
            .filter(|k| from_base64url(k).is_some_and(|b| b.len() == KEY_BYTES))
            .ok_or(BadInvite)?;
        let secret = secret
            .filter(|s| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
            .ok_or(BadInvite)?;
        Ok(Invite {
            team_id,
            team_key: team_key.to_owned(),
            secret: secret.to_owned(),
        })
    }

    pub fn link(&self, origin: &str) -> String {
        format!(
            "{origin}/join#t={}&k={}&i={}",
            self.team_id, self.team_key, self.secret
        )
    }
}

/// A new team key in the form the config and the link keep it.
pub fn encode_key(raw: &[u8; KEY_BYTES]) -> String {
    base64url(raw)
}
