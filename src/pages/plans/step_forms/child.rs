//! A child's step forms: team talk, child talk, parent talk, plan of approach, evaluation and
//! closing.

use super::{actions_of, report, save_form, ActionRows, Row, SaveButton};
use crate::components::{Choices, Field, TextArea};
use crate::i18n::{use_i18n, Key};
use crate::pages::plans::goals::GoalStatusSelect;
use crate::plan_data::{author, default_due_date, goals_of};
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::form::{
    ChildConversationForm, ClosingForm, ClosingOutcome, EvaluationDecision, EvaluationForm,
    EyeAnswer, FormData, ParentConversationForm, PlanForm, Recognition, TeamDecision,
    TeamDiscussionForm, YesNoDoubt, EYE_FORM_QUESTIONS,
};
use signaal_core::plan::trajectory::{Goal, GoalStatus};

#[component]
pub(super) fn TeamForm(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
    let notes = RwSignal::new(String::new());
    let decision = RwSignal::new(Some(TeamDecision::Continue));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = TeamDiscussionForm {
            participants: Vec::new(),
            notes: notes.get_untracked().trim().to_owned(),
            decision: decision.get_untracked().unwrap_or(TeamDecision::Continue),
        };
        report(
            error,
            save_form(
                id,
                FormData::TeamDiscussion(form),
                String::new(),
                Vec::new(),
            ),
        );
    };
    view! {
        <form on:submit=submit novalidate>
            <TextArea label=Key::FormNotes value=notes/>
            <Choices legend=Key::TeamDecisionLabel name="team-decision" options=vec![(TeamDecision::Continue, Key::TeamContinue), (TeamDecision::Stop, Key::TeamStop)] value=decision/>
            <SaveButton/>
        </form>
    }
}

#[component]
pub(super) fn ChildForm(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
    let i18n = use_i18n();
    let view_ = RwSignal::new(String::new());
    let agreed = RwSignal::new(String::new());
    let answers: Vec<RwSignal<String>> = EYE_FORM_QUESTIONS
        .iter()
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let stored = answers.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang.get_untracked().code();
        let answers = EYE_FORM_QUESTIONS
            .iter()
            .zip(&stored)
            .filter(|(_, a)| !a.get_untracked().trim().is_empty())
            .map(|((nl, en), a)| EyeAnswer {
                question: (if lang == "en" { *en } else { *nl }).to_owned(),
                answer: a.get_untracked().trim().to_owned(),
            })
            .collect();
        let form = ChildConversationForm {
            child_view: view_.get_untracked().trim().to_owned(),
            answers,
            agreed: agreed.get_untracked().trim().to_owned(),
        };
        report(
            error,
            save_form(
                id,
                FormData::ChildConversation(form),
                String::new(),
                Vec::new(),
            ),
        );
    };
    view! {
        <form on:submit=submit novalidate>
            <TextArea label=Key::ChildView value=view_/>
            {EYE_FORM_QUESTIONS.iter().zip(answers).map(|((nl, en), a)| view! {
                <label class="field">
                    <span>{move || if i18n.lang.get().code() == "en" { *en } else { *nl }}</span>
                    <textarea rows="2" maxlength="4000" prop:value=move || a.get() on:input=move |ev| a.set(event_target_value(&ev))></textarea>
                </label>
            }).collect_view()}
            <TextArea label=Key::ChildAgreed value=agreed/>
            <SaveButton/>
        </form>
    }
}

#[component]
pub(super) fn ParentForm(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
    let recognises = RwSignal::new(None::<Recognition>);
    let notes = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(recognises) = recognises.get_untracked() else {
            return error.set(Some(Key::ErrChooseDecision));
        };
        let form = ParentConversationForm {
            participants: Vec::new(),
            recognises,
            at_home: None,
            consents_given: Vec::new(),
            notes: notes.get_untracked().trim().to_owned(),
        };
        report(
            error,
            save_form(
                id,
                FormData::ParentConversation(form),
                String::new(),
                Vec::new(),
            ),
        );
    };
    view! {
        <form on:submit=submit novalidate>
            <Choices legend=Key::ParentsRecognise name="recognises" options=vec![(Recognition::Yes, Key::RecogniseYes), (Recognition::Partly, Key::RecognisePartly), (Recognition::No, Key::RecogniseNo)] value=recognises/>
            <TextArea label=Key::FormNotes value=notes/>
            <SaveButton/>
        </form>
    }
}

#[component]
pub(super) fn PlanOfApproach(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let me = state.repo.with_untracked(author);
    let review = RwSignal::new(date_input(today() + chrono::Days::new(70)));
    let due = date_input(default_due_date());
    let goals = RwSignal::new(vec![Row::new(0, String::new())]);
    let actions = RwSignal::new(vec![Row::action(0, String::new(), me.clone(), due.clone())]);
    let parents_copy = RwSignal::new(true);
    let add_goal = move |_| goals.update(|g| g.push(Row::new(g.len(), String::new())));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(review_date) = parse_date(&review.get_untracked()) else {
            return error.set(Some(Key::ErrDate));
        };
        let new_goals: Vec<Goal> = goals.with_untracked(|g| {
            g.iter()
                .filter(|r| !r.a.get_untracked().trim().is_empty())
                .map(|r| Goal {
                    success: r.b.get_untracked().trim().to_owned(),
                    ..Goal::new(new_id(), id, r.a.get_untracked().trim())
                })
                .collect()
        });
        let list = match actions.with_untracked(|a| actions_of(a)) {
            Ok(list) => list,
            Err(key) => return error.set(Some(key)),
        };
        if new_goals.is_empty() && list.is_empty() {
            return error.set(Some(Key::ErrGoalMissing));
        }
        let form = PlanForm {
            goals: new_goals.iter().map(|g| g.id).collect(),
            actions: list,
            review_date,
            parents_copy: parents_copy.get_untracked(),
        };
        if report(
            error,
            save_form(id, FormData::Plan(form), String::new(), new_goals),
        ) {
            // A fresh key, so the keyed list renders an empty row instead of keeping the old one.
            goals.update(|g| {
                let key = g.iter().map(|r| r.key).max().unwrap_or(0) + 1;
                *g = vec![Row::new(key, String::new())];
            });
        }
    };
    view! {
        <form on:submit=submit novalidate class="plan-form">
            <h3>{i18n.tr(Key::GoalsTitle)}</h3>
            <For each=move || goals.get() key=|r| r.key let:r>
                <fieldset class="plan-row">
                    <legend>{i18n.tr(Key::GoalsTitle)}</legend>
                    <Field label=Key::GoalDescription><input type="text" maxlength="500" bind:value=RwSignal::from(r.a.clone())/></Field>
                    <Field label=Key::GoalSuccess><input type="text" maxlength="500" bind:value=RwSignal::from(r.b.clone())/></Field>
                </fieldset>
            </For>
            <button type="button" class="button" on:click=add_goal>{i18n.tr(Key::AddGoal)}</button>
            <h3>{i18n.tr(Key::ActionsTitle)}</h3>
            <ActionRows rows=actions owner=me due/>
            <Field label=Key::ReviewDate><input type="date" bind:value=review/></Field>
            <label class="choice"><input type="checkbox" bind:checked=parents_copy/>{i18n.tr(Key::ParentsCopy)}</label>
            <SaveButton/>
        </form>
    }
}

/// The evaluation. A group's has no placement question (it is about a child) and no escalation
/// (the group flow has no such step).
#[component]
pub(super) fn EvaluationStep(
    id: Id,
    error: RwSignal<Option<Key>>,
    #[prop(optional)] group: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let decision = RwSignal::new(None::<EvaluationDecision>);
    let placement = RwSignal::new(None::<YesNoDoubt>);
    let notes = RwSignal::new(String::new());
    // Where each goal stands is judged at the evaluation; a changed status is saved with it.
    let verdicts: Vec<(Goal, RwSignal<GoalStatus>)> = state
        .repo
        .with_untracked(|r| goals_of(r, id))
        .into_iter()
        .map(|g| {
            let status = RwSignal::new(g.status);
            (g, status)
        })
        .collect();
    let shown = verdicts.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let regular_placement = placement.get_untracked();
        let Some(decision) = decision
            .get_untracked()
            .filter(|_| group || regular_placement.is_some())
        else {
            return error.set(Some(Key::ErrChooseDecision));
        };
        let settled: Vec<Goal> = verdicts
            .iter()
            .filter(|(g, s)| s.get_untracked() != g.status)
            .filter_map(|(g, s)| {
                let mut g = g.clone();
                let note = g.status_note.clone();
                g.set_status(s.get_untracked(), Some(today()), &note)
                    .ok()
                    .map(|()| g)
            })
            .collect();
        let form = EvaluationForm {
            participants: Vec::new(),
            decision,
            regular_placement,
            notes: notes.get_untracked().trim().to_owned(),
            next_evaluation: None,
        };
        report(
            error,
            save_form(id, FormData::Evaluation(form), String::new(), settled),
        );
    };
    let mut decisions = vec![
        (EvaluationDecision::Continue, Key::EvalContinue),
        (EvaluationDecision::Adjust, Key::EvalAdjust),
        (EvaluationDecision::Close, Key::EvalClose),
    ];
    if !group {
        decisions.push((EvaluationDecision::Escalate, Key::EvalEscalate));
    }
    view! {
        <form on:submit=submit novalidate>
            {(!shown.is_empty()).then(|| view! {
                <fieldset class="plan-row eval-goals">
                    <legend>{i18n.tr(Key::EvalGoals)}</legend>
                    {shown.into_iter().map(|(g, status)| view! { <GoalStatusSelect label=g.description value=status/> }).collect_view()}
                </fieldset>
            })}
            <Choices legend=Key::EvaluationDecisionLabel name="eval-decision" value=decision options=decisions/>
            {(!group).then(|| view! {
                <Choices legend=Key::PlacementQuestion name="placement" value=placement options=vec![
                    (YesNoDoubt::Yes, Key::PlacementYes), (YesNoDoubt::No, Key::PlacementNo), (YesNoDoubt::Doubt, Key::PlacementDoubt)]/>
            })}
            <TextArea label=Key::FormNotes value=notes/>
            <SaveButton/>
        </form>
    }
}

#[component]
pub(super) fn ClosingStep(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
    let outcome = RwSignal::new(Some(ClosingOutcome::Closed));
    let handed_to = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = ClosingForm {
            outcome: outcome.get_untracked().unwrap_or(ClosingOutcome::Closed),
            handed_to: handed_to.get_untracked().trim().to_owned(),
            note: note.get_untracked().trim().to_owned(),
        };
        report(
            error,
            save_form(id, FormData::Closing(form), String::new(), Vec::new()),
        );
    };
    view! {
        <form on:submit=submit novalidate>
            <Choices legend=Key::ClosingOutcomeLabel name="closing" value=outcome options=vec![(ClosingOutcome::Closed, Key::OutcomeClosed), (ClosingOutcome::HandedOver, Key::OutcomeHandedOver)]/>
            <Field label=Key::HandedTo><input type="text" maxlength="120" bind:value=handed_to/></Field>
            <TextArea label=Key::ClosingNote value=note/>
            <SaveButton/>
        </form>
    }
}
