//! One module per screen.

mod capture;
mod children;
mod insecure;
mod lock;
mod monitor;
mod notebook;
mod placeholder;
mod plans;
mod settings;
mod today;

pub use capture::{EditMoment, NewMoment};
pub use children::{ChildFile, ChildPage, Children, ParentSharePage};
pub use insecure::InsecureOrigin;
pub use lock::LockScreen;
pub use monitor::{FunderReport, Monitor};
pub use notebook::{MomentDetail, Notebook};
pub use placeholder::NotFound;
pub use plans::{
    CoachRegister, CoachingPage, Contacts, GroupConcernStart, HandoverPage, Plans, Templates,
    TrajectoryPage, Wellbeing,
};
pub use settings::{Join, Settings, Team};
pub use today::Today;

use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// Runs a button's async action: `busy` while it runs (the button is disabled), a failure in
/// `error` for the form to show.
fn act<E: Send + Sync + 'static>(
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

/// The heading block every screen starts with; it also sets the document title.
#[component]
pub fn PageHeader(title: Key, intro: Key) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        document().set_title(&format!("{} · {}", i18n.t(title), i18n.t(Key::AppName)));
    });
    view! {
        <header class="page-header">
            <h1>{i18n.tr(title)}</h1>
            <p class="intro">{i18n.tr(intro)}</p>
        </header>
    }
}
