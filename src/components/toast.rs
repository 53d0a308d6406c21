use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::state::use_state;
use leptos::prelude::*;

/// Confirmations and the undo of a deletion, announced politely to screen readers.
#[component]
pub fn ToastHost() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let (error, set_error) = signal(None::<Key>);
    let undo = move |_| {
        let Some(id) = state.toast.get_untracked().and_then(|t| t.undo) else {
            return;
        };
        match state.repo.try_update(|repo| repo.set_deleted(id, false)) {
            Some(Err(err)) => set_error.set(Some(labels::repo_error(&err))),
            _ => state.toast.set(None),
        }
    };
    // A confirmation goes away by itself, so it never hides a button for long; an undo stays
    // longer, being the way back from a deletion. The counter keeps a newer toast from being
    // closed by an older one's timer.
    let shown = StoredValue::new(0u64);
    Effect::new(move |_| {
        let Some(toast) = state.toast.get() else {
            return;
        };
        shown.update_value(|n| *n += 1);
        let mine = shown.get_value();
        let ms = if toast.undo.is_some() { 10_000 } else { 5_000 };
        set_timeout(
            move || {
                if shown.try_get_value() == Some(mine) {
                    state.toast.set(None);
                }
            },
            std::time::Duration::from_millis(ms),
        );
    });
    view! {
        <div class="toast-area" role="status" aria-live="polite">
            {move || state.toast.get().map(|toast| view! {
                <div class="toast">
                    <span>{move || i18n.t(toast.text)}</span>
                    {toast.undo.map(|_| view! {
                        <button class="button" on:click=undo>{i18n.tr(Key::Undo)}</button>
                    })}
                    <button class="button ghost" aria-label="Sluiten / Close" on:click=move |_| state.toast.set(None)>"×"</button>
                </div>
            })}
            {move || error.get().map(|key| view! { <p class="error">{i18n.tr(key)}</p> })}
        </div>
    }
}
