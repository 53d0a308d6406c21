//! How a child's trajectory ended, and whether it held: the outcome asked at closing, whether a
//! care-avoiding family was reached, and the follow-ups six and twelve months later ("is het
//! kind nog op de reguliere BSO?").
//!
//! The financial-return research warns against counting yourself rich: a trajectory closed
//! without a referral is not a referral avoided when the concern resolved itself or the child
//! left the BSO. So the monitor counts a referral avoided only from these answers
//! ([`Outcome::avoids_referral`]), and BSO-plus or extra support inside childcare counts as
//! *inside* childcare (the step before youth care), not as an external referral.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::trajectory::{Status, Trajectory};

/// Where the child is when the trajectory closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stays in the regular BSO.
    RegularBso,
    /// BSO-plus or extra support inside childcare.
    InsideChildcare,
    /// CJG or wijkteam.
    CjgOrWijkteam,
    /// Youth care or GGZ.
    YouthCareOrGgz,
    /// Left the BSO.
    LeftBso,
    /// Handed over to the school.
    School,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::RegularBso,
        Outcome::InsideChildcare,
        Outcome::CjgOrWijkteam,
        Outcome::YouthCareOrGgz,
        Outcome::LeftBso,
        Outcome::School,
    ];

    /// The child stayed in childcare without care from outside: the only outcomes the monitor
    /// counts as a referral avoided.
    pub const fn avoids_referral(self) -> bool {
        matches!(self, Outcome::RegularBso | Outcome::InsideChildcare)
    }

    /// Care from outside childcare (CJG/wijkteam, youth care/GGZ).
    pub const fn is_referral(self) -> bool {
        matches!(self, Outcome::CjgOrWijkteam | Outcome::YouthCareOrGgz)
    }

    /// Whether asking "still at the regular BSO?" later makes sense: not for a child that left.
    pub const fn followed_up(self) -> bool {
        !matches!(self, Outcome::LeftBso)
    }
}

/// What the team answers when it closes a child's trajectory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closing {
    pub outcome: Outcome,
    /// "Zorgmijdend gezin bereikt": a family that avoids care was reached.
    pub care_avoiding_reached: bool,
}

/// The two follow-ups, in months after closing.
pub const FOLLOW_UP_MONTHS: [u8; 2] = [6, 12];

/// One follow-up answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpAnswer {
    #[serde(with = "crate::iso::date_text")]
    pub answered_on: NaiveDate,
    /// Is the child still at the regular BSO?
    pub still_regular: bool,
}

/// Why a follow-up cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FollowUpError {
    #[error("only a closed trajectory with an outcome is followed up")]
    NotFollowedUp,
    #[error("there is no follow-up after {0} months")]
    UnknownFollowUp(u8),
    #[error("the follow-up after {months} months is due on {due}, not yet on {on}")]
    TooEarly {
        months: u8,
        due: NaiveDate,
        on: NaiveDate,
    },
}

/// The date `months` after `closed_on` (clamped to the month's end; never before closing).
pub fn follow_up_date(closed_on: NaiveDate, months: u8) -> NaiveDate {
    closed_on
        .checked_add_months(Months::new(months.into()))
        .unwrap_or(NaiveDate::MAX)
}

impl Trajectory {
    /// The answer given for the follow-up after `months`, if any.
    pub fn follow_up(&self, months: u8) -> Option<FollowUpAnswer> {
        match months {
            6 => self.follow_up_6,
            12 => self.follow_up_12,
            _ => None,
        }
    }

    /// The follow-ups this trajectory has (closed, with an outcome that is followed up), each with
    /// its due date and its answer so far.
    pub fn follow_ups(&self) -> Vec<(u8, NaiveDate, Option<FollowUpAnswer>)> {
        let (Status::Closed, Some(closed), Some(outcome)) =
            (self.status, self.closed_on, self.outcome)
        else {
            return Vec::new();
        };
        if !outcome.followed_up() {
            return Vec::new();
        }
        FOLLOW_UP_MONTHS
            .iter()
            .map(|&m| (m, follow_up_date(closed, m), self.follow_up(m)))
            .collect()
    }

    /// The trajectory with the follow-up after `months` answered on `on` (from its due date on).
    pub fn answer_follow_up(
        &self,
        months: u8,
        still_regular: bool,
        on: NaiveDate,
    ) -> Result<Trajectory, FollowUpError> {
        let ups = self.follow_ups();
        if ups.is_empty() {
            return Err(FollowUpError::NotFollowedUp);
        }
        let (_, due, _) = ups
            .into_iter()
            .find(|(m, _, _)| *m == months)
            .ok_or(FollowUpError::UnknownFollowUp(months))?;
        if on < due {
            return Err(FollowUpError::TooEarly { months, due, on });
        }
        let answer = Some(FollowUpAnswer {
            answered_on: on,
            still_regular,
        });
        let mut next = self.clone();
        if months == 6 {
            next.follow_up_6 = answer;
        } else {
            next.follow_up_12 = answer;
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::d;
    use crate::plan::trajectory::tests::trajectory;

    fn closed(on: NaiveDate, outcome: Option<Outcome>) -> Trajectory {
        Trajectory {
            status: Status::Closed,
            closed_on: Some(on),
            outcome,
            care_avoiding_reached: Some(false),
            ..trajectory()
        }
    }

    #[test]
    fn only_staying_in_childcare_avoids_a_referral() {
        let avoided: Vec<_> = Outcome::ALL
            .into_iter()
            .filter(|o| o.avoids_referral())
            .collect();
        assert_eq!(avoided, [Outcome::RegularBso, Outcome::InsideChildcare]);
        assert!(
            !Outcome::InsideChildcare.is_referral(),
            "BSO-plus is inside"
        );
        assert!(Outcome::YouthCareOrGgz.is_referral());
        assert!(!Outcome::LeftBso.avoids_referral() && !Outcome::LeftBso.is_referral());
    }

    #[test]
    fn follow_ups_fall_six_and_twelve_months_after_closing() {
        let t = closed(d(8, 31), Some(Outcome::RegularBso));
        let due: Vec<_> = t.follow_ups().iter().map(|(m, d, _)| (*m, *d)).collect();
        let next_year = NaiveDate::from_ymd_opt(2027, 2, 28).unwrap();
        let a_year = NaiveDate::from_ymd_opt(2027, 8, 31).unwrap();
        assert_eq!(
            due,
            [(6, next_year), (12, a_year)],
            "31 Aug + 6 months clamps"
        );
        assert!(closed(d(3, 1), None).follow_ups().is_empty(), "no outcome");
        assert!(closed(d(3, 1), Some(Outcome::LeftBso))
            .follow_ups()
            .is_empty());
        let open = Trajectory {
            outcome: Some(Outcome::RegularBso),
            ..trajectory()
        };
        assert!(open.follow_ups().is_empty(), "still open");
    }

    #[test]
    fn a_follow_up_is_answered_from_its_due_date() {
        let t = closed(d(1, 15), Some(Outcome::InsideChildcare));
        assert_eq!(
            t.answer_follow_up(6, true, d(7, 14)),
            Err(FollowUpError::TooEarly {
                months: 6,
                due: d(7, 15),
                on: d(7, 14)
            })
        );
        let answered = t.answer_follow_up(6, false, d(7, 20)).unwrap();
        assert_eq!(
            answered.follow_up(6),
            Some(FollowUpAnswer {
                answered_on: d(7, 20),
                still_regular: false
            })
        );
        assert_eq!(answered.follow_up(12), None);
        assert_eq!(
            t.answer_follow_up(3, true, d(12, 1)),
            Err(FollowUpError::UnknownFollowUp(3))
        );
        assert_eq!(
            trajectory().answer_follow_up(6, true, d(12, 1)),
            Err(FollowUpError::NotFollowedUp)
        );
    }
}
