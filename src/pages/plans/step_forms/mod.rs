//! The typed form of the trajectory's current step (team talk, child talk, parent talk, plan of
//! approach, evaluation, closing; the steps with outside people in [`outside`]). Saving one
//! records a step entry with its `FormData`; the move form on the trajectory screen keeps its
//! free note for every other step. Rules (what a form must hold, which move a decision suggests)
//! stay in `signaal_core::plan`.

mod outside;

use super::goals::{goals_of, GoalStatusSelect};
use super::trajectory::{author, blocker_key, plan_error, Snapshot};
use crate::components::Field;
use crate::i18n::{format_date, use_i18n, I18n, Key};
use crate::labels;
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::engine;
use signaal_core::plan::form::{
    Action, ChildConversationForm, ClosingForm, ClosingOutcome, EvaluationDecision, EvaluationForm,
    EyeAnswer, FormData, ParentConversationForm, PlanForm, Recognition, TeamDecision,
    TeamDiscussionForm, YesNoDoubt, EYE_FORM_QUESTIONS,
};
use signaal_core::plan::template::{FormKind, StepKey};
use signaal_core::plan::trajectory::{Goal, GoalStatus, Status, StepEntry};
use signaal_core::plan::PlanError;
use signaal_core::view::ValidationError;

/// Saves `form` as an entry of the current step, with any new goals, and copies the facts it
/// establishes onto the trajectory. All or nothing: a blocked or invalid form saves nothing.
pub(super) fn save_form(
    id: Id,
    form: FormData,
    notes: String,
    goals: Vec<Goal>,
) -> Result<(), Key> {
    let state = use_state();
    form.check().map_err(|e| form_error(&e))?;
    let result = state.repo.try_update(|r| -> Result<(), Key> {
        let s = Snapshot::read(r, id).ok_or(Key::ErrNotFound)?;
        let by = Some(author(r))
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| s.traj.owner.clone());
        let entry = StepEntry {
            id: new_id(),
            trajectory_id: id,
            step: s.traj.step.clone(),
            date: today(),
            by,
            owner: s.traj.owner.clone(),
            notes,
            form: Some(form.clone()),
        };
        if let Some(b) = engine::entry_blockers(&s.case(), &s.roles, &entry).first() {
            // The first reason is enough to act on; the moves list shows them all.
            return Err(blocker_key(b));
        }
        for g in &goals {
            r.save(g).map_err(|e| labels::repo_error(&e))?;
        }
        r.save(&entry).map_err(|e| labels::repo_error(&e))?;
        let facts = engine::record_facts(&s.traj, &form);
        if facts != s.traj {
            r.save(&facts).map_err(|e| labels::repo_error(&e))?;
        }
        Ok(())
    });
    let outcome = result.ok_or(Key::ErrNotFound)?;
    if outcome.is_ok() {
        state.notify(Key::StepFormSaved);
    }
    outcome
}

/// A form rule broken, in words: the field that is missing where the rule names one.
fn form_error(err: &PlanError) -> Key {
    match err {
        PlanError::NextStepMissing => Key::ErrNextStepMissing,
        PlanError::ParentsDisagree => Key::ErrParentsAgree,
        PlanError::Text(inner) => match **inner {
            ValidationError::Empty { field: "asked_by" } => Key::ErrAskedByMissing,
            ValidationError::Empty { field: "question" } => Key::ErrQuestionMissing,
            ValidationError::Empty { field: "reason" } => Key::ErrReasonMissing,
            ValidationError::Empty { field: "action" } => Key::ErrNextStepMissing,
            ValidationError::Empty {
                field: "organisation",
            } => Key::ErrOrganisationMissing,
            _ => plan_error(err),
        },
        _ => plan_error(err),
    }
}

/// The current step's typed form, if the step has one this screen knows.
#[component]
pub fn StepFormPanel(id: Id, snap: Memo<Option<Snapshot>>) -> impl IntoView {
    let i18n = use_i18n();
    // Only the kind re-renders the form, so typing survives other data changing.
    let kind = Memo::new(move |_| {
        snap.with(|s| {
            let s = s.as_ref()?;
            let kind = s.template.step(&s.traj.step)?.form;
            // A closed trajectory takes only its closing note.
            (s.traj.status != Status::Closed || kind == FormKind::Closing).then_some(kind)
        })
    });
    let error = RwSignal::new(None::<Key>);
    view! {
        {move || {
            let form = match kind.get()? {
                FormKind::TeamDiscussion => view! { <TeamForm id error/> }.into_any(),
                FormKind::ChildConversation => view! { <ChildForm id error/> }.into_any(),
                FormKind::ParentConversation => view! { <ParentForm id error/> }.into_any(),
                FormKind::Observation => view! { <outside::ObservationStep id snap error/> }.into_any(),
                FormKind::SchoolContact => view! { <outside::SchoolStep id snap error/> }.into_any(),
                FormKind::Plan => view! { <PlanOfApproach id error/> }.into_any(),
                FormKind::Evaluation => view! { <EvaluationStep id error/> }.into_any(),
                FormKind::Escalation => view! { <outside::EscalationStep id snap error/> }.into_any(),
                FormKind::Referral => view! { <outside::ReferralStep id snap error/> }.into_any(),
                FormKind::Closing => view! { <ClosingStep id error/> }.into_any(),
                _ => return None,
            };
            Some(view! {
                <section class="card step-form">
                    <h2>{i18n.tr(Key::StepFormTitle)}</h2>
                    {form}
                    {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
                </section>
            })
        }}
    }
}

/// Runs a save and reports the outcome in `error`; true when saved.
pub(super) fn report(error: RwSignal<Option<Key>>, outcome: Result<(), Key>) -> bool {
    error.set(outcome.err());
    error.get_untracked().is_none()
}

/// The non-empty lines of a textarea filled in "one per line", trimmed.
pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A labelled textarea bound to `value`.
#[component]
pub(super) fn TextArea(label: Key, value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{i18n.tr(label)}</span>
            <textarea rows="3" maxlength="4000" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </label>
    }
}

/// One radio group: a legend and one choice per (value, label).
#[component]
pub(super) fn Choices<T: Copy + PartialEq + Send + Sync + 'static>(
    legend: Key,
    name: &'static str,
    options: Vec<(T, Key)>,
    value: RwSignal<Option<T>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="inline-choices">
            <legend>{i18n.tr(legend)}</legend>
            {options.into_iter().map(|(v, key)| view! {
                <label class="choice">
                    <input type="radio" name=name prop:checked=move || value.get() == Some(v) on:change=move |_| value.set(Some(v))/>
                    {i18n.tr(key)}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// The form's submit button; `blocked` disables it, with `described_by` naming the reasons.
#[component]
pub(super) fn SaveButton(
    #[prop(optional)] blocked: Option<Signal<bool>>,
    #[prop(optional)] described_by: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let blocked = move || blocked.is_some_and(|b| b.get());
    let just_saved = use_context::<JustSaved>().map(|j| j.0);
    let saved = move || just_saved.is_some_and(|s| s.get());
    view! {
        <div class="form-actions">
            <button type="submit" class="button primary" disabled=move || blocked() || saved() aria-describedby=move || described_by.filter(|_| blocked())>
                {i18n.tr(Key::SaveStepForm)}
            </button>
            {move || saved().then(|| view! { <p class="muted" role="status">{i18n.tr(Key::FormSavedChangeToSaveAgain)}</p> })}
        </div>
    }
}

/// Set right after a form of the current step was saved, until something in the form changes
/// or the step moves on: a second tap on "save" would otherwise record the same form twice.
#[derive(Clone, Copy)]
struct JustSaved(RwSignal<bool>);

/// Provides [`JustSaved`] to the step forms below; returns the handler that clears it, for the
/// `input` and `change` events bubbling up from any field.
pub(super) fn guard_double_save(
    snap: Memo<Option<Snapshot>>,
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    let saved = RwSignal::new(false);
    provide_context(JustSaved(saved));
    let progress = Memo::new(move |_| {
        snap.with(|s| s.as_ref().map(|s| (s.traj.step.clone(), s.entries.len())))
    });
    Effect::new(move |before: Option<Option<(StepKey, usize)>>| {
        let now = progress.get();
        if let Some(Some((step, count))) = &before {
            // One more entry on the same step is a saved form; a move changes the step.
            saved.set(now.as_ref().is_some_and(|(s, n)| s == step && n > count));
        }
        now
    });
    move |_| saved.set(false)
}

#[component]
fn TeamForm(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
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
fn ChildForm(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
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
fn ParentForm(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
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

/// One row of the plan form. Arc signals, so a row added from a click outlives that click.
#[derive(Clone)]
pub(super) struct Row {
    key: usize,
    a: ArcRwSignal<String>,
    b: ArcRwSignal<String>,
    c: ArcRwSignal<String>,
}

impl Row {
    fn new(key: usize, c: String) -> Row {
        Row {
            key,
            a: ArcRwSignal::new(String::new()),
            b: ArcRwSignal::new(String::new()),
            c: ArcRwSignal::new(c),
        }
    }

    /// An action row: what, its one owner, by when.
    pub(super) fn action(key: usize, what: String, owner: String, due: String) -> Row {
        Row {
            key,
            a: ArcRwSignal::new(what),
            b: ArcRwSignal::new(owner),
            c: ArcRwSignal::new(due),
        }
    }
}

/// Action rows, and a button for one more; a new row gets `owner` (so the field is not empty on
/// a phone) and `due`.
#[component]
pub(super) fn ActionRows(rows: RwSignal<Vec<Row>>, owner: String, due: String) -> impl IntoView {
    let i18n = use_i18n();
    let add = move |_| {
        rows.update(|r| {
            r.push(Row::action(
                r.len(),
                String::new(),
                owner.clone(),
                due.clone(),
            ))
        })
    };
    view! {
        <For each=move || rows.get() key=|r| r.key let:r>
            <fieldset class="plan-row">
                <legend>{i18n.tr(Key::ActionsTitle)}" "{r.key + 1}</legend>
                <Field label=Key::ActionWhat><input type="text" maxlength="500" bind:value=RwSignal::from(r.a.clone())/></Field>
                <Field label=Key::ActionOwner><input type="text" maxlength="80" bind:value=RwSignal::from(r.b.clone())/></Field>
                <Field label=Key::ActionDue><input type="date" bind:value=RwSignal::from(r.c.clone())/></Field>
            </fieldset>
        </For>
        <button type="button" class="button" on:click=add>{i18n.tr(Key::AddAction)}</button>
    }
}

/// The filled-in rows as actions (a row without an action is skipped), or what is wrong.
pub(super) fn actions_of(rows: &[Row]) -> Result<Vec<Action>, Key> {
    rows.iter()
        .filter(|r| !r.a.get_untracked().trim().is_empty())
        .map(|r| {
            let due = parse_date(&r.c.get_untracked()).ok_or(Key::ErrDate)?;
            Ok(Action {
                what: r.a.get_untracked().trim().to_owned(),
                owner: r.b.get_untracked().trim().to_owned(),
                due,
                goal: None,
                done_on: None,
            })
        })
        .collect()
}

#[component]
fn PlanOfApproach(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let me = state.repo.with_untracked(author);
    let review = RwSignal::new(date_input(today() + chrono::Days::new(70)));
    let due = date_input(super::trajectory::default_due_date());
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
fn ClosingStep(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
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

fn decision_key(d: EvaluationDecision) -> Key {
    match d {
        EvaluationDecision::Continue => Key::EvalContinue,
        EvaluationDecision::Adjust => Key::EvalAdjust,
        EvaluationDecision::Close => Key::EvalClose,
        EvaluationDecision::Escalate => Key::EvalEscalate,
    }
}

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
        FormData::Advice(f) => super::group_concern::advice_summary(f).into_any(),
        FormData::Closing(f) => view! {
            {keyed(i18n, Key::ClosingOutcomeLabel, if f.outcome == ClosingOutcome::HandedOver { Key::OutcomeHandedOver } else { Key::OutcomeClosed })}
            {row(i18n, Key::HandedTo, f.handed_to)}
            {row(i18n, Key::ClosingNote, f.note)}
        }.into_any(),
        other => outside::summary(other).unwrap_or_else(|| ().into_any()),
    };
    view! { <dl class="fields form-summary">{body}</dl> }
}
