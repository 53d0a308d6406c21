//! App-wide state: the records (one signal; views derive from it) and the undo toast.

use crate::i18n::Key;
use crate::store::{self, repo::Repo};
use leptos::prelude::*;
use signaal_core::id::Id;

#[derive(Clone, Copy)]
pub struct AppState {
    pub repo: RwSignal<Repo>,
    pub toast: RwSignal<Option<Toast>>,
}

/// A short confirmation; `undo` restores a just-deleted record.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub text: Key,
    pub undo: Option<Id>,
}

impl AppState {
    pub fn new() -> Self {
        let repo = RwSignal::new(Repo::load());
        // Two tabs (or the installed app and a browser tab) share one storage: each takes in
        // what the other writes, so neither overwrites the other's moments.
        window_event_listener(leptos::ev::storage, move |ev| {
            if let Some(key) = ev.key() {
                // A value that does not open is left to the tab that reads it at start-up.
                let value = ev.new_value().and_then(|raw| store::open(&key, raw).ok());
                repo.update(|r| r.absorb(&key, value.as_deref()));
            }
        });
        AppState {
            repo,
            toast: RwSignal::new(None),
        }
    }

    pub fn notify(&self, text: Key) {
        self.toast.set(Some(Toast { text, undo: None }));
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
