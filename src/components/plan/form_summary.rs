//! A saved step form, each answer under its question: in a trajectory's history and the child's
//! file.

use crate::i18n::{format_date, use_i18n, I18n, Key};
use crate::labels::{decision_key, escalation_key, REFERRALS};
use leptos::prelude::*;
use signaal_core::plan::form::{
    Action, AdviceForm, ClosingOutcome, FormData, ObservationMode, ObservationSubject, Recognition,
    SchoolContactKind, TeamDecision, YesNoDoubt,
};

/// One answer of a saved form under its question; nothing when it was left empty.
fn row(i18n: I18n, label: Key, value: String) -> Option<impl IntoView> {
    (!value.is_empty()).then(|| view! { <dt>{i18n.tr(label)}</dt><dd>{value}</dd> })
}

/// A chosen option under its question.
fn keyed(i18n: I18n, label: Key, value: Key) -> impl IntoView {
    view! { <dt>{i18n.tr(label)}</dt><dd>{i18n.tr(value)}</dd> }
}

/// An action with its one owner and date, and when it was done.
fn action_row(i18n: I18n, label: Key, a: Action) -> impl IntoView {
    let (due, done) = (a.due, a.done_on);
    view! {
        <dt>{i18n.tr(label)}</dt>
        <dd class="plan-action">
            {a.what}" · "{a.owner}" · "{move || format_date(i18n.lang.get(), due)}
            {done.map(|d| view! { " · "{i18n.tr(Key::ActionDoneOn)}" "{move || format_date(i18n.lang.get(), d)} })}
        </dd>
    }
}

/// A saved form in the history, readable on paper: each answer under its question.
#[component]
pub fn FormSummary(form: FormData) -> impl IntoView {
    let i18n = use_i18n();
    let body = match form {
        FormData::TeamDiscussion(f) => view! {
            {keyed(i18n, Key::TeamDecisionLabel, if f.decision == TeamDecision::Stop { Key::TeamStop } else { Key::TeamContinue })}
            {row(i18n, Key::FormNotes, f.notes)}
        }.into_any(),
        FormData::ChildConversation(f) => view! {
            {row(i18n, Key::ChildView, f.child_view)}
            {f.answers.into_iter().map(|a| view! { <dt>{a.question}</dt><dd>{a.answer}</dd> }).collect_view()}
            {row(i18n, Key::ChildAgreed, f.agreed)}
        }.into_any(),
        FormData::ParentConversation(f) => view! {
            {keyed(i18n, Key::ParentsRecognise, match f.recognises { Recognition::Yes => Key::RecogniseYes, Recognition::Partly => Key::RecognisePartly, Recognition::No => Key::RecogniseNo })}
            {row(i18n, Key::FormNotes, f.notes)}
        }.into_any(),
        FormData::Plan(f) => {
            let review = f.review_date;
            view! {
                {f.actions.into_iter().map(|a| action_row(i18n, Key::ActionWhat, a)).collect_view()}
                <dt>{i18n.tr(Key::ReviewDate)}</dt><dd>{move || format_date(i18n.lang.get(), review)}</dd>
            }.into_any()
        }
        FormData::Evaluation(f) => view! {
            {keyed(i18n, Key::EvaluationDecisionLabel, decision_key(f.decision))}
            {f.regular_placement.map(|p| keyed(i18n, Key::PlacementQuestion, match p { YesNoDoubt::Yes => Key::PlacementYes, YesNoDoubt::No => Key::PlacementNo, YesNoDoubt::Doubt => Key::PlacementDoubt }))}
            {row(i18n, Key::FormNotes, f.notes)}
        }.into_any(),
        FormData::Advice(f) => advice_summary(f).into_any(),
        FormData::Closing(f) => view! {
            {keyed(i18n, Key::ClosingOutcomeLabel, if f.outcome == ClosingOutcome::HandedOver { Key::OutcomeHandedOver } else { Key::OutcomeClosed })}
            {row(i18n, Key::HandedTo, f.handed_to)}
            {row(i18n, Key::ClosingNote, f.note)}
        }.into_any(),
        other => outside_summary(other).unwrap_or_else(|| ().into_any()),
    };
    view! { <dl class="fields form-summary">{body}</dl> }
}

/// The advice in a step's history: who gave it and its points.
fn advice_summary(f: AdviceForm) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {(!f.advisor.is_empty()).then(|| view! { <dt>{i18n.tr(Key::AdviceBy)}</dt><dd>{f.advisor.clone()}</dd> })}
        <dt>{i18n.tr(Key::AdviceShort)}</dt>
        <dd><ul class="checklist">{f.points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul></dd>
    }
}

/// A saved form of one of these steps, each answer under its question; `None` for other forms.
fn outside_summary(form: FormData) -> Option<AnyView> {
    let i18n = use_i18n();
    let yes_no = |b: bool| {
        if b {
            Key::RecogniseYes
        } else {
            Key::RecogniseNo
        }
    };
    Some(match form {
        FormData::Observation(f) => {
            let observer = match (f.observer.is_empty(), f.outside_expert) {
                (false, true) => format!("{} ({})", f.observer, i18n.t(Key::ObsExpertShort)),
                (true, true) => i18n.t(Key::ObsExpertShort).to_owned(),
                _ => f.observer,
            };
            view! {
                {keyed(i18n, Key::ObsSubject, if f.subject == ObservationSubject::Group { Key::ObsGroup } else { Key::ObsIndividual })}
                {row(i18n, Key::ObsAskedBy, f.asked_by)}
                {row(i18n, Key::ObsQuestion, f.question)}
                {row(i18n, Key::ObsObserver, observer)}
                {keyed(i18n, Key::ObsMode, if f.mode == ObservationMode::Video { Key::ObsVideo } else { Key::ObsLive })}
                {row(i18n, Key::ObsFindings, f.findings)}
                {row(i18n, Key::ObsTalks, if f.follow_up_talks > 0 { f.follow_up_talks.to_string() } else { String::new() })}
            }
            .into_any()
        }
        FormData::SchoolContact(f) => view! {
            {keyed(i18n, Key::SchoolKind, if f.kind == SchoolContactKind::Handover { Key::SchoolHandover } else { Key::SchoolProgress })}
            {row(i18n, Key::SchoolName, f.school)}
            {row(i18n, Key::SchoolContactPerson, f.contact_person)}
            {row(i18n, Key::FormNotes, f.notes)}
        }
        .into_any(),
        FormData::Escalation(f) => view! {
            {keyed(i18n, Key::EscalateTo, escalation_key(f.to))}
            {row(i18n, Key::EscalatePerson, f.person)}
            {row(i18n, Key::EscalateReason, f.reason)}
            {f.next_step.map(|a| action_row(i18n, Key::NextStepAgreed, a))}
        }
        .into_any(),
        FormData::Referral(f) => {
            let to = REFERRALS.iter().find(|(k, _)| *k == f.to).map_or(Key::ReferOther, |(_, key)| *key);
            view! {
                {keyed(i18n, Key::ReferTo, to)}
                {row(i18n, Key::ReferOrganisation, f.organisation)}
                {row(i18n, Key::ReferredBy, f.referred_by)}
                {row(i18n, Key::HandedOver, f.handed_over)}
                {keyed(i18n, Key::ParentsAgree, yes_no(f.parents_agree))}
                {row(i18n, Key::FormNotes, f.notes)}
            }
            .into_any()
        }
        _ => return None,
    })
}
