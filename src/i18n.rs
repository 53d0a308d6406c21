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
    InstallTitle => "Op beginscherm zetten", "Add to home screen";
    InstallHelp => "Installeer Signaal op dit apparaat: dan start het als app en blijven je gegevens beter bewaard.", "Install Signaal on this device: it then starts like an app and your data is kept more reliably.";
    InstallButton => "Installeren", "Install";
    // Notebook and capture
    MomentNewTitle => "Nieuw moment", "New moment";
    MomentEditTitle => "Moment bewerken", "Edit moment";
    MomentFormIntro => "Kies het kind, tik eventueel een label aan en schrijf kort wat er gebeurde.", "Pick the child, optionally tap a tag, and write briefly what happened.";
    WhichChildren => "Over welk kind?", "Which child?";
    MoreChildren => "Alle kinderen tonen", "Show all children";
    FindChild => "Zoek een kind", "Find a child";
    NoChildrenYet => "Er staan nog geen kinderen in Signaal. Voeg eerst je groep en kinderen toe.", "There are no children in Signaal yet. Add your group and children first.";
    AddChildrenLink => "Kinderen toevoegen", "Add children";
    Tags => "Labels", "Tags";
    CustomTag => "Eigen label", "Own tag";
    AddTag => "Label toevoegen", "Add tag";
    WhatHappened => "Wat gebeurde er?", "What happened?";
    MoreDetails => "Meer details (situatie, aanleiding, reactie …)", "More details (situation, trigger, response …)";
    Situation => "Situatie of activiteit", "Situation or activity";
    Trigger => "Wat ging eraan vooraf?", "What came before?";
    Behaviour => "Gedrag", "Behaviour";
    Response => "Hoe reageerden wij?", "How did staff respond?";
    ChildAccount => "Wat zegt het kind zelf?", "The child's own account";
    Ending => "Hoe liep het af?", "How did it end?";
    GroupImpact => "Invloed op de groep", "Impact on the group";
    RatingLabel => "Hoe ging het?", "How did it go?";
    RatingNone => "Geen", "None";
    RatingRed => "Rood", "Red";
    RatingOrange => "Oranje", "Orange";
    RatingGreen => "Groen", "Green";
    ToldParent => "Verteld aan ouder bij ophalen", "Told parent at pick-up";
    ForHandover => "Voor de overdracht", "For handover";
    When => "Wanneer", "When";
    YourName => "Jouw naam of initialen", "Your name or initials";
    YourNameHelp => "Komt bij je notities te staan. Eén keer invullen per apparaat.", "Shown with your notes. Asked once per device.";
    Save => "Opslaan", "Save";
    Edit => "Bewerken", "Edit";
    Delete => "Verwijderen", "Delete";
    Undo => "Ongedaan maken", "Undo";
    MomentSaved => "Moment opgeslagen.", "Moment saved.";
    MomentDeleted => "Moment verwijderd.", "Moment deleted.";
    DraftRestored => "Je concept is teruggezet.", "Your draft was restored.";
    DiscardDraft => "Concept weggooien", "Discard draft";
    ChooseChildFirst => "Kies minstens één kind.", "Choose at least one child.";
    NeedName => "Vul je naam of initialen in.", "Fill in your name or initials.";
    SimilarTitle => "Eerdere vergelijkbare momenten", "Earlier similar moments";
    SimilarNone => "Geen eerdere vergelijkbare momenten.", "No earlier similar moments.";
    SharedTags => "zelfde labels", "same tags";
    SharedWords => "zelfde woorden", "same words";
    ChartTitle => "Momenten per week", "Moments per week";
    Search => "Zoeken", "Search";
    SearchPlaceholder => "Zoek in notities", "Search notes";
    FilterChild => "Kind", "Child";
    FilterTag => "Label", "Tag";
    FilterPeriod => "Periode", "Period";
    FilterAuthor => "Geschreven door", "Written by";
    Everyone => "Iedereen", "Everyone";
    AllChildren => "Alle kinderen", "All children";
    AllTags => "Alle labels", "All tags";
    PeriodWeek => "Afgelopen 7 dagen", "Last 7 days";
    PeriodMonth => "Afgelopen 30 dagen", "Last 30 days";
    PeriodQuarter => "Afgelopen 3 maanden", "Last 3 months";
    PeriodAll => "Alles", "Everything";
    Results => "momenten", "moments";
    ShowMore => "Meer tonen", "Show more";
    NoMoments => "Geen momenten gevonden.", "No moments found.";
    WrittenBy => "Geschreven door", "Written by";
    ChangedBy => "Gewijzigd door", "Changed by";
    MomentNotFound => "Dit moment bestaat niet (meer).", "This moment does not exist (any more).";
    BackToNotebook => "Terug naar het schriftje", "Back to the notebook";
    NewMomentForChild => "Moment voor dit kind", "Moment for this child";
    // Today
    HandoverTitle => "Overdracht", "Handover";
    HandoverNone => "Vandaag is nog niets voor de overdracht gemarkeerd.", "Nothing marked for handover today yet.";
    TodaysMoments => "Momenten van vandaag", "Today's moments";
    Print => "Afdrukken", "Print";
    GetStarted => "Aan de slag", "Get started";
    GetStartedBody => "Zet je naam en je groep in Signaal, voeg de kinderen toe en noteer je eerste moment.", "Put your name and group in Signaal, add the children and write your first moment.";
    // Children
    AddGroup => "Groep toevoegen", "Add group";
    GroupName => "Naam van de groep", "Group name";
    AddChild => "Kind toevoegen", "Add child";
    ChildName => "Naam (voornaam en initiaal)", "Name (first name and initial)";
    ChildNameHelp => "Een voornaam met initiaal is genoeg. Geen foto's, geen achternamen.", "A first name with an initial is enough. No photos, no surnames.";
    Group => "Groep", "Group";
    BirthYear => "Geboortejaar (optioneel)", "Birth year (optional)";
    Notes => "Aantekeningen", "Notes";
    Archived => "Gearchiveerd", "Archived";
    ShowArchived => "Toon gearchiveerde kinderen", "Show archived children";
    NoGroupYet => "Maak eerst een groep aan.", "Create a group first.";
    ChildNotFound => "Dit kind bestaat niet (meer).", "This child does not exist (any more).";
    ChildSaved => "Kind opgeslagen.", "Child saved.";
    GroupSaved => "Groep opgeslagen.", "Group saved.";
    MomentsOfChild => "Momenten", "Moments";
    // Settings
    Profile => "Over jou", "About you";
    DefaultGroup => "Mijn groep", "My group";
    NoDefaultGroup => "Geen vaste groep", "No fixed group";
    ProfileSaved => "Opgeslagen.", "Saved.";
    StorageTitle => "Opslag op dit apparaat", "Storage on this device";
    StorageUsed => "in gebruik van de ruimte van de browser", "of the browser's space in use";
    StorageWarning => "De opslag is bijna vol. Exporteer een back-up en ruim oude notities op.", "Storage is almost full. Export a backup and clear out old notes.";
    Export => "Exporteer alles (JSON)", "Export everything (JSON)";
    ProblemsTitle => "Gegevens die niet gelezen konden worden", "Data that could not be read";
    ProblemsBanner => "Sommige opgeslagen gegevens konden niet gelezen worden. Ze zijn apart bewaard; zie Instellingen.", "Some stored data could not be read. It has been kept aside; see Settings.";
    ProblemsHelp => "Ze zijn apart gezet zodat de rest van Signaal gewoon werkt. Exporteer eerst een back-up (daarin zitten ze ook) voordat je ze weggooit.", "They were set aside so the rest of Signaal keeps working. Export a backup first (it includes them) before you discard them.";
    Discard => "Weggooien", "Discard";
    ProblemLeft => "kon niet verplaatst worden en staat nog op zijn plek", "could not be moved and is still in place";
    // Errors in the user's words
    ErrQuota => "Het geheugen van dit apparaat is vol: er is niets opgeslagen. Je tekst staat nog in het formulier. Exporteer een back-up (Instellingen) en verwijder oude notities.", "This device's storage is full: nothing was saved. Your text is still in the form. Export a backup (Settings) and delete old notes.";
    ErrUnavailable => "De browser staat opslaan niet toe (privévenster?). Er is niets opgeslagen.", "The browser does not allow saving (private window?). Nothing was saved.";
    ErrNotFound => "Dit item bestaat niet meer; misschien is het op een ander apparaat verwijderd.", "This item no longer exists; it may have been deleted on another device.";
    ErrErased => "Dit item is gewist en kan niet meer worden gewijzigd.", "This item was erased and can no longer be changed.";
    ErrEmptyName => "Vul een naam in.", "Fill in a name.";
    ErrTooLong => "Deze tekst is te lang.", "This text is too long.";
    ErrBirthYear => "Dat geboortejaar klopt niet.", "That birth year is not valid.";
    ErrNothingRecorded => "Schrijf iets op, of kies een label of kleur.", "Write something, or pick a tag or colour.";
    ErrDuplicate => "Dit staat er dubbel in.", "This appears twice.";
    ErrPlan => "Dit past niet bij het stappenplan; controleer de velden.", "This does not fit the step plan; check the fields.";
    // Tags and parts of the day
    TagExternalising => "Naar buiten gericht", "Externalising";
    TagInternalising => "Naar binnen gericht", "Internalising";
    TagWithdrawn => "Teruggetrokken", "Withdrawn";
    TagConflict => "Conflict", "Conflict";
    TagBullying => "Pesten", "Bullying";
    TagRules => "Regels", "Rules";
    TagWellbeing => "Welbevinden", "Wellbeing";
    TagPositive => "Positief moment", "Positive moment";
    PartMorning => "ochtend", "morning";
    PartArrival => "binnenkomst", "arrival";
    PartAfternoon => "middag", "afternoon";
    PartPickup => "ophalen", "pick-up";
}

const WEEKDAYS_NL: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_NL: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "ma 23 nov" / "Mon 23 Nov": chrono's own names are English only.
pub fn format_date(lang: Lang, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let (days, months) = match lang {
        Lang::Nl => (WEEKDAYS_NL, MONTHS_NL),
        Lang::En => (WEEKDAYS_EN, MONTHS_EN),
    };
    let weekday = days[date.weekday().num_days_from_monday() as usize];
    let month = months[date.month0() as usize];
    format!("{weekday} {} {month} {}", date.day(), date.year())
}

pub fn format_datetime(lang: Lang, at: chrono::NaiveDateTime) -> String {
    format!("{} {}", format_date(lang, at.date()), at.format("%H:%M"))
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
