//! The open actions of a trajectory on its screen: the plan's actions and the next steps agreed
//! in escalations, each with its one owner and date, so "who does what by when" is answered
//! without opening the history. Marking one done writes the date into the form it came from;
//! which actions count is `signaal_core::plan::engine::open_actions`.

use super::data::Snapshot;
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::today;
use crate::state::{use_state, AppState};
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::engine;
use signaal_core::plan::form::Action;
use signaal_core::plan::trajectory::StepEntry;
use signaal_core::view::View;

/// Marks action `index` of the form in step entry `entry` done today, and says so (or why not).
fn mark_done(state: AppState, entry: Id, index: usize) {
    let result = state.repo.try_update(|r| -> Result<(), Key> {
        let mut e = r
            .record(entry)
            .and_then(|rec| StepEntry::from_record(rec).ok())
            .ok_or(Key::ErrNotFound)?;
        e.form
            .as_mut()
            .ok_or(Key::ErrNotFound)?
            .set_action_done(index, Some(today()))
            .map_err(|_| Key::ErrNotFound)?;
        r.save(&e).map_err(|e| labels::repo_error(&e))
    });
    state.notify(match result {
        Some(Ok(())) => Key::ActionMarkedDone,
        Some(Err(key)) => key,
        None => Key::ErrNotFound,
    });
}

#[component]
pub fn OpenActions(snap: Memo<Option<Snapshot>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        snap.with(|s| {
            s.as_ref()
                .map(|s| {
                    engine::open_actions(&s.case())
                        .into_iter()
                        .map(|a| (a.entry.id, a.index, a.action.clone()))
                        .collect::<Vec<(Id, usize, Action)>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <section class="card open-actions">
            <h2>{i18n.tr(Key::OpenActionsTitle)}</h2>
            <Show when=move || !rows.with(Vec::is_empty) fallback=move || view! { <p class="muted">{i18n.tr(Key::NoOpenActions)}</p> }>
                <ul class="action-list">
                    {move || rows.get().into_iter().map(|(entry, index, action)| view! { <ActionItem entry index action can_tick=true/> }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

/// One action: what, its owner and date (a late one says so), then when it was done or, while
/// `can_tick`, the button that marks it done. For a child's open actions and a group's actions.
#[component]
pub(super) fn ActionItem(entry: Id, index: usize, action: Action, can_tick: bool) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let due = action.due;
    let late = action.done_on.is_none() && due < today();
    let label = format!("{}: {}", i18n.t(Key::ActionDone), action.what);
    view! {
        <li class:done=action.done_on.is_some() class:overdue=late>
            <span class="action-what">{action.what}</span>
            <span class="muted">
                {i18n.tr(Key::OwnerShort)}": "<span class="action-owner">{action.owner}</span>
                " · "{i18n.tr(Key::ActionDue)}" "<time datetime=due.to_string()>{move || format_date(i18n.lang.get(), due)}</time>
                {late.then(|| view! { " · "<strong>{i18n.tr(Key::ActionLate)}</strong> })}
            </span>
            {match action.done_on {
                Some(on) => view! { <span class="ok">{i18n.tr(Key::ActionDoneOn)}" "{move || format_date(i18n.lang.get(), on)}</span> }.into_any(),
                None if can_tick => view! {
                    <button type="button" class="button" aria-label=label on:click=move |_| mark_done(state, entry, index)>{i18n.tr(Key::ActionDone)}</button>
                }.into_any(),
                None => ().into_any(),
            }}
        </li>
    }
}
