//! The goals of a plan of approach on the trajectory screen, each with its status (settled with a
//! date and a short note) and the notebook moments linked to it over time; and the open goals a
//! new moment can be linked to.

use crate::components::{ErrorLine, Field, GoalStatusLine, MomentCard};
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::labels::goal_status_key;
use crate::plan_data::goals_of;
use crate::platform::{date_input, parse_date, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::trajectory::{goal_moments, Goal, GoalStatus};
use signaal_core::view::View;
use wasm_bindgen::JsCast;

/// A labelled choice of a goal's status.
#[component]
pub fn GoalStatusSelect(
    #[prop(into)] label: Signal<String>,
    value: RwSignal<GoalStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{label}</span>
            <select on:change=move |ev| {
                if let Some(s) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| GoalStatus::ALL.get(i)) {
                    value.set(*s);
                }
            }>
                {GoalStatus::ALL.into_iter().enumerate().map(|(i, s)| view! {
                    <option value=i.to_string() selected=move || value.get() == s>{i18n.tr(goal_status_key(s))}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn GoalList(trajectory: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let ids = Memo::new(move |_| {
        state.repo.with(|r| {
            goals_of(r, trajectory)
                .into_iter()
                .map(|g| g.id)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card goals">
            <h2>{i18n.tr(Key::GoalsTitle)}</h2>
            <Show when=move || !ids.with(Vec::is_empty) fallback=move || view! { <p class="muted">{i18n.tr(Key::NoGoals)}</p> }>
                <ol class="goal-list">
                    <For each=move || ids.get() key=|id| *id let(id)>
                        <GoalRow id/>
                    </For>
                </ol>
            </Show>
        </section>
    }
}

/// One goal: what, how success is seen, where it stands (editable), and its moments.
#[component]
fn GoalRow(id: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let goal = Memo::new(move |_| {
        state
            .repo
            .with(|r| r.record(id).and_then(|rec| Goal::from_record(rec).ok()))
    });
    let moments = Memo::new(move |_| {
        state.repo.with(|r| {
            goal_moments(id, r.notebook().iter())
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    move || {
        goal.get().map(|g| {
            let description = g.description.clone();
            view! {
                <li class="goal">
                    <h3>{g.description.clone()}</h3>
                    {(!g.success.is_empty()).then(|| view! { <p><strong>{i18n.tr(Key::GoalSuccess)}</strong>" "{g.success.clone()}</p> })}
                    <GoalStatusLine goal=g.clone()/>
                    <GoalStatusEditor id description/>
                    <h4>{i18n.tr(Key::GoalMoments)}</h4>
                    {move || moments.with(Vec::is_empty).then(|| view! { <p class="muted">{i18n.tr(Key::NoGoalMoments)}</p> })}
                    <ul class="timeline goal-moments">{move || moments.get().into_iter().map(|m| view! { <MomentCard moment=m/> }).collect_view()}</ul>
                </li>
            }
        })
    }
}

/// Settles a goal (achieved, partly, not achieved, stopped) with a date and a short note, or
/// reopens it. Folded away: most visits only read the status.
#[component]
fn GoalStatusEditor(id: Id, description: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let stored = state
        .repo
        .with_untracked(|r| r.record(id).and_then(|rec| Goal::from_record(rec).ok()));
    let status = RwSignal::new(stored.as_ref().map_or(GoalStatus::Open, |g| g.status));
    let on = RwSignal::new(date_input(
        stored
            .as_ref()
            .and_then(|g| g.status_on)
            .unwrap_or_else(today),
    ));
    let note = RwSignal::new(stored.map(|g| g.status_note).unwrap_or_default());
    let error = RwSignal::new(None::<Key>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Folded again once saved: the status line above shows the outcome.
        let details = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|form| form.closest("details").ok().flatten());
        let date = parse_date(&on.get_untracked());
        if date.is_none() && status.get_untracked() != GoalStatus::Open {
            return error.set(Some(Key::ErrDate));
        }
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            let mut g = r
                .record(id)
                .and_then(|rec| Goal::from_record(rec).ok())
                .ok_or(Key::ErrNotFound)?;
            g.set_status(status.get_untracked(), date, &note.get_untracked())
                .map_err(|_| Key::ErrTooLong)?;
            r.save(&g).map_err(|e| labels::repo_error(&e))
        });
        match result.unwrap_or(Err(Key::ErrNotFound)) {
            Ok(()) => {
                if let Some(d) = details {
                    let _ = d.remove_attribute("open");
                }
                state.notify(Key::GoalStatusSaved);
            }
            Err(key) => error.set(Some(key)),
        }
    };
    view! {
        <details class="details goal-edit">
            <summary>{i18n.tr(Key::GoalStatusEdit)}<span class="visually-hidden">": "{description}</span></summary>
            <form on:submit=submit novalidate>
                <GoalStatusSelect label=Signal::derive(move || i18n.t(Key::GoalStatusLabel).to_owned()) value=status/>
                <Show when=move || status.get() != GoalStatus::Open>
                    <Field label=Key::GoalStatusOn><input type="date" bind:value=on/></Field>
                    <Field label=Key::GoalStatusNote><input type="text" maxlength="500" bind:value=note/></Field>
                </Show>
                <ErrorLine error/>
                <button type="submit" class="button">{i18n.tr(Key::GoalStatusSave)}</button>
            </form>
        </details>
    }
}
