//! The early-signalling step plan (basisstappenplan) and the instruments around it.
//!
//! Every organisation adapts the basic plan to its own care structure, so the plan is data (a
//! versioned [`template::Template`]), not code: the [`engine`] interprets a template's steps by the
//! *form* each step uses ([`template::FormKind`]), never by the step's name or position, so a
//! renamed, reordered or extended plan keeps working.
//!
//! - [`template`]: steps, checklists, consents and roles per step; versions; the default plans.
//! - [`defaults`]: the shipped basisstappenplan (13 steps) and the shortened group flow.
//! - [`file`]: export/import of a template as a versioned JSON file.
//! - [`form`]: the typed form of each step (team discussion … closing note).
//! - [`trajectory`]: a child's (or a group's) trajectory, its step entries and plan goals.
//! - [`engine`]: allowed moves, blockers with reasons, due dates and the "due" overview.
//! - [`outcome`]: the outcome asked at closing and the follow-ups 6 and 12 months later.
//! - [`consent`]: the consent register (given, withdrawn, active on a date).
//! - [`activity`]: the coach deployment register (group visits, consultations …) and the hour
//!   budget.
//! - [`budget`]: the coach hour budget and rate per location and period, shared by the team.
//! - [`request`]: requests for the coach, the queue and the waiting time.
//! - [`coaching`]: coaching-on-the-job sessions and time totals.
//! - [`wellbeing`]: the wellbeing list and who needs attention.
//! - [`contact`]: the contact scheme and the pointer to the meldcode protocol.
//!
//! All persisted entities are [`crate::view::View`]s over records, so they sync and merge like
//! moments. Nested structured data (a template's steps, a step's form) is one JSON field: it is
//! edited as a whole, so last-writer-wins on that field is the right granularity.

pub mod activity;
pub mod budget;
pub mod coaching;
pub mod consent;
pub mod contact;
pub mod defaults;
pub mod engine;
pub mod file;
pub mod form;
pub mod outcome;
pub mod request;
pub mod template;
pub mod trajectory;
pub mod wellbeing;

use serde::{Deserialize, Serialize};

use crate::view::{check_text, ValidationError};
use consent::ConsentKind;

/// Who someone is in the care structure. Used for "who is involved" in a step and "who may take
/// it" (regions differ: in one only the youth nurse and the parents may start a referral).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Pedagogisch medewerker.
    Practitioner,
    /// Senior pedagogisch medewerker.
    SeniorPractitioner,
    /// Locatiemanager / leidinggevende.
    Manager,
    /// Pedagoog / aandachtsfunctionaris.
    Pedagogue,
    /// Zorgcoördinator / casemanager.
    CareCoordinator,
    /// Gezinsadviseur: owns the parent contact in some organisations.
    FamilyAdviser,
    /// Jeugdverpleegkundige (GGD).
    YouthNurse,
    /// Coach on the job (youth-care expert).
    Coach,
    /// Deeltijdbehandelaar.
    TreatmentWorker,
    Parent,
    Child,
    School,
}

impl Role {
    pub const ALL: [Role; 12] = [
        Role::Practitioner,
        Role::SeniorPractitioner,
        Role::Manager,
        Role::Pedagogue,
        Role::CareCoordinator,
        Role::FamilyAdviser,
        Role::YouthNurse,
        Role::Coach,
        Role::TreatmentWorker,
        Role::Parent,
        Role::Child,
        Role::School,
    ];

    /// Whether someone using the app can hold this role. Parents, the child and the school take
    /// part in steps, but their part is recorded by the team.
    pub const fn is_staff(self) -> bool {
        !matches!(self, Role::Parent | Role::Child | Role::School)
    }
}

/// Why step-plan data is invalid. Variants name the rule, so the app can translate each one;
/// messages are plain English for developers and logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("a template needs at least one step")]
    NoSteps,
    #[error("a template has {count} steps; at most {max} are allowed")]
    TooManySteps { count: usize, max: usize },
    #[error("{field} has {count} items; at most {max} are allowed")]
    TooManyItems {
        field: &'static str,
        count: usize,
        max: usize,
    },
    #[error("invalid step key {0:?}: expected 1-24 lowercase letters, digits or '-'")]
    InvalidStepKey(String),
    #[error("step key {0:?} is used twice")]
    DuplicateStepKey(String),
    #[error("the {0:?} step cannot be removed: every trajectory starts there")]
    StepNeeded(template::FormKind),
    #[error("no step {0:?} in this template")]
    UnknownStep(String),
    #[error("index {index} is outside 0..{len}")]
    IndexOutOfRange { index: usize, len: usize },
    #[error("{field} is listed twice in {list}")]
    Duplicate { list: &'static str, field: String },
    #[error("{field} is {value}; it must be within {min}..={max}")]
    OutOfRange {
        field: &'static str,
        value: u32,
        min: u32,
        max: u32,
    },
    #[error("a group flow cannot require consent {0:?}: consents are given per child")]
    ConsentInGroupFlow(ConsentKind),
    #[error("{field} ({date}) is before {other} ({other_date})")]
    DateOrder {
        field: &'static str,
        date: chrono::NaiveDate,
        other: &'static str,
        other_date: chrono::NaiveDate,
    },
    #[error("{0} needs consent {1:?}, which is not active on that date")]
    ConsentMissing(&'static str, ConsentKind),
    #[error("a plan of approach needs at least one goal or action")]
    EmptyPlan,
    #[error("an escalation needs the agreed next step, with its owner and date")]
    NextStepMissing,
    #[error("a referral needs the parents' agreement")]
    ParentsDisagree,
    #[error("{0} needs a date")]
    DateMissing(&'static str),
    #[error("a {template:?} template cannot run a trajectory about a {subject:?}")]
    ScopeMismatch {
        template: template::Scope,
        subject: template::Scope,
    },
    #[error("{0:?} is not an e-mail address")]
    InvalidEmail(String),
    #[error("{0}")]
    Text(Box<ValidationError>),
}

/// Text rule shared by all plan data: reuses [`check_text`] and wraps its error, so plan
/// validation returns one error type.
pub(crate) fn text(
    field: &'static str,
    value: &str,
    required: bool,
    max: usize,
) -> Result<(), PlanError> {
    check_text(field, value, required, max).map_err(|e| PlanError::Text(Box::new(e)))
}

/// Rejects a repeated item in a list (roles, consents, goal ids …).
pub(crate) fn unique<T: PartialEq + std::fmt::Debug>(
    list: &'static str,
    items: &[T],
) -> Result<(), PlanError> {
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            return Err(PlanError::Duplicate {
                list,
                field: format!("{item:?}"),
            });
        }
    }
    Ok(())
}

/// Rejects a list longer than `max` (keeps one record's JSON small and the UI usable).
pub(crate) fn at_most<T>(field: &'static str, items: &[T], max: usize) -> Result<(), PlanError> {
    if items.len() > max {
        Err(PlanError::TooManyItems {
            field,
            count: items.len(),
            max,
        })
    } else {
        Ok(())
    }
}

/// A view's `validate` in terms of [`PlanError`].
pub(crate) fn invalid(e: PlanError) -> ValidationError {
    match e {
        // Plain text errors keep their original variant so the app's generic mapping applies.
        PlanError::Text(inner) => *inner,
        other => ValidationError::Plan(other),
    }
}
