//! The forms of the steps that bring in people from outside the team: an observation (perhaps by
//! an outside expert), a talk with the school, an escalation and an external referral. Each
//! shows, while it is filled in, what would block saving it (a consent not yet recorded, a step
//! reserved for other roles) and the consents it relies on, so nobody types a whole form first.

use super::{report, save_form, SaveButton};
use crate::components::{Choices, Field, TextArea};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::labels::{blocker_text, REFERRALS};
use crate::pages::plans::data::Snapshot;
use crate::plan_data::{author, default_due_date};
use crate::platform::{date_input, parse_date, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::engine::{self, Blocker};
use signaal_core::plan::form::{
    Action, EscalationForm, EscalationTarget, FormData, ObservationForm, ObservationMode,
    ObservationSubject, ReferralForm, ReferralKind, SchoolContactForm, SchoolContactKind,
};
use signaal_core::plan::trajectory::Subject;

/// What blocks saving `form` in the current step today, recomputed as the form changes and as
/// consents are recorded or withdrawn further down the page.
fn blockers(
    snap: Memo<Option<Snapshot>>,
    form: impl Fn() -> FormData + Send + Sync + 'static,
) -> Memo<Vec<Blocker>> {
    Memo::new(move |_| {
        let form = form();
        snap.with(|s| {
            s.as_ref()
                .map(|s| {
                    engine::form_blockers(&s.case(), &s.roles, &s.traj.step, Some(&form), today())
                })
                .unwrap_or_default()
        })
    })
}

const BLOCKED_ID: &str = "form-blocked";

/// The consents the form relies on that are recorded (who gave them, when), and what still
/// blocks saving it, with the reasons in words.
#[component]
fn FormCheck(
    snap: Memo<Option<Snapshot>>,
    form: Signal<FormData>,
    blockers: Memo<Vec<Blocker>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let relied_on = move || {
        let needed = form.with(FormData::required_consents);
        snap.with(|s| {
            let Some(s) = s else { return Vec::new() };
            let mut kinds = s
                .template
                .step(&s.traj.step)
                .map(|st| st.consents.clone())
                .unwrap_or_default();
            kinds.extend(
                needed
                    .into_iter()
                    .filter(|k| !kinds.contains(k))
                    .collect::<Vec<_>>(),
            );
            kinds
                .into_iter()
                .filter_map(|k| {
                    s.consents
                        .history()
                        .iter()
                        .rev()
                        .find(|c| c.kind == k && c.is_active(today()))
                        .cloned()
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="consents-relied-on">
            {move || relied_on().into_iter().map(|c| {
                let on = c.given_on;
                view! {
                    <li class="ok">
                        {i18n.tr(Key::ConsentRecorded)}" "{i18n.tr(labels::consent(c.kind))}": "{c.given_by.clone()}", "{move || format_date(i18n.lang.get(), on)}
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || {
            let list = blockers.get();
            let consent = list.iter().any(|b| matches!(b, Blocker::MissingConsent { .. }));
            (!list.is_empty()).then(|| view! {
                <div class="blocked-note" id=BLOCKED_ID role="status">
                    <p><strong>{i18n.tr(Key::FormBlocked)}</strong></p>
                    <ul class="blocked-reasons">{list.iter().map(|b| view! { <li>{blocker_text(i18n, b)}</li> }).collect_view()}</ul>
                    {consent.then(|| view! { <p>{i18n.tr(Key::FormBlockedConsentHint)}</p> })}
                </div>
            })
        }}
    }
}

/// The frame of every form here: its fields, then the consents it relies on and what blocks it,
/// then the save button (disabled, pointing at the reasons, while something blocks). Submitting
/// first asks `missing` for a required choice left open, then saves.
#[component]
fn CheckedForm(
    id: Id,
    snap: Memo<Option<Snapshot>>,
    error: RwSignal<Option<Key>>,
    form: Signal<FormData>,
    #[prop(optional)] missing: Option<Signal<Option<Key>>>,
    children: Children,
) -> impl IntoView {
    let blocked = blockers(snap, move || form.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(key) = missing.and_then(|m| m.get_untracked()) {
            return error.set(Some(key));
        }
        report(
            error,
            save_form(id, form.get_untracked(), String::new(), Vec::new()),
        );
    };
    view! {
        <form on:submit=submit novalidate>
            {children()}
            <FormCheck snap form blockers=blocked/>
            <SaveButton blocked=Signal::derive(move || !blocked.with(Vec::is_empty)) described_by=BLOCKED_ID/>
        </form>
    }
}

fn text(s: RwSignal<String>) -> String {
    s.get().trim().to_owned()
}

#[component]
pub(super) fn ObservationStep(
    id: Id,
    snap: Memo<Option<Snapshot>>,
    error: RwSignal<Option<Key>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let group = snap.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| matches!(s.traj.subject, Subject::Group(_)))
    });
    let subject = RwSignal::new(Some(if group {
        ObservationSubject::Group
    } else {
        ObservationSubject::Individual
    }));
    let asked_by = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let observer = RwSignal::new(String::new());
    let outside_expert = RwSignal::new(false);
    let mode = RwSignal::new(Some(ObservationMode::Live));
    let findings = RwSignal::new(String::new());
    let talks = RwSignal::new("0".to_owned());
    let form = Signal::derive(move || {
        let mut f = ObservationForm {
            subject: subject.get().unwrap_or(ObservationSubject::Individual),
            asked_by: text(asked_by),
            question: text(question),
            observer: text(observer),
            outside_expert: outside_expert.get(),
            mode: mode.get().unwrap_or(ObservationMode::Live),
            consents: Vec::new(),
            findings: text(findings),
            follow_up_talks: talks.get().trim().parse().unwrap_or(0),
        };
        // The form relies on exactly what it needs; the register says whether that is given.
        f.consents = f.required_consents();
        FormData::Observation(f)
    });
    view! {
        <CheckedForm id snap error form>
            {(!group).then(|| view! {
                <Choices legend=Key::ObsSubject name="obs-subject" value=subject options=vec![
                    (ObservationSubject::Individual, Key::ObsIndividual), (ObservationSubject::Group, Key::ObsGroup)]/>
            })}
            <Field label=Key::ObsAskedBy><input type="text" maxlength="120" required bind:value=asked_by/></Field>
            <label class="field">
                <span>{i18n.tr(Key::ObsQuestion)}</span>
                <textarea rows="2" maxlength="4000" required prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev))></textarea>
            </label>
            <Field label=Key::ObsObserver><input type="text" maxlength="120" bind:value=observer/></Field>
            <label class="choice"><input type="checkbox" bind:checked=outside_expert/>{i18n.tr(Key::ObsOutsideExpert)}</label>
            <Choices legend=Key::ObsMode name="obs-mode" value=mode options=vec![(ObservationMode::Live, Key::ObsLive), (ObservationMode::Video, Key::ObsVideo)]/>
            <TextArea label=Key::ObsFindings value=findings/>
            <Field label=Key::ObsTalks><input type="number" min="0" max="20" inputmode="numeric" bind:value=talks/></Field>
        </CheckedForm>
    }
}

#[component]
pub(super) fn SchoolStep(
    id: Id,
    snap: Memo<Option<Snapshot>>,
    error: RwSignal<Option<Key>>,
) -> impl IntoView {
    let kind = RwSignal::new(None::<SchoolContactKind>);
    let school = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let form = Signal::derive(move || {
        FormData::SchoolContact(SchoolContactForm {
            kind: kind.get().unwrap_or(SchoolContactKind::Progress),
            school: text(school),
            contact_person: text(contact),
            notes: text(notes),
        })
    });
    let missing = Signal::derive(move || kind.get().is_none().then_some(Key::ErrChooseKind));
    view! {
        <CheckedForm id snap error form missing>
            <Choices legend=Key::SchoolKind name="school-kind" value=kind options=vec![
                (SchoolContactKind::Handover, Key::SchoolHandover), (SchoolContactKind::Progress, Key::SchoolProgress)]/>
            <Field label=Key::SchoolName><input type="text" maxlength="120" bind:value=school/></Field>
            <Field label=Key::SchoolContactPerson><input type="text" maxlength="120" bind:value=contact/></Field>
            <TextArea label=Key::FormNotes value=notes/>
        </CheckedForm>
    }
}

#[component]
pub(super) fn EscalationStep(
    id: Id,
    snap: Memo<Option<Snapshot>>,
    error: RwSignal<Option<Key>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let to = RwSignal::new(None::<EscalationTarget>);
    let person = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let what = RwSignal::new(String::new());
    let owner = RwSignal::new(state.repo.with_untracked(author));
    let due = RwSignal::new(date_input(default_due_date()));
    let form = Signal::derive(move || {
        FormData::Escalation(EscalationForm {
            to: to.get().unwrap_or(EscalationTarget::Manager),
            person: text(person),
            reason: text(reason),
            next_step: parse_date(&due.get()).map(|due| Action {
                what: text(what),
                owner: text(owner),
                due,
                goal: None,
                done_on: None,
            }),
        })
    });
    let missing = Signal::derive(move || match (to.get(), parse_date(&due.get())) {
        (None, _) => Some(Key::ErrChooseEscalation),
        (_, None) => Some(Key::ErrDate),
        _ => None,
    });
    view! {
        <CheckedForm id snap error form missing>
            <Choices legend=Key::EscalateTo name="escalate-to" value=to options=vec![
                (EscalationTarget::Manager, Key::EscalateManager), (EscalationTarget::Pedagogue, Key::EscalatePedagogue),
                (EscalationTarget::CareTeam, Key::EscalateCareTeam), (EscalationTarget::CoachOnTheJob, Key::EscalateCoach)]/>
            <Field label=Key::EscalatePerson><input type="text" maxlength="120" bind:value=person/></Field>
            <label class="field">
                <span>{i18n.tr(Key::EscalateReason)}</span>
                <textarea rows="3" maxlength="4000" required prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </label>
            <fieldset class="plan-row">
                <legend>{i18n.tr(Key::NextStepAgreed)}</legend>
                <Field label=Key::NextStepWhat><input type="text" maxlength="500" required bind:value=what/></Field>
                <Field label=Key::ActionOwner><input type="text" maxlength="80" required bind:value=owner/></Field>
                <Field label=Key::ActionDue><input type="date" required bind:value=due/></Field>
            </fieldset>
        </CheckedForm>
    }
}

#[component]
pub(super) fn ReferralStep(
    id: Id,
    snap: Memo<Option<Snapshot>>,
    error: RwSignal<Option<Key>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let to = RwSignal::new(None::<ReferralKind>);
    let organisation = RwSignal::new(String::new());
    let referred_by = RwSignal::new(String::new());
    let handed_over = RwSignal::new(String::new());
    let parents_agree = RwSignal::new(false);
    let notes = RwSignal::new(String::new());
    let form = Signal::derive(move || {
        FormData::Referral(ReferralForm {
            to: to.get().unwrap_or(ReferralKind::Other),
            organisation: text(organisation),
            referred_by: text(referred_by),
            handed_over: text(handed_over),
            parents_agree: parents_agree.get(),
            notes: text(notes),
        })
    });
    let missing = Signal::derive(move || to.get().is_none().then_some(Key::ErrChooseReferral));
    view! {
        <CheckedForm id snap error form missing>
            <Choices legend=Key::ReferTo name="refer-to" value=to options=REFERRALS.to_vec()/>
            <Field label=Key::ReferOrganisation><input type="text" maxlength="120" bind:value=organisation/></Field>
            <Field label=Key::ReferredBy><input type="text" maxlength="120" bind:value=referred_by/></Field>
            <TextArea label=Key::HandedOver value=handed_over/>
            <label class="choice"><input type="checkbox" bind:checked=parents_agree/>{i18n.tr(Key::ParentsAgree)}</label>
            <TextArea label=Key::FormNotes value=notes/>
        </CheckedForm>
    }
}
