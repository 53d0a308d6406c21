//! A child's consent register: on the child's page, the trajectory screen and coaching.

use crate::components::{ErrorLine, Field};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::consent::{Consent, ConsentKind, ConsentRegister};

/// A child's consents: record one, withdraw one. Steps that need a consent unblock or re-block
/// at once, because the trajectory screen reads the same records.
#[component]
pub fn ConsentPanel(child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let list = move || {
        state.repo.with(|r| {
            ConsentRegister::for_child(child, r.all::<Consent>().iter())
                .history()
                .to_vec()
        })
    };
    let kind = RwSignal::new("0".to_owned());
    let given_by = RwSignal::new(String::new());
    let given_on = RwSignal::new(date_input(today()));
    let (error, set_error) = signal(None::<Key>);
    let save = move |c: Consent, done: Key| match state.repo.try_update(|r| r.save(&c)) {
        Some(Ok(())) => {
            set_error.set(None);
            state.notify(done);
            true
        }
        Some(Err(err)) => {
            set_error.set(Some(labels::repo_error(&err)));
            false
        }
        None => false,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(on) = parse_date(&given_on.get_untracked()) else {
            return set_error.set(Some(Key::ErrDate));
        };
        let k = kind
            .get_untracked()
            .parse::<usize>()
            .ok()
            .and_then(|i| ConsentKind::ALL.get(i).copied())
            .unwrap_or(ConsentKind::SchoolContact);
        let c = Consent::new(new_id(), child, k, given_by.get_untracked().trim(), on);
        if save(c, Key::ConsentSaved) {
            given_by.set(String::new());
        }
    };
    view! {
        <section class="card consents">
            <h2>{i18n.tr(Key::ConsentsTitle)}</h2>
            {move || {
                let items = list();
                if items.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::NoConsents)}</p> }.into_any();
                }
                view! {
                    <ul class="consent-list">
                        {items.into_iter().map(|c| {
                            let given = c.given_on;
                            let withdrawn = c.withdrawn_on;
                            let kind = c.kind;
                            let active = c.withdrawn_on.is_none();
                            let by = c.given_by.clone();
                            let withdraw = move |_| {
                                let mut c = c.clone();
                                c.withdrawn_on = Some(today().max(c.given_on));
                                save(c, Key::ConsentWithdrawn);
                            };
                            view! {
                                <li class:withdrawn=!active>
                                    <span>
                                        <strong>{i18n.tr(labels::consent(kind))}</strong>
                                        " · "{move || format_date(i18n.lang.get(), given)}" · "{by}
                                    </span>
                                    {withdrawn.map(|w| view! { <span class="muted">" · "{i18n.tr(Key::WithdrawnOn)}" "{move || format_date(i18n.lang.get(), w)}</span> })}
                                    {active.then(|| view! {
                                        <button type="button" class="button" on:click=withdraw>{i18n.tr(Key::WithdrawConsent)}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for=format!("consent-kind-{child}")>{i18n.tr(Key::ConsentKindLabel)}</label>
                    <select id=format!("consent-kind-{child}") on:change=move |ev| kind.set(event_target_value(&ev))>
                        {ConsentKind::ALL.into_iter().enumerate().map(|(i, k)| view! {
                            <option value=i.to_string()>{i18n.tr(labels::consent(k))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field label=Key::ConsentGivenBy><input type="text" maxlength="80" bind:value=given_by/></Field>
                <Field label=Key::ConsentGivenOn><input type="date" bind:value=given_on/></Field>
                <ErrorLine error/>
                <button type="submit" class="button">{i18n.tr(Key::RecordConsent)}</button>
            </form>
        </section>
    }
}
