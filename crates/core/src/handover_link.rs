//! A handover published as a link for its recipient (school, CJG, youth care), with the same
//! crypto as parent links: a random link id the server knows, a random secret only the URL
//! fragment carries (`/o/<link id>#<secret>`), the handover sealed with AES-256-GCM under
//! HKDF-SHA256(secret, [`SEAL_INFO`]) and the link id and expiry as associated data
//! ([`aad`]), so the server cannot pass one link's handover off as another's or change the
//! expiry the recipient reads. The server stores it through the same share endpoints as a
//! parent summary and cannot tell the two apart (no reply token is sent for a handover).
//!
//! The link lives in the [`Disclosure`](crate::handover::Disclosure) that logs it: the team's
//! record of what was given, so any team device can revoke it, and the revocation is logged in
//! the same entry of the child's register.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::handover::{Disclosure, Handover, Recipient};
use crate::share::{parse_link_under, ShareError};

/// HKDF `info` of a sealed handover: its own key, never a parent summary's, from a secret.
pub const SEAL_INFO: &[u8] = b"signaal handover v1";
/// The path a recipient's link starts with ("overdracht").
pub const PREFIX: &str = "/o/";
/// Version of [`Published`]'s JSON.
pub const PUBLISHED_VERSION: u8 = 1;

/// The link of a published handover, kept in its disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverLink {
    /// Base64url of random bytes: the id the server knows.
    pub link_id: String,
    /// Base64url of random bytes: the key material, never sent to the server.
    pub secret: String,
    /// The last day the link works.
    pub expires: NaiveDate,
}

impl HandoverLink {
    /// The path and fragment; the app adds its origin.
    pub fn path(&self) -> String {
        format!("{PREFIX}{}#{}", self.link_id, self.secret)
    }
}

/// Who took a link back, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub on: NaiveDate,
    pub by: String,
}

/// Whether a disclosure's link still works on `today`: published as a link, not revoked, not
/// past its last day.
pub fn is_live(d: &Disclosure, today: NaiveDate) -> bool {
    d.revoked.is_none() && d.link.as_ref().is_some_and(|l| l.expires >= today)
}

/// Associated data of a sealed handover: the format's name, the expiry (Unix ms, 8 bytes
/// big-endian), `|`, the link id.
pub fn aad(link_id: &str, expires_at: i64) -> Vec<u8> {
    let mut aad = Vec::with_capacity(SEAL_INFO.len() + 9 + link_id.len());
    aad.extend_from_slice(SEAL_INFO);
    aad.extend_from_slice(&expires_at.to_be_bytes());
    aad.push(b'|');
    aad.extend_from_slice(link_id.as_bytes());
    aad
}

/// Splits a recipient page's `location.pathname` and `location.hash` into link id and secret.
pub fn parse_link(path: &str, hash: &str) -> Result<(String, String), ShareError> {
    parse_link_under(PREFIX, path, hash)
}

/// What the recipient reads: the handover as it was given, about whom, from whom, and on which
/// day. No ids of the team (the trajectory's id is left out), no notes, no consent details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub v: u8,
    /// The child's name as the team registers it.
    pub child: String,
    pub recipient: Recipient,
    pub written: NaiveDate,
    /// The practitioner who gave it.
    pub from: String,
    pub handover: Handover,
}

impl Published {
    pub fn of(d: &Disclosure, child: &str) -> Published {
        Published {
            v: PUBLISHED_VERSION,
            child: child.to_owned(),
            recipient: d.recipient,
            written: d.on,
            from: d.by.clone(),
            handover: Handover {
                trajectory_id: None,
                ..d.handover.clone()
            },
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads what [`Published::to_json`] wrote; a newer format says so.
    pub fn from_json(bytes: &[u8]) -> Result<Published, ShareError> {
        let published: Published =
            serde_json::from_slice(bytes).map_err(|_| ShareError::Unreadable)?;
        if published.v > PUBLISHED_VERSION {
            return Err(ShareError::NewerVersion(published.v));
        }
        Ok(published)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handover::{Basis, Channel};
    use crate::id::Id;
    use crate::plan::consent::tests::{child, d};

    const LINK_ID: &str = "AAAAAAAAAAAAAAAAAAAAAA";
    const SECRET: &str = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    fn linked() -> Disclosure {
        Disclosure {
            id: Id::from_random([7; 16]),
            child_id: child(),
            recipient: Recipient::School,
            handover: Handover {
                trajectory_id: Some(Id::from_random([9; 16])),
                recipient_name: "De Regenboog, groep 5".into(),
                goals: vec!["Om hulp vragen".into()],
                ..Handover::default()
            },
            on: d(3, 5),
            by: "Anna".into(),
            basis: Basis::Consent(Id::from_random([1; 16])),
            channel: Channel::Link,
            link: Some(HandoverLink {
                link_id: LINK_ID.into(),
                secret: SECRET.into(),
                expires: d(4, 4),
            }),
            revoked: None,
        }
    }

    #[test]
    fn a_link_is_live_until_its_last_day_or_until_revoked() {
        let mut given = linked();
        assert!(is_live(&given, d(3, 5)));
        assert!(is_live(&given, d(4, 4)));
        assert!(!is_live(&given, d(4, 5)));
        given.revoked = Some(Revocation {
            on: d(3, 6),
            by: "Bram".into(),
        });
        assert!(!is_live(&given, d(3, 6)));
        let printed = Disclosure {
            link: None,
            channel: Channel::Print,
            revoked: None,
            ..linked()
        };
        assert!(!is_live(&printed, d(3, 5)));
    }

    #[test]
    fn the_link_carries_the_secret_only_in_its_fragment_and_parses_back() {
        let link = linked().link.unwrap();
        assert_eq!(link.path(), format!("/o/{LINK_ID}#{SECRET}"));
        assert_eq!(
            parse_link(&format!("/o/{LINK_ID}"), &format!("#{SECRET}")),
            Ok((LINK_ID.to_owned(), SECRET.to_owned()))
        );
        // A parent link's path, or a secret cut short, is no handover link.
        assert!(parse_link(&format!("/p/{LINK_ID}"), SECRET).is_err());
        assert!(parse_link(&format!("/o/{LINK_ID}"), &SECRET[..30]).is_err());
    }

    #[test]
    fn the_associated_data_binds_link_and_expiry_and_differs_from_a_summarys() {
        let a = aad(LINK_ID, 1_000);
        assert!(a.starts_with(SEAL_INFO));
        assert_ne!(a, aad(LINK_ID, 1_001));
        assert_ne!(a, aad("CAAAAAAAAAAAAAAAAAAAAA", 1_000));
        assert_ne!(SEAL_INFO, crate::share::SEAL_INFO);
    }

    #[test]
    fn the_recipient_reads_the_handover_without_the_teams_ids() {
        let published = Published::of(&linked(), "Sem B.");
        assert_eq!(published.handover.trajectory_id, None);
        assert_eq!(published.from, "Anna");
        let json = published.to_json();
        let text = String::from_utf8(json.clone()).unwrap();
        assert!(!text.contains(&Id::from_random([9; 16]).to_string()));
        assert!(!text.contains(SECRET));
        assert_eq!(Published::from_json(&json), Ok(published.clone()));
        let newer = Published { v: 2, ..published };
        assert_eq!(
            Published::from_json(&newer.to_json()),
            Err(ShareError::NewerVersion(2))
        );
        assert_eq!(Published::from_json(b"{"), Err(ShareError::Unreadable));
    }
}
