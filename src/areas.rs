//! The app's areas as download units. Today, capture and the lock screen are in the main wasm
//! module; every other area is one `#[lazy]` function, which `wasm-split-cli` (see
//! scripts/build-web.sh) moves with everything only it uses into its own chunk, fetched on the
//! first visit of one of its screens. Each area takes the screen to show, so one area is one
//! chunk however many routes it has.

use crate::pages;
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
            Screen::Plans(screen) => plans(screen).await,
            Screen::Monitor(screen) => monitor(screen).await,
            Screen::Settings(screen) => settings(screen).await,
        }
    }

    async fn preload(&self) {}
}

#[lazy]
fn notebook(screen: NotebookScreen) -> AnyView {
    match screen {
        NotebookScreen::Timeline => view! { <pages::Notebook/> }.into_any(),
        NotebookScreen::Moment => view! { <pages::MomentDetail/> }.into_any(),
    }
}

#[lazy]
fn children(screen: ChildrenScreen) -> AnyView {
    match screen {
        ChildrenScreen::List => view! { <pages::Children/> }.into_any(),
        ChildrenScreen::Child => view! { <pages::ChildPage/> }.into_any(),
        ChildrenScreen::ParentShare => view! { <pages::ParentSharePage/> }.into_any(),
        ChildrenScreen::File => view! { <pages::ChildFile/> }.into_any(),
    }
}

#[lazy]
fn plans(screen: PlansScreen) -> AnyView {
    match screen {
        PlansScreen::Overview => view! { <pages::Plans/> }.into_any(),
        PlansScreen::Wellbeing => view! { <pages::Wellbeing/> }.into_any(),
        PlansScreen::Contacts => view! { <pages::Contacts/> }.into_any(),
        PlansScreen::Templates => view! { <pages::Templates/> }.into_any(),
        PlansScreen::GroupConcern => view! { <pages::GroupConcernStart/> }.into_any(),
        PlansScreen::Trajectory => view! { <pages::TrajectoryPage/> }.into_any(),
        PlansScreen::Coaching => view! { <pages::CoachingPage/> }.into_any(),
        PlansScreen::CoachRegister => view! { <pages::CoachRegister/> }.into_any(),
        PlansScreen::Handover => view! { <pages::HandoverPage/> }.into_any(),
    }
}

#[lazy]
fn monitor(screen: MonitorScreen) -> AnyView {
    match screen {
        MonitorScreen::Figures => view! { <pages::Monitor/> }.into_any(),
        MonitorScreen::FunderReport => view! { <pages::FunderReport/> }.into_any(),
    }
}

#[lazy]
fn settings(screen: SettingsScreen) -> AnyView {
    match screen {
        SettingsScreen::Settings => view! { <pages::Settings/> }.into_any(),
        SettingsScreen::Team => view! { <pages::Team/> }.into_any(),
        SettingsScreen::Join => view! { <pages::Join/> }.into_any(),
        SettingsScreen::Growth => view! { <pages::Growth/> }.into_any(),
    }
}
