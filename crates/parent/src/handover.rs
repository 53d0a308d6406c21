//! The page a handover's recipient (school, CJG, youth care) opens: `/o/<link id>#<secret>`.
//! Its own small entry (`handover.html`, bin `signaal-handover`), so none of it is in the parent
//! page's download. Plain, printable and read-only: it fetches the sealed handover, opens it with
//! the key from the fragment and shows it. Nothing is kept on the recipient's device (no copy,
//! no secret, no service worker): once the link is revoked or expired, it shows nothing more.

use crate::problem::Problem;
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::handover::Recipient;
use signaal_core::handover_link::{parse_link, Published};
use signaal_core::lang::{format_parent_date, ParentLang};
use signaal_core::wire::UnixMillis;
use signaal_web::time::local_at;
use signaal_web::{handover, http, share};

macro_rules! words {
    ($($key:ident => [$nl:literal, $en:literal];)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Key { $($key),* }

        impl Key {
            fn text(self, lang: ParentLang) -> &'static str {
                // One table per language, indexed by the key: less code than a `match` per key.
                const NL: &[&str] = &[$($nl),*];
                const EN: &[&str] = &[$($en),*];
                if lang == ParentLang::En { EN[self as usize] } else { NL[self as usize] }
            }
        }
    };
}

// A recipient is a professional: Dutch by default, English on request; no other languages.
words! {
    Brand => ["Signaal · overdracht", "Signaal · handover"];
    Language => ["Taal", "Language"];
    Opening => ["De overdracht wordt geopend…", "Opening the handover…"];
    Title => ["Van de BSO", "From the after-school care"];
    School => ["Overdracht naar school", "Handover to school"];
    Warm => ["Warme overdracht", "Warm handover"];
    YouthCare => ["Overdracht naar CJG of jeugdhulp", "Handover to CJG or youth care"];
    To => ["Aan", "To"];
    Date => ["Datum", "Date"];
    From => ["Van", "From"];
    ContactPerson => ["Contactpersoon bij de BSO", "Contact person at the BSO"];
    Goals => ["Doelen", "Goals"];
    Approach => ["Wat werkt", "What works"];
    Conclusions => ["Conclusies uit observaties", "Conclusions from observations"];
    ValidUntil => ["Deze link werkt tot en met", "This link works until"];
    Private => ["Alleen wie deze link heeft, kan dit lezen. Stuur hem niet door; druk de overdracht af of bewaar hem in uw eigen dossier als u hem later nodig hebt.", "Only people with this link can read this. Do not pass it on; print the handover or keep it in your own file if you need it later."];
    Print => ["Afdrukken", "Print"];
    GoneTitle => ["Deze link werkt niet meer", "This link no longer works"];
    GoneBody => ["De link is verlopen of door de BSO ingetrokken. Neem contact op met de BSO als u de overdracht nog nodig hebt.", "The link has expired or was withdrawn by the after-school care. Contact the after-school care if you still need the handover."];
    BadLinkTitle => ["Deze link is niet compleet", "This link is incomplete"];
    BadLinkBody => ["De link past niet bij een overdracht. Misschien is er een stukje weggevallen bij het kopiëren. Open hem nog eens vanuit het bericht, of vraag de BSO om hem opnieuw te sturen.", "The link does not fit a handover. Perhaps part of it was lost when it was copied. Open it again from the message, or ask the after-school care to send it again."];
    OfflineTitle => ["Geen verbinding", "No connection"];
    OfflineBody => ["De overdracht kan nu niet worden opgehaald. Probeer het opnieuw als u verbinding hebt.", "The handover cannot be fetched now. Try again when you are connected."];
    BusyTitle => ["Het is even druk", "It is busy right now"];
    BusyBody => ["Probeer het over een minuut opnieuw.", "Please try again in a minute."];
    NewerTitle => ["Ververs de pagina", "Please reload the page"];
    NewerBody => ["Deze overdracht is gemaakt met een nieuwere versie. Ververs de pagina om hem te lezen.", "This handover was made with a newer version. Reload the page to read it."];
    BrokenTitle => ["Er ging iets mis", "Something went wrong"];
    BrokenBody => ["De overdracht kon niet worden gelezen. Probeer het later opnieuw of laat het de BSO weten.", "The handover could not be read. Try again later or let the after-school care know."];
    InsecureTitle => ["Open deze link via https", "Please open this link over https"];
    InsecureBody => ["Deze pagina is zonder beveiligde verbinding geopend, en dan kan de overdracht niet veilig worden geopend. Vraag de BSO om een link die met https:// begint.", "This page was opened without a secure connection, so the handover cannot be opened safely. Ask the after-school care for a link that starts with https://."];
    TryAgain => ["Opnieuw proberen", "Try again"];
}

/// The recipient's words for a problem. No link kept, no versions seen: a recipient's page never
/// meets "no link yet" or "older version", which read as a damaged link and a failure.
fn words(problem: Problem) -> (Key, Key) {
    match problem {
        Problem::BadLink | Problem::NoLink => (Key::BadLinkTitle, Key::BadLinkBody),
        Problem::Gone => (Key::GoneTitle, Key::GoneBody),
        Problem::Offline => (Key::OfflineTitle, Key::OfflineBody),
        Problem::Busy => (Key::BusyTitle, Key::BusyBody),
        Problem::Newer => (Key::NewerTitle, Key::NewerBody),
        Problem::Older | Problem::Broken => (Key::BrokenTitle, Key::BrokenBody),
        Problem::Insecure => (Key::InsecureTitle, Key::InsecureBody),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Handover(Published, UnixMillis),
    Problem(Problem),
}

async fn load() -> Result<(Published, UnixMillis), Problem> {
    let location = web_sys::window().ok_or(Problem::Broken)?.location();
    let (link_id, secret) = parse_link(
        &location.pathname().unwrap_or_default(),
        &location.hash().unwrap_or_default(),
    )?;
    let answer = http::send("GET", &format!("/api/shares/{link_id}"), None, None)
        .await
        .map_err(|_| Problem::Offline)?;
    match answer.status {
        200..=299 => {}
        410 => return Err(Problem::Gone),
        429 => return Err(Problem::Busy),
        _ => return Err(Problem::Broken),
    }
    let envelope = share::envelope(&answer.body)?;
    let published = handover::open(&link_id, &secret, &envelope).await?;
    Ok((published, envelope.expires_at))
}

fn kind(recipient: Recipient) -> Key {
    match recipient {
        Recipient::School => Key::School,
        Recipient::WarmHandover => Key::Warm,
        Recipient::YouthCare => Key::YouthCare,
    }
}

/// The handover as the recipient reads (and prints) it; empty parts are left out.
#[component]
fn Document(published: Published, lang: ParentLang) -> impl IntoView {
    let Published {
        child,
        recipient,
        written,
        from,
        handover: h,
        ..
    } = published;
    let to = [h.recipient_name, h.recipient_contact]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let part = |title: Key, items: Vec<String>| {
        (!items.is_empty()).then(|| {
            view! {
                <section class="ps-section">
                    <h2>{title.text(lang)}</h2>
                    <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                </section>
            }
        })
    };
    let row = |key: Key, value: String| {
        (!value.trim().is_empty()).then(|| view! { <dt>{key.text(lang)}</dt><dd>{value}</dd> })
    };
    view! {
        <article class="ps">
            <header class="ps-head">
                <p class="ps-kicker">{Key::Title.text(lang)}": "{kind(recipient).text(lang)}</p>
                <h1>{child}</h1>
                <dl class="ho-fields">
                    {row(Key::To, to)}
                    {row(Key::Date, format_parent_date(lang, written))}
                    {row(Key::From, from)}
                    {row(Key::ContactPerson, h.contact_person)}
                </dl>
            </header>
            {part(Key::Goals, h.goals)}
            {part(Key::Approach, h.approach)}
            {part(Key::Conclusions, h.conclusions)}
        </article>
    }
}

#[component]
pub fn HandoverPage() -> impl IntoView {
    let lang = RwSignal::new(ParentLang::Nl);
    let shown = RwSignal::new(Shown::Loading);
    let reload = move || {
        shown.set(Shown::Loading);
        spawn_local(async move {
            shown.set(match load().await {
                Ok((published, expires_at)) => Shown::Handover(published, expires_at),
                Err(problem) => Shown::Problem(problem),
            })
        });
    };
    if signaal_web::secure_context() {
        reload();
    } else {
        shown.set(Shown::Problem(Problem::Insecure));
    }
    Effect::new(move || {
        let lang = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        let title = match &*shown.read() {
            Shown::Handover(p, _) => format!("{} · {}", p.child, Key::Brand.text(lang)),
            _ => Key::Brand.text(lang).to_owned(),
        };
        document().set_title(&title);
    });
    let switch = move |ev| {
        if let Some(next) = ParentLang::from_code(&event_target_value(&ev)) {
            lang.set(next);
        }
    };
    let t = move |key: Key| move || key.text(lang.get());
    view! {
        <header class="pp-bar">
            <span class="pp-brand">{t(Key::Brand)}</span>
            <select class="pp-lang" aria-label=t(Key::Language) on:change=switch>
                {[ParentLang::Nl, ParentLang::En].into_iter().map(|l| view! {
                    <option value=l.code() lang=l.code() prop:selected=move || lang.get() == l>{l.native_name()}</option>
                }).collect_view()}
            </select>
        </header>
        <main class="pp-main">
            {move || match shown.get() {
                Shown::Loading => view! { <p role="status">{t(Key::Opening)}</p> }.into_any(),
                Shown::Handover(published, expires_at) => view! {
                    {move || view! { <Document published=published.clone() lang=lang.get()/> }}
                    <div class="pp-foot">
                        <p>
                            {t(Key::ValidUntil)}" "{move || format_parent_date(lang.get(), local_at(expires_at).date())}". "
                            {t(Key::Private)}
                        </p>
                        <button class="pp-retry" on:click=|_| { let _ = window().print(); }>{t(Key::Print)}</button>
                    </div>
                }.into_any(),
                Shown::Problem(problem) => {
                    let (title, body) = words(problem);
                    view! {
                        <section class="pp-problem" role="alert">
                            <h1>{t(title)}</h1>
                            <p>{t(body)}</p>
                            {problem.retry().then(|| view! {
                                <button class="pp-retry" on:click=move |_| reload()>{t(Key::TryAgain)}</button>
                            })}
                        </section>
                    }.into_any()
                }
            }}
        </main>
    }
}
