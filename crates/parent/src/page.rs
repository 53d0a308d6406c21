//! The page a parent opens: `/p/<link id>#<secret>`. Fetches the encrypted summary, opens it
//! with the key from the fragment and shows it; every failure gets its own kind words.

use crate::problem::Problem;
use crate::reply::ReplyBox;
use crate::store;
use crate::summary::SummaryView;
use crate::text::{self, Key, Words};
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::lang::{format_parent_date, ParentLang};
use signaal_core::share::{check_not_older, parse_link, ParentSummary};
use signaal_core::wire::{ShareEnvelope, UnixMillis};
use signaal_web::time::local_at;
use signaal_web::{http, share};

/// The parent page's words for a problem.
fn words(problem: Problem) -> (Key, Key) {
    match problem {
        Problem::BadLink => (Key::BadLinkTitle, Key::BadLinkBody),
        Problem::NoLink => (Key::NoLinkTitle, Key::NoLinkBody),
        Problem::Gone => (Key::GoneTitle, Key::GoneBody),
        Problem::Offline => (Key::OfflineTitle, Key::OfflineBody),
        Problem::Busy => (Key::BusyTitle, Key::BusyBody),
        Problem::Newer => (Key::NewerTitle, Key::NewerBody),
        Problem::Older => (Key::OlderTitle, Key::OlderBody),
        Problem::Broken => (Key::BrokenTitle, Key::BrokenBody),
        Problem::Insecure => (Key::InsecureTitle, Key::InsecureBody),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Summary {
        summary: ParentSummary,
        expires_at: UnixMillis,
        offline: bool,
        link_id: String,
        secret: String,
    },
    Problem(Problem),
}

fn now() -> UnixMillis {
    js_sys::Date::now() as UnixMillis
}

/// The envelope from the server with its raw text (kept once it opened), or the copy kept on
/// this phone when the server cannot be asked (no raw text: it is kept already).
async fn fetch(link_id: &str) -> Result<(ShareEnvelope, Option<String>), Problem> {
    let reply = http::send("GET", &format!("/api/shares/{link_id}"), None, None).await;
    let fallback = |problem| {
        store::kept(link_id, now())
            .map(|e| (e, None))
            .ok_or(problem)
    };
    match reply {
        Err(http::Unreachable) => fallback(Problem::Offline),
        Ok(r) if r.ok() => {
            let envelope = share::envelope(&r.body).map_err(|_| Problem::Broken)?;
            Ok((envelope, Some(r.body)))
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
    // The home-screen icon starts at `/p/`: it opens the link last opened on this phone. A link
    // opened here before opens from `/p/<id>` alone (its secret is kept on the phone).
    let link = if path.trim_end_matches('/') == "/p" && hash.is_empty() {
        store::last().ok_or(Problem::NoLink)
    } else if hash.is_empty() {
        let id = path
            .strip_prefix("/p/")
            .unwrap_or_default()
            .trim_end_matches('/');
        store::secret(id)
            .ok_or(Problem::BadLink)
            .and_then(|secret| parse_link(&path, &secret).map_err(|_| Problem::BadLink))
    } else {
        parse_link(&path, &hash).map_err(|_| Problem::BadLink)
    };
    let (link_id, secret) = match link {
        Ok(link) => link,
        Err(problem) => return Shown::Problem(problem),
    };
    let result = async {
        let (envelope, fresh) = fetch(&link_id).await?;
        let offline = fresh.is_none();
        let (summary, version) = share::open(&link_id, &secret, &envelope).await?;
        check_not_older(store::seen(&link_id), version)?;
        store::saw(&link_id, version);
        // Only a summary that opened and is not older replaces the offline copy.
        if let Some(raw) = fresh {
            store::keep(&link_id, &raw);
        }
        // Kept on the phone: the secret leaves the address bar (and what a screenshot, a
        // shared screen or someone looking over a shoulder would show).
        if store::remember(&link_id, &secret) && !hash.is_empty() {
            forget_fragment(&location);
        }
        Ok::<_, Problem>(Shown::Summary {
            summary,
            expires_at: envelope.expires_at,
            offline,
            link_id: link_id.clone(),
            secret: secret.clone(),
        })
    };
    result.await.unwrap_or_else(Shown::Problem)
}

/// The summary, then the parent's answer to it.
#[component]
fn ReplyContext(
    summary: ParentSummary,
    link_id: String,
    secret: String,
    lang: RwSignal<ParentLang>,
) -> impl IntoView {
    let talk_proposed = summary.next_talk.is_some();
    view! {
        <SummaryView summary=summary lang=lang/>
        <ReplyBox link_id secret talk_proposed lang/>
    }
}

fn forget_fragment(location: &web_sys::Location) {
    let path = location.pathname().unwrap_or_default();
    if let Ok(history) = web_sys::window().map_or(Err(wasm_bindgen::JsValue::NULL), |w| w.history())
    {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

fn register_worker() {
    let Some(sw) = web_sys::window().map(|w| w.navigator().service_worker()) else {
        return;
    };
    let options = web_sys::RegistrationOptions::new();
    options.set_scope("/p/");
    // Only for offline reading; a failure leaves the page working online.
    let _ = sw.register_with_options("/parent-sw.js", &options);
}

#[component]
pub fn ParentPage() -> impl IntoView {
    // The language the page is shown in. It changes only once that language's words are here.
    let lang = RwSignal::new(ParentLang::default());
    let unavailable = RwSignal::new(false);
    let show_in = move |next: ParentLang| async move {
        let loaded = text::load(next).await;
        // A later pick wins over a slower earlier one.
        if store::lang().is_none_or(|picked| picked == next) {
            unavailable.set(!loaded);
            if loaded {
                lang.set(next);
            }
        }
    };
    // The phone's own choice first; else the language the team marked, once the summary is open.
    if let Some(chosen) = store::lang() {
        spawn_local(show_in(chosen));
    }
    let shown = RwSignal::new(Shown::Loading);
    let reload = move || {
        shown.set(Shown::Loading);
        spawn_local(async move {
            let opened = load().await;
            if let (None, Shown::Summary { summary, .. }) = (store::lang(), &opened) {
                // Its words first, so the summary does not appear in Dutch and then change.
                if let Some(marked) = summary.lang {
                    show_in(marked).await;
                }
            }
            shown.set(opened);
        });
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
            let _ = root.set_attribute("dir", if lang.is_rtl() { "rtl" } else { "ltr" });
        }
        if let Shown::Summary { summary, .. } = &*shown.read() {
            document().set_title(&format!("{} · {}", summary.child, Key::Brand.text(lang)));
        }
    });
    let switch = move |ev| {
        if let Some(next) = ParentLang::from_code(&event_target_value(&ev)) {
            store::set_lang(next);
            spawn_local(show_in(next));
        }
    };
    let t = move |key: Key| move || key.text(lang.get());
    view! {
        <header class="pp-bar">
            <span class="pp-brand">{t(Key::Brand)}</span>
            <select class="pp-lang" aria-label=move || Key::Language.text(lang.get()) on:change=switch>
                {ParentLang::ALL.into_iter().map(|l| view! {
                    <option value=l.code() lang=l.code() prop:selected=move || {
                        // A language that could not load puts the chooser back on the shown one.
                        unavailable.track();
                        lang.get() == l
                    }>{l.native_name()}</option>
                }).collect_view()}
            </select>
        </header>
        <main class="pp-main">
            {move || unavailable.get().then(|| view! { <p class="pp-note" role="alert">{t(Key::LanguageUnavailable)}</p> })}
            {move || match shown.get() {
                Shown::Loading => view! { <p role="status">{t(Key::Opening)}</p> }.into_any(),
                Shown::Summary { summary, expires_at, offline, link_id, secret } => view! {
                    {offline.then(|| view! { <p class="pp-note" role="status">{t(Key::OfflineCopy)}</p> })}
                    <ReplyContext summary link_id secret lang/>
                    <p class="pp-foot">
                        {t(Key::ValidUntil)}" "{move || format_parent_date(lang.get(), local_at(expires_at).date())}". "
                        {t(Key::Private)}
                    </p>
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
