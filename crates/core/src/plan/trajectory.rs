//! A trajectory: one concern about a child (or a group) running through a template version.
//!
//! The trajectory record holds the *current* state (status, step, its owner and due date, the
//! signal's facts); what was done is a list of [`StepEntry`] records, one per completed step or
//! talk, each with its form. Entries are separate records so concurrent work on two devices only
//! adds entries and never overwrites history. Plan goals are [`Goal`] records so notebook moments
//! can point at them ([`crate::moment::Moment::goal_id`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::form::{FormData, Recognition};
use super::outcome::{FollowUpAnswer, Outcome};
use super::template::StepKey;
use super::{invalid, text, unique, PlanError};
use crate::id::Id;
use crate::moment::Moment;
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_CONCERN: usize = 500;
pub const MAX_NAME: usize = 80;
pub const MAX_NOTES: usize = 4000;
pub const MAX_LINKED_MOMENTS: usize = 500;

/// Who or what the concern is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    Child(Id),
    Group(Id),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A "grey child": watched in the notebook before a full signal.
    Watch,
    Active,
    Closed,
}

/// Who raised the signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RaisedBy {
    Parent,
    Practitioner,
}

const CHILD: &str = "c";
const GROUP: &str = "g";
const TEMPLATE: &str = "tp";
const STATUS: &str = "st";
const STEP: &str = "sp";
const OWNER: &str = "ow";
const DUE: &str = "du";
const STARTED: &str = "sd";
const CLOSED: &str = "cd";
const CONCERN: &str = "n";
const RAISED_BY: &str = "rb";
const RAISED_BY_NAME: &str = "rn";
const RECOGNISES: &str = "pr";
const AT_HOME: &str = "ah";
const MOMENTS: &str = "m";
const URGENT: &str = "ur";
const URGENT_REASON: &str = "uy";
const OUTCOME: &str = "oc";
const CARE_AVOIDING: &str = "za";
const FOLLOW_UP_6: &str = "fa";
const FOLLOW_UP_12: &str = "fb";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trajectory {
    pub id: Id,
    pub subject: Subject,
    /// The template **version** this trajectory runs on (kept when the template is edited).
    pub template_id: Id,
    pub status: Status,
    pub step: StepKey,
    /// The one person responsible for the current step, and by when.
    pub owner: String,
    pub due: NaiveDate,
    pub started_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// Short description of the concern, in observable terms.
    pub concern: String,
    pub raised_by: Option<RaisedBy>,
    pub raised_by_name: String,
    pub parents_recognise: Option<Recognition>,
    /// Does it happen at home too? `None`: unknown.
    pub at_home: Option<bool>,
    /// Notebook moments linked to this concern.
    pub moments: Vec<Id>,
    /// Set by a manager when waiting for the team's own plan is not safe; lets the engine
    /// escalate or refer straight away (see [`super::engine`]).
    pub urgent: bool,
    pub urgent_reason: String,
    /// Where the child went, asked when a child's signal is closed (see [`super::outcome`]).
    pub outcome: Option<Outcome>,
    /// "Zorgmijdend gezin bereikt", asked with the outcome.
    pub care_avoiding_reached: Option<bool>,
    /// The answers six and twelve months after closing. Two fields, not a list, so two devices
    /// answering each one offline both keep theirs.
    pub follow_up_6: Option<FollowUpAnswer>,
    pub follow_up_12: Option<FollowUpAnswer>,
}

impl Trajectory {
    pub fn child_id(&self) -> Option<Id> {
        match self.subject {
            Subject::Child(id) => Some(id),
            Subject::Group(_) => None,
        }
    }

    pub fn is_open(&self) -> bool {
        self.status != Status::Closed
    }

    pub fn check(&self) -> Result<(), PlanError> {
        text("owner", &self.owner, true, MAX_NAME)?;
        text("concern", &self.concern, false, MAX_CONCERN)?;
        text("raised_by_name", &self.raised_by_name, false, MAX_NAME)?;
        text(
            "urgent_reason",
            &self.urgent_reason,
            self.urgent,
            MAX_CONCERN,
        )?;
        super::at_most("moments", &self.moments, MAX_LINKED_MOMENTS)?;
        unique("moments", &self.moments)?;
        if self.due < self.started_on {
            return Err(PlanError::DateOrder {
                field: "due",
                date: self.due,
                other: "started_on",
                other_date: self.started_on,
            });
        }
        match self.closed_on {
            Some(c) if c < self.started_on => Err(PlanError::DateOrder {
                field: "closed_on",
                date: c,
                other: "started_on",
                other_date: self.started_on,
            }),
            _ => Ok(()),
        }
    }

    /// Links a notebook moment (idempotent).
    pub fn link_moment(&mut self, moment: Id) {
        if !self.moments.contains(&moment) {
            self.moments.push(moment);
        }
    }
}

impl View for Trajectory {
    const KIND: Kind = Kind::Trajectory;
    const FIELDS: &'static [&'static str] = &[
        CHILD,
        GROUP,
        TEMPLATE,
        STATUS,
        STEP,
        OWNER,
        DUE,
        STARTED,
        CLOSED,
        CONCERN,
        RAISED_BY,
        RAISED_BY_NAME,
        RECOGNISES,
        AT_HOME,
        MOMENTS,
        URGENT,
        URGENT_REASON,
        OUTCOME,
        CARE_AVOIDING,
        FOLLOW_UP_6,
        FOLLOW_UP_12,
    ];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        let (child, group) = match self.subject {
            Subject::Child(c) => (Some(c), None),
            Subject::Group(g) => (None, Some(g)),
        };
        FieldsOut::default()
            .id(CHILD, child)
            .id(GROUP, group)
            .id(TEMPLATE, Some(self.template_id))
            .json(STATUS, Some(&self.status))
            .text(STEP, self.step.as_str())
            .text(OWNER, &self.owner)
            .date(DUE, Some(self.due))
            .date(STARTED, Some(self.started_on))
            .date(CLOSED, self.closed_on)
            .text(CONCERN, &self.concern)
            .json(RAISED_BY, self.raised_by.as_ref())
            .text(RAISED_BY_NAME, &self.raised_by_name)
            .json(RECOGNISES, self.parents_recognise.as_ref())
            .json(AT_HOME, self.at_home.as_ref())
            .list(MOMENTS, self.moments.iter().map(Id::to_string))
            .flag(URGENT, self.urgent)
            .text(URGENT_REASON, &self.urgent_reason)
            .json(OUTCOME, self.outcome.as_ref())
            .json(CARE_AVOIDING, self.care_avoiding_reached.as_ref())
            .json(FOLLOW_UP_6, self.follow_up_6.as_ref())
            .json(FOLLOW_UP_12, self.follow_up_12.as_ref())
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Trajectory)?;
        let f = Fields(record);
        let subject = match (f.opt_id(CHILD)?, f.opt_id(GROUP)?) {
            (Some(c), _) => Subject::Child(c),
            (None, Some(g)) => Subject::Group(g),
            (None, None) => return Err(DecodeError::Missing(CHILD)),
        };
        Ok(Trajectory {
            id: record.id(),
            subject,
            template_id: f.required_id(TEMPLATE)?,
            status: f.required_json(STATUS)?,
            step: f.required_json(STEP)?,
            owner: f.str(OWNER)?,
            due: f.required_date(DUE)?,
            started_on: f.required_date(STARTED)?,
            closed_on: f.opt_date(CLOSED)?,
            concern: f.str(CONCERN)?,
            raised_by: f.json(RAISED_BY)?,
            raised_by_name: f.str(RAISED_BY_NAME)?,
            parents_recognise: f.json(RECOGNISES)?,
            at_home: f.json(AT_HOME)?,
            moments: f.id_list(MOMENTS)?,
            urgent: f.bool(URGENT)?,
            urgent_reason: f.str(URGENT_REASON)?,
            outcome: f.json(OUTCOME)?,
            care_avoiding_reached: f.json(CARE_AVOIDING)?,
            follow_up_6: f.json(FOLLOW_UP_6)?,
            follow_up_12: f.json(FOLLOW_UP_12)?,
        })
    }
}

const E_TRAJECTORY: &str = "t";
const E_STEP: &str = "sp";
const E_DATE: &str = "d";
const E_BY: &str = "by";
const E_OWNER: &str = "ow";
const E_NOTES: &str = "n";
const E_FORM: &str = "f";

/// Something done in a step: a completed step, a talk, a monthly child discussion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepEntry {
    pub id: Id,
    pub trajectory_id: Id,
    /// The step it was recorded in (a key of the trajectory's template version).
    pub step: StepKey,
    pub date: NaiveDate,
    /// Who did it ("AB en locatiemanager"); may differ from whoever typed it in.
    pub by: String,
    /// The one person responsible for the follow-up.
    pub owner: String,
    pub notes: String,
    /// The step's form; `None` for steps that need only notes (follow, carrying out).
    pub form: Option<FormData>,
}

impl StepEntry {
    pub fn check(&self) -> Result<(), PlanError> {
        text("by", &self.by, true, MAX_NAME)?;
        text("owner", &self.owner, true, MAX_NAME)?;
        text("notes", &self.notes, false, MAX_NOTES)?;
        self.form.as_ref().map_or(Ok(()), FormData::check)
    }
}

impl View for StepEntry {
    const KIND: Kind = Kind::StepEntry;
    const FIELDS: &'static [&'static str] =
        &[E_TRAJECTORY, E_STEP, E_DATE, E_BY, E_OWNER, E_NOTES, E_FORM];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .id(E_TRAJECTORY, Some(self.trajectory_id))
            .text(E_STEP, self.step.as_str())
            .date(E_DATE, Some(self.date))
            .text(E_BY, &self.by)
            .text(E_OWNER, &self.owner)
            .text(E_NOTES, &self.notes)
            .json(E_FORM, self.form.as_ref())
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::StepEntry)?;
        let f = Fields(record);
        Ok(StepEntry {
            id: record.id(),
            trajectory_id: f.required_id(E_TRAJECTORY)?,
            step: f.required_json(E_STEP)?,
            date: f.required_date(E_DATE)?,
            by: f.str(E_BY)?,
            owner: f.str(E_OWNER)?,
            notes: f.str(E_NOTES)?,
            form: f.json(E_FORM)?,
        })
    }
}

/// The entries of one trajectory, oldest first (date, then id for a stable order).
pub fn history<'a>(
    trajectory: Id,
    entries: impl IntoIterator<Item = &'a StepEntry>,
) -> Vec<&'a StepEntry> {
    let mut out: Vec<_> = entries
        .into_iter()
        .filter(|e| e.trajectory_id == trajectory)
        .collect();
    out.sort_by_key(|e| (e.date, e.id));
    out
}

/// Where a goal stands. Settled at an evaluation (or whenever the team sees it), each verdict
/// with its date and a short note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    Open,
    Achieved,
    /// Partly achieved: some of what was aimed for is seen.
    Partly,
    NotAchieved,
    /// Stopped: no longer worked on (no longer relevant, or replaced by another goal).
    Dropped,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 5] = [
        GoalStatus::Open,
        GoalStatus::Achieved,
        GoalStatus::Partly,
        GoalStatus::NotAchieved,
        GoalStatus::Dropped,
    ];
}

pub const MAX_STATUS_NOTE: usize = 500;

const G_TRAJECTORY: &str = "t";
const G_DESCRIPTION: &str = "d";
const G_SUCCESS: &str = "s";
const G_STATUS: &str = "st";
const G_STATUS_ON: &str = "sd";
const G_STATUS_NOTE: &str = "sn";

/// A SMART goal of a plan of approach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub id: Id,
    pub trajectory_id: Id,
    /// What we want to reach ("Sem vraagt een volwassene om hulp bij een conflict").
    pub description: String,
    /// How we see that it works ("3 van de 4 keer in een week, volgens het schriftje").
    pub success: String,
    pub status: GoalStatus,
    /// When the status was settled; `None` while open.
    pub status_on: Option<NaiveDate>,
    /// Why, in a line ("speelt bijna elke middag buiten met Noor").
    pub status_note: String,
}

impl Goal {
    pub fn new(id: Id, trajectory_id: Id, description: impl Into<String>) -> Self {
        Goal {
            id,
            trajectory_id,
            description: description.into(),
            success: String::new(),
            status: GoalStatus::Open,
            status_on: None,
            status_note: String::new(),
        }
    }

    /// Settles the goal (or reopens it: an open goal has no date and no note). The result is
    /// checked as a whole, so a refused change leaves the goal as it was.
    pub fn set_status(
        &mut self,
        status: GoalStatus,
        on: Option<NaiveDate>,
        note: &str,
    ) -> Result<(), PlanError> {
        let mut next = self.clone();
        next.status = status;
        (next.status_on, next.status_note) = match status {
            GoalStatus::Open => (None, String::new()),
            _ => (on, note.trim().to_owned()),
        };
        next.check()?;
        *self = next;
        Ok(())
    }

    pub fn check(&self) -> Result<(), PlanError> {
        text("description", &self.description, true, MAX_CONCERN)?;
        text("success", &self.success, false, MAX_CONCERN)?;
        text("status_note", &self.status_note, false, MAX_STATUS_NOTE)?;
        if self.status != GoalStatus::Open && self.status_on.is_none() {
            return Err(PlanError::DateMissing("status"));
        }
        Ok(())
    }
}

impl View for Goal {
    const KIND: Kind = Kind::Goal;
    const FIELDS: &'static [&'static str] = &[
        G_TRAJECTORY,
        G_DESCRIPTION,
        G_SUCCESS,
        G_STATUS,
        G_STATUS_ON,
        G_STATUS_NOTE,
    ];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .id(G_TRAJECTORY, Some(self.trajectory_id))
            .text(G_DESCRIPTION, &self.description)
            .text(G_SUCCESS, &self.success)
            // Open is the default and not stored, like other defaults.
            .json(
                G_STATUS,
                Some(&self.status).filter(|s| **s != GoalStatus::Open),
            )
            .date(G_STATUS_ON, self.status_on)
            .text(G_STATUS_NOTE, &self.status_note)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Goal)?;
        let f = Fields(record);
        Ok(Goal {
            id: record.id(),
            trajectory_id: f.required_id(G_TRAJECTORY)?,
            description: f.required_str(G_DESCRIPTION)?,
            success: f.str(G_SUCCESS)?,
            status: f.json(G_STATUS)?.unwrap_or(GoalStatus::Open),
            status_on: f.opt_date(G_STATUS_ON)?,
            status_note: f.str(G_STATUS_NOTE)?,
        })
    }
}

/// The notebook moments linked to `goal`, oldest first: "a goal shows its moments over time".
pub fn goal_moments<'a>(
    goal: Id,
    moments: impl IntoIterator<Item = &'a Moment>,
) -> Vec<&'a Moment> {
    let mut out: Vec<_> = moments
        .into_iter()
        .filter(|m| m.goal_id == Some(goal))
        .collect();
    out.sort_by_key(|m| (m.occurred_at, m.id));
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::consent::tests::d;
    use crate::plan::form::{TeamDecision, TeamDiscussionForm};
    use crate::record::tests::h;
    use crate::record::FieldName;
    use crate::view::{apply, assert_field_codes_valid, create};
    use serde_json::json;

    pub(crate) fn trajectory() -> Trajectory {
        Trajectory {
            id: Id::from_random([50; 16]),
            subject: Subject::Child(crate::plan::consent::tests::child()),
            template_id: Id::from_random([51; 16]),
            status: Status::Active,
            step: StepKey::new("signaal").unwrap(),
            owner: "Anouk".into(),
            due: d(2, 10),
            started_on: d(2, 3),
            closed_on: None,
            concern: "Slaat bij conflicten op het plein".into(),
            raised_by: Some(RaisedBy::Practitioner),
            raised_by_name: "Anouk".into(),
            parents_recognise: None,
            at_home: None,
            moments: vec![Id::from_random([52; 16])],
            urgent: false,
            urgent_reason: String::new(),
            outcome: None,
            care_avoiding_reached: None,
            follow_up_6: None,
            follow_up_12: None,
        }
    }

    #[test]
    fn trajectory_roundtrip_and_field_edit() {
        assert_field_codes_valid(Trajectory::FIELDS);
        assert_field_codes_valid(StepEntry::FIELDS);
        assert_field_codes_valid(Goal::FIELDS);
        let t = trajectory();
        let mut r = create(&t, "AB", h(1, 1)).unwrap();
        assert_eq!(Trajectory::from_record(&r).unwrap(), t);
        let mut edited = t.clone();
        edited.at_home = Some(false);
        edited.parents_recognise = Some(Recognition::Partly);
        assert_eq!(
            apply(&mut r, &edited, "CD", h(2, 1)).unwrap(),
            vec![RECOGNISES, AT_HOME]
        );
        assert_eq!(r.value(AT_HOME), Some(&json!(false)));
        assert_eq!(Trajectory::from_record(&r).unwrap(), edited);
        let group = Trajectory {
            subject: Subject::Group(Id::from_random([53; 16])),
            ..t
        };
        let r = create(&group, "AB", h(1, 1)).unwrap();
        assert_eq!(Trajectory::from_record(&r).unwrap(), group);
        assert_eq!(group.child_id(), None);
    }

    #[test]
    fn trajectory_validation_and_decoding() {
        let mut t = trajectory();
        t.owner = "".into();
        assert_eq!(t.validate(), Err(ValidationError::Empty { field: "owner" }));
        let mut t = trajectory();
        t.due = d(1, 1);
        assert!(matches!(
            t.validate(),
            Err(ValidationError::Plan(PlanError::DateOrder {
                field: "due",
                ..
            }))
        ));
        let mut t = trajectory();
        t.urgent = true;
        assert_eq!(
            t.validate(),
            Err(ValidationError::Empty {
                field: "urgent_reason"
            })
        );
        let mut t = trajectory();
        let m = t.moments[0];
        t.link_moment(m);
        assert_eq!(t.moments.len(), 1);
        let mut r = create(&trajectory(), "AB", h(1, 1)).unwrap();
        r.set(FieldName::new(STEP).unwrap(), json!("Not A Key"), h(2, 1));
        assert!(matches!(
            Trajectory::from_record(&r),
            Err(DecodeError::Invalid { field: "sp", .. })
        ));
    }

    #[test]
    fn a_goal_is_settled_with_a_date_and_a_note_and_can_be_reopened() {
        let mut g = Goal::new(Id::from_random([62; 16]), trajectory().id, "Vraagt om hulp");
        for status in [
            GoalStatus::Achieved,
            GoalStatus::Partly,
            GoalStatus::NotAchieved,
            GoalStatus::Dropped,
        ] {
            assert_eq!(
                g.clone().set_status(status, None, "x"),
                Err(PlanError::DateMissing("status"))
            );
            g.set_status(status, Some(d(4, 1)), "Bij de evaluatie")
                .unwrap();
            assert_eq!((g.status, g.status_on), (status, Some(d(4, 1))));
        }
        let before = g.clone();
        let long = "x".repeat(MAX_STATUS_NOTE + 1);
        assert!(g
            .set_status(GoalStatus::Achieved, Some(d(4, 2)), &long)
            .is_err());
        assert_eq!(g, before, "a refused change leaves the goal as it was");
        g.set_status(GoalStatus::Open, Some(d(4, 3)), "weer open")
            .unwrap();
        assert_eq!((g.status_on, g.status_note.as_str()), (None, ""));
        // A goal settled before statuses had a date still reads (without one).
        let mut r = create(&g, "AB", h(1, 1)).unwrap();
        r.set(
            FieldName::new(G_STATUS).unwrap(),
            json!("achieved"),
            h(2, 1),
        );
        let old = Goal::from_record(&r).unwrap();
        assert_eq!((old.status, old.status_on), (GoalStatus::Achieved, None));
    }

    #[test]
    fn entries_goals_and_goal_moments() {
        let e = StepEntry {
            id: Id::from_random([60; 16]),
            trajectory_id: trajectory().id,
            step: StepKey::new("teambespreking").unwrap(),
            date: d(2, 5),
            by: "Anouk".into(),
            owner: "Anouk".into(),
            notes: String::new(),
            form: Some(FormData::TeamDiscussion(TeamDiscussionForm {
                participants: vec!["Anouk".into(), "Bram".into()],
                notes: "Herkenbaar".into(),
                decision: TeamDecision::Continue,
            })),
        };
        let r = create(&e, "AB", h(1, 1)).unwrap();
        assert_eq!(StepEntry::from_record(&r).unwrap(), e);
        let earlier = StepEntry {
            id: Id::from_random([61; 16]),
            date: d(2, 4),
            form: None,
            ..e.clone()
        };
        let other = StepEntry {
            trajectory_id: Id::from_random([1; 16]),
            ..e.clone()
        };
        let h_ = history(e.trajectory_id, [&e, &other, &earlier]);
        assert_eq!(h_, vec![&earlier, &e]);
        let bad = StepEntry {
            by: String::new(),
            ..e
        };
        assert_eq!(bad.validate(), Err(ValidationError::Empty { field: "by" }));

        let g = Goal::new(Id::from_random([62; 16]), trajectory().id, "Vraagt om hulp");
        let mut r = create(&g, "AB", h(1, 1)).unwrap();
        assert_eq!(r.value(G_STATUS), None);
        assert_eq!(Goal::from_record(&r).unwrap(), g);
        let mut done = g.clone();
        done.set_status(
            GoalStatus::Achieved,
            Some(d(5, 12)),
            " Speelt buiten met Noor ",
        )
        .unwrap();
        assert_eq!(done.status_note, "Speelt buiten met Noor");
        assert_eq!(
            apply(&mut r, &done, "AB", h(2, 1)).unwrap(),
            vec![G_STATUS, G_STATUS_ON, G_STATUS_NOTE]
        );
        assert_eq!(Goal::from_record(&r).unwrap(), done);

        use crate::moment::tests::at;
        let child = crate::plan::consent::tests::child();
        let mk = |n: u8, day: u32, goal: Option<Id>| {
            let mut m = Moment::new(
                Id::from_random([n; 16]),
                "AB",
                vec![child],
                Id::from_random([3; 16]),
                at(day, 15, 0),
            );
            m.note = "x".into();
            m.goal_id = goal;
            m
        };
        let ms = [
            mk(70, 9, Some(g.id)),
            mk(71, 2, Some(g.id)),
            mk(72, 5, None),
        ];
        let linked: Vec<_> = goal_moments(g.id, &ms).iter().map(|m| m.id).collect();
        assert_eq!(linked, vec![ms[1].id, ms[0].id]);
    }
}
