//! The app lock: an optional PIN that hides the app after inactivity, so a tablet left on the
//! group does not show notes to whoever picks it up, and seals the stored notes
//! ([`crate::storage::sealed`]) so a copy of the browser's storage does not show them either.
//!
//! # Keys
//! A random 256-bit *data key* seals the stored values. It is kept only wrapped: sealed with
//! PBKDF2-SHA256(PIN, salt) (computed by the browser). Opening the wrapped key is also how the
//! PIN is checked, so there is no separate PIN hash that would cost a second PBKDF2 run on
//! every unlock. Changing the PIN wraps the same data key anew: one write, which the browser
//! either does or refuses, instead of re-sealing the whole notebook with a half-done state
//! in between.
//!
//! A four- to eight-digit PIN stops casual looking and a quick copy, not a determined attacker
//! with the copy: ten thousand PINs are tried against the wrapped key in minutes. The README
//! says so.
//!
//! The settings say how many PBKDF2 iterations their key was made with, so a lock from before
//! [`ITERATIONS`] was raised still opens, and is re-wrapped with the current count (the same
//! data key, a fresh salt) at its next unlock ([`LockSettings::needs_upgrade`]).
//!
//! # Wrong PINs
//! The count of wrong PINs in a row and the time until the next try is allowed ([`Wait`]) are
//! stored beside the settings, so reloading the page does not start the count over.

use serde::{Deserialize, Serialize};

use crate::storage::sealed::{SealError, SealKey};
use crate::wire::limits::NONCE_BYTES;

pub const MIN_PIN: usize = 4;
pub const MAX_PIN: usize = 8;
pub const DEFAULT_MINUTES: u32 = 5;
/// PBKDF2-SHA256 iterations for a new or upgraded lock (OWASP's figure for PBKDF2-HMAC-SHA256):
/// slow enough to matter, quick enough on an old tablet (BENCHMARKS.md, the PIN section).
pub const ITERATIONS: u32 = 600_000;
/// What every lock used before the count was stored with it.
pub const LEGACY_ITERATIONS: u32 = 150_000;
/// Wrong PINs allowed before the lock makes the next try wait.
pub const FREE_TRIES: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN has {MIN_PIN} to {MAX_PIN} digits")]
    Form,
    #[error("the two PINs differ")]
    Mismatch,
    #[error("the inactivity time is 1 to 60 minutes")]
    Minutes,
}

/// Associated data of the wrapped data key: it opens as nothing else.
const DATA_KEY_AAD: &[u8] = b"signaal/v1/lock#data-key";

/// What the device keeps (never synced, never in a backup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockSettings {
    /// Base64 of 16 random bytes.
    pub salt: String,
    /// The data key, wrapped with PBKDF2-SHA256(PIN, salt, ITERATIONS) ([`wrap_data_key`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_key: Option<String>,
    /// A lock set before stored data was sealed has no data key but base64 of
    /// PBKDF2-SHA256(PIN, salt, ITERATIONS) here; it gets a data key when it is next opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Lock after this many minutes without a tap or key.
    pub minutes: u32,
    /// PBKDF2 iterations the wrapped key (or the hash) was made with; settings written before
    /// the count was stored used [`LEGACY_ITERATIONS`].
    #[serde(default = "legacy_iterations")]
    pub iterations: u32,
}

fn legacy_iterations() -> u32 {
    LEGACY_ITERATIONS
}

impl LockSettings {
    /// Made with fewer iterations than a new lock gets: re-wrap at the next right PIN.
    pub fn needs_upgrade(&self) -> bool {
        self.iterations < ITERATIONS || self.data_key.is_none()
    }
}

/// Wrong PINs in a row and until when the next try must wait (Unix ms), kept on the device
/// beside the settings so a reload does not reset them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wait {
    pub failures: u32,
    pub until_ms: u64,
}

impl Wait {
    /// Seconds still to wait at `now_ms`, if any. Never more than the wait the count gives, so
    /// a clock set back (or a stored time far ahead) cannot lock the device out for longer.
    pub fn remaining_secs(&self, now_ms: u64) -> Option<u64> {
        let left = self
            .until_ms
            .saturating_sub(now_ms)
            .min(wait_after(self.failures) * 1000);
        (left > 0).then(|| left.div_ceil(1000))
    }

    /// After one more wrong PIN at `now_ms`.
    pub fn failed(self, now_ms: u64) -> Wait {
        let failures = self.failures.saturating_add(1);
        Wait {
            failures,
            until_ms: now_ms + wait_after(failures) * 1000,
        }
    }
}

/// Seals `data_key` with the key derived from the PIN.
pub fn wrap_data_key(pin_key: &SealKey, nonce: [u8; NONCE_BYTES], data_key: &SealKey) -> String {
    pin_key.seal(DATA_KEY_AAD, nonce, data_key.bytes())
}

/// The data key, if `pin_key` came from the right PIN (otherwise [`SealError::WrongKey`]).
pub fn unwrap_data_key(pin_key: &SealKey, wrapped: &str) -> Result<SealKey, SealError> {
    let bytes = pin_key.open(DATA_KEY_AAD, wrapped)?;
    Ok(SealKey::new(
        bytes.try_into().map_err(|_| SealError::Damaged)?,
    ))
}

pub fn check_new_pin(pin: &str, again: &str, minutes: u32) -> Result<(), PinError> {
    if !(MIN_PIN..=MAX_PIN).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinError::Form);
    }
    if pin != again {
        return Err(PinError::Mismatch);
    }
    if !(1..=60).contains(&minutes) {
        return Err(PinError::Minutes);
    }
    Ok(())
}

/// Seconds to wait before the next try after `failures` wrong PINs in a row: none for the
/// first few (a mistyped PIN happens), then doubling from 30 s up to 15 minutes.
pub fn wait_after(failures: u32) -> u64 {
    match failures.checked_sub(FREE_TRIES) {
        None => 0,
        Some(extra) => (30u64 << extra.min(5)).min(900),
    }
}

/// Compares two hashes in time independent of where they differ.
pub fn same_hash(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether the lock should close now.
pub fn is_idle(last_activity_ms: u64, now_ms: u64, minutes: u32) -> bool {
    now_ms.saturating_sub(last_activity_ms) >= u64::from(minutes) * 60_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_eight_digits_typed_twice() {
        assert_eq!(check_new_pin("1234", "1234", 5), Ok(()));
        assert_eq!(check_new_pin("12345678", "12345678", 60), Ok(()));
        assert_eq!(check_new_pin("123", "123", 5), Err(PinError::Form));
        assert_eq!(
            check_new_pin("123456789", "123456789", 5),
            Err(PinError::Form)
        );
        assert_eq!(check_new_pin("12a4", "12a4", 5), Err(PinError::Form));
        assert_eq!(check_new_pin("1234", "1243", 5), Err(PinError::Mismatch));
        assert_eq!(check_new_pin("1234", "1234", 0), Err(PinError::Minutes));
    }

    #[test]
    fn wrong_pins_wait_longer_and_longer() {
        assert_eq!((0..5).map(wait_after).collect::<Vec<_>>(), [0, 0, 0, 0, 0]);
        assert_eq!(
            (5..12).map(wait_after).collect::<Vec<_>>(),
            [30, 60, 120, 240, 480, 900, 900]
        );
        assert_eq!(wait_after(u32::MAX), 900);
    }

    #[test]
    fn hashes_compare_fully() {
        assert!(same_hash(b"abcd", b"abcd"));
        assert!(!same_hash(b"abcd", b"abce"));
        assert!(!same_hash(b"abc", b"abcd"));
    }

    #[test]
    fn only_the_pin_key_unwraps_the_data_key() {
        let (pin_key, data_key) = (SealKey::new([1; 32]), SealKey::new([9; 32]));
        let wrapped = wrap_data_key(&pin_key, [5; NONCE_BYTES], &data_key);
        assert_eq!(unwrap_data_key(&pin_key, &wrapped), Ok(data_key.clone()));
        assert_eq!(
            unwrap_data_key(&SealKey::new([2; 32]), &wrapped),
            Err(SealError::WrongKey)
        );
        // A value sealed for storage under the same key is not a data key.
        let value = pin_key.seal(b"signaal/v1/meta", [5; NONCE_BYTES], data_key.bytes());
        assert_eq!(unwrap_data_key(&pin_key, &value), Err(SealError::WrongKey));
    }

    #[test]
    fn settings_from_before_sealing_still_read() {
        let old = r#"{"salt":"c2FsdA==","hash":"aGFzaA==","minutes":5}"#;
        let settings: LockSettings = serde_json::from_str(old).unwrap();
        assert_eq!(
            (settings.data_key, settings.hash.as_deref()),
            (None, Some("aGFzaA=="))
        );
    }

    #[test]
    fn old_locks_keep_their_iterations_and_ask_for_an_upgrade() {
        let old = r#"{"salt":"c2FsdA==","data_key":"x","minutes":5}"#;
        let settings: LockSettings = serde_json::from_str(old).unwrap();
        assert_eq!(settings.iterations, LEGACY_ITERATIONS);
        assert!(settings.needs_upgrade());
        let new = LockSettings {
            iterations: ITERATIONS,
            ..settings.clone()
        };
        assert!(!new.needs_upgrade());
        let json = serde_json::to_string(&new).unwrap();
        assert!(
            json.contains(&format!("\"iterations\":{ITERATIONS}")),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<LockSettings>(&json).unwrap(), new);
        // A lock from before sealing has no data key: it is upgraded whatever its count.
        assert!(LockSettings {
            data_key: None,
            hash: Some("aGFzaA==".into()),
            ..new
        }
        .needs_upgrade());
        assert!(ITERATIONS >= 600_000);
    }

    #[test]
    fn an_upgrade_rewraps_the_same_data_key() {
        // The keys PBKDF2 makes of one PIN with the old and the new count differ; the data key
        // unwrapped with the old one, wrapped with the new one, is the same key.
        let (old_pin_key, new_pin_key, data_key) = (
            SealKey::new([1; 32]),
            SealKey::new([3; 32]),
            SealKey::new([9; 32]),
        );
        let old = wrap_data_key(&old_pin_key, [5; NONCE_BYTES], &data_key);
        let opened = unwrap_data_key(&old_pin_key, &old).unwrap();
        let new = wrap_data_key(&new_pin_key, [6; NONCE_BYTES], &opened);
        assert_eq!(unwrap_data_key(&new_pin_key, &new), Ok(data_key));
        assert_eq!(
            unwrap_data_key(&old_pin_key, &new),
            Err(SealError::WrongKey)
        );
    }

    #[test]
    fn the_wait_is_counted_across_reloads_and_bounded() {
        let mut wait = Wait::default();
        for _ in 0..4 {
            wait = wait.failed(1_000);
            assert_eq!(
                wait.remaining_secs(1_000),
                None,
                "the first tries do not wait"
            );
        }
        wait = wait.failed(1_000);
        assert_eq!(
            wait,
            Wait {
                failures: 5,
                until_ms: 31_000
            }
        );
        // What a reload reads back is what was stored.
        let stored: Wait = serde_json::from_str(&serde_json::to_string(&wait).unwrap()).unwrap();
        assert_eq!(stored.remaining_secs(1_000), Some(30));
        assert_eq!(stored.remaining_secs(30_500), Some(1));
        assert_eq!(stored.remaining_secs(31_000), None);
        assert_eq!(stored.failed(31_000).remaining_secs(31_000), Some(60));
        // A clock set back does not make the wait longer than the count allows.
        assert_eq!(stored.remaining_secs(0), Some(30));
        assert_eq!(
            Wait {
                failures: 5,
                until_ms: u64::MAX
            }
            .remaining_secs(0),
            Some(30)
        );
        assert_eq!(
            Wait {
                failures: u32::MAX,
                until_ms: 0
            }
            .failed(0)
            .failures,
            u32::MAX
        );
    }

    #[test]
    fn idle_after_the_set_minutes() {
        assert!(!is_idle(1_000, 1_000 + 4 * 60_000, 5));
        assert!(is_idle(1_000, 1_000 + 5 * 60_000, 5));
        assert!(
            !is_idle(10_000, 5_000, 5),
            "a clock that went back is not idleness"
        );
    }
}
