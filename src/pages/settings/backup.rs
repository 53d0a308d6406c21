//! Restoring a backup file: validated, merged record by record like a sync (so nothing is added
//! twice), with a report of what was added, what changed and what could not be read.

use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::platform::file_text;
use crate::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::storage::backup::{read, BackupError, Unreadable};
use wasm_bindgen::JsCast;

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Restored {
        added: usize,
        changed: usize,
        unreadable: Vec<Unreadable>,
    },
    Refused(Key),
}

fn refused(err: &BackupError) -> Key {
    match err {
        BackupError::NotJson | BackupError::NotABackup => Key::ErrNotABackup,
        BackupError::NewerVersion(_) => Key::ErrBackupNewer,
    }
}

#[component]
pub fn RestoreBackup() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = match file_text(&input).await {
                None => Outcome::Refused(Key::ErrNotABackup),
                Some(text) => match read(&text) {
                    Err(err) => Outcome::Refused(refused(&err)),
                    Ok(restored) => match state.repo.try_update(|r| r.restore(restored.records)) {
                        Some(Ok(merged)) => Outcome::Restored {
                            added: merged.added,
                            changed: merged.changed,
                            unreadable: restored.unreadable,
                        },
                        Some(Err(err)) => Outcome::Refused(labels::save_error(&err)),
                        None => return,
                    },
                },
            };
            // The same file may be chosen again (e.g. after freeing space).
            input.set_value("");
            let _ = outcome.try_set(Some(result));
            let _ = busy.try_set(false);
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::RestoreTitle)}</h2>
            <p class="muted">{i18n.tr(Key::RestoreHelp)}</p>
            <label class="field">
                <span>{i18n.tr(Key::RestoreChoose)}</span>
                <input type="file" accept=".json,application/json" disabled=busy on:change=chosen/>
            </label>
            {move || outcome.get().map(|o| match o {
                Outcome::Refused(key) => view! { <p class="error" role="alert">{i18n.tr(key)}</p> }.into_any(),
                Outcome::Restored { added, changed, unreadable } => view! {
                    <p class="ok" role="status">
                        {move || format!("{} {added} {} · {changed} {}", i18n.t(Key::RestoreDone), i18n.t(Key::RestoreAdded), i18n.t(Key::RestoreChanged))}
                    </p>
                    {(!unreadable.is_empty()).then(|| view! {
                        <p class="error" role="alert">{i18n.tr(Key::RestoreUnreadable)}</p>
                        <ul>{unreadable.into_iter().map(|u| view! { <li><code>{u.key}</code>" — "{u.reason}</li> }).collect_view()}</ul>
                    })}
                }.into_any(),
            })}
        </section>
    }
}
