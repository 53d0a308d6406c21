//! What can go wrong while syncing, and how to say it to a practitioner.

use super::config::BadInvite;
use signaal_web::crypto::CryptoError;
use crate::i18n::Key;
use crate::store::SaveError;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum SyncError {
    #[error("the server cannot be reached")]
    Unreachable,
    /// 401: the token is unknown, e.g. this device was removed from the team.
    #[error("this device is not (or no longer) in the team")]
    NotInTeam,
    /// 403 when joining: wrong, used-up or rotated invite secret.
    #[error("the invite is not valid: {0}")]
    InviteRefused(String),
    #[error(transparent)]
    BadInvite(#[from] BadInvite),
    #[error("too many requests, retry later")]
    RateLimited,
    /// 413, or a record too large to push at all.
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("the server failed ({status}): {message}")]
    Server { status: u16, message: String },
    /// Another 4xx: a bug on one side; retrying will not help but does no harm.
    #[error("the server refused the request ({status}): {message}")]
    Refused { status: u16, message: String },
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("the team key in this device's settings is damaged")]
    BadKey,
}

impl SyncError {
    /// The reason in plain words (shown after "Fout:").
    pub fn words(&self) -> Key {
        match self {
            SyncError::Unreachable => Key::ErrSyncUnreachable,
            SyncError::NotInTeam => Key::ErrSyncNotInTeam,
            SyncError::InviteRefused(_) => Key::ErrSyncInviteRefused,
            SyncError::BadInvite(_) => Key::ErrSyncBadInvite,
            SyncError::RateLimited => Key::ErrSyncBusy,
            SyncError::TooLarge(_) => Key::ErrSyncTooLarge,
            SyncError::Server { .. } => Key::ErrSyncServer,
            SyncError::Refused { .. } | SyncError::Protocol(_) => Key::ErrSyncProtocol,
            SyncError::Crypto(CryptoError::NoRandomness(_)) => Key::ErrNoRandom,
            SyncError::Crypto(_) | SyncError::BadKey => Key::ErrSyncCrypto,
            SyncError::Save(SaveError::QuotaExceeded) => Key::ErrSyncFull,
            SyncError::Save(SaveError::Unavailable(_)) => Key::ErrSyncStorage,
        }
    }
}
