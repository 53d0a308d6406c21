//! The app lock on this device: locked at start and after the set minutes without a tap or
//! key, opened with the PIN. The rules are `signaal_core::lock`; the PIN hash is WebCrypto's
//! PBKDF2. Settings live under `signaal/v1/lock`, never synced and never in a backup.

use crate::platform::now_ms;
use crate::store::{read, remove, write, SaveError};
use leptos::prelude::*;
use signaal_core::lock::{check_new_pin, is_idle, same_hash, wait_after, LockSettings, PinError, ITERATIONS};
use signaal_core::storage::PREFIX;
use signaal_web::base64;
use signaal_web::crypto::{pbkdf2, random_bytes, CryptoError};
use std::time::Duration;

pub fn key() -> String {
    format!("{PREFIX}lock")
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
}

#[derive(Clone, Copy)]
pub struct AppLock {
    pub settings: RwSignal<Option<LockSettings>>,
    pub locked: RwSignal<bool>,
    last_activity: StoredValue<u64>,
    failures: StoredValue<u32>,
    blocked_until: StoredValue<u64>,
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
        failures: StoredValue::new(0),
        blocked_until: StoredValue::new(0),
    };
    let touch = move || lock.last_activity.set_value(now_ms());
    window_event_listener(leptos::ev::pointerdown, move |_| touch());
    window_event_listener(leptos::ev::keydown, move |_| touch());
    set_interval(
        move || {
            let minutes = lock.settings.with_untracked(|s| s.as_ref().map(|s| s.minutes));
            if let Some(minutes) = minutes {
                if !lock.locked.get_untracked() && is_idle(lock.last_activity.get_value(), now_ms(), minutes) {
                    lock.locked.set(true);
                }
            }
        },
        Duration::from_secs(5),
    );
    lock
}

async fn hash(pin: &str, salt: &[u8]) -> Result<[u8; 32], CryptoError> {
    pbkdf2(pin.as_bytes(), salt, ITERATIONS).await
}

impl AppLock {
    async fn matches(self, pin: &str) -> Result<bool, LockError> {
        let Some(s) = self.settings.get_untracked() else { return Ok(true) };
        let salt = base64::decode(&s.salt).unwrap_or_default();
        let stored = base64::decode(&s.hash).unwrap_or_default();
        Ok(same_hash(&hash(pin, &salt).await?, &stored))
    }

    pub async fn unlock(self, pin: &str) -> Result<(), LockError> {
        let now = now_ms();
        if now < self.blocked_until.get_value() {
            return Err(LockError::Wait((self.blocked_until.get_value() - now).div_ceil(1000)));
        }
        if self.matches(pin).await? {
            self.failures.set_value(0);
            self.last_activity.set_value(now_ms());
            self.locked.set(false);
            return Ok(());
        }
        let failures = self.failures.get_value() + 1;
        self.failures.set_value(failures);
        let wait = wait_after(failures);
        self.blocked_until.set_value(now_ms() + wait * 1000);
        Err(if wait > 0 { LockError::Wait(wait) } else { LockError::Wrong })
    }

    pub async fn set_pin(self, pin: &str, again: &str, minutes: u32) -> Result<(), LockError> {
        check_new_pin(pin, again, minutes)?;
        let salt: [u8; 16] = random_bytes();
        let settings = LockSettings {
            salt: base64::encode(&salt),
            hash: base64::encode(&hash(pin, &salt).await?),
            minutes,
        };
        let raw = serde_json::to_string(&settings).map_err(|e| SaveError::Unavailable(e.to_string()))?;
        write(&key(), &raw)?;
        self.settings.set(Some(settings));
        Ok(())
    }

    /// Turning the lock off needs the current PIN: otherwise anyone could.
    pub async fn remove(self, pin: &str) -> Result<(), LockError> {
        if !self.matches(pin).await? {
            return Err(LockError::Wrong);
        }
        remove(&key());
        self.settings.set(None);
        Ok(())
    }

    pub fn lock_now(self) {
        if self.settings.with_untracked(Option::is_some) {
            self.locked.set(true);
        }
    }
}
