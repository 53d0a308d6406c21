//! The moment being typed, saved on every keystroke so a reload, a crash or navigating away
//! loses nothing. One draft per device: a practitioner writes one moment at a time.

use super::{read, remove, write, SaveError};
use serde::{Deserialize, Serialize};
use signaal_core::storage::PREFIX;

fn key() -> String {
    format!("{PREFIX}draft")
}

/// Form state as typed, ids and codes as strings: a draft must load even if a child it names
/// has since been archived or removed on another device.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The moment being edited; `None` for a new one.
    pub editing: Option<String>,
    pub children: Vec<String>,
    pub tags: Vec<String>,
    pub note: String,
    pub situation: String,
    pub trigger: String,
    pub behaviour: String,
    pub response: String,
    pub child_account: String,
    pub ending: String,
    pub group_impact: String,
    pub rating: Option<String>,
    pub told_parent: bool,
    pub for_handover: bool,
    /// `YYYY-MM-DDTHH:MM` when the author changed when it happened.
    pub occurred_at: Option<String>,
}

impl Draft {
    pub fn is_empty(&self) -> bool {
        self == &Draft { editing: self.editing.clone(), ..Draft::default() }
    }
}

pub fn load() -> Option<Draft> {
    read(&key()).and_then(|raw| serde_json::from_str(&raw).ok())
}

pub fn save(draft: &Draft) -> Result<(), SaveError> {
    let raw = serde_json::to_string(draft).map_err(|e| SaveError::Unavailable(e.to_string()))?;
    write(&key(), &raw)
}

pub fn clear() {
    remove(&key());
}
