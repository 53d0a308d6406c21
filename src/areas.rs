//! The app's areas as download units. Today, capture and the lock screen are in the main wasm
//! module; every other area is one `#[lazy]` function, which `wasm-split-cli` (see
//! scripts/build-web.sh) moves with everything only it uses into its own chunk, fetched on the
//! first visit of one of its screens. Each area takes the screen to show, so one area is one
//! chunk however many routes it has. The step plan is three areas, along how it is used: the
//! trajectory work of every week, the group work (wellbeing list, group concerns) and the
//! team's set-up (template, contact scheme, coach register); one chunk for all of it was larger
//! than a phone should wait for on the first visit.

use crate::{i18n, pages};
use leptos::prelude::*;
use leptos_router::ChooseView;

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

impl ChooseView for Screen {
    async fn choose(self) -> AnyView {
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

    async fn preload(&self) {}
}

#[lazy]
fn notebook(screen: NotebookScreen) -> AnyView {
    words(i18n::notebook::load);
    match screen {
        NotebookScreen::Timeline => view! { <pages::Notebook/> }.into_any(),
        NotebookScreen::Moment => view! { <pages::MomentDetail/> }.into_any(),
    }
}

#[lazy]
fn children(screen: ChildrenScreen) -> AnyView {
    words(i18n::children::load);
    match screen {
        ChildrenScreen::List => view! { <pages::Children/> }.into_any(),
        ChildrenScreen::Child => view! { <pages::ChildPage/> }.into_any(),
        ChildrenScreen::ParentShare => view! { <pages::ParentSharePage/> }.into_any(),
        ChildrenScreen::File => view! { <pages::ChildFile/> }.into_any(),
    }
}

#[lazy]
fn plans(screen: PlanWork) -> AnyView {
    words(i18n::plans::load);
    match screen {
        PlanWork::Overview => view! { <pages::Plans/> }.into_any(),
        PlanWork::Trajectory => view! { <pages::TrajectoryPage/> }.into_any(),
        PlanWork::Coaching => view! { <pages::CoachingPage/> }.into_any(),
        PlanWork::Handover => view! { <pages::HandoverPage/> }.into_any(),
    }
}

#[lazy]
fn plan_groups(screen: PlanGroups) -> AnyView {
    words(i18n::plans::load);
    match screen {
        PlanGroups::Wellbeing => view! { <pages::Wellbeing/> }.into_any(),
        PlanGroups::GroupConcern => view! { <pages::GroupConcernStart/> }.into_any(),
    }
}

#[lazy]
fn plan_setup(screen: PlanSetup) -> AnyView {
    words(i18n::plans::load);
    match screen {
        PlanSetup::Templates => view! { <pages::Templates/> }.into_any(),
        PlanSetup::Contacts => view! { <pages::Contacts/> }.into_any(),
        PlanSetup::CoachRegister => view! { <pages::CoachRegister/> }.into_any(),
    }
}

#[lazy]
fn monitor(screen: MonitorScreen) -> AnyView {
    words(i18n::monitor::load);
    match screen {
        MonitorScreen::Figures => view! { <pages::Monitor/> }.into_any(),
        MonitorScreen::FunderReport => view! { <pages::FunderReport/> }.into_any(),
    }
}

#[lazy]
fn settings(screen: SettingsScreen) -> AnyView {
    words(i18n::settings::load);
    match screen {
        SettingsScreen::Settings => view! { <pages::Settings/> }.into_any(),
        SettingsScreen::Team => view! { <pages::Team/> }.into_any(),
        SettingsScreen::Join => view! { <pages::Join/> }.into_any(),
        SettingsScreen::Growth => view! { <pages::Growth/> }.into_any(),
    }
}

/// An area's words are in its chunk (see `crate::i18n`): put them in the table before its
/// screen asks for them, with those that several areas share. Generic, so the call to `load` is
/// a direct one and `load`, with its words, stays in the chunk.
fn words(area: impl FnOnce()) {
    area();
    i18n::areas::load();
}
