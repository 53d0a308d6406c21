//! The pure part of local persistence: key layout, bucketing, the device's meta record and the
//! record codec. The app does the browser IO (gloo-storage) with these.
//!
//! # Key layout
//! Everything lives under [`PREFIX`] (`signaal/v1/`), so the app never touches other origins'
//! data and a future incompatible layout can live beside this one while it migrates:
//!
//! | key | value |
//! |---|---|
//! | `signaal/v1/meta` | [`Meta`] (schema version, device id, clock, profile) |
//! | `signaal/v1/<kind>/<bucket>` | a bucket of records ([`codec::encode_bucket`]) |
//! | `signaal/v1/outbox` | pending sync changes (defined by the sync client) |
//! | `signaal/v1/draft` | the unsaved capture form (defined by the app) |
//! | `signaal/v1/quarantine/<original>@<ms>` | raw text that could not be decoded |
//!
//! With an app-lock PIN, every value but the lock settings and the language is stored sealed
//! ([`sealed`]): AES-256-GCM under a key that only the PIN opens.
//!
//! Records are bucketed so a save rewrites a few kilobytes rather than the whole notebook:
//! moments per month of `occurred_at` (`moment/2026-11`), every other kind in one bucket
//! (`child/all`). A record's bucket follows its current state, so when an edit moves a moment to
//! another month (or erasure drops its date: `moment/undated`), the app removes it from the old
//! bucket as it writes the new one ([`bucket_of`] before and after the edit).

pub mod backup;
pub mod codec;
pub mod sealed;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::clock::{DeviceId, Hlc};
use crate::id::Id;
use crate::iso;
use crate::moment::OCCURRED_AT_FIELD;
use crate::plan::Role;
use crate::record::{Kind, Record, UnknownKind};

/// Layout and encoding version; also the `v` of every bucket.
pub const SCHEMA_VERSION: u32 = 1;
/// Prefix of every key the app writes.
pub const PREFIX: &str = "signaal/v1/";
/// The budget the app plans with: browsers allow about 5 M UTF-16 code units of local storage
/// per origin (keys plus values). Warn at 80 %.
pub const QUOTA_UNITS: usize = 5_000_000;

/// Size of a string as local storage counts it: UTF-16 code units, not bytes (so "é" is 1 and
/// an emoji 2).
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A bucket: which records share one storage value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BucketKey {
    pub kind: Kind,
    /// `YYYY-MM` for moments, `undated` for moments without a readable date, `all` otherwise.
    pub bucket: String,
}

impl BucketKey {
    pub fn all(kind: Kind) -> Self {
        BucketKey {
            kind,
            bucket: ALL.to_owned(),
        }
    }
}

const ALL: &str = "all";
const UNDATED: &str = "undated";

/// The bucket a record belongs in, given its current state.
pub fn bucket_of(record: &Record) -> BucketKey {
    if record.kind() != Kind::Moment {
        return BucketKey::all(record.kind());
    }
    let month = record
        .value(OCCURRED_AT_FIELD)
        .and_then(|v| v.as_str())
        .and_then(iso::parse_time)
        .map(iso::month);
    BucketKey {
        kind: Kind::Moment,
        bucket: month.unwrap_or_else(|| UNDATED.to_owned()),
    }
}

/// A storage key under [`PREFIX`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Meta,
    Bucket(BucketKey),
    Outbox,
    Draft,
    /// Undecodable data moved aside. `original` is the key it came from, without the prefix;
    /// `at_ms` keeps two quarantines of the same key apart (never overwrite the evidence).
    Quarantine {
        original: String,
        at_ms: u64,
    },
}

/// Why a string is not one of this app's storage keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("key \"{0}\" is not under {PREFIX}")]
    ForeignPrefix(String),
    #[error("unknown key \"{0}\"")]
    Unknown(String),
    #[error(transparent)]
    Kind(#[from] UnknownKind),
    #[error("quarantine key \"{0}\" has no valid `@<ms>` suffix")]
    QuarantineStamp(String),
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PREFIX)?;
        match self {
            Key::Meta => f.write_str("meta"),
            Key::Bucket(b) => write!(f, "{}/{}", b.kind.key_name(), b.bucket),
            Key::Outbox => f.write_str("outbox"),
            Key::Draft => f.write_str("draft"),
            Key::Quarantine { original, at_ms } => write!(f, "quarantine/{original}@{at_ms}"),
        }
    }
}

impl Key {
    /// Parses a key the app finds in storage (e.g. when listing all keys at start-up).
    pub fn parse(key: &str) -> Result<Key, KeyError> {
        let rest = key
            .strip_prefix(PREFIX)
            .ok_or_else(|| KeyError::ForeignPrefix(key.to_owned()))?;
        match rest {
            "meta" => return Ok(Key::Meta),
            "outbox" => return Ok(Key::Outbox),
            "draft" => return Ok(Key::Draft),
            _ => {}
        }
        if let Some(q) = rest.strip_prefix("quarantine/") {
            let (original, ms) = q
                .rsplit_once('@')
                .ok_or_else(|| KeyError::QuarantineStamp(key.to_owned()))?;
            let at_ms = ms
                .parse()
                .map_err(|_| KeyError::QuarantineStamp(key.to_owned()))?;
            return Ok(Key::Quarantine {
                original: original.to_owned(),
                at_ms,
            });
        }
        let (kind, bucket) = rest
            .split_once('/')
            .ok_or_else(|| KeyError::Unknown(key.to_owned()))?;
        if bucket.is_empty() || bucket.contains('/') {
            return Err(KeyError::Unknown(key.to_owned()));
        }
        Ok(Key::Bucket(BucketKey {
            kind: Kind::from_key_name(kind)?,
            bucket: bucket.to_owned(),
        }))
    }

    /// Where to move the raw value of `key` that failed to decode.
    pub fn quarantine(key: &str, now_ms: u64) -> Key {
        Key::Quarantine {
            original: key.strip_prefix(PREFIX).unwrap_or(key).to_owned(),
            at_ms: now_ms,
        }
    }
}

/// The practitioner using this device (issue: "a device profile").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Name or initials written as the author of entries.
    #[serde(default)]
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_group: Option<Id>,
    /// Months after which erasure is suggested (`None`: the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_months: Option<u32>,
    /// The roles the person using this device holds: they decide which steps of a plan this
    /// device may take. Change them with [`Profile::set_roles`], which keeps the rules.
    #[serde(default = "Profile::default_roles")]
    pub roles: Vec<Role>,
    /// What an hour of the coach cost, in euro cents, as this device kept it before the team
    /// shared its budget and rate ([`crate::plan::budget`]). Only read to offer it there, so
    /// nothing typed is lost; no longer written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coach_rate_cents: Option<u32>,
    /// The coach hours for a calendar year, as this device kept them before the team shared its
    /// budget (see `coach_rate_cents`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coach_budget_hours: Option<u32>,
}

/// Why a profile cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("a device needs at least one role")]
    NoRole,
    #[error("{0:?} is not a role of someone using the app")]
    NotStaff(Role),
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            author: String::new(),
            default_group: None,
            retention_months: None,
            roles: Profile::default_roles(),
            coach_rate_cents: None,
            coach_budget_hours: None,
        }
    }
}

impl Profile {
    /// Devices set up before roles existed act as a practitioner, as they always did.
    pub fn default_roles() -> Vec<Role> {
        vec![Role::Practitioner, Role::SeniorPractitioner]
    }

    /// Sets the device's roles, in the order of [`Role::ALL`] and each once.
    pub fn set_roles(&mut self, roles: &[Role]) -> Result<(), ProfileError> {
        if let Some(r) = roles.iter().find(|r| !r.is_staff()) {
            return Err(ProfileError::NotStaff(*r));
        }
        let chosen: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| roles.contains(r))
            .collect();
        if chosen.is_empty() {
            return Err(ProfileError::NoRole);
        }
        self.roles = chosen;
        Ok(())
    }
}

/// The device's own record under `signaal/v1/meta`. Unknown fields written by a newer version are
/// ignored on read, and missing ones take defaults, so the app can add fields without a migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub schema: u32,
    pub device: DeviceId,
    /// The clock's last stamp, so stamps stay monotonic across reloads.
    pub clock: Hlc,
    #[serde(default)]
    pub profile: Profile,
}

impl Meta {
    /// Meta for a first start, with a device id made from caller randomness.
    pub fn new(device: DeviceId) -> Self {
        Meta {
            schema: SCHEMA_VERSION,
            device,
            clock: Hlc::new(0, 0, device),
            profile: Profile::default(),
        }
    }

    pub fn encode(&self) -> Result<String, codec::CodecError> {
        serde_json::to_string(self).map_err(|e| codec::CodecError::Json(e.to_string()))
    }

    pub fn decode(raw: &str) -> Result<Meta, codec::CodecError> {
        serde_json::from_str(raw).map_err(|e| codec::CodecError::Json(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moment::tests::at;
    use crate::moment::Moment;
    use crate::record::tests::h;
    use crate::view::create;

    #[test]
    fn keys_roundtrip() {
        let keys = [
            Key::Meta,
            Key::Outbox,
            Key::Draft,
            Key::Bucket(BucketKey {
                kind: Kind::Moment,
                bucket: "2026-11".into(),
            }),
            Key::Bucket(BucketKey::all(Kind::StepEntry)),
            Key::quarantine("signaal/v1/moment/2026-11", 1234),
        ];
        for k in keys {
            assert_eq!(Key::parse(&k.to_string()), Ok(k));
        }
        assert_eq!(
            Key::quarantine("signaal/v1/moment/2026-11", 5).to_string(),
            "signaal/v1/quarantine/moment/2026-11@5"
        );
        assert_eq!(
            Key::Bucket(BucketKey::all(Kind::Child)).to_string(),
            "signaal/v1/child/all"
        );
    }

    #[test]
    fn bad_keys_are_typed_errors() {
        assert!(matches!(
            Key::parse("other/meta"),
            Err(KeyError::ForeignPrefix(_))
        ));
        assert!(matches!(
            Key::parse("signaal/v1/nope"),
            Err(KeyError::Unknown(_))
        ));
        assert!(matches!(
            Key::parse("signaal/v1/moment/"),
            Err(KeyError::Unknown(_))
        ));
        assert!(matches!(
            Key::parse("signaal/v1/bird/all"),
            Err(KeyError::Kind(_))
        ));
        assert!(matches!(
            Key::parse("signaal/v1/quarantine/x"),
            Err(KeyError::QuarantineStamp(_))
        ));
    }

    #[test]
    fn moments_bucket_by_month() {
        let mut m = Moment::new(
            Id::from_random([1; 16]),
            "AB",
            vec![Id::from_random([2; 16])],
            Id::from_random([3; 16]),
            at(3, 15, 0),
        );
        m.note = "x".into();
        let mut r = create(&m, "AB", h(1, 1)).unwrap();
        assert_eq!(
            bucket_of(&r),
            BucketKey {
                kind: Kind::Moment,
                bucket: "2026-11".into()
            }
        );
        r.erase(h(2, 1));
        assert_eq!(bucket_of(&r).bucket, "undated");
        let child = Record::new(Id::from_random([4; 16]), Kind::Child);
        assert_eq!(bucket_of(&child), BucketKey::all(Kind::Child));
    }

    #[test]
    fn meta_roundtrip_and_forward_compatible() {
        let mut meta = Meta::new(DeviceId(42));
        meta.profile.author = "Anouk".into();
        meta.clock = h(99, 42);
        assert_eq!(Meta::decode(&meta.encode().unwrap()), Ok(meta.clone()));
        let newer = r#"{"schema":1,"device":"16","clock":"0.0.16","future":true}"#;
        assert_eq!(Meta::decode(newer).unwrap().device, DeviceId(42));
        assert!(Meta::decode("{}").is_err());
        assert!(Meta::decode("not json").is_err());
    }

    #[test]
    fn devices_without_roles_act_as_a_practitioner() {
        let old = r#"{"schema":1,"device":"16","clock":"0.0.16","profile":{"author":"Anouk"}}"#;
        let meta = Meta::decode(old).unwrap();
        assert_eq!(
            meta.profile.roles,
            vec![Role::Practitioner, Role::SeniorPractitioner]
        );
        assert_eq!(Meta::new(DeviceId(1)).profile.roles, meta.profile.roles);
    }

    #[test]
    fn roles_roundtrip_in_order_each_once() {
        let mut meta = Meta::new(DeviceId(42));
        meta.profile
            .set_roles(&[Role::Manager, Role::CareCoordinator, Role::Manager])
            .unwrap();
        assert_eq!(
            meta.profile.roles,
            vec![Role::Manager, Role::CareCoordinator]
        );
        let back = Meta::decode(&meta.encode().unwrap()).unwrap();
        assert_eq!(
            back.profile.roles,
            vec![Role::Manager, Role::CareCoordinator]
        );
    }

    #[test]
    fn roles_need_one_staff_role() {
        let mut p = Profile::default();
        assert_eq!(p.set_roles(&[]), Err(ProfileError::NoRole));
        assert_eq!(
            p.set_roles(&[Role::Practitioner, Role::Parent]),
            Err(ProfileError::NotStaff(Role::Parent))
        );
        // A refused change leaves the roles as they were.
        assert_eq!(p.roles, Profile::default_roles());
    }

    #[test]
    fn utf16_counts_code_units() {
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("😀"), 2);
    }
}
