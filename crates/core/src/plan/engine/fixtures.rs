//! Shared test data of the engine's parts: a template, a started trajectory, entries.

use super::*;
use crate::id::Id;
use crate::plan::consent::tests::{child, d};
use crate::plan::form::*;
use crate::plan::template::{StepKey, Template};
use crate::plan::trajectory::{RaisedBy, StepEntry, Subject, Trajectory};
use crate::plan::{defaults, Role};
use chrono::NaiveDate;

pub(super) fn key(s: &str) -> StepKey {
    StepKey::new(s).unwrap()
}

/// Owner and date of every action the "due" overview lists for `case`.
pub(super) fn due_actions(case: &Case) -> Vec<(String, NaiveDate)> {
    due_items(case)
        .into_iter()
        .filter(|i| matches!(i.kind, DueKind::Action { .. }))
        .map(|i| (i.owner, i.date))
        .collect()
}

pub(super) fn template() -> Template {
    Template::first(Id::from_random([1; 16]), defaults::child_plan()).unwrap()
}

pub(super) fn assign(owner: &str, due: NaiveDate) -> Assignment {
    Assignment {
        owner: owner.into(),
        due,
    }
}

pub(super) fn started(t: &Template, watch: bool) -> Trajectory {
    start(
        t,
        Start {
            id: Id::from_random([2; 16]),
            subject: Subject::Child(child()),
            watch,
            assignment: assign("Anouk", d(2, 10)),
            concern: "Trekt zich terug".into(),
            raised_by: Some(RaisedBy::Parent),
            raised_by_name: "moeder".into(),
            moments: vec![],
        },
        d(2, 3),
    )
    .unwrap()
}

pub(super) fn entry(n: u8, step: &str, date: NaiveDate, form: Option<FormData>) -> StepEntry {
    StepEntry {
        id: Id::from_random([n; 16]),
        trajectory_id: Id::from_random([2; 16]),
        step: key(step),
        date,
        by: "Anouk".into(),
        owner: "Anouk".into(),
        notes: String::new(),
        form,
    }
}

pub(super) fn plan_entry(n: u8, date: NaiveDate, review: NaiveDate) -> StepEntry {
    entry(
        n,
        "plan",
        date,
        Some(FormData::Plan(PlanForm {
            goals: vec![Id::from_random([30; 16])],
            actions: vec![
                Action {
                    what: "Dagelijks kort check-in".into(),
                    owner: "Bram".into(),
                    due: d(3, 20),
                    goal: None,
                    done_on: None,
                },
                Action {
                    what: "Oogformulier herhalen".into(),
                    owner: "Anouk".into(),
                    due: d(3, 1),
                    goal: None,
                    done_on: Some(d(3, 1)),
                },
            ],
            review_date: review,
            parents_copy: true,
        })),
    )
}

pub(super) fn evaluation(n: u8, date: NaiveDate, decision: EvaluationDecision) -> StepEntry {
    entry(
        n,
        "evaluatie",
        date,
        Some(FormData::Evaluation(EvaluationForm {
            participants: vec![],
            decision,
            regular_placement: Some(YesNoDoubt::Yes),
            notes: String::new(),
            next_evaluation: None,
        })),
    )
}

pub(super) fn at(t: &Trajectory, step: &str) -> Trajectory {
    Trajectory {
        step: key(step),
        ..t.clone()
    }
}

pub(super) fn escalation(n: u8, date: NaiveDate, owner: &str, due: NaiveDate) -> StepEntry {
    entry(
        n,
        "opgeschaald",
        date,
        Some(FormData::Escalation(EscalationForm {
            to: EscalationTarget::CareTeam,
            person: String::new(),
            reason: "Geen vooruitgang".into(),
            next_step: Some(Action {
                what: "Zorgteam bespreekt".into(),
                owner: owner.into(),
                due,
                goal: None,
                done_on: None,
            }),
        })),
    )
}

pub(super) const PM: &[Role] = &[Role::Practitioner];

pub(super) const MANAGER: &[Role] = &[Role::Manager];
