//! The parent page's words: warm, plain, no care-system jargon.

signaal_core::translations! {
    Brand => "Signaal · voor ouders", "Signaal · for parents";
    Kicker => "Zo gaat het met", "How things are going for";
    From => "Van", "From";
    GoingWell => "Wat goed gaat", "What is going well";
    WorkingOn => "Waar we samen aan werken", "What we are working on together";
    TeamDoes => "Wat wij op de BSO doen", "What we do at after-school care";
    Tips => "Tips voor thuis", "Tips for home";
    NextTalk => "Ons volgende gesprek", "Our next talk";
    Message => "Een persoonlijk bericht", "A personal message";
    Opening => "De samenvatting wordt geopend…", "Opening the summary…";
    ValidUntil => "Deze link werkt tot en met", "This link works until";
    OfflineCopy => "Je bent offline. Je ziet de versie die je eerder op dit toestel opende.", "You are offline. This is the version you opened on this device before.";
    Private => "Alleen wie deze link heeft, kan dit lezen. Stuur hem liever niet door.", "Only people with this link can read this. Please do not pass it on.";
    GoneTitle => "Deze link werkt niet meer", "This link no longer works";
    GoneBody => "De link is verlopen of door de BSO ingetrokken. Zo gaan we zorgvuldig om met de gegevens van je kind. Vraag de pedagogisch medewerker gerust om een nieuwe link.", "The link has expired or was withdrawn by the after-school care. That is how we take care of your child's information. Feel free to ask the team for a new link.";
    BadLinkTitle => "Deze link is niet compleet", "This link is incomplete";
    BadLinkBody => "De link past niet bij een samenvatting. Misschien is er een stukje weggevallen bij het kopiëren. Open de link nog eens vanuit het bericht, of vraag de BSO om hem opnieuw te sturen.", "The link does not fit a summary. Perhaps part of it was lost when it was copied. Open it again from the message, or ask the after-school care to send it again.";
    NoLinkTitle => "Nog geen samenvatting op dit toestel", "No summary on this device yet";
    NoLinkBody => "Open de link die je van de BSO kreeg. Daarna vind je de samenvatting hier terug.", "Open the link you received from the after-school care. After that you will find the summary here.";
    OfflineTitle => "Geen verbinding", "No connection";
    OfflineBody => "Deze samenvatting is op dit toestel nog niet eerder geopend. Probeer het opnieuw als je verbinding hebt.", "This summary has not been opened on this device before. Try again when you are connected.";
    BusyTitle => "Het is even druk", "It is busy right now";
    BusyBody => "Probeer het over een minuut opnieuw.", "Please try again in a minute.";
    NewerTitle => "Ververs de pagina", "Please reload the page";
    NewerBody => "Deze samenvatting is gemaakt met een nieuwere versie. Ververs de pagina om hem te lezen.", "This summary was made with a newer version. Reload the page to read it.";
    OlderTitle => "Dit is een oudere versie", "This is an older version";
    OlderBody => "Op dit toestel is al een nieuwere samenvatting van deze link geopend. Deze oudere wordt daarom niet getoond. Probeer het later opnieuw of laat het de BSO weten.", "A newer summary of this link was already opened on this device, so this older one is not shown. Try again later or let the after-school care know.";
    BrokenTitle => "Er ging iets mis", "Something went wrong";
    BrokenBody => "De samenvatting kon niet worden gelezen. Probeer het later opnieuw of laat het de BSO weten.", "The summary could not be read. Try again later or let the after-school care know.";
    InsecureTitle => "Open deze link via https", "Please open this link over https";
    InsecureBody => "Deze pagina is zonder beveiligde verbinding geopend, en dan kan de samenvatting niet veilig worden geopend. Vraag de BSO om een link die met https:// begint.", "This page was opened without a secure connection, so the summary cannot be opened safely. Ask the after-school care for a link that starts with https://.";
    TryAgain => "Opnieuw proberen", "Try again";
}
