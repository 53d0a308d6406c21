//! The typed form of the trajectory's current step, one dispatcher for children and groups: a
//! child's talks, plan of approach, evaluation and closing in [`child`], a group's advice and
//! actions in [`group`], the steps with outside people in [`outside`]. Saving one
//! records a step entry with its `FormData`; the move form on the trajectory screen keeps its
//! free note for every other step. Rules (what a form must hold, which move a decision suggests)
//! stay in `signaal_core::plan`.

mod child;
mod group;
mod outside;

use super::data::Snapshot;
use crate::components::{ErrorLine, Field};
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::labels::{blocker_key, plan_error};
use crate::plan_data::author;
use crate::platform::{new_id, parse_date, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::form::{Action, FormData};
use signaal_core::plan::template::{FormKind, StepKey};
use signaal_core::plan::trajectory::{Goal, Status, StepEntry};
use signaal_core::plan::{engine, PlanError};
use signaal_core::view::ValidationError;

/// Saves `form` as an entry of the current step, with any new goals, and copies the facts it
/// establishes onto the trajectory. All or nothing: a blocked or invalid form saves nothing.
fn save_form(id: Id, form: FormData, notes: String, goals: Vec<Goal>) -> Result<(), Key> {
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

/// The current step's typed form, if the step has one this screen knows. A group fills in its
/// advice, its actions and its evaluation in its own way (an advice step in any template takes
/// the advice form); a closed trajectory takes only its closing note.
#[component]
pub fn StepForms(id: Id, snap: Memo<Option<Snapshot>>) -> impl IntoView {
    let i18n = use_i18n();
    // Only the kind re-renders the form, so typing survives other data changing.
    let kind = Memo::new(move |_| {
        snap.with(|s| {
            let s = s.as_ref()?;
            let kind = s.template.step(&s.traj.step)?.form;
            let group = s.traj.child_id().is_none();
            (s.traj.status != Status::Closed || kind == FormKind::Closing).then_some((kind, group))
        })
    });
    let error = RwSignal::new(None::<Key>);
    let edited = guard_double_save(snap);
    let form = move || {
        let form = match kind.get()? {
            (FormKind::Advice, _) => view! { <group::AdviceStep id error/> }.into_any(),
            (FormKind::Plan, true) => view! { <group::ActionsStep id snap error/> }.into_any(),
            (FormKind::Evaluation, true) => {
                view! { <child::EvaluationStep id error group=true/> }.into_any()
            }
            (FormKind::TeamDiscussion, _) => view! { <child::TeamForm id error/> }.into_any(),
            (FormKind::ChildConversation, _) => view! { <child::ChildForm id error/> }.into_any(),
            (FormKind::ParentConversation, _) => view! { <child::ParentForm id error/> }.into_any(),
            (FormKind::Observation, _) => {
                view! { <outside::ObservationStep id snap error/> }.into_any()
            }
            (FormKind::SchoolContact, _) => {
                view! { <outside::SchoolStep id snap error/> }.into_any()
            }
            (FormKind::Plan, false) => view! { <child::PlanOfApproach id error/> }.into_any(),
            (FormKind::Evaluation, false) => view! { <child::EvaluationStep id error/> }.into_any(),
            (FormKind::Escalation, _) => {
                view! { <outside::EscalationStep id snap error/> }.into_any()
            }
            (FormKind::Referral, _) => view! { <outside::ReferralStep id snap error/> }.into_any(),
            (FormKind::Closing, _) => view! { <child::ClosingStep id error/> }.into_any(),
            _ => return None,
        };
        Some(view! {
            <section class="card step-form">
                <h2>{i18n.tr(Key::StepFormTitle)}</h2>
                {form}
                <ErrorLine error/>
            </section>
        })
    };
    view! { <div on:input=edited on:change=edited>{form}</div> }
}

/// Runs a save and reports the outcome in `error`; true when saved.
fn report(error: RwSignal<Option<Key>>, outcome: Result<(), Key>) -> bool {
    error.set(outcome.err());
    error.get_untracked().is_none()
}

/// The form's submit button; `blocked` disables it, with `described_by` naming the reasons.
#[component]
fn SaveButton(
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
fn guard_double_save(snap: Memo<Option<Snapshot>>) -> impl Fn(leptos::ev::Event) + Copy + 'static {
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

/// One row of the plan form. Arc signals, so a row added from a click outlives that click.
#[derive(Clone)]
struct Row {
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
    fn action(key: usize, what: String, owner: String, due: String) -> Row {
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
fn ActionRows(rows: RwSignal<Vec<Row>>, owner: String, due: String) -> impl IntoView {
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
fn actions_of(rows: &[Row]) -> Result<Vec<Action>, Key> {
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
