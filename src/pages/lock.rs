//! The lock screen. The work is in `crate::lock`.

use crate::components::act;
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::lock::{use_lock, LockError};
use leptos::prelude::*;

/// Shown instead of the whole app while locked: nothing of the notebook is in the page.
#[component]
pub fn LockScreen() -> impl IntoView {
    let i18n = use_i18n();
    let lock = use_lock();
    let pin = RwSignal::new(String::new());
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<LockError>));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = pin.get_untracked();
        pin.set(String::new());
        act(busy, error, async move { lock.unlock(&typed).await });
    };
    Effect::new(move |_| {
        document().set_title(&format!(
            "{} · {}",
            i18n.t(Key::LockTitle),
            i18n.t(Key::AppName)
        ))
    });
    view! {
        <main id="main" class="lock-screen">
            <form class="card" on:submit=submit>
                <h1>{i18n.tr(Key::LockTitle)}</h1>
                <p>{i18n.tr(Key::LockHelp)}</p>
                <label class="field">
                    <span>{i18n.tr(Key::LockPin)}</span>
                    <input type="password" inputmode="numeric" autocomplete="current-password" maxlength="8" autofocus bind:value=pin/>
                </label>
                {move || error.get().map(|err| view! { <p class="error" role="alert">{labels::lock_error(i18n, &err)}</p> })}
                <button type="submit" class="button primary big" disabled=busy>{i18n.tr(Key::LockUnlock)}</button>
            </form>
        </main>
    }
}
