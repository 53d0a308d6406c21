//! The app's areas as download units. Today, capture and the lock screen are in the main wasm
//! module; every other area is one `#[lazy]` function, which `wasm-split-cli` (see
//! scripts/build-web.sh) moves with everything only it uses into its own chunk, fetched on the
//! first visit of one of its screens. Each area takes the screen to show, so one area is one
//! chunk however many routes it has. The step plan is three areas, along how it is used: the
//! trajectory work of every week, the group work (wellbeing list, group concerns) and the
//! team's set-up (template, contact scheme, coach register); one chunk for all of it was larger
//! than a phone should wait for on the first visit.

use crate::i18n::{self, use_i18n, Key};
use crate::pages;
use crate::platform::sleep_ms;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::ChooseView;

/// An area's chunk could not be fetched or instantiated (offline before the service worker had
/// it, a connection that broke off). Not cached by the loader: the next try fetches again.
#[derive(Debug)]
pub struct Unavailable;

impl From<SplitLoaderError> for Unavailable {
    fn from(_: SplitLoaderError) -> Self {
        Unavailable
    }
}

/// Waits before each further try: a phone's connection often comes back within seconds, and a
/// person would rather wait that long than read an error.
const RETRY_AFTER_MS: [u32; 2] = [500, 2000];

/// A route's view in an area chunk: the router awaits the chunk, then renders the screen.
#[derive(Clone, Copy)]
pub enum Screen {
    Notebook(NotebookScreen),
    Children(ChildrenScreen),
    Plans(PlansScreen),
    Monitor(MonitorScreen),
    Settings(SettingsScreen),
}

// The screen enums cross the chunk boundary as plain bytes (`extern "C"` calls).
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum NotebookScreen {
    Timeline,
    Moment,
}

#[derive(Clone, Copy)]
#[repr(u8)]
pub enum ChildrenScreen {
    List,
    Child,
    ParentShare,
    File,
}

#[derive(Clone, Copy)]
#[repr(u8)]
pub enum PlansScreen {
    Overview,
    Wellbeing,
    Contacts,
    Templates,
    GroupConcern,
    Trajectory,
    Coaching,
    CoachRegister,
    Handover,
}

/// The step plan's screens by the area (chunk) that holds them.
enum PlansArea {
    Work(PlanWork),
    Groups(PlanGroups),
    Setup(PlanSetup),
}

#[derive(Clone, Copy)]
#[repr(u8)]
enum PlanWork {
    Overview,
    Trajectory,
    Coaching,
    Handover,
}

#[derive(Clone, Copy)]
#[repr(u8)]
enum PlanGroups {
    Wellbeing,
    GroupConcern,
}

#[derive(Clone, Copy)]
#[repr(u8)]
enum PlanSetup {
    Templates,
    Contacts,
    CoachRegister,
}

impl PlansScreen {
    fn area(self) -> PlansArea {
        match self {
            PlansScreen::Overview => PlansArea::Work(PlanWork::Overview),
            PlansScreen::Trajectory => PlansArea::Work(PlanWork::Trajectory),
            PlansScreen::Coaching => PlansArea::Work(PlanWork::Coaching),
            PlansScreen::Handover => PlansArea::Work(PlanWork::Handover),
            PlansScreen::Wellbeing => PlansArea::Groups(PlanGroups::Wellbeing),
            PlansScreen::GroupConcern => PlansArea::Groups(PlanGroups::GroupConcern),
            PlansScreen::Templates => PlansArea::Setup(PlanSetup::Templates),
            PlansScreen::Contacts => PlansArea::Setup(PlanSetup::Contacts),
            PlansScreen::CoachRegister => PlansArea::Setup(PlanSetup::CoachRegister),
        }
    }
}

#[derive(Clone, Copy)]
#[repr(u8)]
pub enum MonitorScreen {
    Figures,
    FunderReport,
}

#[derive(Clone, Copy)]
#[repr(u8)]
pub enum SettingsScreen {
    Settings,
    Team,
    Join,
    Growth,
}

impl Screen {
    /// Fetches and instantiates the area's chunk without building a screen.
    async fn fetch(self) -> Result<(), SplitLoaderError> {
        match self {
            Screen::Notebook(_) => fetch_notebook().await,
            Screen::Children(_) => fetch_children().await,
            Screen::Plans(screen) => match screen.area() {
                PlansArea::Work(_) => fetch_plans().await,
                PlansArea::Groups(_) => fetch_plan_groups().await,
                PlansArea::Setup(_) => fetch_plan_setup().await,
            },
            Screen::Monitor(_) => fetch_monitor().await,
            Screen::Settings(_) => fetch_settings().await,
        }
    }

    async fn load(self) -> Result<AnyView, Unavailable> {
        match self {
            Screen::Notebook(screen) => notebook(screen).await,
            Screen::Children(screen) => children(screen).await,
            Screen::Plans(screen) => match screen.area() {
                PlansArea::Work(screen) => plans(screen).await,
                PlansArea::Groups(screen) => plan_groups(screen).await,
                PlansArea::Setup(screen) => plan_setup(screen).await,
            },
            Screen::Monitor(screen) => monitor(screen).await,
            Screen::Settings(screen) => settings(screen).await,
        }
    }
}

impl ChooseView for Screen {
    async fn choose(self) -> AnyView {
        for wait in RETRY_AFTER_MS {
            if let Ok(view) = self.load().await {
                return view;
            }
            sleep_ms(wait).await;
        }
        match self.load().await {
            Ok(view) => view,
            Err(Unavailable) => view! { <AreaUnavailable/> }.into_any(),
        }
    }

    /// The router awaits this before it puts the route's view in place; `choose` then finds the
    /// chunk there and builds the screen in the same task. With the download inside `choose`
    /// alone, a tap on the menu link of the screen still downloading (as right after unlocking
    /// on it) left that screen blank. A failure is left to `choose`, which tries again and
    /// else says so.
    async fn preload(&self) {
        let _ = self.fetch().await;
    }
}

/// In place of the screen, inside the app's frame: the menu still leads to every screen already
/// loaded, and nothing typed elsewhere is lost.
#[component]
fn AreaUnavailable() -> impl IntoView {
    let i18n = use_i18n();
    let reload = move |_| {
        let _ = window().location().reload();
    };
    view! {
        <section class="card" role="alert">
            <h1>{i18n.tr(Key::AreaUnavailableTitle)}</h1>
            <p>{i18n.tr(Key::AreaUnavailableBody)}</p>
            <button type="button" class="button primary" on:click=reload>
                {i18n.tr(Key::UpdateReload)}
            </button>
        </section>
    }
}

#[wasm_split(
    notebook_area,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_notebook)
)]
fn notebook(screen: NotebookScreen) -> Result<AnyView, Unavailable> {
    words(i18n::notebook::load);
    Ok(match screen {
        NotebookScreen::Timeline => view! { <pages::Notebook/> }.into_any(),
        NotebookScreen::Moment => view! { <pages::MomentDetail/> }.into_any(),
    })
}

#[wasm_split(
    children_area,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_children)
)]
fn children(screen: ChildrenScreen) -> Result<AnyView, Unavailable> {
    words(i18n::children::load);
    Ok(match screen {
        ChildrenScreen::List => view! { <pages::Children/> }.into_any(),
        ChildrenScreen::Child => view! { <pages::ChildPage/> }.into_any(),
        ChildrenScreen::ParentShare => view! { <pages::ParentSharePage/> }.into_any(),
        ChildrenScreen::File => view! { <pages::ChildFile/> }.into_any(),
    })
}

#[wasm_split(
    plans_area,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_plans)
)]
fn plans(screen: PlanWork) -> Result<AnyView, Unavailable> {
    words(i18n::plans::load);
    Ok(match screen {
        PlanWork::Overview => view! { <pages::Plans/> }.into_any(),
        PlanWork::Trajectory => view! { <pages::TrajectoryPage/> }.into_any(),
        PlanWork::Coaching => view! { <pages::CoachingPage/> }.into_any(),
        PlanWork::Handover => view! { <pages::HandoverPage/> }.into_any(),
    })
}

#[wasm_split(
    plan_groups_area,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_plan_groups)
)]
fn plan_groups(screen: PlanGroups) -> Result<AnyView, Unavailable> {
    words(i18n::plans::load);
    Ok(match screen {
        PlanGroups::Wellbeing => view! { <pages::Wellbeing/> }.into_any(),
        PlanGroups::GroupConcern => view! { <pages::GroupConcernStart/> }.into_any(),
    })
}

#[wasm_split(
    plan_setup_area,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_plan_setup)
)]
fn plan_setup(screen: PlanSetup) -> Result<AnyView, Unavailable> {
    words(i18n::plans::load);
    Ok(match screen {
        PlanSetup::Templates => view! { <pages::Templates/> }.into_any(),
        PlanSetup::Contacts => view! { <pages::Contacts/> }.into_any(),
        PlanSetup::CoachRegister => view! { <pages::CoachRegister/> }.into_any(),
    })
}

#[wasm_split(
    monitor_area,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_monitor)
)]
fn monitor(screen: MonitorScreen) -> Result<AnyView, Unavailable> {
    words(i18n::monitor::load);
    Ok(match screen {
        MonitorScreen::Figures => view! { <pages::Monitor/> }.into_any(),
        MonitorScreen::FunderReport => view! { <pages::FunderReport/> }.into_any(),
    })
}

#[wasm_split(
    settings_area,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_settings)
)]
fn settings(screen: SettingsScreen) -> Result<AnyView, Unavailable> {
    words(i18n::settings::load);
    Ok(match screen {
        SettingsScreen::Settings => view! { <pages::Settings/> }.into_any(),
        SettingsScreen::Team => view! { <pages::Team/> }.into_any(),
        SettingsScreen::Join => view! { <pages::Join/> }.into_any(),
        SettingsScreen::Growth => view! { <pages::Growth/> }.into_any(),
    })
}

/// An area's words are in its chunk (see `crate::i18n`): put them in the table before its
/// screen asks for them, with those that several areas share. Generic, so the call to `load` is
/// a direct one and `load`, with its words, stays in the chunk.
fn words(area: impl FnOnce()) {
    area();
    i18n::areas::load();
}
