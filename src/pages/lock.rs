//! The lock screen, and the app-lock card in Settings. The work is in `crate::lock`.

use super::act;
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::lock::{use_lock, LockError};
use leptos::prelude::*;
use signaal_core::lock::{PinError, DEFAULT_MINUTES};
use signaal_web::crypto::CryptoError;

fn words(err: &LockError) -> String {
    let i18n = use_i18n();
    match err {
        LockError::Pin(PinError::Form) => i18n.t(Key::ErrPinForm).to_owned(),
        LockError::Pin(PinError::Mismatch) => i18n.t(Key::ErrPinMismatch).to_owned(),
        LockError::Pin(PinError::Minutes) => i18n.t(Key::ErrPinMinutes).to_owned(),
        LockError::Wrong => i18n.t(Key::ErrPinWrong).to_owned(),
        LockError::Wait(seconds) => format!("{} {seconds} s.", i18n.t(Key::ErrPinWait)),
        LockError::Crypto(CryptoError::NoRandomness(_)) => i18n.t(Key::ErrNoRandom).to_owned(),
        LockError::Crypto(_) => i18n.t(Key::ErrPinCrypto).to_owned(),
        LockError::Save(err) => i18n.t(labels::save_error(err)).to_owned(),
        LockError::NoRoomToUnseal => i18n.t(Key::ErrNoRoomToUnseal).to_owned(),
        LockError::NoRoomToSeal => i18n.t(Key::ErrNoRoomToSeal).to_owned(),
    }
}

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
                {move || error.get().map(|err| view! { <p class="error" role="alert">{words(&err)}</p> })}
                <button type="submit" class="button primary big" disabled=busy>{i18n.tr(Key::LockUnlock)}</button>
            </form>
        </main>
    }
}

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
            {move || error.get().map(|err| view! { <p class="error" role="alert">{words(&err)}</p> })}
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
