//! Coaching on the job: a youth-care expert coaches the team about one child, with the parents'
//! consent. The sub-flow is an alignment talk, learning goals, typically 3–4 sessions with notes
//! shared with the team, and an evaluation report. Organisations report coaching hours (per child
//! and per period), so sessions record their duration in minutes.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::consent::{ConsentKind, ConsentRegister};
use super::{at_most, invalid, text, PlanError};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

/// How many coaching sessions a trajectory typically has.
pub const TYPICAL_SESSIONS: RangeInclusive<usize> = 3..=4;
/// A session longer than a working day is a typo.
pub const MAX_MINUTES: u16 = 8 * 60;
pub const MAX_TEXT: usize = 4000;
pub const MAX_GOALS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// Afstemmingsgesprek: agreeing the question and learning goals.
    Alignment,
    Session,
    /// The closing session with the evaluation report.
    Evaluation,
}

const CHILD: &str = "c";
const TRAJECTORY: &str = "t";
const COACH: &str = "co";
const DATE: &str = "d";
const MINUTES: &str = "mi";
const KIND: &str = "k";
const GOALS: &str = "lg";
const NOTES: &str = "n";
const REPORT: &str = "rp";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoachSession {
    pub id: Id,
    pub child_id: Id,
    pub trajectory_id: Option<Id>,
    pub coach: String,
    pub date: NaiveDate,
    pub minutes: u16,
    pub kind: SessionKind,
    /// The team's learning goals (set at alignment, revisited later).
    pub learning_goals: Vec<String>,
    /// Notes shared with the team.
    pub shared_notes: String,
    /// The evaluation report (at the evaluation session).
    pub report: String,
}

/// The coach's name and a duration of 1..=[`MAX_MINUTES`]: the rule every record of coach time
/// shares (sessions and the deployment register's activities).
pub(super) fn check_coach_time(coach: &str, minutes: u16) -> Result<(), PlanError> {
    text("coach", coach, true, 80)?;
    if minutes == 0 || minutes > MAX_MINUTES {
        return Err(PlanError::OutOfRange {
            field: "minutes",
            value: minutes.into(),
            min: 1,
            max: MAX_MINUTES.into(),
        });
    }
    Ok(())
}

impl CoachSession {
    pub fn check(&self) -> Result<(), PlanError> {
        check_coach_time(&self.coach, self.minutes)?;
        at_most("learning_goals", &self.learning_goals, MAX_GOALS)?;
        for g in &self.learning_goals {
            text("learning_goal", g, true, 500)?;
        }
        text("shared_notes", &self.shared_notes, false, MAX_TEXT)?;
        text("report", &self.report, false, MAX_TEXT)
    }

    /// Coaching about a child needs the parents' coach consent on the session's date.
    pub fn consent_check(&self, consents: &ConsentRegister) -> Result<(), PlanError> {
        if consents.is_active(ConsentKind::Coach, self.date) {
            Ok(())
        } else {
            Err(PlanError::ConsentMissing(
                "coaching session",
                ConsentKind::Coach,
            ))
        }
    }
}

impl View for CoachSession {
    const KIND: Kind = Kind::CoachSession;
    const FIELDS: &'static [&'static str] = &[
        CHILD, TRAJECTORY, COACH, DATE, MINUTES, KIND, GOALS, NOTES, REPORT,
    ];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .id(CHILD, Some(self.child_id))
            .id(TRAJECTORY, self.trajectory_id)
            .text(COACH, &self.coach)
            .date(DATE, Some(self.date))
            .json(MINUTES, Some(&self.minutes))
            .json(KIND, Some(&self.kind))
            .list(GOALS, self.learning_goals.iter().cloned())
            .text(NOTES, &self.shared_notes)
            .text(REPORT, &self.report)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::CoachSession)?;
        let f = Fields(record);
        Ok(CoachSession {
            id: record.id(),
            child_id: f.required_id(CHILD)?,
            trajectory_id: f.opt_id(TRAJECTORY)?,
            coach: f.str(COACH)?,
            date: f.required_date(DATE)?,
            minutes: f.opt_u16(MINUTES)?.unwrap_or_default(),
            kind: f.required_json(KIND)?,
            learning_goals: f.str_list(GOALS)?,
            shared_notes: f.str(NOTES)?,
            report: f.str(REPORT)?,
        })
    }
}

/// Number of sessions and minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub sessions: usize,
    pub minutes: u32,
}

impl Totals {
    fn add(&mut self, s: &CoachSession) {
        self.sessions += 1;
        self.minutes += u32::from(s.minutes);
    }

    /// Hours with one decimal, as organisations report them.
    pub fn hours(&self) -> f64 {
        (f64::from(self.minutes) / 6.0).round() / 10.0
    }

    /// What the coaching cost at `rate_cents` an hour, in cents (rounded to the cent): minutes
    /// × rate, so partial hours are paid as worked.
    pub fn cost_cents(&self, rate_cents: u32) -> u64 {
        (u64::from(self.minutes) * u64::from(rate_cents) + 30) / 60
    }
}

fn in_period(s: &CoachSession, from: NaiveDate, to: NaiveDate) -> bool {
    (from..=to).contains(&s.date)
}

/// Totals over sessions dated `from..=to`.
pub fn totals<'a>(
    sessions: impl IntoIterator<Item = &'a CoachSession>,
    from: NaiveDate,
    to: NaiveDate,
) -> Totals {
    let mut t = Totals::default();
    sessions
        .into_iter()
        .filter(|s| in_period(s, from, to))
        .for_each(|s| t.add(s));
    t
}

/// Totals per child over sessions dated `from..=to`.
pub fn totals_per_child<'a>(
    sessions: impl IntoIterator<Item = &'a CoachSession>,
    from: NaiveDate,
    to: NaiveDate,
) -> BTreeMap<Id, Totals> {
    let mut out: BTreeMap<Id, Totals> = BTreeMap::new();
    for s in sessions.into_iter().filter(|s| in_period(s, from, to)) {
        out.entry(s.child_id).or_default().add(s);
    }
    out
}

/// Where a child's coaching stands, for the "what next" hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub aligned: bool,
    /// Regular sessions held (alignment and evaluation not counted).
    pub sessions: usize,
    pub reported: bool,
}

impl Progress {
    pub fn of<'a>(child: Id, sessions: impl IntoIterator<Item = &'a CoachSession>) -> Progress {
        let mut p = Progress {
            aligned: false,
            sessions: 0,
            reported: false,
        };
        for s in sessions.into_iter().filter(|s| s.child_id == child) {
            match s.kind {
                SessionKind::Alignment => p.aligned = true,
                SessionKind::Session => p.sessions += 1,
                SessionKind::Evaluation => p.reported |= !s.report.trim().is_empty(),
            }
        }
        p
    }

    /// The typical number of sessions has been held, so the evaluation report is due.
    pub fn report_due(&self) -> bool {
        !self.reported && self.sessions >= *TYPICAL_SESSIONS.start()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::{child, consent, d};
    use crate::record::tests::h;
    use crate::view::{assert_field_codes_valid, create};

    fn session(n: u8, child: Id, date: NaiveDate, minutes: u16, kind: SessionKind) -> CoachSession {
        CoachSession {
            id: Id::from_random([n; 16]),
            child_id: child,
            trajectory_id: None,
            coach: "Manon (Lindenhout)".into(),
            date,
            minutes,
            kind,
            learning_goals: vec![],
            shared_notes: String::new(),
            report: String::new(),
        }
    }

    #[test]
    fn roundtrip_and_validation() {
        assert_field_codes_valid(CoachSession::FIELDS);
        let mut s = session(1, child(), d(3, 2), 90, SessionKind::Alignment);
        s.learning_goals = vec!["Grenzen stellen zonder strijd".into()];
        s.trajectory_id = Some(Id::from_random([2; 16]));
        let r = create(&s, "AB", h(1, 1)).unwrap();
        assert_eq!(CoachSession::from_record(&r).unwrap(), s);
        s.minutes = 0;
        assert!(matches!(
            s.validate(),
            Err(ValidationError::Plan(PlanError::OutOfRange {
                field: "minutes",
                ..
            }))
        ));
    }

    #[test]
    fn needs_coach_consent_on_the_day() {
        let s = session(1, child(), d(3, 2), 60, SessionKind::Session);
        let mut c = consent(9, ConsentKind::Coach, d(3, 1));
        let reg = ConsentRegister::for_child(child(), [&c]);
        assert_eq!(s.consent_check(&reg), Ok(()));
        c.withdrawn_on = Some(d(3, 2));
        let reg = ConsentRegister::for_child(child(), [&c]);
        assert_eq!(
            s.consent_check(&reg),
            Err(PlanError::ConsentMissing(
                "coaching session",
                ConsentKind::Coach
            ))
        );
    }

    #[test]
    fn totals_per_child_and_period_and_progress() {
        let a = child();
        let b = Id::from_random([41; 16]);
        let sessions = [
            session(1, a, d(1, 10), 60, SessionKind::Alignment),
            session(2, a, d(2, 10), 45, SessionKind::Session),
            session(3, b, d(2, 12), 30, SessionKind::Session),
            session(4, a, d(3, 10), 45, SessionKind::Session),
            session(5, a, d(4, 10), 45, SessionKind::Session),
        ];
        let all = totals(&sessions, d(1, 1), d(12, 31));
        assert_eq!(
            all,
            Totals {
                sessions: 5,
                minutes: 225
            }
        );
        assert_eq!(all.hours(), 3.8);
        let q1 = totals(&sessions, d(1, 1), d(3, 31));
        assert_eq!(
            q1,
            Totals {
                sessions: 4,
                minutes: 180
            }
        );
        let per = totals_per_child(&sessions, d(2, 1), d(2, 28));
        assert_eq!(
            per[&a],
            Totals {
                sessions: 1,
                minutes: 45
            }
        );
        assert_eq!(
            per[&b],
            Totals {
                sessions: 1,
                minutes: 30
            }
        );
        let p = Progress::of(a, &sessions);
        assert_eq!((p.aligned, p.sessions, p.reported), (true, 3, false));
        assert!(p.report_due());
        let mut report = session(6, a, d(5, 1), 60, SessionKind::Evaluation);
        report.report = "Team stelt rustiger grenzen".into();
        let all: Vec<_> = sessions.iter().chain([&report]).collect();
        assert!(!Progress::of(a, all).report_due());
    }
}
