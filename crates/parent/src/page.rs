//! The page a parent opens: `/p/<link id>#<secret>`. Fetches the encrypted summary, opens it
//! with the key from the fragment and shows it; every failure gets its own kind words.

use crate::store;
use crate::summary::SummaryView;
use crate::text::Key;
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::lang::{format_date_long, Lang};
use signaal_core::share::{parse_link, ParentSummary, ShareError};
use signaal_core::wire::{ShareEnvelope, UnixMillis};
use signaal_web::time::local_at;
use signaal_web::{http, share};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// Damaged link, or a secret that does not open the summary.
    BadLink,
    /// Started from the home screen before any link was opened on this phone.
    NoLink,
    /// 410: revoked, expired or never existed.
    Gone,
    /// No connection and no copy kept on this phone.
    Offline,
    Busy,
    Newer,
    Broken,
    /// Opened without https: no WebCrypto to open the summary with, no offline copy.
    Insecure,
}

impl Problem {
    fn words(self) -> (Key, Key) {
        match self {
            Problem::BadLink => (Key::BadLinkTitle, Key::BadLinkBody),
            Problem::NoLink => (Key::NoLinkTitle, Key::NoLinkBody),
            Problem::Gone => (Key::GoneTitle, Key::GoneBody),
            Problem::Offline => (Key::OfflineTitle, Key::OfflineBody),
            Problem::Busy => (Key::BusyTitle, Key::BusyBody),
            Problem::Newer => (Key::NewerTitle, Key::NewerBody),
            Problem::Broken => (Key::BrokenTitle, Key::BrokenBody),
            Problem::Insecure => (Key::InsecureTitle, Key::InsecureBody),
        }
    }

    fn retry(self) -> bool {
        matches!(self, Problem::Offline | Problem::Busy | Problem::Broken)
    }
}

impl From<ShareError> for Problem {
    fn from(err: ShareError) -> Problem {
        match err {
            ShareError::BadLink => Problem::BadLink,
            ShareError::NewerVersion(_) => Problem::Newer,
            _ => Problem::Broken,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Summary { summary: ParentSummary, expires_at: UnixMillis, offline: bool },
    Problem(Problem),
}

fn now() -> UnixMillis {
    js_sys::Date::now() as UnixMillis
}

/// The envelope from the server, or the copy kept on this phone when the server cannot be
/// asked; `bool` says whether it is that offline copy.
async fn fetch(link_id: &str) -> Result<(ShareEnvelope, bool), Problem> {
    let reply = http::send("GET", &format!("/api/shares/{link_id}"), None, None).await;
    let fallback = |problem| store::kept(link_id, now()).map(|e| (e, true)).ok_or(problem);
    match reply {
        Err(http::Unreachable) => fallback(Problem::Offline),
        Ok(r) if r.ok() => {
            let envelope = share::envelope(&r.body).map_err(|_| Problem::Broken)?;
            store::keep(link_id, &r.body);
            Ok((envelope, false))
        }
        Ok(r) if r.status == 410 => {
            store::forget(link_id);
            Err(Problem::Gone)
        }
        Ok(r) if r.status == 429 => fallback(Problem::Busy),
        Ok(_) => fallback(Problem::Broken),
    }
}

async fn load() -> Shown {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Shown::Problem(Problem::Broken);
    };
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    // The home-screen icon starts at `/p/`: it opens the link last opened on this phone.
    let link = if path.trim_end_matches('/') == "/p" && hash.is_empty() {
        store::last().ok_or(Problem::NoLink)
    } else {
        parse_link(&path, &hash).map_err(|_| Problem::BadLink)
    };
    let (link_id, secret) = match link {
        Ok(link) => link,
        Err(problem) => return Shown::Problem(problem),
    };
    let result = async {
        let (envelope, offline) = fetch(&link_id).await?;
        let summary = share::open(&link_id, &secret, &envelope).await?;
        store::remember(&link_id, &secret);
        Ok::<_, Problem>(Shown::Summary { summary, expires_at: envelope.expires_at, offline })
    };
    result.await.unwrap_or_else(Shown::Problem)
}

fn register_worker() {
    let Some(sw) = web_sys::window().map(|w| w.navigator().service_worker()) else { return };
    let options = web_sys::RegistrationOptions::new();
    options.set_scope("/p/");
    // Only for offline reading; a failure leaves the page working online.
    let _ = sw.register_with_options("/parent-sw.js", &options);
}

#[component]
pub fn ParentPage() -> impl IntoView {
    let lang = RwSignal::new(store::lang());
    let shown = RwSignal::new(Shown::Loading);
    let reload = move || {
        shown.set(Shown::Loading);
        spawn_local(async move { shown.set(load().await) });
    };
    if signaal_web::secure_context() {
        reload();
        register_worker();
    } else {
        shown.set(Shown::Problem(Problem::Insecure));
    }
    Effect::new(move || {
        let lang = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        if let Shown::Summary { summary, .. } = &*shown.read() {
            document().set_title(&format!("{} · {}", summary.child, Key::Brand.text(lang)));
        }
    });
    let other = move || match lang.get() {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };
    let switch = move |_| {
        let next = other();
        store::set_lang(next);
        lang.set(next);
    };
    let t = move |key: Key| move || key.text(lang.get());
    view! {
        <header class="pp-bar">
            <span class="pp-brand">{t(Key::Brand)}</span>
            <button class="pp-lang" lang=move || other().code() on:click=switch>{move || other().native_name()}</button>
        </header>
        <main class="pp-main">
            {move || match shown.get() {
                Shown::Loading => view! { <p role="status">{t(Key::Opening)}</p> }.into_any(),
                Shown::Summary { summary, expires_at, offline } => view! {
                    {offline.then(|| view! { <p class="pp-note" role="status">{t(Key::OfflineCopy)}</p> })}
                    <SummaryView summary=summary lang=lang/>
                    <p class="pp-foot">
                        {t(Key::ValidUntil)}" "{move || format_date_long(lang.get(), local_at(expires_at).date())}". "
                        {t(Key::Private)}
                    </p>
                }.into_any(),
                Shown::Problem(problem) => {
                    let (title, body) = problem.words();
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
