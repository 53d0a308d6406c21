//! The JSON shapes of the sync server's HTTP API (`/api/...`).
//!
//! Shared by the app's sync client and `signaal-server`, so the two cannot drift apart.
//! Conventions:
//! - Binary values (nonces, ciphertexts) travel as **standard base64 with padding**
//!   (RFC 4648 §4, what the browser's `btoa` makes). The server decodes them only to check
//!   their sizes and stores the bytes; it never sees plaintext.
//! - Times are Unix milliseconds (`Date.now()` in the browser).
//! - Request types reject unknown fields, so a typo in a client is an error, not silently ignored.
//! - Every error is an [`ErrorBody`] with a 4xx/5xx status.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Position in a team's change log. The server assigns it, strictly increasing per team.
pub type Seq = u64;

/// Unix time in milliseconds.
pub type UnixMillis = i64;

/// Server defaults, for clients that want to size their batches without asking.
/// A server may be configured differently; it then answers `413` with a message.
pub mod limits {
    /// Changes per push.
    pub const MAX_BATCH: usize = 500;
    /// Decoded ciphertext bytes per change.
    pub const MAX_CIPHERTEXT_BYTES: usize = 64 * 1024;
    /// Decoded ciphertext bytes of a parent-link summary.
    pub const MAX_SHARE_BYTES: usize = 256 * 1024;
    /// Whole request body.
    pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
    /// Changes per pull page (the default page size is [`DEFAULT_PULL_LIMIT`]).
    pub const MAX_PULL_LIMIT: u32 = 1000;
    pub const DEFAULT_PULL_LIMIT: u32 = 500;
    /// Decoded ciphertext bytes per pull page: a page ends early (with `more`) rather than go
    /// past this, but always holds at least one change. Bounds what the server builds in memory.
    pub const MAX_PULL_BYTES: usize = 2 * 1024 * 1024;
    /// AES-GCM nonce: 96 bits.
    pub const NONCE_BYTES: usize = 12;
    /// AES-GCM tag: a ciphertext is at least this long.
    pub const TAG_BYTES: usize = 16;
    /// `Change::clock` length in bytes (printable ASCII).
    pub const MAX_CLOCK_LEN: usize = 64;
    /// A device label's length in characters.
    pub const MAX_LABEL_CHARS: usize = 64;
    /// Share ids are base64url (no padding) of this many random bytes (128 bits) or more, up to 32.
    pub const SHARE_ID_MIN_BYTES: usize = 16;
    pub const SHARE_ID_MAX_BYTES: usize = 32;
    /// Furthest expiry of a parent link, from now.
    pub const MAX_SHARE_DAYS: i64 = 366;
    /// Decoded ciphertext of one parent reply: 1,000 characters and a note, up to 4 bytes each
    /// in UTF-8, with their JSON, fit.
    pub const MAX_REPLY_BYTES: usize = 8 * 1024;
    /// Replies waiting per link for a team device to fetch them; past this a parent is asked to
    /// wait, so one link cannot fill the server.
    pub const MAX_PENDING_REPLIES: usize = 20;
    /// A reply id: base64url (no padding) of this many random bytes.
    pub const REPLY_ID_BYTES: usize = 16;
}

/// Body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `invalid_json`, `unauthorized`, `payload_too_large`.
    pub error: String,
    /// Human-readable explanation (English).
    pub message: String,
}

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"`.
    pub status: String,
    /// The server's package version.
    pub version: String,
    /// `"sqlite"` or `"postgres"`.
    pub db: String,
}

/// `POST /api/teams`: create a team; the caller becomes its first device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateTeamRequest {
    /// A short name for this device, shown in the device list. The server can read it: do not
    /// put children's names in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_label: Option<String>,
    /// The operator's sign-up code, when the server is started with `--team-signup code`.
    /// Without it such a server answers `403` `signup_code_required`, with a wrong one
    /// `signup_code_wrong`; a server with `--team-signup closed` answers `403` `signup_closed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signup_code: Option<String>,
}

/// `201` answer to [`CreateTeamRequest`]. The creating device is the team's first admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateTeamResponse {
    pub team_id: Uuid,
    pub device_id: Uuid,
    /// Bearer token of this device (256-bit random, base64url). Shown once; the server keeps a hash.
    pub device_token: String,
    /// Secret for the invite link (`/join#t=…&k=…&i=…`). Shown once; rotate with
    /// `POST /api/teams/{team}/invite`.
    pub invite_secret: String,
    /// When the invite stops working (joining then answers `403` `invite_expired`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_expires_at: Option<UnixMillis>,
}

/// `POST /api/teams/{team}/devices`: join a team with its invite secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinTeamRequest {
    pub invite_secret: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_label: Option<String>,
}

/// `201` answer to [`JoinTeamRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinTeamResponse {
    pub team_id: Uuid,
    pub device_id: Uuid,
    pub device_token: String,
    /// When the invite that was used stops working.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_expires_at: Option<UnixMillis>,
}

/// `POST /api/teams/{team}/invite` (Bearer, admins only, else `403` `admin_only`): a new invite
/// secret with a new expiry; the old one stops working. Also the `200` answer to removing
/// another device, which rotates the invite too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResponse {
    pub invite_secret: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_expires_at: Option<UnixMillis>,
}

/// One device of a team, in [`DeviceList`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub created_at: UnixMillis,
    /// Last authenticated request, to within a few minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<UnixMillis>,
    /// True for the device that asked.
    pub this_device: bool,
    /// A team admin ("beheerder"): may remove devices, rotate the invite and make admins.
    #[serde(default)]
    pub is_admin: bool,
}

/// `GET /api/teams/{team}/devices` (Bearer).
///
/// Admins only (else `403` `admin_only`):
/// - `DELETE /api/teams/{team}/devices/{device}` removes another device: its token stops working
///   at once and the invite is rotated in the same step (the removed device knew it), answered
///   `200` with the new [`InviteResponse`]. Any device may remove itself (leave, `204`).
/// - `POST /api/teams/{team}/devices/{device}/admin` makes a device admin,
///   `DELETE` on the same path takes that back (`204`).
///
/// The last admin of a team with other devices can neither lose admin nor be removed, not even
/// by itself (`409` `last_admin`): make another device admin first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceList {
    pub devices: Vec<DeviceInfo>,
    /// When the team's current invite stops working; compare with the expiry a device got with
    /// its invite secret to tell whether that secret is still the current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_expires_at: Option<UnixMillis>,
}

/// One encrypted change, as pushed.
///
/// `ciphertext` is AES-256-GCM under the team key with associated data
/// `team_id | record_id | clock`, so the server cannot move it to another record or time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Unique per change; a retried push with the same id is not stored twice.
    pub change_id: Uuid,
    pub record_id: Uuid,
    /// The change's hybrid logical clock in its canonical text form (opaque to the server;
    /// printable ASCII, at most [`limits::MAX_CLOCK_LEN`] bytes).
    pub clock: String,
    /// Base64 of the 12-byte AES-GCM nonce.
    pub nonce: String,
    /// Base64 of the AES-GCM ciphertext including its 16-byte tag.
    pub ciphertext: String,
    /// The record is erased (final, e.g. a child's data deleted on request): the server then
    /// deletes the record's earlier changes and keeps no later content for it, so a device
    /// that joins afterwards receives only the erasure. The one thing about a record's content
    /// the server learns, and only for erased records.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub erased: bool,
}

/// `POST /api/sync/push` (Bearer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub changes: Vec<Change>,
}

/// Answer to [`PushRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Every change id of the batch that the server now holds, including ones it already had
    /// (a retry): the client may drop all of them from its outbox.
    pub accepted: Vec<Uuid>,
    /// The team's latest sequence number after this push.
    pub seq: Seq,
}

/// `GET /api/sync/pull?after=SEQ&limit=N` (Bearer). Both optional: `after` defaults to 0,
/// `limit` to [`limits::DEFAULT_PULL_LIMIT`] (at most [`limits::MAX_PULL_LIMIT`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullQuery {
    #[serde(default)]
    pub after: Seq,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// One change as pulled: a [`Change`] with the sequence number the server gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledChange {
    pub seq: Seq,
    pub change_id: Uuid,
    pub record_id: Uuid,
    pub clock: String,
    pub nonce: String,
    pub ciphertext: String,
}

/// Answer to a pull: changes in `seq` order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<PulledChange>,
    /// Cursor for the next pull (`after=next`); equals the request's `after` when nothing is new.
    pub next: Seq,
    /// True when more changes wait after `next`: pull again at once.
    pub more: bool,
}

/// `PUT /api/shares/{id}` (Bearer): publish or update an encrypted parent summary.
/// `{id}` is base64url (no padding) of 16–32 random bytes made on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutShareRequest {
    /// Base64 of the 12-byte AES-GCM nonce.
    pub nonce: String,
    /// Base64 of the AES-GCM ciphertext (key from HKDF of the link secret, which stays in the
    /// URL fragment and never reaches the server).
    pub ciphertext: String,
    /// After this the server deletes the ciphertext and answers `410 Gone`.
    pub expires_at: UnixMillis,
    /// Base64 of SHA-256 of the link's reply token (`signaal_core::reply::AUTH_INFO`): the
    /// server checks a parent's reply against it. Absent: the link takes no replies (a link
    /// published before replies existed keeps the hash it had).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_auth: Option<String>,
}

/// `GET /api/shares/{id}` (no auth, rate limited): the parent's page fetches this.
/// Unknown, revoked (`DELETE /api/shares/{id}`) and expired links all answer `410 Gone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareEnvelope {
    pub nonce: String,
    pub ciphertext: String,
    pub expires_at: UnixMillis,
}

/// Answer to `PUT /api/shares/{id}` and `GET /api/shares/{id}/status` (Bearer, same team):
/// how often the parent opened the link. No IP addresses are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareStatus {
    pub expires_at: UnixMillis,
    pub open_count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_opened_at: Option<UnixMillis>,
}

/// `POST /api/shares/{id}/replies` (`Authorization: Bearer <reply token>`, rate limited per
/// link and per IP): a parent's sealed reply. `410` for an unknown, revoked or expired link,
/// `403 reply_forbidden` for a wrong token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostReplyRequest {
    /// Base64url (no padding) of 16 random bytes made on the parent's phone.
    pub reply_id: String,
    pub nonce: String,
    pub ciphertext: String,
}

/// Answer to `POST /api/shares/{id}/replies` (201).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyReceipt {
    pub received_at: UnixMillis,
}

/// `GET /api/shares/{id}/replies/{reply_id}` (reply token): whether a team device has fetched
/// and confirmed the reply (the server then holds it no more).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyStatus {
    pub delivered: bool,
}

/// One reply waiting on the server for the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReply {
    pub link_id: String,
    pub reply_id: String,
    pub nonce: String,
    pub ciphertext: String,
    pub received_at: UnixMillis,
}

/// `GET /api/replies` (Bearer): every reply waiting for the device's team, oldest first.
/// `DELETE /api/replies/{reply_id}` confirms one: the server deletes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyList {
    pub replies: Vec<PendingReply>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_reject_unknown_fields() {
        let err = serde_json::from_str::<PushRequest>(r#"{"changes":[],"extra":1}"#);
        assert!(err.is_err());
        let ok: PullQuery = serde_json::from_str("{}").unwrap();
        assert_eq!(ok, PullQuery::default());
    }

    #[test]
    fn older_and_newer_peers_understand_each_other() {
        // An older app sends no sign-up code; an older server sends no admin flag or expiry.
        let req: CreateTeamRequest = serde_json::from_str("{}").unwrap();
        assert_eq!(req, CreateTeamRequest::default());
        assert_eq!(serde_json::to_string(&req).unwrap(), "{}");
        let list: DeviceList = serde_json::from_str(
            r#"{"devices":[{"device_id":"00000000-0000-0000-0000-000000000001","created_at":1,"this_device":true}]}"#,
        )
        .unwrap();
        assert!(!list.devices[0].is_admin && list.invite_expires_at.is_none());
        let invite: InviteResponse = serde_json::from_str(r#"{"invite_secret":"s"}"#).unwrap();
        assert_eq!(invite.invite_expires_at, None);
        let with_code: CreateTeamRequest =
            serde_json::from_str(r#"{"signup_code":"abc"}"#).unwrap();
        assert_eq!(with_code.signup_code.as_deref(), Some("abc"));
    }

    #[test]
    fn change_round_trips() {
        let c = Change {
            change_id: Uuid::from_u128(1),
            record_id: Uuid::from_u128(2),
            clock: "0001700000000000-0000-abcd".into(),
            nonce: "AAAAAAAAAAAAAAAA".into(),
            ciphertext: "AAAAAAAAAAAAAAAAAAAAAA==".into(),
            erased: false,
        };
        let json = serde_json::to_string(&PushRequest {
            changes: vec![c.clone()],
        })
        .unwrap();
        assert!(
            !json.contains("erased"),
            "a change that erases nothing says nothing of it"
        );
        let back: PushRequest = serde_json::from_str(&json).unwrap();
        assert_eq!(back.changes, vec![c.clone()]);
        let erasing = Change { erased: true, ..c };
        let json = serde_json::to_string(&erasing).unwrap();
        assert!(json.contains(r#""erased":true"#));
        assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), erasing);
    }
}
