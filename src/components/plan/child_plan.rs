//! A child's open trajectory on the child's page and a moment's page, or the form that starts
//! one; and the "urgent" badge.

use crate::components::{ErrorLine, Field};
use crate::i18n::{use_i18n, Key};
use crate::labels::status_key;
use crate::plan_data::{author, default_due_date, open_trajectory, raise_signal};
use crate::platform::{date_input, new_id, parse_date};
use crate::state::use_state;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use signaal_core::id::Id;
use signaal_core::plan::engine::{Assignment, Start};
use signaal_core::plan::trajectory::{RaisedBy, Subject};

/// On a child's page and a moment's page: the child's open trajectory (and, from a moment, a
/// way to link it), or the form that starts one.
#[component]
pub fn ChildPlan(child: Id, #[prop(optional)] moment: Option<Id>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let open = Memo::new(move |_| {
        state
            .repo
            .with(|r| open_trajectory(r, Subject::Child(child)))
    });
    let link = move |_| {
        let (Some(m), Some(mut t)) = (moment, open.get_untracked()) else {
            return;
        };
        t.link_moment(m);
        if let Some(Ok(())) = state.repo.try_update(|r| r.save(&t)) {
            state.notify(Key::MomentLinked);
        }
    };
    view! {
        {move || match open.get() {
            Some(t) => {
                let linked = moment.is_some_and(|m| t.moments.contains(&m));
                view! {
                    <div class="card plan-link">
                        <p>{t.urgent.then(|| view! { <UrgentBadge/>" " })}{i18n.tr(status_key(t.status))}" · "{i18n.tr(Key::OwnerShort)}": "{t.owner.clone()}</p>
                        <div class="form-actions">
                            <a class="button primary" href=format!("/stappenplan/{}", t.id)>{i18n.tr(Key::OpenTrajectory)}</a>
                            {(moment.is_some() && !linked).then(|| view! {
                                <button type="button" class="button" on:click=link>{i18n.tr(Key::LinkMoment)}</button>
                            })}
                        </div>
                        {linked.then(|| view! { <p class="muted">{i18n.tr(Key::MomentIsLinked)}</p> })}
                    </div>
                }.into_any()
            }
            None => view! { <StartForm child moment/> }.into_any(),
        }}
    }
}

#[component]
fn StartForm(child: Id, moment: Option<Id>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let navigate = use_navigate();
    let shown = RwSignal::new(false);
    let me = state.repo.with_untracked(author);
    let concern = RwSignal::new(
        moment
            .and_then(|m| {
                state.repo.with_untracked(|r| {
                    r.notebook()
                        .get(m)
                        .map(|m| m.note.chars().take(200).collect::<String>())
                })
            })
            .unwrap_or_default(),
    );
    let watch = RwSignal::new(false);
    let raised_by = RwSignal::new("practitioner".to_owned());
    let raised_by_name = RwSignal::new(me.clone());
    let owner = RwSignal::new(me);
    let due = RwSignal::new(date_input(default_due_date()));
    let (error, set_error) = signal(None::<Key>);
    let label = if moment.is_some() {
        Key::RaiseSignalFromMoment
    } else {
        Key::StartSignal
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(due) = parse_date(&due.get_untracked()) else {
            return set_error.set(Some(Key::ErrDate));
        };
        let start = Start {
            id: new_id(),
            subject: Subject::Child(child),
            watch: watch.get_untracked(),
            assignment: Assignment {
                owner: owner.get_untracked().trim().to_owned(),
                due,
            },
            concern: concern.get_untracked().trim().to_owned(),
            raised_by: Some(if raised_by.get_untracked() == "parent" {
                RaisedBy::Parent
            } else {
                RaisedBy::Practitioner
            }),
            raised_by_name: raised_by_name.get_untracked().trim().to_owned(),
            moments: moment.into_iter().collect(),
        };
        let result = raise_signal(state, start);
        match result {
            Ok(id) => navigate(&format!("/stappenplan/{id}"), Default::default()),
            Err(key) => set_error.set(Some(key)),
        }
    };
    view! {
        <Show when=move || shown.get() fallback=move || view! {
            <button type="button" class="button" on:click=move |_| shown.set(true)>{i18n.tr(label)}</button>
        }>
            <form class="card" on:submit=submit.clone() novalidate>
                <h2>{i18n.tr(label)}</h2>
                <p class="muted">{i18n.tr(Key::StartSignalIntro)}</p>
                <label class="field">
                    <span>{i18n.tr(Key::Concern)}</span>
                    <textarea rows="3" maxlength="500" prop:value=move || concern.get() on:input=move |ev| concern.set(event_target_value(&ev))></textarea>
                    <small>{i18n.tr(Key::ConcernHelp)}</small>
                </label>
                <div class="field">
                    <label for="raised-by">{i18n.tr(Key::RaisedBy)}</label>
                    <select id="raised-by" on:change=move |ev| raised_by.set(event_target_value(&ev))>
                        <option value="practitioner">{i18n.tr(Key::RaisedByPractitioner)}</option>
                        <option value="parent">{i18n.tr(Key::RaisedByParent)}</option>
                    </select>
                </div>
                <Field label=Key::RaisedByName><input type="text" maxlength="80" bind:value=raised_by_name/></Field>
                <Field label=Key::Owner><input type="text" maxlength="80" bind:value=owner/></Field>
                <Field label=Key::DueDate><input type="date" bind:value=due/></Field>
                <label class="choice">
                    <input type="checkbox" bind:checked=watch/>
                    {i18n.tr(Key::WatchChild)}
                </label>
                <ErrorLine error/>
                <div class="form-actions">
                    <button type="submit" class="button primary">{i18n.tr(Key::StartTrajectory)}</button>
                    <button type="button" class="button ghost" on:click=move |_| shown.set(false)>{i18n.tr(Key::Cancel)}</button>
                </div>
            </form>
        </Show>
    }
}

/// "Urgent" beside a trajectory's name: on its screen, in the plans overview and on the child.
#[component]
pub fn UrgentBadge() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge urgent-badge">{i18n.tr(Key::UrgentBadge)}</span> }
}
