//! Running a button's async action with a busy flag and an error to show.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// Runs a button's async action: `busy` while it runs (the button is disabled), a failure in
/// `error` for the form to show.
pub fn act<E: Send + Sync + 'static>(
    busy: RwSignal<bool>,
    error: RwSignal<Option<E>>,
    action: impl Future<Output = Result<(), E>> + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    error.set(None);
    spawn_local(async move {
        let result = action.await;
        // The component may be gone by now (e.g. the team view replaced the setup view).
        let _ = busy.try_set(false);
        let _ = error.try_set(result.err());
    });
}
