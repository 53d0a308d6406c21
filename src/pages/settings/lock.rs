//! The app-lock card in Settings: set, change or remove the PIN and the minutes. The work is in
//! `crate::lock`.

use crate::components::act;
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::lock::{use_lock, LockError};
use leptos::prelude::*;
use signaal_core::lock::DEFAULT_MINUTES;

#[component]
pub fn LockCard() -> impl IntoView {
    let i18n = use_i18n();
    let lock = use_lock();
    let (pin, again, current) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let minutes = RwSignal::new(
        lock.settings
            .with_untracked(|s| s.as_ref().map_or(DEFAULT_MINUTES, |s| s.minutes))
            .to_string(),
    );
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<LockError>));
    let done = RwSignal::new(None::<Key>);
    let set = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (p, a, m) = (
            pin.get_untracked(),
            again.get_untracked(),
            minutes.get_untracked().trim().parse().unwrap_or(0),
        );
        let c = current.get_untracked();
        done.set(None);
        act(busy, error, async move {
            lock.set_pin(&c, &p, &a, m).await?;
            pin.set(String::new());
            again.set(String::new());
            current.set(String::new());
            done.set(Some(Key::LockSaved));
            Ok(())
        });
    };
    let off = move |_| {
        let c = current.get_untracked();
        done.set(None);
        act(busy, error, async move {
            lock.remove(&c).await?;
            current.set(String::new());
            done.set(Some(Key::LockRemoved));
            Ok(())
        });
    };
    let is_on = move || lock.settings.with(Option::is_some);
    view! {
        <form class="card" on:submit=set novalidate>
            <h2>{i18n.tr(Key::LockCardTitle)}</h2>
            <p class="muted">{i18n.tr(Key::LockCardHelp)}</p>
            <Show when=is_on>
                <p class="ok">{move || format!("{} {}.", i18n.t(Key::LockIsOn), lock.settings.with(|s| s.as_ref().map_or(0, |s| s.minutes)))}</p>
            </Show>
            // Values a full storage left plain at the last sealing.
            <Show when=move || { is_on() && !crate::store::all_sealed() }>
                <p class="banner warn" role="alert">{i18n.tr(Key::LockNotAllSealed)}</p>
            </Show>
            // Changing the PIN and turning the lock off both need the current one.
            <Show when=is_on>
                <label class="field">
                    <span>{i18n.tr(Key::LockCurrentPin)}</span>
                    <input type="password" inputmode="numeric" autocomplete="current-password" maxlength="8" bind:value=current/>
                </label>
            </Show>
            <label class="field">
                <span>{i18n.tr(Key::LockNewPin)}</span>
                <input type="password" inputmode="numeric" autocomplete="new-password" maxlength="8" bind:value=pin/>
            </label>
            <label class="field">
                <span>{i18n.tr(Key::LockAgain)}</span>
                <input type="password" inputmode="numeric" autocomplete="new-password" maxlength="8" bind:value=again/>
            </label>
            <label class="field">
                <span>{i18n.tr(Key::LockMinutes)}</span>
                <input type="text" inputmode="numeric" maxlength="2" bind:value=minutes/>
            </label>
            <p class="banner warn">{i18n.tr(Key::LockForgotten)}</p>
            {move || error.get().map(|err| view! { <p class="error" role="alert">{labels::lock_error(i18n, &err)}</p> })}
            {move || done.get().map(|key| view! { <p class="ok" role="status">{i18n.tr(key)}</p> })}
            <p class="form-actions">
                <button type="submit" class="button" disabled=busy>{i18n.tr(Key::LockSet)}</button>
                <Show when=is_on>
                    <button type="button" class="button" on:click=move |_| lock.lock_now()>{i18n.tr(Key::LockNow)}</button>
                </Show>
            </p>
            <Show when=is_on>
                <button type="button" class="button danger" disabled=busy on:click=off>{i18n.tr(Key::LockOff)}</button>
            </Show>
        </form>
    }
}
