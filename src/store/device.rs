//! Settings of this device only (never synced): language for now; the practitioner's name and
//! default group join them with the notebook.

use super::{keys, SaveError};
use crate::i18n::Lang;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceSettings {
    #[serde(default)]
    pub lang: Lang,
}

/// Missing settings are a first start; unreadable ones are left in place (not overwritten
/// until the user changes a setting) and the defaults are used meanwhile.
pub fn load() -> DeviceSettings {
    LocalStorage::get(keys::device()).unwrap_or_default()
}

pub fn save(settings: &DeviceSettings) -> Result<(), SaveError> {
    LocalStorage::set(keys::device(), settings).map_err(SaveError::from)
}
