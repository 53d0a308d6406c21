//! Step forms: what blocks saving one, and the facts and consents a form establishes.

use super::moves::{step_blockers, Blocker};
use super::Case;
use crate::id::Id;
use crate::plan::consent::{Consent, ConsentKind, ConsentRegister};
use crate::plan::form::{FormData, ParentConversationForm, SchoolContactKind};
use crate::plan::template::StepKey;
use crate::plan::trajectory::{Status, StepEntry, Trajectory};
use crate::plan::Role;
use chrono::NaiveDate;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::{child, consent, d};
    use crate::plan::consent::Consent;
    use crate::plan::engine::fixtures::*;
    use crate::plan::engine::*;
    use crate::plan::form::*;

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
}
