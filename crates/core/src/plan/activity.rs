//! The coach deployment register: what a coach on the job does that is not a coaching session
//! about one child. Coaches also visit groups, work along on a group, make preventive visits,
//! consult about a "grey child" without a name, give training evenings, prepare parent talks and
//! advise by mail; funders ask "how much time they spend, and on what", and whether the hours
//! suffice. So an activity records date, coach, minutes, its type and what it was about (a
//! child — then the parents' coach consent is needed, as for a session —, a group, a
//! practitioner's learning question, or nothing), with short notes shared with the team.
//!
//! [`super::budget`] sets the hours against a location's budget for a period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::coaching::{check_coach_time, Totals, MAX_TEXT};
use super::consent::{ConsentKind, ConsentRegister};
use super::{invalid, text, PlanError};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_TYPE_NAME: usize = 80;
pub const MAX_QUESTION: usize = 300;

/// What the coach did. The organisation adds its own types to a managed list ([`ActivityType`],
/// [`ActivityKind::Listed`]); activities saved before that list existed name their own type as
/// text ([`ActivityKind::Other`]) and stay readable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Groepsbezoek.
    GroupVisit,
    /// Meewerken op de groep.
    WorkAlong,
    /// Preventief groepsbezoek.
    PreventiveVisit,
    /// Consultatie (about a grey child, without a name).
    Consultation,
    /// Trainingsavond.
    Training,
    /// Oudergesprek voorbereiden.
    ParentTalkPrep,
    /// Advies per mail of telefoon.
    Advice,
    /// The organisation's own type, by name (activities saved before the managed list).
    Other(String),
    /// A type from the organisation's managed list, by the id of its [`ActivityType`] record, so
    /// renaming it renames it on every activity and retiring it keeps old activities readable.
    Listed(Id),
}

impl ActivityKind {
    /// The shipped types, in the order a form offers them.
    pub const BUILT_IN: [ActivityKind; 7] = [
        ActivityKind::GroupVisit,
        ActivityKind::WorkAlong,
        ActivityKind::PreventiveVisit,
        ActivityKind::Consultation,
        ActivityKind::Training,
        ActivityKind::ParentTalkPrep,
        ActivityKind::Advice,
    ];
}

/// What an activity was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivitySubject {
    /// One child: needs the parents' coach consent on the activity's date.
    Child(Id),
    Group(Id),
    /// A practitioner's learning question as text (activities saved before learning questions
    /// were records of their own).
    LearningQuestion(String),
    /// A practitioner's learning question record ([`crate::growth::LearningQuestion`]).
    Question(Id),
    None,
}

const DATE: &str = "d";
const COACH: &str = "co";
const MINUTES: &str = "mi";
const KIND: &str = "k";
const CHILD: &str = "c";
const GROUP: &str = "g";
const QUESTION: &str = "lq";
const QUESTION_RECORD: &str = "lqr";
const NOTES: &str = "n";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoachActivity {
    pub id: Id,
    pub date: NaiveDate,
    pub coach: String,
    pub minutes: u16,
    pub kind: ActivityKind,
    pub subject: ActivitySubject,
    /// Short notes shared with the team (no names when the subject is not a child).
    pub notes: String,
}

impl CoachActivity {
    pub fn check(&self) -> Result<(), PlanError> {
        check_coach_time(&self.coach, self.minutes)?;
        if let ActivityKind::Other(name) = &self.kind {
            text("activity_type", name, true, MAX_TYPE_NAME)?;
        }
        if let ActivitySubject::LearningQuestion(q) = &self.subject {
            text("learning_question", q, true, MAX_QUESTION)?;
        }
        text("notes", &self.notes, false, MAX_TEXT)
    }

    pub fn child_id(&self) -> Option<Id> {
        match self.subject {
            ActivitySubject::Child(c) => Some(c),
            _ => None,
        }
    }

    /// An activity about a child needs the parents' coach consent on its date (`consents` is that
    /// child's register); any other subject needs none.
    pub fn consent_check(&self, consents: &ConsentRegister) -> Result<(), PlanError> {
        if self.child_id().is_none() || consents.is_active(ConsentKind::Coach, self.date) {
            Ok(())
        } else {
            Err(PlanError::ConsentMissing(
                "coach activity",
                ConsentKind::Coach,
            ))
        }
    }
}

impl View for CoachActivity {
    const KIND: Kind = Kind::CoachActivity;
    const FIELDS: &'static [&'static str] = &[
        DATE,
        COACH,
        MINUTES,
        KIND,
        CHILD,
        GROUP,
        QUESTION,
        QUESTION_RECORD,
        NOTES,
    ];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        let (child, group, question, record) = match &self.subject {
            ActivitySubject::Child(c) => (Some(*c), None, "", None),
            ActivitySubject::Group(g) => (None, Some(*g), "", None),
            ActivitySubject::LearningQuestion(q) => (None, None, q.as_str(), None),
            ActivitySubject::Question(q) => (None, None, "", Some(*q)),
            ActivitySubject::None => (None, None, "", None),
        };
        FieldsOut::default()
            .date(DATE, Some(self.date))
            .text(COACH, &self.coach)
            .json(MINUTES, Some(&self.minutes))
            .json(KIND, Some(&self.kind))
            .id(CHILD, child)
            .id(GROUP, group)
            .text(QUESTION, question)
            .id(QUESTION_RECORD, record)
            .text(NOTES, &self.notes)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::CoachActivity)?;
        let f = Fields(record);
        let question = f.str(QUESTION)?;
        let subject = match (
            f.opt_id(CHILD)?,
            f.opt_id(GROUP)?,
            f.opt_id(QUESTION_RECORD)?,
        ) {
            (Some(c), _, _) => ActivitySubject::Child(c),
            (None, Some(g), _) => ActivitySubject::Group(g),
            (None, None, Some(q)) => ActivitySubject::Question(q),
            (None, None, None) if !question.trim().is_empty() => {
                ActivitySubject::LearningQuestion(question)
            }
            (None, None, None) => ActivitySubject::None,
        };
        Ok(CoachActivity {
            id: record.id(),
            date: f.required_date(DATE)?,
            coach: f.str(COACH)?,
            minutes: f.opt_u16(MINUTES)?.unwrap_or_default(),
            kind: f.required_json(KIND)?,
            subject,
            notes: f.str(NOTES)?,
        })
    }
}

const NAME: &str = "n";
const RETIRED: &str = "rt";

/// An entry of the organisation's own list of activity types, managed in Settings. A retired
/// type is no longer offered for new activities; the activities that have it keep showing its
/// name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityType {
    pub id: Id,
    pub name: String,
    pub retired: bool,
}

impl ActivityType {
    pub fn check(&self) -> Result<(), PlanError> {
        text("activity_type", &self.name, true, MAX_TYPE_NAME)
    }
}

impl View for ActivityType {
    const KIND: Kind = Kind::ActivityType;
    const FIELDS: &'static [&'static str] = &[NAME, RETIRED];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .text(NAME, &self.name)
            .flag(RETIRED, self.retired)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::ActivityType)?;
        let f = Fields(record);
        Ok(ActivityType {
            id: record.id(),
            name: f.required_str(NAME)?,
            retired: f.bool(RETIRED)?,
        })
    }
}

/// The types a new activity can have after the built-in ones: the list's types that are not
/// retired, by name.
pub fn offered(types: &[ActivityType]) -> Vec<&ActivityType> {
    let mut out: Vec<&ActivityType> = types.iter().filter(|t| !t.retired).collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    out
}

/// The name of a listed type, retired or not; `None` when its record is not on this device (yet).
pub fn listed_name(types: &[ActivityType], id: Id) -> Option<&str> {
    types.iter().find(|t| t.id == id).map(|t| t.name.as_str())
}

/// Totals over activities dated `from..=to`.
pub fn totals<'a>(
    activities: impl IntoIterator<Item = &'a CoachActivity>,
    from: NaiveDate,
    to: NaiveDate,
) -> Totals {
    let mut t = Totals::default();
    for a in activities
        .into_iter()
        .filter(|a| (from..=to).contains(&a.date))
    {
        t.sessions += 1;
        t.minutes += u32::from(a.minutes);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::coaching::MAX_MINUTES;
    use crate::plan::consent::tests::{child, consent, d};
    use crate::plan::consent::Consent;
    use crate::record::tests::h;
    use crate::view::create;

    fn activity(n: u8, subject: ActivitySubject, minutes: u16) -> CoachActivity {
        CoachActivity {
            id: Id::from_random([n; 16]),
            date: d(3, 10),
            coach: "Manon (Lindenhout)".into(),
            minutes,
            kind: ActivityKind::GroupVisit,
            subject,
            notes: "Overgang naar buiten besproken".into(),
        }
    }

    #[test]
    fn every_subject_round_trips_through_a_record() {
        crate::view::assert_field_codes_valid(CoachActivity::FIELDS);
        let subjects = [
            ActivitySubject::Child(child()),
            ActivitySubject::Group(Id::from_random([9; 16])),
            ActivitySubject::LearningQuestion("Hoe reageer ik als een kind dichtklapt?".into()),
            ActivitySubject::None,
            ActivitySubject::Question(Id::from_random([8; 16])),
        ];
        for (i, subject) in subjects.into_iter().enumerate() {
            let mut a = activity(i as u8 + 1, subject, 45);
            if i == 3 {
                a.kind = ActivityKind::Other("Intervisie".into());
            }
            if i == 4 {
                a.kind = ActivityKind::Listed(Id::from_random([7; 16]));
            }
            let r = create(&a, "AB", h(1, 1)).unwrap();
            assert_eq!(CoachActivity::from_record(&r).unwrap(), a);
        }
    }

    #[test]
    fn the_managed_list_offers_live_types_and_keeps_retired_names_readable() {
        crate::view::assert_field_codes_valid(ActivityType::FIELDS);
        let t = |n: u8, name: &str, retired| ActivityType {
            id: Id::from_random([n; 16]),
            name: name.into(),
            retired,
        };
        let types = [
            t(1, "Intervisie", false),
            t(2, "oudercafé", true),
            t(3, "Anders", false),
        ];
        let r = create(&types[1], "AB", h(1, 1)).unwrap();
        assert_eq!(ActivityType::from_record(&r).unwrap(), types[1]);
        let names: Vec<&str> = offered(&types).iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Anders", "Intervisie"]);
        assert_eq!(listed_name(&types, types[1].id), Some("oudercafé"));
        assert_eq!(listed_name(&types, Id::from_random([9; 16])), None);
        assert!(t(4, " ", false).check().is_err());
    }

    #[test]
    fn a_child_needs_coach_consent_other_subjects_do_not() {
        let about_child = activity(1, ActivitySubject::Child(child()), 30);
        let none = ConsentRegister::empty();
        assert_eq!(
            about_child.consent_check(&none),
            Err(PlanError::ConsentMissing(
                "coach activity",
                ConsentKind::Coach
            ))
        );
        let given: Consent = consent(20, ConsentKind::Coach, d(3, 1));
        let reg = ConsentRegister::for_child(child(), [&given]);
        assert_eq!(about_child.consent_check(&reg), Ok(()));
        let group = activity(2, ActivitySubject::Group(Id::from_random([9; 16])), 30);
        assert_eq!(group.consent_check(&none), Ok(()));
    }

    #[test]
    fn validation() {
        assert!(activity(1, ActivitySubject::None, 0).check().is_err());
        assert!(activity(1, ActivitySubject::None, MAX_MINUTES + 1)
            .check()
            .is_err());
        assert!(
            activity(1, ActivitySubject::LearningQuestion(" ".into()), 30)
                .check()
                .is_err()
        );
        let mut other = activity(1, ActivitySubject::None, 30);
        other.kind = ActivityKind::Other(String::new());
        assert!(other.check().is_err());
    }
}
