//! The Settings card for the organisation's own types of coach activity: add, rename, retire
//! (and offer again). A type is a synced record that activities point to by id, so a new name
//! shows on every activity of that type, and a retired type is no longer offered but stays
//! readable on the activities that have it (`signaal_core::plan::activity::ActivityType`).

use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::platform::new_id;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::plan::activity::{ActivityType, MAX_TYPE_NAME};

#[component]
pub fn ActivityTypes() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, Key)>);
    let types = Memo::new(move |_| {
        let mut list = state.repo.with(|r| r.all::<ActivityType>());
        list.sort_by(|a, b| {
            (a.retired, a.name.to_lowercase(), a.id).cmp(&(b.retired, b.name.to_lowercase(), b.id))
        });
        list
    });
    let save = move |t: ActivityType| match state.repo.try_update(|r| r.save(&t)) {
        Some(Ok(())) => message.set(Some((true, Key::ActivityTypeSaved))),
        Some(Err(err)) => message.set(Some((false, labels::repo_error(&err)))),
        None => {}
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(ActivityType {
            id: new_id(),
            name: name.get_untracked().trim().to_owned(),
            retired: false,
        });
        if matches!(message.get_untracked(), Some((true, _))) {
            name.set(String::new());
        }
    };
    view! {
        <section class="card activity-types" id="activity-types" aria-labelledby="activity-types-title">
            <h2 id="activity-types-title">{i18n.tr(Key::ActivityTypesTitle)}</h2>
            <p class="muted">{i18n.tr(Key::ActivityTypesHelp)}</p>
            {move || {
                let list = types.get();
                if list.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::ActivityTypeNone)}</p> }.into_any();
                }
                view! {
                    <ul class="type-list">
                        {list.into_iter().map(|t| {
                            let draft = RwSignal::new(t.name.clone());
                            let label = format!("{} {}", i18n.t(Key::ActivityTypeName), t.name);
                            let (rename, toggle) = (t.clone(), t.clone());
                            view! {
                                <li class:retired=t.retired>
                                    <input type="text" maxlength=MAX_TYPE_NAME.to_string() aria-label=label bind:value=draft/>
                                    {t.retired.then(|| view! { <span class="muted">" ("{i18n.tr(Key::ActivityTypeRetired)}")"</span> })}
                                    <div class="form-actions">
                                        <button type="button" class="button" on:click=move |_| save(ActivityType { name: draft.get_untracked().trim().to_owned(), ..rename.clone() })>{i18n.tr(Key::ActivityTypeRename)}</button>
                                        <button type="button" class="button" on:click=move |_| save(ActivityType { retired: !toggle.retired, ..toggle.clone() })>
                                            {i18n.tr(if t.retired { Key::ActivityTypeRevive } else { Key::ActivityTypeRetire })}
                                        </button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form on:submit=add novalidate>
                <label class="field">
                    <span>{i18n.tr(Key::ActivityTypeNew)}</span>
                    <input type="text" maxlength=MAX_TYPE_NAME.to_string() bind:value=name/>
                </label>
                {move || message.get().map(|(ok, key)| view! {
                    <p class=if ok { "ok" } else { "error" } role="status">{i18n.tr(key)}</p>
                })}
                <button type="submit" class="button primary">{i18n.tr(Key::ActivityTypeAdd)}</button>
            </form>
        </section>
    }
}
