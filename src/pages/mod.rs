//! One module per screen.

mod actions;
mod activity_types;
mod backup;
mod capture;
mod children;
mod coach_budget;
mod coach_register;
mod coach_requests;
mod coaching;
mod contacts;
mod dossier;
mod erase;
mod follow_up;
mod goals;
mod group_concern;
mod growth;
mod handover;
mod insecure;
mod lock;
mod monitor;
mod notebook;
mod placeholder;
mod plans;
mod report;
mod settings;
mod share;
mod step_forms;
mod team;
mod templates;
mod today;
mod urgency;
mod wellbeing;

pub use capture::{EditMoment, NewMoment};
pub use children::{ChildPage, Children};
pub use coach_register::CoachRegister;
pub use coaching::CoachingPage;
pub use contacts::Contacts;
pub use dossier::ChildFile;
pub use group_concern::GroupConcernStart;
pub use growth::Growth;
pub use handover::HandoverPage;
pub use insecure::InsecureOrigin;
pub use lock::LockScreen;
pub use monitor::Monitor;
pub use notebook::{MomentDetail, Notebook};
pub use placeholder::NotFound;
pub use plans::{Plans, TrajectoryPage};
pub use report::FunderReport;
pub use settings::Settings;
pub use share::{ParentSharePage, ShareCard};
pub use team::{Join, Team};
pub use templates::Templates;
pub use today::Today;
pub use wellbeing::Wellbeing;

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
