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

use chrono::{Days, Months, NaiveDate};

use super::consent::{Consent, ConsentKind, ConsentRegister};
use super::form::{
    Action, EvaluationDecision, FormData, ParentConversationForm, SchoolContactKind, TeamDecision,
};
use super::outcome::Closing;
use super::template::{FormKind, Scope, Step, StepKey, Template};
use super::trajectory::{RaisedBy, Status, StepEntry, Subject, Trajectory};
use super::{text, PlanError, Role};
use crate::id::Id;

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

/// A change of step or status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// The next step in template order.
    Next,
    /// Any other step (forward to skip, backward to adjust).
    GoTo(StepKey),
    /// From watch to a full signal.
    RaiseSignal,
    /// Close (or stop watching); goes to the template's closing step if it has one.
    Close,
    /// Reopen a closed trajectory at a step.
    Reopen(StepKey),
}

/// Why a move or an entry is not possible now. The app shows one translated line per blocker.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Blocker {
    #[error("the trajectory is closed; reopen it first")]
    Closed,
    #[error("the trajectory is not closed")]
    NotClosed,
    #[error("the child is being watched; raise a signal first")]
    Watching,
    #[error("a signal has already been raised")]
    NotWatching,
    #[error("the template version {template} is not the one this trajectory runs on")]
    TemplateMismatch { template: Id },
    #[error("no step {0} in this template version")]
    UnknownStep(StepKey),
    #[error("the trajectory is already at this step")]
    AlreadyThere,
    #[error("this is the last step")]
    LastStep,
    #[error("step {step} needs consent {consent:?}, which is not active")]
    MissingConsent { step: StepKey, consent: ConsentKind },
    #[error("step {step} may only be taken by {allowed:?}")]
    RoleNotAllowed { step: StepKey, allowed: Vec<Role> },
    #[error("step {step} calls in outside help: run and evaluate the team's own plan first, or mark the trajectory urgent")]
    OwnPlanFirst { step: StepKey },
    #[error("a child's evaluation answers the fixed placement question")]
    PlacementUnanswered,
}

/// A possible move, with what blocks it (empty: allowed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveOption {
    pub mv: Move,
    /// The step the move leads to (`None` when closing without a closing step).
    pub target: Option<StepKey>,
    pub blockers: Vec<Blocker>,
}

impl MoveOption {
    pub fn allowed(&self) -> bool {
        self.blockers.is_empty()
    }
}

/// The step a move leads to, or why there is none.
fn target(case: &Case, mv: &Move) -> Result<Option<StepKey>, Blocker> {
    let t = &case.template.content;
    let known = |k: &StepKey| {
        t.step(k)
            .map(|s| Some(s.key.clone()))
            .ok_or_else(|| Blocker::UnknownStep(k.clone()))
    };
    match mv {
        Move::GoTo(k) | Move::Reopen(k) => known(k),
        Move::Next => {
            let i = t
                .index_of(&case.trajectory.step)
                .ok_or_else(|| Blocker::UnknownStep(case.trajectory.step.clone()))?;
            t.steps
                .get(i + 1)
                .map(|s| Some(s.key.clone()))
                .ok_or(Blocker::LastStep)
        }
        Move::RaiseSignal => Ok(signal_step(t).map(|s| s.key.clone())),
        Move::Close => Ok(t.first_with(FormKind::Closing).map(|s| s.key.clone())),
    }
}

/// Where a full signal starts: the signal step, else the first step that is not "follow".
fn signal_step(t: &super::template::TemplateContent) -> Option<&Step> {
    t.first_with(FormKind::Signal)
        .or_else(|| t.steps.iter().find(|s| s.form != FormKind::Follow))
        .or_else(|| t.steps.first())
}

/// Consent and role blockers of taking `step` on `on`, plus the form's own consents.
fn step_blockers(
    case: &Case,
    step: &Step,
    roles: &[Role],
    form_consents: &[ConsentKind],
    on: NaiveDate,
) -> Vec<Blocker> {
    let mut out = Vec::new();
    if !step.allows(roles) {
        out.push(Blocker::RoleNotAllowed {
            step: step.key.clone(),
            allowed: step.may_take.clone(),
        });
    }
    // A step whose handover may go without consent asks the school-contact consent per form
    // (a progress talk still needs it), not on entering the step.
    let mut needed: Vec<ConsentKind> = step
        .consents
        .iter()
        .copied()
        .filter(|k| !(step.handover_without_consent && *k == ConsentKind::SchoolContact))
        .collect();
    for k in form_consents {
        if !needed.contains(k) {
            needed.push(*k);
        }
    }
    // Consents are per child; the group template rejects step consents, and a group form that
    // needs one (e.g. filming) is the team's own responsibility per child.
    if case.trajectory.child_id().is_some() {
        out.extend(
            case.consents
                .missing(&needed, on)
                .into_iter()
                .map(|consent| Blocker::MissingConsent {
                    step: step.key.clone(),
                    consent,
                }),
        );
    }
    out
}

/// Everything that blocks `mv` for someone with `roles` on `today` (empty: allowed).
pub fn blockers(case: &Case, roles: &[Role], mv: &Move, today: NaiveDate) -> Vec<Blocker> {
    let traj = case.trajectory;
    if case.template.id != traj.template_id {
        return vec![Blocker::TemplateMismatch {
            template: case.template.id,
        }];
    }
    let status_block = match (traj.status, mv) {
        (Status::Closed, Move::Reopen(_)) => None,
        (Status::Closed, _) => Some(Blocker::Closed),
        (_, Move::Reopen(_)) => Some(Blocker::NotClosed),
        (Status::Watch, Move::RaiseSignal | Move::Close) => None,
        (Status::Watch, _) => Some(Blocker::Watching),
        (Status::Active, Move::RaiseSignal) => Some(Blocker::NotWatching),
        (Status::Active, _) => None,
    };
    if let Some(b) = status_block {
        return vec![b];
    }
    let key = match target(case, mv) {
        Ok(k) => k,
        Err(b) => return vec![b],
    };
    let Some(step) = key.as_ref().and_then(|k| case.template.step(k)) else {
        return Vec::new(); // closing without a closing step: always allowed
    };
    if step.key == traj.step && matches!(mv, Move::Next | Move::GoTo(_)) {
        return vec![Blocker::AlreadyThere];
    }
    let mut out = step_blockers(case, step, roles, &[], today);
    if step.needs_own_plan() && !traj.urgent && !case.own_plan_evaluated() {
        out.push(Blocker::OwnPlanFirst {
            step: step.key.clone(),
        });
    }
    out
}

/// Every move that makes sense from the current state, each with its blockers, in template
/// order (next step first, then the others, then close). The UI renders these as buttons,
/// disabled with the reasons shown.
pub fn options(case: &Case, roles: &[Role], today: NaiveDate) -> Vec<MoveOption> {
    let traj = case.trajectory;
    let mut moves = Vec::new();
    match traj.status {
        Status::Closed => moves.extend(
            case.template
                .steps()
                .iter()
                .filter(|s| s.form != FormKind::Closing)
                .map(|s| Move::Reopen(s.key.clone())),
        ),
        Status::Watch => moves.extend([Move::RaiseSignal, Move::Close]),
        Status::Active => {
            let next = target(case, &Move::Next).ok().flatten();
            if next.is_some() {
                moves.push(Move::Next);
            }
            moves.extend(
                case.template
                    .steps()
                    .iter()
                    .filter(|s| s.key != traj.step && Some(&s.key) != next.as_ref())
                    .filter(|s| s.form != FormKind::Closing)
                    .map(|s| Move::GoTo(s.key.clone())),
            );
            moves.push(Move::Close);
        }
    }
    moves
        .into_iter()
        .map(|mv| MoveOption {
            target: target(case, &mv).ok().flatten(),
            blockers: blockers(case, roles, &mv, today),
            mv,
        })
        .collect()
}

/// Who takes the new step, and by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub owner: String,
    pub due: NaiveDate,
}

/// Why [`apply_move`] did nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("the move is blocked: {0:?}")]
    Blocked(Vec<Blocker>),
    #[error("closing a child's signal needs its outcome")]
    OutcomeMissing,
    #[error(transparent)]
    Invalid(#[from] PlanError),
}

fn check_assignment(a: &Assignment, today: NaiveDate) -> Result<(), PlanError> {
    text("owner", &a.owner, true, super::trajectory::MAX_NAME)?;
    if a.due < today {
        return Err(PlanError::DateOrder {
            field: "due",
            date: a.due,
            other: "today",
            other_date: today,
        });
    }
    Ok(())
}

/// The trajectory after `mv`, or why not. Pure: the caller saves it with
/// [`crate::view::apply`] (only the changed fields are written).
pub fn apply_move(
    case: &Case,
    roles: &[Role],
    mv: &Move,
    assignment: Assignment,
    today: NaiveDate,
) -> Result<Trajectory, MoveError> {
    let blocked = blockers(case, roles, mv, today);
    if !blocked.is_empty() {
        return Err(MoveError::Blocked(blocked));
    }
    check_assignment(&assignment, today)?;
    let mut next = case.trajectory.clone();
    if let Ok(Some(key)) = target(case, mv) {
        next.step = key;
    }
    next.owner = assignment.owner;
    next.due = assignment.due;
    if *mv == Move::Close {
        next.status = Status::Closed;
        next.closed_on = Some(today);
    } else {
        next.status = Status::Active;
        next.closed_on = None;
    }
    Ok(next)
}

/// Why a trajectory cannot be marked urgent (or made not urgent).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrgentError {
    #[error("only {allowed:?} may mark a trajectory urgent")]
    RoleNotAllowed { allowed: Vec<Role> },
    #[error("marking a trajectory urgent needs a reason")]
    ReasonMissing,
    #[error("a closed trajectory cannot be marked urgent")]
    Closed,
    #[error(transparent)]
    Invalid(#[from] PlanError),
}

fn check_urgent_role(case: &Case, roles: &[Role]) -> Result<(), UrgentError> {
    let content = &case.template.content;
    if content.may_mark_urgent(roles) {
        Ok(())
    } else {
        Err(UrgentError::RoleNotAllowed {
            allowed: content.urgent_roles.clone(),
        })
    }
}

/// The trajectory marked urgent with `reason`, for someone in the template's urgent roles: the
/// steps that wait for the team's own plan open at once (rule 3).
pub fn mark_urgent(case: &Case, roles: &[Role], reason: &str) -> Result<Trajectory, UrgentError> {
    check_urgent_role(case, roles)?;
    if case.trajectory.status == Status::Closed {
        return Err(UrgentError::Closed);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(UrgentError::ReasonMissing);
    }
    let mut next = case.trajectory.clone();
    next.urgent = true;
    next.urgent_reason = reason.to_owned();
    next.check()?;
    Ok(next)
}

/// Undoes [`mark_urgent`] (same roles). Steps already taken stay; the rule applies again to the
/// next move.
pub fn clear_urgent(case: &Case, roles: &[Role]) -> Result<Trajectory, UrgentError> {
    check_urgent_role(case, roles)?;
    let mut next = case.trajectory.clone();
    next.urgent = false;
    next.urgent_reason = String::new();
    Ok(next)
}

/// Whether closing this trajectory asks the outcome: a child's signal does; a stopped watch
/// (it never became a signal) and a group concern (no child to follow) do not.
pub fn needs_outcome(trajectory: &Trajectory) -> bool {
    trajectory.child_id().is_some() && trajectory.status == Status::Active
}

/// Closes the trajectory ([`Move::Close`]) with its outcome; `closing` is required when
/// [`needs_outcome`] and ignored otherwise.
pub fn close(
    case: &Case,
    roles: &[Role],
    closing: Option<Closing>,
    assignment: Assignment,
    today: NaiveDate,
) -> Result<Trajectory, MoveError> {
    let answer = match (needs_outcome(case.trajectory), closing) {
        (true, None) => return Err(MoveError::OutcomeMissing),
        (true, answer) => answer,
        (false, _) => None,
    };
    let mut next = apply_move(case, roles, &Move::Close, assignment, today)?;
    next.outcome = answer.map(|c| c.outcome);
    next.care_avoiding_reached = answer.map(|c| c.care_avoiding_reached);
    next.follow_up_6 = None;
    next.follow_up_12 = None;
    Ok(next)
}

/// What blocks saving `entry` for someone with `roles`: see [`form_blockers`].
pub fn entry_blockers(case: &Case, roles: &[Role], entry: &StepEntry) -> Vec<Blocker> {
    form_blockers(case, roles, &entry.step, entry.form.as_ref(), entry.date)
}

/// What blocks recording `form` in `step` on `on` for someone with `roles`: the step must exist,
/// the role must be allowed, and the step's and the form's consents must be active on that date.
/// A form screen asks this while it is filled in, so the reason shows before saving.
pub fn form_blockers(
    case: &Case,
    roles: &[Role],
    step: &StepKey,
    form: Option<&FormData>,
    on: NaiveDate,
) -> Vec<Blocker> {
    if case.trajectory.status == Status::Closed && !matches!(form, Some(FormData::Closing(_))) {
        return vec![Blocker::Closed];
    }
    let Some(step) = case.template.step(step) else {
        return vec![Blocker::UnknownStep(step.clone())];
    };
    let mut form_consents = form.map(FormData::required_consents).unwrap_or_default();
    if step.handover_without_consent
        && matches!(form, Some(FormData::SchoolContact(f)) if f.kind == SchoolContactKind::Handover)
    {
        form_consents.retain(|k| *k != ConsentKind::SchoolContact);
    }
    let mut out = step_blockers(case, step, roles, &form_consents, on);
    if let (Some(_), Some(FormData::Evaluation(f))) = (case.trajectory.child_id(), form) {
        if f.regular_placement.is_none() {
            out.push(Blocker::PlacementUnanswered);
        }
    }
    out
}

/// The move an entry's decision points to, for a "continue" button: team decision stop → close;
/// evaluation continue → back to carrying out (a group flow has no such step: back to its
/// actions), adjust → the plan, close → close, escalate → the escalation step. `None` when the
/// template lacks that step or the form has no decision.
pub fn suggested_move(template: &Template, form: &FormData) -> Option<Move> {
    let t = &template.content;
    let go = |kind: FormKind| t.first_with(kind).map(|s| Move::GoTo(s.key.clone()));
    match form {
        FormData::TeamDiscussion(f) if f.decision == TeamDecision::Stop => Some(Move::Close),
        FormData::Evaluation(f) => match f.decision {
            EvaluationDecision::Continue => go(FormKind::Execution).or_else(|| go(FormKind::Plan)),
            EvaluationDecision::Adjust => go(FormKind::Plan),
            EvaluationDecision::Close => Some(Move::Close),
            EvaluationDecision::Escalate => go(FormKind::Escalation),
        },
        FormData::Closing(_) => Some(Move::Close),
        _ => Some(Move::Next),
    }
}

/// The trajectory with the facts a form establishes copied onto it, so the trajectory page shows
/// them without reading history: a parent conversation sets whether parents recognise the signal
/// and whether it happens at home. Other forms change nothing.
pub fn record_facts(trajectory: &Trajectory, form: &FormData) -> Trajectory {
    let mut t = trajectory.clone();
    if let FormData::ParentConversation(f) = form {
        t.parents_recognise = Some(f.recognises);
        if f.at_home.is_some() {
            t.at_home = f.at_home;
        }
    }
    t
}

/// The consent records for what parents agreed to in a parent conversation (one per kind not
/// already active on `date`), so the register and the form never disagree. `ids` supplies fresh
/// record ids (the core has no randomness).
pub fn consents_given(
    form: &ParentConversationForm,
    child: Id,
    given_by: &str,
    date: NaiveDate,
    register: &ConsentRegister,
    ids: &mut impl Iterator<Item = Id>,
) -> Vec<Consent> {
    form.consents_given
        .iter()
        .filter(|k| !register.is_active(**k, date))
        .filter_map(|k| Some(Consent::new(ids.next()?, child, *k, given_by, date)))
        .collect()
}

/// What is needed to open a trajectory (from a child, a moment, or a wellbeing score).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    pub id: Id,
    pub subject: Subject,
    /// Start as a watched "grey child" instead of a full signal.
    pub watch: bool,
    pub assignment: Assignment,
    pub concern: String,
    pub raised_by: Option<RaisedBy>,
    pub raised_by_name: String,
    /// Moments that prompted the signal.
    pub moments: Vec<Id>,
}

/// A new trajectory on `template` (normally [`super::template::latest`]). A watch starts at the
/// follow step; a signal at the signal step (or the first step of a group flow).
pub fn start(template: &Template, s: Start, today: NaiveDate) -> Result<Trajectory, PlanError> {
    let subject_scope = match s.subject {
        Subject::Child(_) => Scope::Child,
        Subject::Group(_) => Scope::Group,
    };
    if template.content.scope != subject_scope {
        return Err(PlanError::ScopeMismatch {
            template: template.content.scope,
            subject: subject_scope,
        });
    }
    check_assignment(&s.assignment, today)?;
    let t = &template.content;
    let step = if s.watch {
        t.first_with(FormKind::Follow).or_else(|| t.steps.first())
    } else {
        signal_step(t)
    }
    .ok_or(PlanError::NoSteps)?;
    let traj = Trajectory {
        id: s.id,
        subject: s.subject,
        template_id: template.id,
        status: if s.watch {
            Status::Watch
        } else {
            Status::Active
        },
        step: step.key.clone(),
        owner: s.assignment.owner,
        due: s.assignment.due,
        started_on: today,
        closed_on: None,
        concern: s.concern,
        raised_by: s.raised_by,
        raised_by_name: s.raised_by_name,
        parents_recognise: None,
        at_home: None,
        moments: s.moments,
        urgent: false,
        urgent_reason: String::new(),
        outcome: None,
        care_avoiding_reached: None,
        follow_up_6: None,
        follow_up_12: None,
    };
    traj.check()?;
    Ok(traj)
}

/// What a due item is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DueKind {
    /// The current step (its owner and due date).
    Step(StepKey),
    /// The plan's review date, or the next evaluation by the template's rhythm.
    Evaluation,
    /// The monthly child discussion in the team meeting.
    ChildDiscussion,
    /// An open action of the current plan.
    Action { what: String },
    /// The follow-up `months` after closing: is the child still at the regular BSO?
    FollowUp { months: u8 },
}

/// One deadline with its one owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub trajectory: Id,
    pub subject: Subject,
    pub kind: DueKind,
    pub owner: String,
    pub date: NaiveDate,
}

fn add_months(date: NaiveDate, months: u8) -> NaiveDate {
    // Clamps to the month's end (31 Jan + 1 month = 28/29 Feb); beyond chrono's range the
    // deadline is simply "never".
    date.checked_add_months(Months::new(months.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// Every deadline of one trajectory: its current step, the evaluation (review date or rhythm),
/// the monthly child discussion and the open actions of the latest plan. Closed trajectories
/// have only their unanswered follow-ups; a watched child only its watch step. Deadlines the current step already covers
/// (evaluation while at the evaluation step, …) are not listed twice.
pub fn due_items(case: &Case) -> Vec<DueItem> {
    let traj = case.trajectory;
    let item = |kind, owner: &str, date| DueItem {
        trajectory: traj.id,
        subject: traj.subject,
        kind,
        owner: owner.to_owned(),
        date,
    };
    let mut out = Vec::new();
    if traj.status == Status::Closed {
        // Only the follow-ups not answered yet; the owner of the last step asks them.
        out.extend(
            traj.follow_ups()
                .into_iter()
                .filter(|(_, _, answer)| answer.is_none())
                .map(|(months, date, _)| item(DueKind::FollowUp { months }, &traj.owner, date)),
        );
        return out;
    }
    out.push(item(
        DueKind::Step(traj.step.clone()),
        &traj.owner,
        traj.due,
    ));
    if traj.status == Status::Watch {
        return out;
    }
    let current_form = case.current_step().map(|s| s.form);
    let rhythm = case.template.content.rhythm;

    let plan = case.current_plan();
    if let Some(plan_entry) = plan {
        let last_eval = case
            .latest(|f| matches!(f, FormData::Evaluation(_)))
            .filter(|e| e.date >= plan_entry.date);
        let (owner, date) = match (last_eval, &plan_entry.form) {
            (Some(e), _) => {
                let next = match &e.form {
                    Some(FormData::Evaluation(f)) => f.next_evaluation,
                    _ => None,
                };
                (
                    &e.owner,
                    next.unwrap_or_else(|| add_months(e.date, rhythm.evaluation_months)),
                )
            }
            (None, Some(FormData::Plan(p))) => (&plan_entry.owner, p.review_date),
            (None, _) => (
                &plan_entry.owner,
                add_months(plan_entry.date, rhythm.evaluation_months),
            ),
        };
        if current_form != Some(FormKind::Evaluation) {
            out.push(item(DueKind::Evaluation, owner, date));
        }
    }
    out.extend(open_actions(case).into_iter().map(|a| {
        item(
            DueKind::Action {
                what: a.action.what.clone(),
            },
            &a.action.owner,
            a.action.due,
        )
    }));

    if current_form != Some(FormKind::TeamDiscussion) {
        let anchor = case
            .latest(|f| matches!(f, FormData::TeamDiscussion(_)))
            .map_or(traj.started_on, |e| e.date);
        out.push(item(
            DueKind::ChildDiscussion,
            &traj.owner,
            add_months(anchor, rhythm.discussion_months),
        ));
    }
    out
}

/// An action still to be done, and the entry it is written in (to mark it done there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenAction<'a> {
    pub entry: &'a StepEntry,
    /// Its place in [`FormData::actions`] of the entry's form.
    pub index: usize,
    pub action: &'a Action,
}

/// The actions of an open trajectory that are not done: those of the latest plan of approach
/// (an adjusted plan replaces the earlier one) and the next step agreed in every escalation;
/// soonest first.
pub fn open_actions<'a>(case: &Case<'a>) -> Vec<OpenAction<'a>> {
    if case.trajectory.status == Status::Closed {
        return Vec::new();
    }
    let plan = case.current_plan();
    let escalations = case
        .entries()
        .filter(|e| matches!(e.form, Some(FormData::Escalation(_))));
    let mut out: Vec<OpenAction> = plan
        .into_iter()
        .chain(escalations)
        .flat_map(|entry| {
            let actions = entry.form.as_ref().map_or(&[][..], FormData::actions);
            actions
                .iter()
                .enumerate()
                .filter(|(_, a)| a.done_on.is_none())
                .map(move |(index, action)| OpenAction {
                    entry,
                    index,
                    action,
                })
        })
        .collect();
    out.sort_by_key(|a| (a.action.due, a.entry.date, a.entry.id, a.index));
    out
}

/// The "due" overview across trajectories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueOverview {
    /// Due from today through the next six days (a rolling week, so on a Friday next Monday's
    /// talk already shows), soonest first.
    pub this_week: Vec<DueItem>,
    /// Due before today, most overdue first.
    pub overdue: Vec<DueItem>,
}

pub fn due(cases: &[Case], today: NaiveDate) -> DueOverview {
    let week_end = today
        .checked_add_days(Days::new(6))
        .unwrap_or(NaiveDate::MAX);
    let mut overview = DueOverview::default();
    for item in cases.iter().flat_map(due_items) {
        if item.date < today {
            overview.overdue.push(item);
        } else if item.date <= week_end {
            overview.this_week.push(item);
        }
    }
    let order = |a: &DueItem, b: &DueItem| {
        (a.date, &a.owner, a.trajectory).cmp(&(b.date, &b.owner, b.trajectory))
    };
    overview.this_week.sort_by(order);
    overview.overdue.sort_by(order);
    overview
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::{child, consent, d};
    use crate::plan::consent::Consent;
    use crate::plan::defaults;
    use crate::plan::form::*;
    use crate::plan::outcome::Outcome;
    use proptest::prelude::*;

    fn key(s: &str) -> StepKey {
        StepKey::new(s).unwrap()
    }

    /// Owner and date of every action the "due" overview lists for `case`.
    fn due_actions(case: &Case) -> Vec<(String, NaiveDate)> {
        due_items(case)
            .into_iter()
            .filter(|i| matches!(i.kind, DueKind::Action { .. }))
            .map(|i| (i.owner, i.date))
            .collect()
    }

    fn template() -> Template {
        Template::first(Id::from_random([1; 16]), defaults::child_plan()).unwrap()
    }

    fn assign(owner: &str, due: NaiveDate) -> Assignment {
        Assignment {
            owner: owner.into(),
            due,
        }
    }

    fn started(t: &Template, watch: bool) -> Trajectory {
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

    fn entry(n: u8, step: &str, date: NaiveDate, form: Option<FormData>) -> StepEntry {
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

    fn plan_entry(n: u8, date: NaiveDate, review: NaiveDate) -> StepEntry {
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

    fn evaluation(n: u8, date: NaiveDate, decision: EvaluationDecision) -> StepEntry {
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

    fn at(t: &Trajectory, step: &str) -> Trajectory {
        Trajectory {
            step: key(step),
            ..t.clone()
        }
    }

    const PM: &[Role] = &[Role::Practitioner];

    #[test]
    fn start_watch_raise_and_close() {
        let t = template();
        let watched = started(&t, true);
        assert_eq!(
            (watched.status, watched.step.as_str()),
            (Status::Watch, "volgen")
        );
        let reg = ConsentRegister::empty();
        let case = Case {
            trajectory: &watched,
            template: &t,
            entries: &[],
            consents: &reg,
        };
        assert_eq!(
            blockers(&case, PM, &Move::Next, d(2, 3)),
            vec![Blocker::Watching]
        );
        let opts = options(&case, PM, d(2, 3));
        assert_eq!(
            opts.iter().map(|o| o.mv.clone()).collect::<Vec<_>>(),
            vec![Move::RaiseSignal, Move::Close]
        );
        assert!(opts.iter().all(MoveOption::allowed));
        let raised = apply_move(
            &case,
            PM,
            &Move::RaiseSignal,
            assign("Anouk", d(2, 5)),
            d(2, 3),
        )
        .unwrap();
        assert_eq!(
            (raised.status, raised.step.as_str()),
            (Status::Active, "signaal")
        );

        let case = Case {
            trajectory: &raised,
            ..case
        };
        let next = apply_move(&case, PM, &Move::Next, assign("Bram", d(2, 12)), d(2, 4)).unwrap();
        assert_eq!(
            (next.step.as_str(), next.owner.as_str()),
            ("teambespreking", "Bram")
        );
        assert_eq!(
            apply_move(&case, PM, &Move::RaiseSignal, assign("A", d(2, 5)), d(2, 3)),
            Err(MoveError::Blocked(vec![Blocker::NotWatching]))
        );
        assert!(matches!(
            apply_move(&case, PM, &Move::Next, assign(" ", d(2, 5)), d(2, 3)),
            Err(MoveError::Invalid(PlanError::Text(_)))
        ));
        assert!(matches!(
            apply_move(&case, PM, &Move::Next, assign("A", d(2, 1)), d(2, 3)),
            Err(MoveError::Invalid(PlanError::DateOrder { .. }))
        ));

        let closed =
            apply_move(&case, PM, &Move::Close, assign("Anouk", d(2, 4)), d(2, 4)).unwrap();
        assert_eq!(
            (closed.status, closed.step.as_str(), closed.closed_on),
            (Status::Closed, "afgerond", Some(d(2, 4)))
        );
        let case = Case {
            trajectory: &closed,
            ..case
        };
        assert_eq!(
            blockers(&case, PM, &Move::Next, d(2, 5)),
            vec![Blocker::Closed]
        );
        assert!(options(&case, PM, d(2, 5))
            .iter()
            .all(|o| matches!(o.mv, Move::Reopen(_))));
        let reopened = apply_move(
            &case,
            PM,
            &Move::Reopen(key("plan")),
            assign("Anouk", d(2, 20)),
            d(2, 5),
        )
        .unwrap();
        assert_eq!(
            (reopened.status, reopened.closed_on),
            (Status::Active, None)
        );

        let g = Template::first(Id::from_random([7; 16]), defaults::group_flow()).unwrap();
        let mut s = Start {
            id: Id::from_random([8; 16]),
            subject: Subject::Child(child()),
            watch: false,
            assignment: assign("A", d(2, 3)),
            concern: String::new(),
            raised_by: None,
            raised_by_name: String::new(),
            moments: vec![],
        };
        assert!(matches!(
            start(&g, s.clone(), d(2, 3)),
            Err(PlanError::ScopeMismatch { .. })
        ));
        s.subject = Subject::Group(Id::from_random([9; 16]));
        assert_eq!(
            start(&g, s, d(2, 3)).unwrap().step.as_str(),
            "teambespreking"
        );
    }

    #[test]
    fn next_at_the_end_unknown_steps_and_template_mismatch() {
        let t = template();
        let reg = ConsentRegister::empty();
        let last = at(&started(&t, false), "afgerond");
        let case = Case {
            trajectory: &last,
            template: &t,
            entries: &[],
            consents: &reg,
        };
        assert_eq!(
            blockers(&case, PM, &Move::Next, d(2, 3)),
            vec![Blocker::LastStep]
        );
        assert_eq!(
            blockers(&case, PM, &Move::GoTo(key("nope")), d(2, 3)),
            vec![Blocker::UnknownStep(key("nope"))]
        );
        assert_eq!(
            blockers(&case, PM, &Move::GoTo(key("afgerond")), d(2, 3)),
            vec![Blocker::AlreadyThere]
        );
        let other = Template::first(Id::from_random([3; 16]), defaults::child_plan()).unwrap();
        let case = Case {
            template: &other,
            ..case
        };
        assert!(matches!(
            blockers(&case, PM, &Move::Close, d(2, 3))[..],
            [Blocker::TemplateMismatch { .. }]
        ));
    }

    #[test]
    fn consent_blocks_school_step_until_given_and_again_when_withdrawn() {
        let t = template();
        let traj = at(&started(&t, false), "oudergesprek");
        let school = Move::GoTo(key("schoolcontact"));
        let mut given = consent(20, ConsentKind::SchoolContact, d(2, 10));
        let check = |consents: &[&Consent], on| {
            let reg = ConsentRegister::for_child(child(), consents.iter().copied());
            let case = Case {
                trajectory: &traj,
                template: &t,
                entries: &[],
                consents: &reg,
            };
            blockers(&case, PM, &school, on)
        };
        let missing = vec![Blocker::MissingConsent {
            step: key("schoolcontact"),
            consent: ConsentKind::SchoolContact,
        }];
        assert_eq!(check(&[], d(2, 10)), missing);
        assert_eq!(
            check(&[&given], d(2, 9)),
            missing,
            "not before it was given"
        );
        assert_eq!(check(&[&given], d(2, 10)), vec![]);
        given.withdrawn_on = Some(d(2, 20));
        assert_eq!(check(&[&given], d(2, 19)), vec![]);
        assert_eq!(
            check(&[&given], d(2, 20)),
            missing,
            "withdrawal blocks at once"
        );
    }

    #[test]
    fn entry_consents_expert_observation_must_be_asked_beforehand() {
        let t = template();
        let traj = at(&started(&t, false), "observatie");
        let obs = |date| {
            entry(
                21,
                "observatie",
                date,
                Some(FormData::Observation(ObservationForm {
                    subject: ObservationSubject::Individual,
                    asked_by: "mentor".into(),
                    question: "Hoe verloopt de overgang?".into(),
                    observer: "jeugdverpleegkundige".into(),
                    outside_expert: true,
                    mode: ObservationMode::Live,
                    consents: vec![ConsentKind::ExpertObservation],
                    findings: String::new(),
                    follow_up_talks: 2,
                })),
            )
        };
        let c = consent(22, ConsentKind::ExpertObservation, d(3, 1));
        let reg = ConsentRegister::for_child(child(), [&c]);
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &[],
            consents: &reg,
        };
        assert_eq!(
            entry_blockers(&case, PM, &obs(d(2, 28))),
            vec![Blocker::MissingConsent {
                step: key("observatie"),
                consent: ConsentKind::ExpertObservation
            }]
        );
        assert_eq!(entry_blockers(&case, PM, &obs(d(3, 1))), vec![]);
        // The team's own observation needs nothing.
        let mut own = obs(d(2, 1));
        if let Some(FormData::Observation(o)) = &mut own.form {
            o.outside_expert = false;
            o.consents.clear();
        }
        assert_eq!(entry_blockers(&case, PM, &own), vec![]);
        assert_eq!(
            entry_blockers(&case, PM, &entry(23, "nope", d(3, 1), None)),
            vec![Blocker::UnknownStep(key("nope"))]
        );
    }

    #[test]
    fn escalation_needs_own_plan_and_evaluation_unless_urgent() {
        let t = template();
        let traj = at(&started(&t, false), "teambespreking");
        let reg = ConsentRegister::empty();
        let esc = Move::GoTo(key("opgeschaald"));
        let run = |traj: &Trajectory, entries: &[StepEntry]| {
            let case = Case {
                trajectory: traj,
                template: &t,
                entries,
                consents: &reg,
            };
            blockers(&case, PM, &esc, d(6, 1))
        };
        let own_first = vec![Blocker::OwnPlanFirst {
            step: key("opgeschaald"),
        }];
        assert_eq!(run(&traj, &[]), own_first);
        let plan = plan_entry(10, d(3, 1), d(5, 1));
        assert_eq!(
            run(&traj, std::slice::from_ref(&plan)),
            own_first,
            "plan alone is not enough"
        );
        let old_eval = evaluation(11, d(2, 1), EvaluationDecision::Continue);
        assert_eq!(
            run(&traj, &[plan.clone(), old_eval]),
            own_first,
            "evaluation must follow the plan"
        );
        let eval = evaluation(12, d(5, 1), EvaluationDecision::Escalate);
        assert_eq!(run(&traj, &[plan.clone(), eval.clone()]), vec![]);
        let urgent = Trajectory {
            urgent: true,
            urgent_reason: "Veiligheid van andere kinderen".into(),
            ..traj.clone()
        };
        assert_eq!(run(&urgent, &[]), vec![]);
        // Referral also needs its consent and an allowed role.
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &[plan, eval],
            consents: &reg,
        };
        assert_eq!(
            blockers(&case, PM, &Move::GoTo(key("extern")), d(6, 1)),
            vec![
                Blocker::RoleNotAllowed {
                    step: key("extern"),
                    allowed: vec![
                        Role::Manager,
                        Role::Pedagogue,
                        Role::CareCoordinator,
                        Role::YouthNurse,
                        Role::Parent
                    ],
                },
                Blocker::MissingConsent {
                    step: key("extern"),
                    consent: ConsentKind::Referral
                },
            ]
        );
        // Options list every step, blocked ones with their reasons.
        let opts = options(&case, &[Role::Manager], d(6, 1));
        assert_eq!(opts[0].mv, Move::Next);
        assert_eq!(opts.last().map(|o| &o.mv), Some(&Move::Close));
        let ext = opts
            .iter()
            .find(|o| o.target == Some(key("extern")))
            .unwrap();
        assert!(!ext.allowed());
        assert_eq!(opts.len(), 12, "11 other non-closing steps + close");
    }

    #[test]
    fn escalation_rule_follows_the_organisations_template() {
        let mut content = defaults::child_plan();
        content.remove_step(&key("evaluatie")).unwrap();
        let t = Template::first(Id::from_random([1; 16]), content).unwrap();
        let traj = at(&started(&t, false), "plan");
        let reg = ConsentRegister::empty();
        let entries = [plan_entry(10, d(3, 1), d(5, 1))];
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &entries,
            consents: &reg,
        };
        assert!(
            case.own_plan_evaluated(),
            "no evaluation step: a plan suffices"
        );
        assert_eq!(
            blockers(&case, PM, &Move::GoTo(key("opgeschaald")), d(6, 1)),
            vec![]
        );
    }

    const MANAGER: &[Role] = &[Role::Manager];

    #[test]
    fn urgent_by_an_allowed_role_with_a_reason_opens_the_referral_in_two_steps() {
        let t = template();
        let traj = at(&started(&t, false), "signaal");
        let reg =
            ConsentRegister::for_child(child(), [&consent(20, ConsentKind::Referral, d(2, 3))]);
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &[],
            consents: &reg,
        };
        let refer = Move::GoTo(key("extern"));
        assert!(
            blockers(&case, MANAGER, &refer, d(2, 4)).contains(&Blocker::OwnPlanFirst {
                step: key("extern")
            })
        );
        assert_eq!(
            mark_urgent(&case, PM, "Onveilig thuis"),
            Err(UrgentError::RoleNotAllowed {
                allowed: vec![Role::Manager, Role::Pedagogue, Role::CareCoordinator]
            }),
            "a practitioner alone does not decide urgency"
        );
        assert_eq!(
            mark_urgent(&case, MANAGER, "  "),
            Err(UrgentError::ReasonMissing)
        );
        // Step one: urgent. Step two: the referral.
        let urgent = mark_urgent(&case, MANAGER, " Onveilig thuis ").unwrap();
        assert_eq!(
            (urgent.urgent, urgent.urgent_reason.as_str()),
            (true, "Onveilig thuis")
        );
        let case = Case {
            trajectory: &urgent,
            ..case
        };
        let referred =
            apply_move(&case, MANAGER, &refer, assign("Ilse", d(2, 10)), d(2, 4)).unwrap();
        assert_eq!(referred.step.as_str(), "extern");
        // The practitioner is still held by the step's own roles, urgent or not.
        assert!(matches!(
            blockers(&case, PM, &refer, d(2, 4))[..],
            [Blocker::RoleNotAllowed { .. }]
        ));
        // Undo: the rule applies again.
        let undone = clear_urgent(&case, MANAGER).unwrap();
        assert_eq!((undone.urgent, undone.urgent_reason.as_str()), (false, ""));
        assert!(blockers(
            &Case {
                trajectory: &undone,
                ..case
            },
            MANAGER,
            &refer,
            d(2, 4)
        )
        .contains(&Blocker::OwnPlanFirst {
            step: key("extern")
        }));
        assert_eq!(
            clear_urgent(&case, PM),
            Err(UrgentError::RoleNotAllowed {
                allowed: t.content.urgent_roles.clone()
            })
        );
        let closed = Trajectory {
            status: Status::Closed,
            closed_on: Some(d(2, 4)),
            ..traj.clone()
        };
        assert_eq!(
            mark_urgent(
                &Case {
                    trajectory: &closed,
                    ..case
                },
                MANAGER,
                "x"
            ),
            Err(UrgentError::Closed)
        );
    }

    #[test]
    fn who_may_mark_urgent_and_the_own_plan_rule_are_template_settings() {
        let mut content = defaults::child_plan();
        content.set_urgent_roles(vec![Role::Practitioner]).unwrap();
        assert!(content
            .set_urgent_roles(vec![Role::Coach, Role::Coach])
            .is_err());
        // The organisation drops the own-plan rule for its escalation step and adds it to the
        // observation step.
        for (k, rule) in [("opgeschaald", false), ("observatie", true)] {
            let mut step = content.step(&key(k)).unwrap().clone();
            step.own_plan_first = Some(rule);
            content.replace_step(step).unwrap();
        }
        let t = Template::first(Id::from_random([1; 16]), content).unwrap();
        let traj = at(&started(&t, false), "signaal");
        let reg = ConsentRegister::empty();
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &[],
            consents: &reg,
        };
        assert_eq!(
            blockers(&case, PM, &Move::GoTo(key("opgeschaald")), d(2, 4)),
            vec![]
        );
        assert_eq!(
            blockers(&case, PM, &Move::GoTo(key("observatie")), d(2, 4)),
            vec![Blocker::OwnPlanFirst {
                step: key("observatie")
            }]
        );
        assert!(mark_urgent(&case, PM, "Snel handelen").is_ok());
        let default = template();
        assert!(default.step(&key("extern")).unwrap().needs_own_plan());
        assert!(!default.step(&key("observatie")).unwrap().needs_own_plan());
    }

    #[test]
    fn a_school_handover_without_consent_is_a_template_setting() {
        let handover = |kind| {
            Some(FormData::SchoolContact(SchoolContactForm {
                kind,
                school: "De Esch".into(),
                contact_person: String::new(),
                notes: String::new(),
            }))
        };
        let run = |t: &Template, mv_or_form: Option<SchoolContactKind>| {
            let traj = at(&started(t, false), "oudergesprek");
            let reg = ConsentRegister::empty();
            let case = Case {
                trajectory: &traj,
                template: t,
                entries: &[],
                consents: &reg,
            };
            match mv_or_form {
                None => blockers(&case, PM, &Move::GoTo(key("schoolcontact")), d(2, 4)),
                Some(kind) => form_blockers(
                    &case,
                    PM,
                    &key("schoolcontact"),
                    handover(kind).as_ref(),
                    d(2, 4),
                ),
            }
        };
        let missing = vec![Blocker::MissingConsent {
            step: key("schoolcontact"),
            consent: ConsentKind::SchoolContact,
        }];
        let default = template();
        assert_eq!(run(&default, None), missing, "default: needs consent");
        assert_eq!(run(&default, Some(SchoolContactKind::Handover)), missing);
        let mut content = defaults::child_plan();
        let mut step = content.step(&key("schoolcontact")).unwrap().clone();
        step.handover_without_consent = true;
        content.replace_step(step).unwrap();
        let hellendoorn = Template::first(Id::from_random([1; 16]), content).unwrap();
        assert_eq!(run(&hellendoorn, None), vec![]);
        assert_eq!(run(&hellendoorn, Some(SchoolContactKind::Handover)), vec![]);
        assert_eq!(
            run(&hellendoorn, Some(SchoolContactKind::Progress)),
            missing,
            "a progress talk still needs consent"
        );
    }

    #[test]
    fn closing_a_childs_signal_asks_the_outcome_and_follow_ups_become_due() {
        let t = template();
        let traj = at(&started(&t, false), "evaluatie");
        let reg = ConsentRegister::empty();
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &[],
            consents: &reg,
        };
        assert!(needs_outcome(&traj));
        assert_eq!(
            close(&case, PM, None, assign("Anouk", d(3, 2)), d(3, 2)),
            Err(MoveError::OutcomeMissing)
        );
        let answer = Closing {
            outcome: Outcome::InsideChildcare,
            care_avoiding_reached: true,
        };
        let closed = close(&case, PM, Some(answer), assign("Anouk", d(3, 2)), d(3, 2)).unwrap();
        assert_eq!(
            (closed.status, closed.outcome, closed.care_avoiding_reached),
            (Status::Closed, Some(Outcome::InsideChildcare), Some(true))
        );
        let closed_case = Case {
            trajectory: &closed,
            ..case
        };
        let due_at = |today| {
            let o = due(&[closed_case], today);
            (o.this_week.len(), o.overdue.len())
        };
        assert_eq!(due_at(d(8, 25)), (0, 0), "not yet");
        assert_eq!(due_at(d(8, 30)), (1, 0), "six months on: due this week");
        let items = due_items(&closed_case);
        assert_eq!(
            items
                .iter()
                .map(|i| (i.kind.clone(), i.date, i.owner.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (DueKind::FollowUp { months: 6 }, d(9, 2), "Anouk"),
                (
                    DueKind::FollowUp { months: 12 },
                    NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
                    "Anouk"
                ),
            ]
        );
        let answered = closed.answer_follow_up(6, true, d(9, 10)).unwrap();
        let after = due_items(&Case {
            trajectory: &answered,
            ..case
        });
        assert_eq!(after.len(), 1, "only the 12-month follow-up is left");
        // A stopped watch and a group concern close without an outcome.
        let watched = started(&t, true);
        assert!(!needs_outcome(&watched));
        let stopped = close(
            &Case {
                trajectory: &watched,
                ..case
            },
            PM,
            None,
            assign("Anouk", d(3, 2)),
            d(3, 2),
        )
        .unwrap();
        assert_eq!(stopped.outcome, None);
        assert!(due_items(&Case {
            trajectory: &stopped,
            ..case
        })
        .is_empty());
    }

    #[test]
    fn role_restriction_on_a_step() {
        let mut content = defaults::child_plan();
        content
            .set_may_take(&key("oudergesprek"), vec![Role::FamilyAdviser])
            .unwrap();
        let t = Template::first(Id::from_random([1; 16]), content).unwrap();
        let traj = at(&started(&t, false), "kindgesprek");
        let reg = ConsentRegister::empty();
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &[],
            consents: &reg,
        };
        assert!(matches!(
            blockers(&case, PM, &Move::Next, d(2, 3))[..],
            [Blocker::RoleNotAllowed { .. }]
        ));
        assert_eq!(
            blockers(
                &case,
                &[Role::Practitioner, Role::FamilyAdviser],
                &Move::Next,
                d(2, 3)
            ),
            vec![]
        );
    }

    #[test]
    fn suggestions_follow_decisions() {
        let t = template();
        let ev = |decision| {
            FormData::Evaluation(EvaluationForm {
                participants: vec![],
                decision,
                regular_placement: Some(YesNoDoubt::Doubt),
                notes: String::new(),
                next_evaluation: None,
            })
        };
        assert_eq!(
            suggested_move(&t, &ev(EvaluationDecision::Adjust)),
            Some(Move::GoTo(key("plan")))
        );
        assert_eq!(
            suggested_move(&t, &ev(EvaluationDecision::Continue)),
            Some(Move::GoTo(key("uitvoering")))
        );
        assert_eq!(
            suggested_move(&t, &ev(EvaluationDecision::Escalate)),
            Some(Move::GoTo(key("opgeschaald")))
        );
        assert_eq!(
            suggested_move(&t, &ev(EvaluationDecision::Close)),
            Some(Move::Close)
        );
        let stop = FormData::TeamDiscussion(TeamDiscussionForm {
            participants: vec![],
            notes: String::new(),
            decision: TeamDecision::Stop,
        });
        assert_eq!(suggested_move(&t, &stop), Some(Move::Close));
        let g = Template::first(Id::from_random([7; 16]), defaults::group_flow()).unwrap();
        assert_eq!(suggested_move(&g, &ev(EvaluationDecision::Escalate)), None);
        assert_eq!(
            suggested_move(&g, &ev(EvaluationDecision::Continue)),
            Some(Move::GoTo(key("acties")))
        );
    }

    #[test]
    fn due_dates_rhythms_actions_and_overdue() {
        let t = template();
        let reg = ConsentRegister::empty();
        let traj = Trajectory {
            owner: "Anouk".into(),
            due: d(3, 25),
            ..at(&started(&t, false), "uitvoering")
        };
        let team = entry(
            9,
            "teambespreking",
            d(2, 5),
            Some(FormData::TeamDiscussion(TeamDiscussionForm {
                participants: vec![],
                notes: String::new(),
                decision: TeamDecision::Continue,
            })),
        );
        let plan = plan_entry(10, d(3, 1), d(5, 15));
        let entries = [team, plan];
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &entries,
            consents: &reg,
        };
        let items = due_items(&case);
        let find = |k: &DueKind| {
            items
                .iter()
                .find(|i| &i.kind == k)
                .map(|i| (i.owner.as_str(), i.date))
        };
        assert_eq!(
            find(&DueKind::Step(key("uitvoering"))),
            Some(("Anouk", d(3, 25)))
        );
        assert_eq!(
            find(&DueKind::Evaluation),
            Some(("Anouk", d(5, 15))),
            "plan's review date"
        );
        assert_eq!(
            find(&DueKind::ChildDiscussion),
            Some(("Anouk", d(3, 5))),
            "monthly after the last team talk"
        );
        assert_eq!(
            find(&DueKind::Action {
                what: "Dagelijks kort check-in".into()
            }),
            Some(("Bram", d(3, 20)))
        );
        assert_eq!(items.len(), 4, "the done action is not listed");

        let overview = due(&[case], d(3, 19));
        let kinds = |v: &[DueItem]| v.iter().map(|i| i.kind.clone()).collect::<Vec<_>>();
        assert_eq!(kinds(&overview.overdue), vec![DueKind::ChildDiscussion]);
        assert_eq!(
            kinds(&overview.this_week),
            vec![
                DueKind::Action {
                    what: "Dagelijks kort check-in".into()
                },
                DueKind::Step(key("uitvoering")),
            ]
        );

        // After an evaluation, the next one follows the rhythm (default 3 months) or the
        // evaluation's own date; a newer plan resets to its review date.
        let mut entries = entries.to_vec();
        entries.push(evaluation(11, d(5, 15), EvaluationDecision::Continue));
        let case = Case {
            entries: &entries,
            ..case
        };
        let eval_due = |c: &Case| {
            due_items(c)
                .into_iter()
                .find(|i| i.kind == DueKind::Evaluation)
                .map(|i| i.date)
        };
        assert_eq!(eval_due(&case), Some(d(8, 15)));
        let mut four = t.clone();
        four.content.rhythm.evaluation_months = 4;
        let case4 = Case {
            template: &four,
            trajectory: &Trajectory {
                template_id: four.id,
                ..traj.clone()
            },
            ..case
        };
        assert_eq!(eval_due(&case4), Some(d(9, 15)));
        let mut replanned = entries.clone();
        replanned.push(plan_entry(12, d(5, 20), d(7, 1)));
        let case = Case {
            entries: &replanned,
            ..case
        };
        assert_eq!(eval_due(&case), Some(d(7, 1)));

        // At the evaluation step itself the step's own date covers it; closed: nothing due.
        let at_eval = at(&traj, "evaluatie");
        let case = Case {
            trajectory: &at_eval,
            ..case
        };
        assert!(due_items(&case)
            .iter()
            .all(|i| i.kind != DueKind::Evaluation));
        let closed = Trajectory {
            status: Status::Closed,
            ..traj.clone()
        };
        assert!(due_items(&Case {
            trajectory: &closed,
            ..case
        })
        .is_empty());
        let watched = Trajectory {
            status: Status::Watch,
            ..traj.clone()
        };
        assert_eq!(
            due_items(&Case {
                trajectory: &watched,
                ..case
            })
            .len(),
            1
        );
    }

    fn escalation(n: u8, date: NaiveDate, owner: &str, due: NaiveDate) -> StepEntry {
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

    #[test]
    fn open_actions_of_the_latest_plan_and_every_escalation_are_due_with_their_owner() {
        let t = template();
        let reg = ConsentRegister::empty();
        let traj = at(&started(&t, false), "opgeschaald");
        let old_plan = plan_entry(10, d(2, 20), d(5, 1));
        let mut new_plan = plan_entry(11, d(3, 2), d(5, 15));
        let mut entries = vec![
            old_plan,
            escalation(12, d(3, 5), "Karin", d(3, 12)),
            escalation(13, d(3, 6), "Ilse", d(3, 9)),
        ];
        if let Some(FormData::Plan(p)) = &mut new_plan.form {
            p.actions[0].what = "Buiten starten met een maatje".into();
        }
        entries.push(new_plan);
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &entries,
            consents: &reg,
        };
        let open: Vec<_> = open_actions(&case)
            .iter()
            .map(|a| (a.action.owner.as_str(), a.entry.id, a.index))
            .collect();
        assert_eq!(
            open,
            vec![
                ("Ilse", entries[2].id, 0),
                ("Karin", entries[1].id, 0),
                ("Bram", entries[3].id, 0),
            ],
            "soonest first; the replaced plan's actions and done ones are not listed"
        );
        assert_eq!(
            due_actions(&case),
            vec![
                ("Ilse".to_owned(), d(3, 9)),
                ("Karin".to_owned(), d(3, 12)),
                ("Bram".to_owned(), d(3, 20)),
            ]
        );

        // Marked done in its entry, the action leaves the list.
        let mut done = entries.clone();
        done[1]
            .form
            .as_mut()
            .unwrap()
            .set_action_done(0, Some(d(3, 10)))
            .unwrap();
        let case = Case {
            entries: &done,
            ..case
        };
        assert_eq!(open_actions(&case).len(), 2);
        let closed = Trajectory {
            status: Status::Closed,
            ..traj.clone()
        };
        assert!(open_actions(&Case {
            trajectory: &closed,
            ..case
        })
        .is_empty());
    }

    #[test]
    fn a_form_shows_its_blockers_while_it_is_filled_in() {
        let t = template();
        let traj = at(&started(&t, false), "observatie");
        let mut reg = ConsentRegister::empty();
        let case = |reg: &ConsentRegister| {
            form_blockers(
                &Case {
                    trajectory: &traj,
                    template: &t,
                    entries: &[],
                    consents: reg,
                },
                PM,
                &key("observatie"),
                Some(&FormData::Observation(ObservationForm {
                    subject: ObservationSubject::Individual,
                    asked_by: "mentor".into(),
                    question: "Wat gebeurt er bij overgangen?".into(),
                    observer: "jeugdverpleegkundige".into(),
                    outside_expert: true,
                    mode: ObservationMode::Live,
                    consents: vec![ConsentKind::ExpertObservation],
                    findings: String::new(),
                    follow_up_talks: 0,
                })),
                d(3, 1),
            )
        };
        assert_eq!(
            case(&reg),
            vec![Blocker::MissingConsent {
                step: key("observatie"),
                consent: ConsentKind::ExpertObservation
            }],
            "an outside expert needs the parents' consent beforehand"
        );
        reg = ConsentRegister::for_child(
            child(),
            &[Consent::new(
                Id::from_random([40; 16]),
                child(),
                ConsentKind::ExpertObservation,
                "moeder",
                d(2, 20),
            )],
        );
        assert!(case(&reg).is_empty());
    }

    #[test]
    fn a_group_concern_walks_the_short_flow_without_consents() {
        let g = Template::first(Id::from_random([7; 16]), defaults::group_flow()).unwrap();
        let s = Start {
            id: Id::from_random([2; 16]),
            subject: Subject::Group(Id::from_random([9; 16])),
            watch: false,
            assignment: assign("Anouk", d(2, 10)),
            concern: "Onrust bij de overgang naar buiten".into(),
            raised_by: Some(RaisedBy::Practitioner),
            raised_by_name: "Anouk".into(),
            moments: vec![],
        };
        let mut traj = start(&g, s, d(2, 3)).unwrap();
        let reg = ConsentRegister::empty();
        let mut entries: Vec<StepEntry> = Vec::new();
        // An outside expert filming the group: consents are per child, none applies here.
        let observation = FormData::Observation(ObservationForm {
            subject: ObservationSubject::Group,
            asked_by: "team".into(),
            question: "Wanneer wordt het onrustig?".into(),
            observer: "coach".into(),
            outside_expert: true,
            mode: ObservationMode::Video,
            consents: vec![],
            findings: String::new(),
            follow_up_talks: 0,
        });
        let advice = FormData::Advice(AdviceForm {
            advisor: "Manon (Lindenhout)".into(),
            points: vec![
                "Begin de middag buiten".into(),
                "Een kleed tegen het geluid".into(),
            ],
        });
        let actions = FormData::Plan(PlanForm {
            goals: vec![],
            actions: ["Begin de middag buiten", "Een kleed tegen het geluid"]
                .iter()
                .zip(["Bram", "locatiemanager"])
                .map(|(what, owner)| Action {
                    what: (*what).into(),
                    owner: owner.into(),
                    due: d(2, 12),
                    goal: None,
                    done_on: None,
                })
                .collect(),
            review_date: d(4, 1),
            parents_copy: false,
        });
        let group_eval = FormData::Evaluation(EvaluationForm {
            participants: vec![],
            decision: EvaluationDecision::Close,
            regular_placement: None,
            notes: "Rustiger bij de overgang".into(),
            next_evaluation: None,
        });
        let walk = [
            ("observatie", 4, observation),
            ("advies", 5, advice),
            ("acties", 6, actions),
            ("evaluatie", 20, group_eval.clone()),
        ];
        for (n, (step, day, form)) in walk.into_iter().enumerate() {
            let case = Case {
                trajectory: &traj,
                template: &g,
                entries: &entries,
                consents: &reg,
            };
            assert!(
                options(&case, PM, d(2, day))
                    .iter()
                    .all(MoveOption::allowed),
                "{step}"
            );
            traj =
                apply_move(&case, PM, &Move::Next, assign("Anouk", d(2, 25)), d(2, day)).unwrap();
            assert_eq!(traj.step.as_str(), step);
            let e = entry(40 + n as u8, step, d(2, day), Some(form));
            let case = Case {
                trajectory: &traj,
                template: &g,
                entries: &entries,
                consents: &reg,
            };
            assert_eq!(entry_blockers(&case, PM, &e), vec![], "{step}");
            entries.push(e);
            if step == "acties" {
                let case = Case {
                    trajectory: &traj,
                    template: &g,
                    entries: &entries,
                    consents: &reg,
                };
                assert_eq!(
                    due_actions(&case),
                    vec![
                        ("Bram".into(), d(2, 12)),
                        ("locatiemanager".into(), d(2, 12))
                    ]
                );
            }
        }
        // The same evaluation about a child must answer the placement question.
        let child_traj = Trajectory {
            subject: Subject::Child(child()),
            ..traj.clone()
        };
        let case = Case {
            trajectory: &child_traj,
            template: &g,
            entries: &entries,
            consents: &reg,
        };
        let e = entry(50, "evaluatie", d(2, 20), Some(group_eval));
        assert_eq!(
            entry_blockers(&case, PM, &e),
            vec![Blocker::PlacementUnanswered]
        );

        // Closing a flow without a closing step keeps the evaluation as its last step.
        let case = Case {
            trajectory: &traj,
            template: &g,
            entries: &entries,
            consents: &reg,
        };
        let closed =
            apply_move(&case, PM, &Move::Close, assign("Anouk", d(2, 20)), d(2, 20)).unwrap();
        assert_eq!(
            (closed.status, closed.step.as_str()),
            (Status::Closed, "evaluatie")
        );
        assert!(due_items(&Case {
            trajectory: &closed,
            ..case
        })
        .is_empty());
    }

    #[test]
    fn parent_conversation_feeds_trajectory_and_register() {
        let t = template();
        let traj = started(&t, false);
        let form = ParentConversationForm {
            participants: vec!["moeder".into(), "Anouk".into(), "Ilse (manager)".into()],
            recognises: Recognition::Partly,
            at_home: Some(true),
            consents_given: vec![ConsentKind::SchoolContact, ConsentKind::Coach],
            notes: String::new(),
        };
        let updated = record_facts(&traj, &FormData::ParentConversation(form.clone()));
        assert_eq!(
            (updated.parents_recognise, updated.at_home),
            (Some(Recognition::Partly), Some(true))
        );
        assert_eq!(
            record_facts(&traj, &FormData::Signal(SignalForm::default())),
            traj
        );
        let existing = consent(20, ConsentKind::Coach, d(1, 1));
        let reg = ConsentRegister::for_child(child(), [&existing]);
        let mut ids = (100u8..).map(|n| Id::from_random([n; 16]));
        let new = consents_given(&form, child(), "moeder", d(2, 5), &reg, &mut ids);
        assert_eq!(new.len(), 1, "coach consent is already active");
        assert_eq!(
            (new[0].kind, new[0].given_on, new[0].given_by.as_str()),
            (ConsentKind::SchoolContact, d(2, 5), "moeder")
        );
    }

    #[test]
    fn month_arithmetic_clamps() {
        assert_eq!(
            add_months(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(), 1),
            d(2, 28)
        );
        assert_eq!(add_months(NaiveDate::MAX, 3), NaiveDate::MAX);
    }

    proptest! {
        /// Whatever moves are tried in whatever order, a trajectory stays valid and consistent:
        /// its step exists in its template version, closed ⇔ closed_on set, and a step needing
        /// a consent is only entered while that consent is active.
        #[test]
        fn random_walks_keep_invariants(
            moves in proptest::collection::vec((0usize..16, 0u8..5), 1..40),
            consent_day in 1u32..28,
        ) {
            let t = template();
            let c = consent(20, ConsentKind::SchoolContact, d(4, consent_day));
            let reg = ConsentRegister::for_child(child(), [&c]);
            let mut traj = started(&t, true);
            let mut entries = Vec::new();
            for (i, (pick, kind)) in moves.into_iter().enumerate() {
                let today = d(4, 1) + Days::new(i as u64);
                let case = Case { trajectory: &traj, template: &t, entries: &entries, consents: &reg };
                let mv = match kind {
                    0 => Move::Next,
                    1 => Move::Close,
                    2 => Move::RaiseSignal,
                    3 => Move::Reopen(t.steps()[pick % t.steps().len()].key.clone()),
                    _ => Move::GoTo(t.steps()[pick % t.steps().len()].key.clone()),
                };
                let before = traj.clone();
                match apply_move(&case, &[Role::Manager], &mv, assign("Anouk", today), today) {
                    Ok(next) => {
                        prop_assert!(next.check().is_ok());
                        let step = t.step(&next.step).unwrap();
                        if step.consents.contains(&ConsentKind::SchoolContact) && next.status != Status::Closed {
                            prop_assert!(reg.is_active(ConsentKind::SchoolContact, today));
                        }
                        if step.needs_own_plan() && next.status == Status::Active && !next.urgent {
                            prop_assert!(case.own_plan_evaluated());
                        }
                        traj = next;
                    }
                    Err(MoveError::Blocked(b)) => prop_assert!(!b.is_empty()),
                    Err(e) => prop_assert!(false, "unexpected {e:?}"),
                }
                prop_assert_eq!(traj.status == Status::Closed, traj.closed_on.is_some());
                // Record the plan/evaluation when passing those steps so escalation can open up.
                if traj.step != before.step && traj.status == Status::Active {
                    match t.step(&traj.step).map(|s| s.form) {
                        Some(FormKind::Plan) => entries.push(plan_entry(100 + i as u8, today, today)),
                        Some(FormKind::Evaluation) => entries.push(evaluation(100 + i as u8, today, EvaluationDecision::Continue)),
                        _ => {}
                    }
                }
            }
        }
    }
}
