//! The sync status in words: on the team page and in Settings always, in the shell's banners
//! when it needs attention (an error, or changes waiting while offline). "Synced" and the few
//! seconds a fresh save waits for its push stay out of the shell, so it does not flicker.

use crate::i18n::{use_i18n, I18n, Key};
use crate::sync::{use_sync, Status};
use leptos::prelude::*;
use leptos_router::components::A;

pub fn status_text(i18n: I18n, status: &Status) -> String {
    let pending = |n: usize| match n {
        1 => i18n.t(Key::SyncPendingOne).to_owned(),
        n => format!("{n} {}", i18n.t(Key::SyncPendingMany)),
    };
    match status {
        Status::Off => i18n.t(Key::TeamNone).to_owned(),
        Status::Synced => i18n.t(Key::SyncSynced).to_owned(),
        Status::Pending(n) => pending(*n),
        Status::Offline(0) => i18n.t(Key::SyncOffline).to_owned(),
        Status::Offline(n) => format!("{} · {}", i18n.t(Key::SyncOffline), pending(*n)),
        Status::Failed(err) => format!("{} {}", i18n.t(Key::SyncError), i18n.t(err.words())),
    }
}

#[component]
pub fn SyncBanner() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let status = Memo::new(move |_| sync.status());
    let failed = Memo::new(move |_| match status.get() {
        Status::Failed(err) => Some(err),
        _ => None,
    });
    let waiting_offline = move || matches!(status.get(), Status::Offline(n) if n > 0);
    view! {
        <Show when=waiting_offline>
            <p class="banner info" role="status">{move || status_text(i18n, &status.get())}</p>
        </Show>
        {move || failed.get().map(|err| view! {
            <p class="banner warn" role="alert">
                <span>{move || format!("{}: {} {}", i18n.t(Key::SyncStatusLabel), i18n.t(Key::SyncError), i18n.t(err.words()))}</span>
                <A href="/instellingen/team">{i18n.tr(Key::TeamManage)}</A>
            </p>
        })}
        <Show when=move || { sync.unreadable() > 0 }>
            <p class="banner warn" role="alert">{move || format!("{} {}", i18n.t(Key::SyncUnreadable), sync.unreadable())}</p>
        </Show>
    }
}
