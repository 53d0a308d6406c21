//! Local persistence in the browser's localStorage. Components never touch storage directly:
//! they go through these functions, which speak `signaal-core` types.

pub mod device;

use gloo_storage::errors::StorageError;
use thiserror::Error;

/// Every key of this app starts with this prefix and schema version.
pub const PREFIX: &str = "signaal/v1/";

#[derive(Debug, Error)]
pub enum SaveError {
    #[error("the device storage is full")]
    QuotaExceeded,
    #[error("the browser refused to store data: {0}")]
    Unavailable(String),
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
