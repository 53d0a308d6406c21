//! The app shell: router, navigation, banners. Pages live in `pages/`.

use crate::areas::{
    ChildrenScreen, MonitorScreen, NotebookScreen, PlansScreen, Screen, SettingsScreen,
};
use crate::components::{SyncBanner, ToastHost};
use crate::i18n::{use_i18n, I18n, Key};
use crate::pages;
use crate::state::{use_state, AppState};
use crate::sync::SyncClient;
use crate::{lock, platform, pwa, store, sync};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;
use wasm_bindgen::JsCast;

#[component]
pub fn App() -> impl IntoView {
    let settings = RwSignal::new(store::device::load());
    let lang = RwSignal::new(settings.get_untracked().lang);
    provide_context(I18n { lang });
    provide_context(settings);

    // The document language follows the UI so screen readers pronounce it right.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });

    let pwa = pwa::start();
    provide_context(pwa);
    platform::after_first_paint(platform::request_persistent_storage);
    let lock = lock::start();
    provide_context(lock);

    // With a PIN the stored data is sealed: it is loaded (and sync started) at the first unlock,
    // once, and then kept while the lock hides the app.
    let services = RwSignal::new(None::<(AppState, SyncClient)>);
    let owner = Owner::current().expect("the app is mounted inside an owner");
    let load = move |locked: bool| {
        if !locked && services.with_untracked(Option::is_none) {
            // In the app's own scope, not this effect's, so they live as long as the app.
            let loaded = owner.with(|| {
                let state = AppState::new();
                (state, sync::start(state.repo, pwa.online))
            });
            services.set(Some(loaded));
        }
    };
    load(lock.locked.get_untracked());
    Effect::new(move |_| load(lock.locked.get()));

    // Start-up is two tasks, so that neither holds up a phone's first tap for long (Lighthouse's
    // blocking time): this one loads the records and mounts the shell behind index.html's frame,
    // the next builds the screen and takes the frame's place (`Shell`).
    let screen_ready = RwSignal::new(false);
    set_timeout(
        move || {
            platform::take_over_frame();
            screen_ready.set(true);
        },
        std::time::Duration::ZERO,
    );

    view! {
        <Router>
            // Locked, the app is not in the page at all: no note can be read behind the lock.
            <Show when=move || !lock.locked.get() fallback=pages::LockScreen>
                {move || services.get().map(|(state, sync)| view! { <Shell state sync screen_ready/> })}
            </Show>
        </Router>
    }
}

#[component]
fn Shell(state: AppState, sync: SyncClient, screen_ready: RwSignal<bool>) -> impl IntoView {
    provide_context(state);
    provide_context(sync);
    view! {
        <SkipLink/>
        <Header/>
        <div class="layout">
            <Nav/>
            <main id="main" tabindex="-1">
                <StatusBanners/>
                <Show when=move || screen_ready.get()>
                    <Routes fallback=pages::NotFound>
                        <Route path=path!("/") view=pages::Today/>
                        <Route path=path!("/moment") view=pages::NewMoment/>
                        <Route path=path!("/moment/:id") view=pages::EditMoment/>
                        <Route path=path!("/schriftje") view=Screen::Notebook(NotebookScreen::Timeline)/>
                        <Route path=path!("/schriftje/:id") view=Screen::Notebook(NotebookScreen::Moment)/>
                        <Route path=path!("/kinderen") view=Screen::Children(ChildrenScreen::List)/>
                        <Route path=path!("/kinderen/:id") view=Screen::Children(ChildrenScreen::Child)/>
                        <Route path=path!("/kinderen/:id/ouders") view=Screen::Children(ChildrenScreen::ParentShare)/>
                        <Route path=path!("/kinderen/:id/dossier") view=Screen::Children(ChildrenScreen::File)/>
                        <Route path=path!("/stappenplan") view=Screen::Plans(PlansScreen::Overview)/>
                        <Route path=path!("/stappenplan/welbevinding") view=Screen::Plans(PlansScreen::Wellbeing)/>
                        <Route path=path!("/stappenplan/contacten") view=Screen::Plans(PlansScreen::Contacts)/>
                        <Route path=path!("/stappenplan/sjabloon") view=Screen::Plans(PlansScreen::Templates)/>
                        <Route path=path!("/stappenplan/groep") view=Screen::Plans(PlansScreen::GroupConcern)/>
                        <Route path=path!("/stappenplan/coach") view=Screen::Plans(PlansScreen::CoachRegister)/>
                        <Route path=path!("/stappenplan/:id") view=Screen::Plans(PlansScreen::Trajectory)/>
                        <Route path=path!("/stappenplan/:id/coaching") view=Screen::Plans(PlansScreen::Coaching)/>
                        <Route path=path!("/stappenplan/:id/overdracht") view=Screen::Plans(PlansScreen::Handover)/>
                        <Route path=path!("/overzicht") view=Screen::Monitor(MonitorScreen::Figures)/>
                        <Route path=path!("/overzicht/rapportage") view=Screen::Monitor(MonitorScreen::FunderReport)/>
                        <Route path=path!("/instellingen") view=Screen::Settings(SettingsScreen::Settings)/>
                        <Route path=path!("/instellingen/team") view=Screen::Settings(SettingsScreen::Team)/>
                        <Route path=path!("/instellingen/groei") view=Screen::Settings(SettingsScreen::Growth)/>
                        <Route path=path!("/join") view=Screen::Settings(SettingsScreen::Join)/>
                    </Routes>
                </Show>
                <ToastHost/>
            </main>
        </div>
    }
}

/// The router would treat `#main` as a navigation; focusing the content is what the link is for.
#[component]
fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>{i18n.tr(Key::SkipToContent)}</a>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <img src="/icons/favicon-32.png" alt="" width="28" height="28"/>
                <span>{i18n.tr(Key::AppName)}</span>
            </A>
            <div class="topbar-actions">
            <A href="/instellingen" attr:class="icon-button settings-shortcut" attr:aria-label=i18n.tr(Key::NavSettings)>
                <span aria-hidden="true">"⚙"</span>
            </A>
            <A href="/moment" attr:class="button primary new-moment" attr:aria-label=i18n.tr(Key::NewMomentLabel)>
                <span aria-hidden="true">"+ "</span>
                {i18n.tr(Key::NewMoment)}
            </A>
            </div>
        </header>
    }
}

#[component]
fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let item = move |href: &'static str, icon: &'static str, key: Key| {
        view! {
            <li class=if key == Key::NavSettings { "nav-settings" } else { "" }>
                <A href=href exact=true>
                    <span class="nav-icon" aria-hidden="true">{icon}</span>
                    <span class="nav-label">{i18n.tr(key)}</span>
                </A>
            </li>
        }
    };
    view! {
        <nav class="mainnav" aria-label=i18n.tr(Key::MainNav)>
            <ul>
                {item("/", "☀", Key::NavToday)}
                {item("/schriftje", "✎", Key::NavNotebook)}
                {item("/kinderen", "☺", Key::NavChildren)}
                {item("/stappenplan", "➜", Key::NavPlans)}
                {item("/overzicht", "▦", Key::NavMonitor)}
                {item("/instellingen", "⚙", Key::NavSettings)}
            </ul>
        </nav>
    }
}

#[component]
fn StatusBanners() -> impl IntoView {
    let i18n = use_i18n();
    let pwa = expect_context::<pwa::Pwa>();
    let state = use_state();
    let problems = move || state.repo.with(|r| !r.problems().is_empty());
    let lock = lock::use_lock();
    // Measuring walks every stored value, so the first measure waits for the first screen.
    let measured = RwSignal::new(false);
    platform::after_first_paint(move || measured.set(true));
    let nearly_full = Memo::new(move |_| {
        state.repo.track();
        // Unsealed, the same data takes about twice the room.
        lock.settings.track();
        measured.get() && store::usage() >= store::WARN_AT
    });
    view! {
        <Show when=move || nearly_full.get()>
            <p class="banner warn" role="alert">
                {i18n.tr(Key::StorageWarning)}" "<a href="/instellingen">{i18n.tr(Key::NavSettings)}</a>
            </p>
        </Show>
        <Show when=problems>
            <p class="banner warn" role="alert">
                {i18n.tr(Key::ProblemsBanner)}" "<a href="/instellingen">{i18n.tr(Key::NavSettings)}</a>
            </p>
        </Show>
        <SyncBanner/>
        <Show when=move || !pwa.online.get()>
            <p class="banner offline" role="status">{i18n.tr(Key::Offline)}</p>
        </Show>
        <Show when=move || pwa.update_ready.get()>
            <div class="banner update" role="status">
                <span>{i18n.tr(Key::UpdateReady)}</span>
                <button class="button" on:click=move |_| pwa.apply_update()>
                    {i18n.tr(Key::UpdateReload)}
                </button>
            </div>
        </Show>
    }
}
