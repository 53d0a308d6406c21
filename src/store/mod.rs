//! Local persistence in the browser's localStorage. Components never touch storage directly:
//! they call the [`repo::Repo`], which speaks `signaal-core` types and writes small buckets.
//!
//! With an app-lock PIN, [`write`] seals every value and [`read`] opens it again
//! (`signaal_core::storage::sealed`), with the data key the PIN unwrapped (`crate::lock`). The
//! key lives in this module's memory only, from the unlock until the page goes. Two values stay
//! plain because they are needed before the PIN is typed: the lock settings (which hold the
//! wrapped key) and the device settings (the language of the lock screen). Sealed and plain
//! values are told apart by their first character, so a sealing or unsealing the browser
//! interrupted leaves every value readable; [`seal_all`] finishes it at the next unlock.

pub mod device;
pub mod draft;
pub mod keys;
pub mod outbox;
pub mod repo;

use crate::platform::local_storage;
use gloo_storage::errors::StorageError;
use signaal_core::storage::sealed::{is_sealed, SealError, SealKey, MARKER};
use signaal_core::storage::{utf16_len, PREFIX, QUOTA_UNITS};
use signaal_web::crypto::random_bytes;
use std::cell::RefCell;
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static DATA_KEY: RefCell<Option<SealKey>> = const { RefCell::new(None) };
}

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
            None => SaveError::Unavailable(signaal_web::js_error_text(&err)),
        }
    }
}

impl From<StorageError> for SaveError {
    fn from(err: StorageError) -> Self {
        match err {
            // gloo-storage has no quota variant; the DOMException's name tells it apart.
            StorageError::JsError(js) if js.name == "QuotaExceededError" => {
                SaveError::QuotaExceeded
            }
            other => SaveError::Unavailable(other.to_string()),
        }
    }
}

fn storage() -> Result<web_sys::Storage, SaveError> {
    local_storage().ok_or_else(|| SaveError::Unavailable("localStorage is not available".into()))
}

/// A stored value that would not open: damaged, or sealed under a key this device no longer
/// has. The raw text is returned so the caller can keep it aside.
pub struct Unopened {
    pub raw: String,
    pub error: SealError,
}

fn stays_plain(key: &str) -> bool {
    key == keys::lock() || key == keys::lock_wait() || key == keys::device()
}

fn read_raw(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

fn write_raw(key: &str, value: &str) -> Result<(), SaveError> {
    storage()?.set_item(key, value).map_err(SaveError::from_js)
}

/// The stored value of `key`, opened if sealed; `None` when there is none or it would not open.
pub fn read(key: &str) -> Option<String> {
    read_checked(key)?.ok()
}

/// Like [`read`], but says why a value would not open, for values that must not be mistaken for
/// missing ones (a bucket treated as empty would be overwritten).
pub fn read_checked(key: &str) -> Option<Result<String, Unopened>> {
    read_raw(key).map(|raw| open(key, raw))
}

/// Opens `raw`, the stored value of `key` (plain values come back as they are).
pub fn open(key: &str, raw: String) -> Result<String, Unopened> {
    if !is_sealed(&raw) {
        return Ok(raw);
    }
    let opened = DATA_KEY.with_borrow(|data_key| match data_key {
        Some(data_key) => data_key.open(key.as_bytes(), &raw),
        None => Err(SealError::WrongKey),
    });
    match opened.and_then(|bytes| String::from_utf8(bytes).map_err(|_| SealError::Damaged)) {
        Ok(value) => Ok(value),
        Err(error) => Err(Unopened { raw, error }),
    }
}

/// Stores `value`, sealed when a PIN is set. A value that is already sealed (a copy kept aside
/// because it would not open) is stored as it is.
pub fn write(key: &str, value: &str) -> Result<(), SaveError> {
    let sealed = DATA_KEY.with_borrow(|data_key| match data_key {
        Some(data_key) if !stays_plain(key) && !is_sealed(value) => {
            // Without randomness nothing is sealed (and nothing written): never a fixed nonce.
            Some(random_bytes().map(|nonce| data_key.seal(key.as_bytes(), nonce, value.as_bytes())))
        }
        _ => None,
    });
    let sealed = sealed
        .transpose()
        .map_err(|err| SaveError::Unavailable(err.to_string()))?;
    write_raw(key, sealed.as_deref().unwrap_or(value))
}

/// The data key in use, if a PIN is set and was typed since the page loaded.
pub fn data_key() -> Option<SealKey> {
    DATA_KEY.with_borrow(Clone::clone)
}

/// Seals with `data_key` from now on, and seals every value still plain: all of them after a
/// first PIN, the rest of them after a sealing the browser interrupted. Each value shrinks in
/// UTF-16 units, but WebKit charges a sealed value two bytes a unit and plain Latin-1 text one,
/// so there a nearly full storage can refuse a sealed value: that value stays plain (and
/// readable), and the error says why.
pub fn seal_all(data_key: SealKey) -> Result<(), SaveError> {
    DATA_KEY.set(Some(data_key));
    for key in keys()
        .into_iter()
        .filter(|k| !stays_plain(k) && !stored_sealed(k))
    {
        if let Some(raw) = read_raw(&key) {
            write(&key, &raw)?;
        }
    }
    Ok(())
}

/// Whether every value that should be sealed is (a full storage can leave some plain).
pub fn all_sealed() -> bool {
    keys().iter().all(|k| stays_plain(k) || stored_sealed(k))
}

/// Whether the value of `key` is sealed, asked of the JS string: at every unlock this runs over
/// the whole notebook, which then need not be copied into wasm just for its first character.
fn stored_sealed(key: &str) -> bool {
    js_value(key).is_some_and(|v| v.starts_with(MARKER, 0))
}

/// A stored value as the JS string itself (no copy into wasm). Storage exposes items as
/// properties; our prefixed keys never clash with its methods.
fn js_value(key: &str) -> Option<js_sys::JsString> {
    let storage = local_storage()?;
    js_sys::Reflect::get(&storage, &JsValue::from_str(key))
        .ok()?
        .dyn_into()
        .ok()
}

/// Stores every value plain again and forgets the key (turning the lock off). Plain values take
/// about twice the room: if the browser refuses one, the values already unsealed are sealed
/// again, the key stays, and the error says why. A value that would not open stays as it is
/// (it was unreadable already).
pub fn unseal_all(data_key: SealKey) -> Result<(), SaveError> {
    DATA_KEY.set(Some(data_key.clone()));
    for key in keys()
        .into_iter()
        .filter(|k| !stays_plain(k) && stored_sealed(k))
    {
        let Some(Ok(value)) = read_checked(&key) else {
            continue;
        };
        if let Err(err) = write_raw(&key, &value) {
            seal_all(data_key)?;
            return Err(err);
        }
    }
    DATA_KEY.set(None);
    Ok(())
}

pub fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// Every key of this app (a snapshot: callers may write while walking it).
pub fn keys() -> Vec<String> {
    let Some(s) = local_storage() else {
        return Vec::new();
    };
    let len = s.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect()
}

/// Space used by this app as the browser charges it against its quota of about 5 M: UTF-16 code
/// units in Chromium and Firefox. WebKit (Safari, and every browser on an iPad or iPhone) charges
/// the bytes of its own copy of each string instead, against 5 MiB: one per character of a
/// string of Latin-1 characters only, two per character of any other. So there a sealed value
/// (every unit from U+1000 up) or a plain one with a single ’ or emoji counts twice its length.
/// Measured on the JS strings themselves (no copy into wasm), so it is cheap enough to run after
/// every save.
pub fn used_units() -> usize {
    let wide = crate::platform::is_webkit().then(|| js_sys::RegExp::new("[^\\x00-\\xff]", ""));
    keys()
        .iter()
        .map(|k| {
            let value = js_value(k);
            let units = value.as_ref().map_or(0, |v| v.length() as usize);
            let double = matches!((&wide, &value), (Some(re), Some(v)) if v.search(re) >= 0);
            utf16_len(k) + if double { 2 * units } else { units }
        })
        .sum()
}

/// Share of the browser's quota in use, 0.0..=1.0 (and above, if a browser grants more).
pub fn usage() -> f64 {
    used_units() as f64 / QUOTA_UNITS as f64
}

/// From here on the app warns, while there is still room to export and clear out.
pub const WARN_AT: f64 = 0.8;
