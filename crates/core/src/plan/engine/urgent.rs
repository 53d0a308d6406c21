//! Marking a trajectory urgent, which lifts the "team's own plan first" rule (rule 3).

use super::Case;
use crate::plan::trajectory::{Status, Trajectory};
use crate::plan::{PlanError, Role};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Id;
    use crate::plan::consent::tests::{child, consent, d};
    use crate::plan::consent::ConsentKind;
    use crate::plan::defaults;
    use crate::plan::engine::fixtures::*;
    use crate::plan::engine::*;

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
}
