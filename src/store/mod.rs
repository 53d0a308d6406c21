//! Local persistence in the browser's localStorage. Components never touch storage directly:
//! they call the [`repo::Repo`], which speaks `signaal-core` types and writes small buckets.

pub mod device;
pub mod draft;
pub mod outbox;
pub mod repo;

use crate::platform::local_storage;
use gloo_storage::errors::StorageError;
use signaal_core::storage::{utf16_len, PREFIX, QUOTA_UNITS};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Debug, Clone, PartialEq, Error)]
pub enum SaveError {
    #[error("the device storage is full")]
    QuotaExceeded,
    #[error("the browser refused to store data: {0}")]
    Unavailable(String),
}

impl SaveError {
    /// A DOMException named QuotaExceededError is the only reliable sign of a full storage.
    fn from_js(err: JsValue) -> Self {
        match err.dyn_ref::<web_sys::DomException>() {
            Some(e) if e.name() == "QuotaExceededError" => SaveError::QuotaExceeded,
            Some(e) => SaveError::Unavailable(e.message()),
            None => SaveError::Unavailable(format!("{err:?}")),
        }
    }
}

impl From<StorageError> for SaveError {
    fn from(err: StorageError) -> Self {
        match err {
            // gloo-storage has no quota variant; the DOMException's name tells it apart.
            StorageError::JsError(js) if js.name == "QuotaExceededError" => SaveError::QuotaExceeded,
            other => SaveError::Unavailable(other.to_string()),
        }
    }
}

fn storage() -> Result<web_sys::Storage, SaveError> {
    local_storage().ok_or_else(|| SaveError::Unavailable("localStorage is not available".into()))
}

pub fn read(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn write(key: &str, value: &str) -> Result<(), SaveError> {
    storage()?.set_item(key, value).map_err(SaveError::from_js)
}

pub fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// Every key of this app (a snapshot: callers may write while walking it).
pub fn keys() -> Vec<String> {
    let Some(s) = local_storage() else { return Vec::new() };
    let len = s.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect()
}

/// Space used by this app, in the UTF-16 code units browsers count against the quota.
/// Measured on the JS strings themselves (no copy into wasm), so it is cheap enough to run after
/// every save.
pub fn used_units() -> usize {
    let Some(s) = local_storage() else { return 0 };
    keys()
        .iter()
        .map(|k| {
            // Storage exposes items as properties; our prefixed keys never clash with its methods.
            let value = js_sys::Reflect::get(&s, &JsValue::from_str(k)).ok();
            let units = value.as_ref().and_then(|v| v.dyn_ref::<js_sys::JsString>()).map_or(0, |v| v.length() as usize);
            utf16_len(k) + units
        })
        .sum()
}

/// Share of the browser's quota in use, 0.0..=1.0 (and above, if a browser grants more).
pub fn usage() -> f64 {
    used_units() as f64 / QUOTA_UNITS as f64
}

/// From here on the app warns, while there is still room to export and clear out.
pub const WARN_AT: f64 = 0.8;
