//! The translation table. Each key carries its Dutch and English text side by side, so a missing
//! translation is a compile error rather than a blank label.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "nl")]
    Nl,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Each language names itself, so a user who cannot read the current one still finds theirs.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
        }
    }
}

macro_rules! translations {
    ($($key:ident => $nl:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key),* }

        impl Key {
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Lang::Nl) => $nl, (Key::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

translations! {
    AppName => "Signaal", "Signaal";
    SkipToContent => "Naar de inhoud", "Skip to content";
    MainNav => "Hoofdmenu", "Main menu";
    NavToday => "Vandaag", "Today";
    NavNotebook => "Schriftje", "Notebook";
    NavChildren => "Kinderen", "Children";
    NavPlans => "Stappenplan", "Step plan";
    NavMonitor => "Overzicht", "Overview";
    NavSettings => "Instellingen", "Settings";
    NewMoment => "Moment", "Moment";
    NewMomentLabel => "Nieuw moment noteren", "Write down a new moment";
    TodayTitle => "Vandaag", "Today";
    TodayIntro => "Overdracht en momenten van vandaag.", "Handover and today's moments.";
    NotebookTitle => "Schriftje", "Notebook";
    NotebookIntro => "Opvallende momenten, nieuwste eerst.", "Notable moments, newest first.";
    ChildrenTitle => "Kinderen", "Children";
    ChildrenIntro => "Kinderen per groep.", "Children per group.";
    PlansTitle => "Stappenplan", "Step plan";
    PlansIntro => "Kinderen in een traject van vroegsignalering.", "Children in an early-signalling trajectory.";
    MonitorTitle => "Overzicht", "Overview";
    MonitorIntro => "Signalen, trajecten en evaluaties van de locatie.", "Signals, trajectories and evaluations of the location.";
    SettingsTitle => "Instellingen", "Settings";
    Language => "Taal", "Language";
    LanguageHelp => "De taal van de app op dit apparaat.", "The app's language on this device.";
    NothingYet => "Hier staat nog niets.", "Nothing here yet.";
    NotFoundTitle => "Pagina niet gevonden", "Page not found";
    NotFoundBody => "Deze pagina bestaat niet. Kies een onderdeel in het menu.", "This page does not exist. Pick a section from the menu.";
    BackHome => "Naar Vandaag", "Go to Today";
    UpdateReady => "Er is een nieuwe versie van Signaal.", "A new version of Signaal is available.";
    UpdateReload => "Herladen", "Reload";
    Offline => "Offline: je werk wordt op dit apparaat bewaard.", "Offline: your work is kept on this device.";
    StorageSaveFailed => "Opslaan lukte niet", "Saving failed";
    InstallTitle => "Op beginscherm zetten", "Add to home screen";
    InstallHelp => "Installeer Signaal op dit apparaat: dan start het als app en blijven je gegevens beter bewaard.", "Install Signaal on this device: it then starts like an app and your data is kept more reliably.";
    InstallButton => "Installeren", "Install";
}

/// The active language, provided once by the app shell.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// Reactive when called inside a closure in `view!`.
    pub fn t(self, key: Key) -> &'static str {
        key.text(self.lang.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
