//! Work in progress, saved on every keystroke so a reload, a crash or navigating away loses
//! nothing: the moment being typed (one per device: a practitioner writes one moment at a time),
//! parent summaries being composed (one per child) and wellbeing lists being filled (one per group).

use super::{read, remove, write, SaveError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use signaal_core::id::Id;
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
    /// The plan goal the moment serves, if any (only offered when a chosen child has one).
    pub goal: Option<String>,
}

impl Draft {
    pub fn is_empty(&self) -> bool {
        self == &Draft {
            editing: self.editing.clone(),
            ..Draft::default()
        }
    }
}

fn load_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    read(key).and_then(|raw| serde_json::from_str(&raw).ok())
}

fn save_json<T: Serialize>(key: &str, value: &T) -> Result<(), SaveError> {
    let raw = serde_json::to_string(value).map_err(|e| SaveError::Unavailable(e.to_string()))?;
    write(key, &raw)
}

pub fn load() -> Option<Draft> {
    load_json(&key())
}

pub fn save(draft: &Draft) -> Result<(), SaveError> {
    save_json(&key(), draft)
}

pub fn clear() {
    remove(&key());
}

/// A parent summary being composed for one child, kept on this device until it is published
/// (then the synced `ParentShare` record holds it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShareDraft {
    pub draft: signaal_core::share::Draft,
    pub expires: Option<chrono::NaiveDate>,
}

fn share_key(child: Id) -> String {
    format!("{PREFIX}draft-share-{child}")
}

pub fn load_share(child: Id) -> Option<ShareDraft> {
    load_json(&share_key(child))
}

pub fn save_share(child: Id, draft: &ShareDraft) -> Result<(), SaveError> {
    save_json(&share_key(child), draft)
}

pub fn clear_share(child: Id) {
    remove(&share_key(child));
}

/// A wellbeing list being filled for one group: a whole group takes a while and the afternoon
/// interrupts, so every tap is kept on this device until the list is saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WellbeingDraft {
    /// `YYYY-MM-DD` as typed.
    pub date: String,
    /// Per child id: the levels of the three domains in [`Domain::ALL`] order, `None` untapped.
    ///
    /// [`Domain::ALL`]: signaal_core::plan::wellbeing::Domain::ALL
    pub rows: std::collections::BTreeMap<String, [Option<signaal_core::plan::wellbeing::Level>; 3]>,
}

fn wellbeing_key(group: Id) -> String {
    format!("{PREFIX}draft-wellbeing-{group}")
}

pub fn load_wellbeing(group: Id) -> Option<WellbeingDraft> {
    load_json(&wellbeing_key(group))
}

pub fn save_wellbeing(group: Id, draft: &WellbeingDraft) -> Result<(), SaveError> {
    save_json(&wellbeing_key(group), draft)
}

pub fn clear_wellbeing(group: Id) {
    remove(&wellbeing_key(group));
}

/// The step-plan template being edited: the whole working copy, so a reload in the middle of
/// reorganising the plan loses nothing. One per device (there is one team template).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateDraft {
    /// The version the edit started from (its record id), to tell whether it is still the newest.
    pub base: String,
    pub content: signaal_core::plan::template::TemplateContent,
}

fn template_key() -> String {
    format!("{PREFIX}draft-template")
}

pub fn load_template() -> Option<TemplateDraft> {
    load_json(&template_key())
}

pub fn save_template(draft: &TemplateDraft) -> Result<(), SaveError> {
    save_json(&template_key(), draft)
}

pub fn clear_template() {
    remove(&template_key());
}
