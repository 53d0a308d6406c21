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
    AllGroups => "Alle groepen", "All groups";
    InviteQr => "QR-code van de uitnodiging: scan hem met de camera van het andere apparaat", "QR code of the invite: scan it with the other device's camera";
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
    ExportCsv => "Momenten als spreadsheet (CSV)", "Moments as a spreadsheet (CSV)";
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
    // Team and sync
    TeamTitle => "Team en synchronisatie", "Team and sync";
    TeamIntro => "Deel de notities versleuteld met de andere apparaten van je team. De server bewaart alleen versleutelde gegevens en kan ze niet lezen.", "Share the notes, encrypted, with your team's other devices. The server only keeps encrypted data and cannot read it.";
    TeamOpen => "Team instellen", "Set up team";
    TeamManage => "Team beheren", "Manage team";
    TeamNone => "Dit apparaat hoort nog niet bij een team: de notities staan alleen hier.", "This device is not in a team yet: the notes are only kept here.";
    TeamStartTitle => "Een team starten", "Start a team";
    TeamStartHelp => "Dit apparaat maakt het team en een geheime sleutel. Daarna nodig je de andere apparaten uit met een link.", "This device creates the team and a secret key. Then you invite the other devices with a link.";
    TeamStartButton => "Team starten", "Start team";
    DeviceLabel => "Naam van dit apparaat (optioneel)", "Name of this device (optional)";
    DeviceLabelHelp => "Bijvoorbeeld ‘Tablet groep Blauw’. De server ziet deze naam: gebruik geen namen van kinderen.", "For example ‘Tablet group Blue’. The server sees this name: do not use children's names.";
    TeamJoinTitle => "Meedoen met een uitnodiging", "Join with an invite";
    TeamJoinHelp => "Plak de uitnodigingslink van een ander apparaat van je team, of open de link op dit apparaat. De notities op dit apparaat worden met het team gedeeld.", "Paste the invite link from another device of your team, or open the link on this device. The notes on this device are shared with the team.";
    InviteLinkLabel => "Uitnodigingslink", "Invite link";
    PasteInviteLabel => "Plak hier de uitnodigingslink", "Paste the invite link here";
    TeamJoinButton => "Meedoen", "Join";
    JoinTitle => "Uitnodiging voor een team", "Invitation to a team";
    JoinIntro => "Met deze link gaat dit apparaat meedoen met een team en worden de notities gedeeld.", "With this link this device joins a team and the notes are shared.";
    AlreadyInTeam => "Dit apparaat hoort al bij een team. Verlaat dat team eerst als je met een ander team wilt meedoen.", "This device is already in a team. Leave that team first to join another one.";
    TeamStarted => "Het team is gestart.", "The team has been started.";
    TeamJoined => "Dit apparaat doet nu mee met het team.", "This device has joined the team.";
    InviteTitle => "Een apparaat uitnodigen", "Invite a device";
    InviteHelp => "Open deze link op het andere apparaat. Hij bevat de sleutel van het team: deel hem alleen met je team, persoonlijk of via een veilige weg.", "Open this link on the other device. It contains the team's key: share it only with your team, in person or through a safe channel.";
    InviteUnknown => "Maak een nieuwe uitnodigingslink om een apparaat uit te nodigen.", "Make a new invite link to invite a device.";
    Copy => "Kopiëren", "Copy";
    Copied => "Gekopieerd.", "Copied.";
    NewInvite => "Nieuwe uitnodigingslink", "New invite link";
    NewInviteHelp => "De vorige link werkt dan niet meer.", "The previous link then stops working.";
    DevicesTitle => "Apparaten in het team", "Devices in the team";
    ThisDevice => "dit apparaat", "this device";
    UnnamedDevice => "Apparaat zonder naam", "Unnamed device";
    DeviceSince => "sinds", "since";
    RemoveDevice => "Apparaat verwijderen", "Remove device";
    DeviceRemoved => "Het apparaat is verwijderd uit het team.", "The device was removed from the team.";
    SyncNow => "Nu synchroniseren", "Sync now";
    SyncStatusLabel => "Synchronisatie", "Sync";
    SyncSynced => "Gesynchroniseerd", "Synced";
    SyncPendingOne => "1 wijziging wacht", "1 change waiting";
    SyncPendingMany => "wijzigingen wachten", "changes waiting";
    SyncOffline => "Offline", "Offline";
    SyncError => "Fout:", "Error:";
    SyncUnreadable => "Wijzigingen van het team die niet gelezen konden worden (verkeerde sleutel of een nieuwere versie van Signaal) zijn apart bewaard; zie Instellingen. Aantal:", "Changes from the team that could not be read (wrong key or a newer version of Signaal) were kept aside; see Settings. Count:";
    LeaveTeam => "Team verlaten", "Leave team";
    LeaveWarning => "Dit apparaat stopt dan met synchroniseren. De notities op dit apparaat blijven staan, maar wijzigingen van anderen komen niet meer binnen en wijzigingen die hier nog wachten worden niet meer verstuurd. Om weer mee te doen is een nieuwe uitnodiging nodig.", "This device then stops syncing. The notes on this device stay, but changes from others no longer arrive and changes still waiting here are not sent. To join again, a new invite is needed.";
    LeaveConfirm => "Ja, team verlaten", "Yes, leave team";
    Cancel => "Annuleren", "Cancel";
    LeftTeam => "Dit apparaat hoort niet meer bij het team. De notities staan nog op dit apparaat.", "This device has left the team. The notes are still on this device.";
    ErrSyncUnreachable => "de server is niet bereikbaar; het wordt zo opnieuw geprobeerd.", "the server cannot be reached; it will be retried shortly.";
    ErrSyncNotInTeam => "dit apparaat hoort niet (meer) bij het team. Vraag een nieuwe uitnodiging.", "this device is not (or no longer) in the team. Ask for a new invite.";
    ErrSyncInviteRefused => "deze uitnodiging is niet (meer) geldig. Vraag een nieuwe link.", "this invite is not valid (any more). Ask for a new link.";
    ErrSyncBadInvite => "dit is geen geldige uitnodigingslink. Kopieer de hele link.", "this is not a valid invite link. Copy the whole link.";
    ErrSyncBusy => "de server heeft het even druk; het wordt zo opnieuw geprobeerd.", "the server is busy; it will be retried shortly.";
    ErrSyncTooLarge => "een notitie is te groot om te versturen. Maak hem korter.", "a note is too large to send. Make it shorter.";
    ErrSyncServer => "de server heeft een probleem; het wordt zo opnieuw geprobeerd.", "the server has a problem; it will be retried shortly.";
    ErrSyncProtocol => "de server gaf een onverwacht antwoord. Werk Signaal bij (herladen).", "the server gave an unexpected answer. Update Signaal (reload).";
    ErrSyncCrypto => "deze browser kan de gegevens niet versleutelen. Gebruik een recente browser.", "this browser cannot encrypt the data. Use a recent browser.";
    ErrSyncFull => "het geheugen van dit apparaat is vol; wijzigingen van het team kunnen niet worden opgeslagen.", "this device's storage is full; changes from the team cannot be saved.";
    ErrSyncStorage => "de browser staat opslaan niet toe.", "the browser does not allow saving.";
    // Step plan (trajectories, consents, due overview)
    StartSignal => "Signaal starten", "Raise a signal";
    RaiseSignalFromMoment => "Signaal afgeven", "Raise a signal";
    StartSignalIntro => "Start een traject op het basisstappenplan. Eén eigenaar en een datum, zodat duidelijk is wie het oppakt.", "Start a trajectory on the basic step plan. One owner and a date, so it is clear who takes it on.";
    WatchChild => "Eerst alleen volgen (grijs kind)", "Watch first (grey child)";
    Concern => "Wat is de zorg?", "What is the concern?";
    ConcernHelp => "Beschrijf wat je ziet, zonder label of diagnose.", "Describe what you see, without a label or diagnosis.";
    RaisedBy => "Wie gaf het signaal?", "Who raised the signal?";
    RaisedByPractitioner => "Pedagogisch medewerker", "Practitioner";
    RaisedByParent => "Ouder", "Parent";
    RaisedByName => "Naam van wie het signaal gaf", "Name of who raised it";
    Owner => "Eigenaar (wie pakt het op?)", "Owner (who takes it on?)";
    OwnerShort => "Eigenaar", "Owner";
    DueDate => "Uiterlijk op", "Due by";
    StartTrajectory => "Traject starten", "Start trajectory";
    TrajectoryStarted => "Traject gestart.", "Trajectory started.";
    OpenTrajectory => "Naar het stappenplan", "Open the step plan";
    LinkMoment => "Moment koppelen aan het traject", "Link moment to the trajectory";
    MomentLinked => "Moment gekoppeld.", "Moment linked.";
    MomentIsLinked => "Dit moment hoort bij het traject.", "This moment belongs to the trajectory.";
    TrajectoryNotFound => "Dit traject bestaat niet (meer).", "This trajectory does not exist (any more).";
    CurrentStep => "Huidige stap", "Current step";
    WhatToDo => "Wat nu te doen", "What to do now";
    StartedOn => "Gestart op", "Started on";
    StatusWatch => "Wordt gevolgd (grijs kind)", "Being watched (grey child)";
    StatusActive => "Lopend traject", "Active trajectory";
    StatusClosed => "Afgesloten", "Closed";
    NextSteps => "Volgende stap kiezen", "Choose the next step";
    NextStepHint => "volgende", "next";
    MoveClose => "Traject afsluiten", "Close trajectory";
    MoveReopen => "Heropenen bij", "Reopen at";
    MoveTo => "Naar", "To";
    MoveNotes => "Korte notitie over de afgeronde stap", "Short note on the completed step";
    ConfirmMove => "Stap vastleggen", "Record step";
    StepTaken => "Stap vastgelegd.", "Step recorded.";
    History => "Afgeronde stappen", "Completed steps";
    NoHistory => "Nog geen afgeronde stappen.", "No completed steps yet.";
    LinkedMoments => "Gekoppelde momenten", "Linked moments";
    NoLinkedMoments => "Nog geen momenten gekoppeld.", "No moments linked yet.";
    BlockClosed => "Het traject is afgesloten; heropen het eerst.", "The trajectory is closed; reopen it first.";
    BlockNotClosed => "Het traject is niet afgesloten.", "The trajectory is not closed.";
    BlockWatching => "Het kind wordt nog gevolgd; geef eerst een signaal af.", "The child is being watched; raise a signal first.";
    BlockNotWatching => "Er is al een signaal afgegeven.", "A signal has already been raised.";
    BlockTemplate => "Dit traject loopt op een andere versie van het stappenplan.", "This trajectory runs on another version of the step plan.";
    BlockUnknownStep => "Deze stap bestaat niet in dit stappenplan.", "This step does not exist in this step plan.";
    BlockAlreadyThere => "Het traject staat al bij deze stap.", "The trajectory is already at this step.";
    BlockLastStep => "Dit is de laatste stap.", "This is the last step.";
    BlockConsent => "Eerst toestemming van ouders vastleggen:", "First record the parents' consent:";
    BlockRole => "Alleen te zetten door:", "Can only be taken by:";
    BlockOwnPlan => "Eerst het eigen plan van aanpak uitvoeren en evalueren, of het traject urgent maken.", "First carry out and evaluate the team's own plan, or mark the trajectory urgent.";
    ErrDueInPast => "De datum mag niet in het verleden liggen.", "The date cannot be in the past.";
    ErrOwnerMissing => "Vul een eigenaar in.", "Fill in an owner.";
    ErrDate => "Kies een geldige datum.", "Choose a valid date.";
    ConsentsTitle => "Toestemmingen van ouders", "Parents' consents";
    ConsentKindLabel => "Waarvoor", "For what";
    ConsentGivenBy => "Gegeven door", "Given by";
    ConsentGivenOn => "Datum", "Date";
    RecordConsent => "Toestemming vastleggen", "Record consent";
    ConsentSaved => "Toestemming vastgelegd.", "Consent recorded.";
    WithdrawConsent => "Intrekken", "Withdraw";
    ConsentWithdrawn => "Toestemming ingetrokken.", "Consent withdrawn.";
    WithdrawnOn => "ingetrokken op", "withdrawn on";
    NoConsents => "Nog geen toestemmingen vastgelegd.", "No consents recorded yet.";
    ConsentSchool => "Contact met school", "School contact";
    ConsentCoach => "Coach on the job", "Coach on the job";
    ConsentExpert => "Observatie door externe deskundige", "Observation by an outside expert";
    ConsentVideo => "Video-opnames", "Video recording";
    ConsentShare => "Samenvatting delen met ouders", "Sharing a summary with parents";
    ConsentReferral => "Gegevens delen bij verwijzing", "Sharing information for a referral";
    RolePractitioner => "pedagogisch medewerker", "practitioner";
    RoleSenior => "senior pedagogisch medewerker", "senior practitioner";
    RoleManager => "locatiemanager", "manager";
    RolePedagogue => "pedagoog", "pedagogue";
    RoleCareCoordinator => "zorgcoördinator", "care coordinator";
    RoleFamilyAdviser => "gezinsadviseur", "family adviser";
    RoleYouthNurse => "jeugdverpleegkundige", "youth nurse";
    RoleCoach => "coach", "coach";
    RoleTreatmentWorker => "deeltijdbehandelaar", "treatment worker";
    RoleParent => "ouder", "parent";
    RoleChild => "kind", "child";
    RoleSchool => "school", "school";
    PlansRunning => "Kinderen in een traject", "Children in a trajectory";
    NoTrajectories => "Er loopt nog geen traject. Start een signaal vanaf de pagina van een kind of van een moment.", "No trajectory yet. Raise a signal from a child's page or from a moment.";
    DueTitle => "Wat moet er gebeuren?", "What is due?";
    DueThisWeek => "Deze week", "This week";
    Overdue => "Te laat", "Overdue";
    NothingDue => "Niets.", "Nothing.";
    DueEvaluation => "Evaluatie", "Evaluation";
    DueChildDiscussion => "Kindbespreking in het team", "Child discussion in the team";
    DueAction => "Actie:", "Action:";
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

    /// Reactive text for `view!`: `{i18n.tr(Key::Save)}`. Every label shares this one closure
    /// type, where a closure per label would each get their own copy of the rendering code.
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || key.text(self.lang.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
