//! The sync outbox (`signaal/v1/outbox`): ids of records changed on this device that the team's
//! server has not accepted yet. Only ids are kept: the record itself is in its bucket, and what
//! gets pushed is always its latest state, so a reload or crash between a save and a push loses
//! nothing. The key exists only while the device is in a team, so a device that never syncs
//! pays nothing for it.

use super::{read_checked, remove, write, SaveError};
use serde::{Deserialize, Serialize};
use signaal_core::id::Id;
use signaal_core::storage::Key;
use std::collections::BTreeSet;

const VERSION: u32 = 1;

#[derive(Deserialize)]
struct Stored {
    v: u32,
    dirty: BTreeSet<Id>,
}

#[derive(Serialize)]
struct StoredRef<'a> {
    v: u32,
    dirty: &'a BTreeSet<Id>,
}

/// Why a stored outbox could not be read; the raw text is returned so it can be kept aside.
pub struct Unreadable {
    pub raw: String,
    pub detail: String,
}

pub fn key() -> String {
    Key::Outbox.to_string()
}

/// `Ok(None)`: this device is in no team.
pub fn load() -> Result<Option<BTreeSet<Id>>, Unreadable> {
    let raw = match read_checked(&key()) {
        None => return Ok(None),
        Some(Ok(raw)) => raw,
        Some(Err(unopened)) => {
            return Err(Unreadable {
                raw: unopened.raw,
                detail: unopened.error.to_string(),
            })
        }
    };
    match serde_json::from_str::<Stored>(&raw) {
        Ok(stored) if stored.v == VERSION => Ok(Some(stored.dirty)),
        Ok(stored) => Err(Unreadable {
            raw,
            detail: format!("unknown outbox version {}", stored.v),
        }),
        Err(err) => Err(Unreadable {
            raw,
            detail: err.to_string(),
        }),
    }
}

pub fn save(dirty: &BTreeSet<Id>) -> Result<(), SaveError> {
    let raw = serde_json::to_string(&StoredRef { v: VERSION, dirty })
        .map_err(|e| SaveError::Unavailable(e.to_string()))?;
    write(&key(), &raw)
}

pub fn clear() {
    remove(&key());
}
