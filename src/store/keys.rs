//! The localStorage keys that more than one module must know: which values stay plain (read
//! before the PIN is typed) and which a backup file leaves out.

use signaal_core::storage::PREFIX;

/// The app lock's settings: salt, iteration count, wrapped data key, minutes.
pub fn lock() -> String {
    format!("{PREFIX}lock")
}

/// The wrong-PIN count and wait (a key of its own: writing the lock's key makes other tabs
/// reload, which a wrong PIN should not).
pub fn lock_wait() -> String {
    format!("{PREFIX}lock-wait")
}

/// This device's own settings (language), never synced.
pub fn device() -> String {
    format!("{PREFIX}device")
}

/// The team membership: team key and device token, which never leave the device.
pub fn sync_config() -> String {
    format!("{PREFIX}sync")
}
