//! The step engine: pure functions over a trajectory, its template version, its entries and the
//! child's consents. The UI asks [`options`] what can be done now (each move with the reasons it
//! is blocked, if any), performs one with [`apply_move`], checks an entry before saving with
//! [`entry_blockers`], and lists deadlines with [`due`].
//!
//! # Rules
//! 1. A closed trajectory only allows [`Move::Reopen`]; a watched one ("grey child") only
//!    [`Move::RaiseSignal`] or [`Move::Close`] (stop watching).
//! 2. While active, any other step of the template may be started ([`Move::GoTo`]): forward to
//!    skip steps that are not needed (no school contact), backward to adjust the plan.
//! 3. **The team's own plan first.** Steps that call in people outside the team
//!    ([`FormKind::calls_in_expert`]: escalation, external referral) are blocked until the team
//!    has recorded a plan of approach *and* evaluated it at least once (an evaluation entry dated
//!    on or after the plan). The research saw observations and referrals "requested too quickly";
//!    practitioners first run their own plan and escalate when adjusting it does not help. The
//!    rule is a per-step template setting ([`Step::needs_own_plan`], "eerst eigen plan
//!    geëvalueerd"), on by default for those two forms. Someone in the template's
//!    [`urgent_roles`](super::template::TemplateContent::urgent_roles) can mark the trajectory
//!    urgent with [`mark_urgent`] (with a reason) to skip it when waiting is not safe. If the
//!    organisation removed the plan (or evaluation) step from
//!    its template, that part of the rule is dropped: the engine cannot require a step the
//!    organisation does not have.
//! 4. **Consents.** A step's template consents must be active on the day it is started; a form's
//!    own consents (outside expert, video, coach, school, referral) must be active on the entry's
//!    date, which enforces "asked beforehand". Withdrawal counts from its own date, so it blocks
//!    at once.
//! 5. **Roles.** A step with `may_take` roles can only be started or recorded by someone holding
//!    one of them.
//! 6. Every move names exactly one owner and a due date (not before today).
//! 7. **Outcome at closing.** Closing a child's signal ([`close`]) records where the child went
//!    and whether a care-avoiding family was reached; six and twelve months later a follow-up is
//!    due ([`DueKind::FollowUp`]) until it is answered.

mod due;
#[cfg(test)]
mod fixtures;
mod forms;
mod moves;
mod start;
mod urgent;

pub use due::{due, due_items, open_actions, DueItem, DueKind, DueOverview, OpenAction};
pub use forms::{consents_given, entry_blockers, form_blockers, record_facts};
pub use moves::{
    apply_move, blockers, close, needs_outcome, options, suggested_move, Assignment, Blocker, Move,
    MoveError, MoveOption,
};
pub use start::{start, Start};
pub use urgent::{clear_urgent, mark_urgent, UrgentError};

use crate::plan::consent::ConsentRegister;
use crate::plan::form::FormData;
use crate::plan::template::{FormKind, Step, Template};
use crate::plan::trajectory::{StepEntry, Trajectory};

/// Everything the engine needs about one trajectory.
#[derive(Debug, Clone, Copy)]
pub struct Case<'a> {
    pub trajectory: &'a Trajectory,
    /// The version `trajectory.template_id` points at.
    pub template: &'a Template,
    /// Entries of this trajectory (others are ignored), in any order.
    pub entries: &'a [StepEntry],
    /// The child's consents; [`ConsentRegister::empty`] for a group.
    pub consents: &'a ConsentRegister,
}

impl<'a> Case<'a> {
    fn entries(&self) -> impl Iterator<Item = &'a StepEntry> + 'a {
        let id = self.trajectory.id;
        self.entries.iter().filter(move |e| e.trajectory_id == id)
    }

    /// The newest entry whose form matches, by date (then id, for a stable answer).
    fn latest(&self, pick: impl Fn(&FormData) -> bool) -> Option<&'a StepEntry> {
        self.entries()
            .filter(|e| e.form.as_ref().is_some_and(&pick))
            .max_by_key(|e| (e.date, e.id))
    }

    pub fn current_step(&self) -> Option<&'a Step> {
        self.template.step(&self.trajectory.step)
    }

    /// The plan in force: the newest plan entry. Its open actions are what is due (for a group,
    /// the advice turned into actions).
    pub fn current_plan(&self) -> Option<&'a StepEntry> {
        self.latest(|f| matches!(f, FormData::Plan(_)))
    }

    /// The team has run its own plan: a plan of approach, evaluated at least once since.
    pub fn own_plan_evaluated(&self) -> bool {
        let t = &self.template.content;
        let needs_plan = t.first_with(FormKind::Plan).is_some();
        let needs_eval = t.first_with(FormKind::Evaluation).is_some();
        let plan = self.current_plan();
        if needs_plan && plan.is_none() {
            return false;
        }
        !needs_eval
            || self.entries().any(|e| {
                matches!(e.form, Some(FormData::Evaluation(_)))
                    && plan.is_none_or(|p| e.date >= p.date)
            })
    }
}
