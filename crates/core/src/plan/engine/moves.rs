//! Moves: what can be done now with its blockers ([`options`], [`blockers`]), doing one
//! ([`apply_move`], [`close`]), and the move a form's decision points to ([`suggested_move`]).

use super::Case;
use crate::id::Id;
use crate::plan::consent::ConsentKind;
use crate::plan::form::{EvaluationDecision, FormData, TeamDecision};
use crate::plan::outcome::Closing;
use crate::plan::template::{FormKind, Step, StepKey, Template};
use crate::plan::trajectory::{Status, Trajectory};
use crate::plan::{text, PlanError, Role};
use chrono::NaiveDate;

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
pub(super) fn signal_step(t: &crate::plan::template::TemplateContent) -> Option<&Step> {
    t.first_with(FormKind::Signal)
        .or_else(|| t.steps.iter().find(|s| s.form != FormKind::Follow))
        .or_else(|| t.steps.first())
}

/// Consent and role blockers of taking `step` on `on`, plus the form's own consents.
pub(super) fn step_blockers(
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

pub(super) fn check_assignment(a: &Assignment, today: NaiveDate) -> Result<(), PlanError> {
    text("owner", &a.owner, true, crate::plan::trajectory::MAX_NAME)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::{child, consent, d};
    use crate::plan::consent::Consent;
    use crate::plan::defaults;
    use crate::plan::engine::fixtures::*;
    use crate::plan::engine::*;
    use crate::plan::form::*;
    use crate::plan::outcome::Outcome;
    use crate::plan::trajectory::Subject;
    use chrono::Days;
    use proptest::prelude::*;

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
