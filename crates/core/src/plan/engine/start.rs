//! Opening a trajectory on a template: a watch, a child's signal or a group concern.

use super::moves::{check_assignment, signal_step, Assignment};
use crate::id::Id;
use crate::plan::template::{FormKind, Scope, Template};
use crate::plan::trajectory::{RaisedBy, Status, Subject, Trajectory};
use crate::plan::PlanError;
use chrono::NaiveDate;

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

/// A new trajectory on `template` (normally [`crate::plan::template::latest`]). A watch starts at the
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::{child, d};
    use crate::plan::defaults;
    use crate::plan::engine::fixtures::*;
    use crate::plan::engine::*;
    use crate::plan::form::*;

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
}
