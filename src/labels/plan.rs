//! Words for the step plan's values, errors and blockers.

use crate::i18n::{I18n, Key, Lang};
use leptos::prelude::*;
use signaal_core::plan::coaching::{SessionKind, Totals};
use signaal_core::plan::engine::Blocker;
use signaal_core::plan::form::{EscalationTarget, EvaluationDecision, ReferralKind};
use signaal_core::plan::template::{StepKey, Template};
use signaal_core::plan::trajectory::{GoalStatus, Status};
use signaal_core::plan::{PlanError, Role};
use signaal_core::view::ValidationError;

pub fn plan_error(err: &PlanError) -> Key {
    match err {
        PlanError::DateOrder { .. } => Key::ErrDueInPast,
        PlanError::Text(inner) => match **inner {
            ValidationError::Empty { .. } => Key::ErrOwnerMissing,
            ValidationError::TooLong { .. } => Key::ErrTooLong,
            _ => Key::ErrPlan,
        },
        _ => Key::ErrPlan,
    }
}

pub fn role_key(role: Role) -> Key {
    match role {
        Role::Practitioner => Key::RolePractitioner,
        Role::SeniorPractitioner => Key::RoleSenior,
        Role::Manager => Key::RoleManager,
        Role::Pedagogue => Key::RolePedagogue,
        Role::CareCoordinator => Key::RoleCareCoordinator,
        Role::FamilyAdviser => Key::RoleFamilyAdviser,
        Role::YouthNurse => Key::RoleYouthNurse,
        Role::Coach => Key::RoleCoach,
        Role::TreatmentWorker => Key::RoleTreatmentWorker,
        Role::Parent => Key::RoleParent,
        Role::Child => Key::RoleChild,
        Role::School => Key::RoleSchool,
    }
}

pub fn blocker_key(b: &Blocker) -> Key {
    match b {
        Blocker::Closed => Key::BlockClosed,
        Blocker::NotClosed => Key::BlockNotClosed,
        Blocker::Watching => Key::BlockWatching,
        Blocker::NotWatching => Key::BlockNotWatching,
        Blocker::TemplateMismatch { .. } => Key::BlockTemplate,
        Blocker::UnknownStep(_) => Key::BlockUnknownStep,
        Blocker::AlreadyThere => Key::BlockAlreadyThere,
        Blocker::LastStep => Key::BlockLastStep,
        Blocker::MissingConsent { .. } => Key::BlockConsent,
        Blocker::RoleNotAllowed { .. } => Key::BlockRole,
        Blocker::OwnPlanFirst { .. } => Key::BlockOwnPlan,
        Blocker::PlacementUnanswered => Key::ErrChooseDecision,
    }
}

/// One line per blocker, in the current language.
pub fn blocker_text(i18n: I18n, b: &Blocker) -> String {
    let head = i18n.t(blocker_key(b));
    match b {
        Blocker::MissingConsent { consent, .. } => {
            format!("{head} {}", i18n.t(super::consent(*consent)).to_lowercase())
        }
        Blocker::RoleNotAllowed { allowed, .. } => {
            let roles: Vec<&str> = allowed.iter().map(|r| i18n.t(role_key(*r))).collect();
            format!("{head} {}", roles.join(", "))
        }
        _ => head.to_owned(),
    }
}

pub fn step_name(i18n: I18n, template: &Template, key: &StepKey) -> String {
    template.step(key).map_or_else(
        || key.to_string(),
        |s| s.name.get(i18n.lang.get().code()).to_owned(),
    )
}

pub fn status_key(status: Status) -> Key {
    match status {
        Status::Watch => Key::StatusWatch,
        Status::Active => Key::StatusActive,
        Status::Closed => Key::StatusClosed,
    }
}

pub fn goal_status_key(s: GoalStatus) -> Key {
    match s {
        GoalStatus::Open => Key::GoalOpen,
        GoalStatus::Achieved => Key::GoalAchieved,
        GoalStatus::Partly => Key::GoalPartly,
        GoalStatus::NotAchieved => Key::GoalNotAchieved,
        GoalStatus::Dropped => Key::GoalDropped,
    }
}

/// "3 sessies · 2,5 uur": hours with one decimal, a decimal comma in Dutch.
pub fn totals_text(i18n: I18n, t: Totals) -> String {
    let unit = i18n.t(if t.sessions == 1 {
        Key::CoachSessionOne
    } else {
        Key::CoachSessionMany
    });
    let mut hours = format!("{:.1}", t.hours());
    if i18n.lang.get() == Lang::Nl {
        hours = hours.replace('.', ",");
    }
    format!(
        "{} {unit} · {hours} {}",
        t.sessions,
        i18n.t(Key::CoachHours)
    )
}

pub fn session_kind_key(kind: SessionKind) -> Key {
    match kind {
        SessionKind::Alignment => Key::SessionAlignment,
        SessionKind::Session => Key::SessionRegular,
        SessionKind::Evaluation => Key::SessionEvaluation,
    }
}

pub fn decision_key(d: EvaluationDecision) -> Key {
    match d {
        EvaluationDecision::Continue => Key::EvalContinue,
        EvaluationDecision::Adjust => Key::EvalAdjust,
        EvaluationDecision::Close => Key::EvalClose,
        EvaluationDecision::Escalate => Key::EvalEscalate,
    }
}

pub const REFERRALS: [(ReferralKind, Key); 8] = [
    (ReferralKind::Cjg, Key::ReferCjg),
    (ReferralKind::YouthCare, Key::ReferYouthCare),
    (ReferralKind::BsoPlus, Key::ReferBsoPlus),
    (ReferralKind::Audiology, Key::ReferAudiology),
    (ReferralKind::SpeechTherapist, Key::ReferSpeech),
    (ReferralKind::Physiotherapist, Key::ReferPhysio),
    (ReferralKind::PlayTherapist, Key::ReferPlay),
    (ReferralKind::Other, Key::ReferOther),
];

pub fn escalation_key(t: EscalationTarget) -> Key {
    match t {
        EscalationTarget::Manager => Key::EscalateManager,
        EscalationTarget::Pedagogue => Key::EscalatePedagogue,
        EscalationTarget::CareTeam => Key::EscalateCareTeam,
        EscalationTarget::CoachOnTheJob => Key::EscalateCoach,
    }
}
