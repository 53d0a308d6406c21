//! The operator's rules for teams (`--team-signup`, `--team-max-bytes`, `--invite-days`,
//! `--remove-idle-teams-after-days`), in the form the request handlers check them.

use axum::http::StatusCode;
use subtle::ConstantTimeEq as _;

use crate::config::{SignupMode, TeamRules};
use crate::error::ApiError;
use crate::secret;

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Who may start a team. The code is kept only as its SHA-256 hash.
#[derive(Clone)]
pub enum Signup {
    Open,
    Closed,
    Code([u8; 32]),
}

impl std::fmt::Debug for Signup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Signup::Open => "open",
            Signup::Closed => "closed",
            Signup::Code(_) => "code",
        })
    }
}

impl Signup {
    /// Whether a new team may be started with `code` (what the request carried).
    pub fn check(&self, code: Option<&str>) -> Result<(), ApiError> {
        let expected = match self {
            Signup::Open => return Ok(()),
            Signup::Closed => {
                return Err(ApiError::denied(
                    StatusCode::FORBIDDEN,
                    "signup_closed",
                    "this server does not accept new teams; ask its operator",
                ))
            }
            Signup::Code(hash) => hash,
        };
        let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(ApiError::denied(
                StatusCode::FORBIDDEN,
                "signup_code_required",
                "starting a team on this server needs the sign-up code its operator gave you",
            ));
        };
        // Hashes of equal length, compared in constant time: the time taken says nothing
        // about how much of the code was right.
        if bool::from(secret::hash(code).ct_eq(expected)) {
            Ok(())
        } else {
            Err(ApiError::denied(
                StatusCode::FORBIDDEN,
                "signup_code_wrong",
                "this sign-up code is not right",
            ))
        }
    }
}

/// [`TeamRules`] as the handlers use them.
#[derive(Debug, Clone)]
pub struct TeamPolicy {
    pub signup: Signup,
    /// 0 = unlimited.
    pub max_bytes: u64,
    pub invite_ms: i64,
    /// 0 = never.
    pub idle_days: u32,
}

impl TeamPolicy {
    pub fn new(rules: &TeamRules) -> Self {
        let signup = match (rules.team_signup, &rules.team_signup_code) {
            (SignupMode::Open, _) => Signup::Open,
            (SignupMode::Closed, _) => Signup::Closed,
            (SignupMode::Code, Some(code)) => Signup::Code(secret::hash(code.trim())),
            // clap requires the code with this mode; without one, nobody can sign up.
            (SignupMode::Code, None) => Signup::Closed,
        };
        Self {
            signup,
            max_bytes: rules.team_max_bytes,
            invite_ms: i64::from(rules.invite_days.max(1)) * DAY_MS,
            idle_days: rules.remove_idle_teams_after_days,
        }
    }

    /// When an invite made at `now` stops working.
    pub fn invite_expiry(&self, now: i64) -> i64 {
        now.saturating_add(self.invite_ms)
    }

    /// Teams with no device seen since this time are idle (None when removal is off).
    pub fn idle_cutoff(&self, now: i64) -> Option<i64> {
        (self.idle_days > 0).then(|| now.saturating_sub(i64::from(self.idle_days) * DAY_MS))
    }
}

impl Default for TeamPolicy {
    fn default() -> Self {
        Self::new(&TeamRules::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(err: ApiError) -> &'static str {
        err.code()
    }

    #[test]
    fn signup_modes() {
        assert!(Signup::Open.check(None).is_ok());
        assert_eq!(
            code_of(Signup::Closed.check(Some("anything")).unwrap_err()),
            "signup_closed"
        );
        let gated = Signup::Code(secret::hash("kinderopvang-2026"));
        assert!(gated.check(Some("kinderopvang-2026")).is_ok());
        assert!(
            gated.check(Some("  kinderopvang-2026 ")).is_ok(),
            "surrounding spaces from copying do not count"
        );
        assert_eq!(
            code_of(gated.check(None).unwrap_err()),
            "signup_code_required"
        );
        assert_eq!(
            code_of(gated.check(Some(" ")).unwrap_err()),
            "signup_code_required"
        );
        assert_eq!(
            code_of(gated.check(Some("kinderopvang-2025")).unwrap_err()),
            "signup_code_wrong"
        );
        assert_eq!(format!("{gated:?}"), "code", "the hash is not logged");
    }

    #[test]
    fn policy_from_rules() {
        let mut rules = TeamRules::default();
        let policy = TeamPolicy::new(&rules);
        assert!(matches!(policy.signup, Signup::Open));
        assert_eq!(policy.invite_expiry(1000), 1000 + 14 * DAY_MS);
        assert_eq!(
            policy.idle_cutoff(100 * DAY_MS),
            None,
            "idle removal is off by default"
        );
        assert_eq!(policy.max_bytes, 256 * 1024 * 1024);

        rules.team_max_bytes = 0;
        rules.remove_idle_teams_after_days = 30;
        rules.invite_days = 2;
        let policy = TeamPolicy::new(&rules);
        assert_eq!(policy.max_bytes, 0);
        assert_eq!(policy.idle_cutoff(100 * DAY_MS), Some(70 * DAY_MS));
        assert_eq!(policy.invite_expiry(0), 2 * DAY_MS);

        rules.team_signup = SignupMode::Code;
        rules.team_signup_code = Some("a long code".into());
        assert!(TeamPolicy::new(&rules)
            .signup
            .check(Some("a long code"))
            .is_ok());
    }
}
