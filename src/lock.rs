//! The app lock on this device: locked at start and after the set minutes without a tap or
//! key, opened with the PIN, which also unwraps the key that seals the stored data. The rules and
//! the key scheme are `signaal_core::lock`; the PIN's key is WebCrypto's PBKDF2. Settings live
//! under `signaal/v1/lock`, the wrong-PIN count and wait under `signaal/v1/lock-wait`: both
//! plain (needed before the PIN is typed), never synced and never in a backup.

use crate::platform::now_ms;
use crate::store::keys::{lock as key, lock_wait as wait_key};
use crate::store::{self, read, remove, write, SaveError};
use leptos::prelude::*;
use signaal_core::lock::{
    check_new_pin, is_idle, same_hash, unwrap_data_key, wrap_data_key, LockSettings, PinError,
    Wait, ITERATIONS,
};
use signaal_core::storage::sealed::SealKey;
use signaal_web::base64;
use signaal_web::crypto::{pbkdf2, random_bytes, CryptoError};
use std::time::Duration;

fn stored_wait() -> Wait {
    read(&wait_key())
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

fn store_wait(wait: Wait) {
    // Without room for this small value the wait still holds in this page.
    if wait == Wait::default() {
        remove(&wait_key());
    } else if let Ok(raw) = serde_json::to_string(&wait) {
        let _ = write(&wait_key(), &raw);
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LockError {
    #[error(transparent)]
    Pin(#[from] PinError),
    #[error("wrong PIN")]
    Wrong,
    #[error("too many wrong PINs: wait {0} s")]
    Wait(u64),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error(transparent)]
    Save(#[from] SaveError),
    /// Unsealed, the data would not fit in the browser's storage: the lock stays on.
    #[error("too little room to store the data unsealed")]
    NoRoomToUnseal,
    /// Sealed, the data would not fit in the browser's storage: a first PIN is not set.
    #[error("too little room to store the data sealed")]
    NoRoomToSeal,
}

#[derive(Clone, Copy)]
pub struct AppLock {
    pub settings: RwSignal<Option<LockSettings>>,
    pub locked: RwSignal<bool>,
    last_activity: StoredValue<u64>,
    /// The last wait known in this page, in case the browser refused to store it.
    wait: StoredValue<Wait>,
}

pub fn use_lock() -> AppLock {
    expect_context::<AppLock>()
}

pub fn start() -> AppLock {
    let settings = read(&key()).and_then(|raw| serde_json::from_str::<LockSettings>(&raw).ok());
    let lock = AppLock {
        locked: RwSignal::new(settings.is_some()),
        settings: RwSignal::new(settings),
        last_activity: StoredValue::new(now_ms()),
        wait: StoredValue::new(stored_wait()),
    };
    // Another tab set or removed the PIN: this one starts over, locked or not, rather than
    // write values sealed the other way (its own typing is in the drafts).
    window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(key().as_str()) {
            let _ = window().location().reload();
        }
    });
    let touch = move || lock.last_activity.set_value(now_ms());
    window_event_listener(leptos::ev::pointerdown, move |_| touch());
    window_event_listener(leptos::ev::keydown, move |_| touch());
    set_interval(
        move || {
            let minutes = lock
                .settings
                .with_untracked(|s| s.as_ref().map(|s| s.minutes));
            if let Some(minutes) = minutes {
                if !lock.locked.get_untracked()
                    && is_idle(lock.last_activity.get_value(), now_ms(), minutes)
                {
                    lock.locked.set(true);
                }
            }
        },
        Duration::from_secs(5),
    );
    lock
}

/// The key PBKDF2 makes of `pin` with `salt` and `iterations`: it unwraps the data key.
async fn pin_key(pin: &str, salt: &[u8], iterations: u32) -> Result<SealKey, CryptoError> {
    Ok(SealKey::new(
        pbkdf2(pin.as_bytes(), salt, iterations).await?,
    ))
}

impl AppLock {
    /// The data key if `pin` is right. A lock made with fewer iterations than
    /// [`ITERATIONS`] (or before sealing) is wrapped anew with the current count here.
    async fn open(self, pin: &str) -> Result<Option<SealKey>, LockError> {
        let Some(settings) = self.settings.get_untracked() else {
            return Ok(None);
        };
        let pin_key = pin_key(
            pin,
            &base64::decode(&settings.salt).unwrap_or_default(),
            settings.iterations,
        )
        .await?;
        let data_key = if let Some(wrapped) = &settings.data_key {
            match unwrap_data_key(&pin_key, wrapped) {
                Ok(data_key) => data_key,
                Err(_) => return Ok(None),
            }
        } else {
            let hash = settings
                .hash
                .as_deref()
                .and_then(base64::decode)
                .unwrap_or_default();
            if !same_hash(pin_key.bytes(), &hash) {
                return Ok(None);
            }
            // A lock from before sealing: it gets its data key now.
            SealKey::new(random_bytes()?)
        };
        if settings.needs_upgrade() {
            self.save(pin, settings.minutes, &data_key).await?;
        }
        Ok(Some(data_key))
    }

    /// [`Self::open`], counting wrong PINs (stored, so a reload does not reset them) and
    /// refusing while the wait they earned lasts: unlocking, changing the PIN and turning the
    /// lock off all go through here, so none of them can be used to try PINs quickly.
    async fn check(self, pin: &str) -> Result<SealKey, LockError> {
        // The stored count, which other tabs and earlier pages of this device add to; the one
        // kept in this page if the browser could not store it.
        let wait = match stored_wait() {
            stored if stored.failures >= self.wait.get_value().failures => stored,
            _ => self.wait.get_value(),
        };
        if let Some(seconds) = wait.remaining_secs(now_ms()) {
            return Err(LockError::Wait(seconds));
        }
        match self.open(pin).await? {
            Some(data_key) => {
                self.wait.set_value(Wait::default());
                store_wait(Wait::default());
                Ok(data_key)
            }
            None => {
                let wait = wait.failed(now_ms());
                self.wait.set_value(wait);
                store_wait(wait);
                Err(wait
                    .remaining_secs(now_ms())
                    .map_or(LockError::Wrong, LockError::Wait))
            }
        }
    }

    /// Writes the settings with `data_key` wrapped for `pin`, under a fresh salt, with the
    /// current iteration count.
    async fn save(self, pin: &str, minutes: u32, data_key: &SealKey) -> Result<(), LockError> {
        let salt: [u8; 16] = random_bytes()?;
        let wrapped = wrap_data_key(
            &pin_key(pin, &salt, ITERATIONS).await?,
            random_bytes()?,
            data_key,
        );
        let settings = LockSettings {
            salt: base64::encode(&salt),
            data_key: Some(wrapped),
            hash: None,
            minutes,
            iterations: ITERATIONS,
        };
        let raw =
            serde_json::to_string(&settings).map_err(|e| SaveError::Unavailable(e.to_string()))?;
        write(&key(), &raw)?;
        self.settings.set(Some(settings));
        Ok(())
    }

    /// Opens the app and the stored data. Sealing what is still plain finishes a first sealing
    /// the browser interrupted, or values another tab wrote before it knew of the PIN.
    pub async fn unlock(self, pin: &str) -> Result<(), LockError> {
        let data_key = self.check(pin).await?;
        // Sealed, a value can need more room than plain (WebKit charges a sealed value two
        // bytes a unit, plain Latin-1 text one): with too little room the rest stays plain,
        // readable, and is sealed at a later unlock. The app opens either way.
        match store::seal_all(data_key) {
            Ok(()) | Err(SaveError::QuotaExceeded) => {}
            Err(other) => return Err(other.into()),
        }
        self.last_activity.set_value(now_ms());
        self.locked.set(false);
        Ok(())
    }

    /// Sets a first PIN (everything stored is sealed from here on) or changes it (the same data
    /// key, wrapped for the new PIN). Changing it needs the current PIN (`current`): otherwise
    /// whoever finds the tablet unlocked could set their own.
    pub async fn set_pin(
        self,
        current: &str,
        pin: &str,
        again: &str,
        minutes: u32,
    ) -> Result<(), LockError> {
        check_new_pin(pin, again, minutes)?;
        if self.settings.with_untracked(Option::is_some) {
            self.check(current).await?;
        }
        let first = store::data_key().is_none();
        let data_key = match store::data_key() {
            Some(key) => key,
            None => SealKey::new(random_bytes()?),
        };
        // The wrapped key is written before anything is sealed with it: sealed data is never
        // without a way to open it.
        self.save(pin, minutes, &data_key).await?;
        match store::seal_all(data_key.clone()) {
            // A first PIN whose sealed data does not fit (WebKit, nearly full) is taken back: all
            // plain again and no lock, rather than a lock over data it cannot seal. If even that
            // does not fit, the lock stays on and the rest is sealed at a later unlock.
            Err(SaveError::QuotaExceeded) if first => {
                if store::unseal_all(data_key).is_ok() {
                    remove(&key());
                    self.settings.set(None);
                    return Err(LockError::NoRoomToSeal);
                }
                Ok(())
            }
            Ok(()) | Err(SaveError::QuotaExceeded) => Ok(()),
            Err(other) => Err(other.into()),
        }
    }

    /// Turning the lock off needs the current PIN: otherwise anyone could. The data is stored
    /// plain again before the wrapped key goes.
    pub async fn remove(self, pin: &str) -> Result<(), LockError> {
        let data_key = self.check(pin).await?;
        store::unseal_all(data_key).map_err(|err| match err {
            SaveError::QuotaExceeded => LockError::NoRoomToUnseal,
            other => LockError::Save(other),
        })?;
        remove(&key());
        remove(&wait_key());
        self.settings.set(None);
        Ok(())
    }

    pub fn lock_now(self) {
        if self.settings.with_untracked(Option::is_some) {
            self.locked.set(true);
        }
    }
}
