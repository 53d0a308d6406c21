//! The coach's request list on the deployment register: who asked when, about which group and
//! question, and the waiting time until the first contact, longest waiting first
//! (`signaal_core::plan::request`).

use crate::components::{ErrorLine, Field};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::request::{queue, CoachRequest};
use signaal_core::plan::PlanError;

fn request_error(err: &PlanError) -> Key {
    match err {
        PlanError::DateOrder { .. } => Key::ErrDate,
        _ => Key::ErrRequest,
    }
}

#[component]
pub fn RequestQueue(groups: Memo<Vec<(Id, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let asked_on = RwSignal::new(date_input(today()));
    let asked_by = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);
    let requests = Memo::new(move |_| state.repo.with(|r| r.all::<CoachRequest>()));
    let save = move |req: Result<CoachRequest, Key>, done: Key| {
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            r.save(&req?).map_err(|e| labels::repo_error(&e))
        });
        match result {
            Some(Ok(())) => {
                error.set(None);
                state.notify(done);
                true
            }
            Some(Err(key)) => {
                error.set(Some(key));
                false
            }
            None => false,
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = parse_date(&asked_on.get_untracked())
            .ok_or(Key::ErrDate)
            .and_then(|on| {
                let req = CoachRequest {
                    id: new_id(),
                    asked_on: on,
                    asked_by: asked_by.get_untracked().trim().to_owned(),
                    group: group.get_untracked().parse().ok(),
                    question: question.get_untracked().trim().to_owned(),
                    first_contact_on: None,
                };
                req.check().map_err(|e| request_error(&e)).map(|()| req)
            });
        if save(req, Key::RequestSaved) {
            question.set(String::new());
        }
    };
    let group_name = move |id: Option<Id>| {
        groups.with(|gs| {
            id.and_then(|id| gs.iter().find(|(g, _)| *g == id).map(|(_, n)| n.clone()))
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card coach-requests">
            <h2>{i18n.tr(Key::RequestsTitle)}</h2>
            {move || {
                let all = requests.get();
                if all.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::RequestsNone)}</p> }.into_any();
                }
                let day = today();
                view! {
                    <ul class="request-list">
                        {queue(&all).into_iter().cloned().map(|req| {
                            let waited = req.waiting_days(day);
                            let asked = req.asked_on;
                            let first = req.first_contact_on;
                            let label = format!("{} · {}", req.asked_by, req.question);
                            let contact = {
                                let req = req.clone();
                                move |_| {
                                    let next = req.contacted(today()).map_err(|e| request_error(&e));
                                    save(next, Key::RequestContacted);
                                }
                            };
                            view! {
                                <li class:waiting=first.is_none()>
                                    <strong>{req.question.clone()}</strong>
                                    " · "{req.asked_by.clone()}
                                    {(!group_name(req.group).is_empty()).then(|| format!(" · {}", group_name(req.group)))}
                                    <br/>
                                    <span>{i18n.tr(Key::RequestAskedOn)}" "{move || format_date(i18n.lang.get(), asked)}</span>
                                    {match first {
                                        Some(c) => view! {
                                            <span>" · "{i18n.tr(Key::RequestFirstContact)}" "{move || format_date(i18n.lang.get(), c)}" · "{i18n.tr(Key::RequestWaited)}" "<span class="request-days">{waited}</span>" "{i18n.tr(Key::Days)}</span>
                                        }.into_any(),
                                        None => view! {
                                            <span>" · "<strong>{i18n.tr(Key::RequestWaiting)}" "<span class="request-days">{waited}</span>" "{i18n.tr(Key::Days)}</strong></span>
                                            <div class="form-actions">
                                                <button type="button" class="button" aria-label=move || format!("{}: {label}", i18n.t(Key::RequestContactToday)) on:click=contact>{i18n.tr(Key::RequestContactToday)}</button>
                                            </div>
                                        }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form on:submit=submit novalidate>
                <h3>{i18n.tr(Key::RequestNew)}</h3>
                <Field label=Key::RequestAskedOn><input type="date" bind:value=asked_on/></Field>
                <Field label=Key::RequestAskedBy><input type="text" maxlength="80" bind:value=asked_by/></Field>
                <div class="field">
                    <label for="request-group">{i18n.tr(Key::Group)}</label>
                    <select id="request-group" on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">{i18n.tr(Key::AllGroups)}</option>
                        {move || groups.get().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
                <Field label=Key::RequestQuestion><input type="text" maxlength="300" bind:value=question/></Field>
                <ErrorLine error/>
                <button type="submit" class="button">{i18n.tr(Key::RequestSave)}</button>
            </form>
        </section>
    }
}
