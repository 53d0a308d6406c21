//! What can go wrong while syncing, and how to say it to a practitioner.

use super::config::BadInvite;
use crate::i18n::Key;
use crate::store::SaveError;
use signaal_web::crypto::CryptoError;
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
    /// 507 `team_storage_full`: the server stores no more for this team; the records stay in
    /// the outbox and go once there is room.
    #[error("the team's storage on the server is full")]
    TeamStorageFull,
    /// 403 `signup_closed`: this server accepts no new teams.
    #[error("the server accepts no new teams")]
    SignupClosed,
    /// 403 `signup_code_required`: starting a team here needs the operator's code.
    #[error("a sign-up code is needed")]
    SignupCodeNeeded,
    /// 403 `signup_code_wrong`.
    #[error("the sign-up code is wrong")]
    SignupCodeWrong,
    /// 403 `admin_only`: only a team admin may do this.
    #[error("only an admin of the team may do this")]
    AdminOnly,
    /// 409 `last_admin`: the team's last admin cannot step down or leave.
    #[error("this is the team's last admin")]
    LastAdmin,
    /// 403 `invite_expired` when joining.
    #[error("the invite has expired")]
    InviteExpired,
    /// 422 `clock_ahead`: this device's date is more than a day ahead; its changes stay in the
    /// outbox until the date is right.
    #[error("this device's clock is more than a day ahead")]
    ClockAhead,
}

impl SyncError {
    /// The error a server's refusal with this JSON `error` code stands for, if it has its own.
    pub fn from_code(code: &str) -> Option<SyncError> {
        Some(match code {
            "team_storage_full" => SyncError::TeamStorageFull,
            "signup_closed" => SyncError::SignupClosed,
            "signup_code_required" => SyncError::SignupCodeNeeded,
            "signup_code_wrong" => SyncError::SignupCodeWrong,
            "admin_only" => SyncError::AdminOnly,
            "last_admin" => SyncError::LastAdmin,
            "invite_expired" => SyncError::InviteExpired,
            "clock_ahead" => SyncError::ClockAhead,
            _ => return None,
        })
    }

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
            SyncError::TeamStorageFull => Key::ErrTeamStorageFull,
            SyncError::SignupClosed => Key::ErrSignupClosed,
            SyncError::SignupCodeNeeded => Key::ErrSignupCodeNeeded,
            SyncError::SignupCodeWrong => Key::ErrSignupCodeWrong,
            SyncError::AdminOnly => Key::ErrAdminOnly,
            SyncError::LastAdmin => Key::ErrLastAdmin,
            SyncError::InviteExpired => Key::ErrInviteExpired,
            SyncError::ClockAhead => Key::ErrClockAhead,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_rules_have_their_own_words() {
        for code in [
            "team_storage_full",
            "signup_closed",
            "signup_code_required",
            "signup_code_wrong",
            "admin_only",
            "last_admin",
            "invite_expired",
            "clock_ahead",
        ] {
            let err = SyncError::from_code(code).unwrap_or_else(|| panic!("{code}"));
            assert_ne!(err.words(), Key::ErrSyncProtocol, "{code}");
        }
        assert_eq!(SyncError::from_code("forbidden"), None);
    }
}
