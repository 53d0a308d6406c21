//! Concerns about a group (noise, restlessness, transitions): starting one on the group flow
//! (team → observation → advice → actions → evaluation), the advice of a coach or expert, that
//! advice turned into actions for the group (each with one owner and a date, ticked off when
//! done), and the group's evaluation, which has no placement question. The trajectory screen is
//! the same as a child's; no child consents apply. The flow itself is
//! `signaal_core::plan::defaults::group_flow`.

use super::actions::ActionItem;
use super::data::Snapshot;
use crate::components::{ErrorLine, Field, PageHeader};
use crate::i18n::{use_i18n, Key};
use crate::plan_data::{author, default_due_date, open_trajectory, raise_signal};
use crate::platform::{date_input, new_id, parse_date};
use crate::state::use_state;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use signaal_core::id::Id;
use signaal_core::plan::engine::{Assignment, Start};
use signaal_core::plan::form::FormData;
use signaal_core::plan::trajectory::{RaisedBy, Subject};

/// `/stappenplan/groep` (`?groep=<id>` picks the group): start a concern about a group.
#[component]
pub fn GroupConcernStart() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let navigate = use_navigate();
    let query = use_query_map();
    let groups = move || {
        state.repo.with(|r| {
            let mut list: Vec<(Id, String)> = r
                .groups()
                .values()
                .map(|g| (g.id, g.name.clone()))
                .collect();
            list.sort_by_key(|(_, n)| n.to_lowercase());
            list
        })
    };
    let first = groups().first().map(|(id, _)| *id);
    let wanted = query
        .with_untracked(|q| q.get("groep"))
        .and_then(|s| s.parse::<Id>().ok());
    let group = RwSignal::new(wanted.or(first).map(|g| g.to_string()).unwrap_or_default());
    let running = move || {
        group
            .with(|g| g.parse::<Id>().ok())
            .and_then(|g| state.repo.with(|r| open_trajectory(r, Subject::Group(g))))
    };
    let me = state.repo.with_untracked(author);
    let concern = RwSignal::new(String::new());
    let owner = RwSignal::new(me.clone());
    let due = RwSignal::new(date_input(default_due_date()));
    let (error, set_error) = signal(None::<Key>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(group) = group.with_untracked(|g| g.parse::<Id>().ok()) else {
            return set_error.set(Some(Key::NoGroupYet));
        };
        let Some(due) = parse_date(&due.get_untracked()) else {
            return set_error.set(Some(Key::ErrDate));
        };
        let start = Start {
            id: new_id(),
            subject: Subject::Group(group),
            watch: false,
            assignment: Assignment {
                owner: owner.get_untracked().trim().to_owned(),
                due,
            },
            concern: concern.get_untracked().trim().to_owned(),
            raised_by: Some(RaisedBy::Practitioner),
            raised_by_name: me.clone(),
            moments: Vec::new(),
        };
        match raise_signal(state, start) {
            Ok(id) => navigate(&format!("/stappenplan/{id}"), Default::default()),
            Err(key) => set_error.set(Some(key)),
        }
    };
    view! {
        <PageHeader title=Key::GroupConcernStart intro=Key::GroupConcernIntro/>
        <Show when=move || !groups().is_empty() fallback=move || view! {
            <p class="empty">{i18n.tr(Key::NoGroupYet)}" "<a href="/kinderen">{i18n.tr(Key::NavChildren)}</a></p>
        }>
            <form class="card" on:submit=submit.clone() novalidate>
                <div class="field">
                    <label for="concern-group">{i18n.tr(Key::Group)}</label>
                    <select id="concern-group" on:change=move |ev| group.set(event_target_value(&ev))>
                        {move || groups().into_iter().map(|(id, name)| {
                            let id = id.to_string();
                            let selected = group.get_untracked() == id;
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {move || running().map(|t| view! {
                    <p class="banner info">{i18n.tr(Key::GroupConcernRunning)}" "
                        <a href=format!("/stappenplan/{}", t.id)>{i18n.tr(Key::OpenTrajectory)}</a>
                    </p>
                })}
                <label class="field">
                    <span>{i18n.tr(Key::Concern)}</span>
                    <textarea rows="3" maxlength="500" prop:value=move || concern.get() on:input=move |ev| concern.set(event_target_value(&ev))></textarea>
                    <small>{i18n.tr(Key::GroupConcernHelp)}</small>
                </label>
                <Field label=Key::Owner><input type="text" maxlength="80" bind:value=owner/></Field>
                <Field label=Key::DueDate><input type="date" bind:value=due/></Field>
                <ErrorLine error/>
                <div class="form-actions">
                    <button type="submit" class="button primary">{i18n.tr(Key::GroupConcernSubmit)}</button>
                </div>
            </form>
        </Show>
    }
}

/// The actions of the plan in force, with their owner and date; an open concern's actions can
/// be ticked off, which takes them out of the "due" overview.
#[component]
pub fn GroupActions(snap: Memo<Option<Snapshot>>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = Memo::new(move |_| {
        snap.with(|s| {
            let s = s.as_ref()?;
            let entry = s.case().current_plan()?.clone();
            Some((entry, s.traj.is_open()))
        })
    });
    view! {
        <section class="card group-actions">
            <h2>{i18n.tr(Key::GroupActionsTitle)}</h2>
            {move || match plan.get() {
                None => view! { <p class="muted">{i18n.tr(Key::NoGroupActions)}</p> }.into_any(),
                Some((entry, open)) => {
                    let Some(FormData::Plan(p)) = entry.form else { return ().into_any() };
                    view! {
                        <ul class="action-list">
                            {p.actions.into_iter().enumerate().map(|(index, action)| view! {
                                <ActionItem entry=entry.id index action can_tick=open/>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
