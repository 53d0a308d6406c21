//! The screen for a page opened without a secure context (plain http on another host than
//! localhost): the browser then offers no service worker and no WebCrypto, so the app cannot
//! keep notes encrypted or work offline, and says so instead of starting halfway.

use crate::i18n::{I18n, Key};
use crate::store;
use leptos::prelude::*;

#[component]
pub fn InsecureOrigin() -> impl IntoView {
    // The language is stored in plain text (it is needed before a PIN is typed), so it can be
    // read here without anything that needs the secure context.
    let lang = RwSignal::new(store::device::load().lang);
    let i18n = I18n { lang };
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
        document().set_title(&format!(
            "{} · {}",
            i18n.t(Key::InsecureTitle),
            i18n.t(Key::AppName)
        ));
    });
    let location = window().location();
    let here = location.href().unwrap_or_default();
    // The same address over https: where Caddy (the hosting section) serves it.
    let secure = format!("https://{}/", location.hostname().unwrap_or_default());
    view! {
        <main id="main" class="insecure">
            <h1>{i18n.tr(Key::InsecureTitle)}</h1>
            <p>{i18n.tr(Key::InsecureWhy)} " " <code>{here}</code></p>
            <p>{i18n.tr(Key::InsecureSafe)}</p>
            <h2>{i18n.tr(Key::InsecureItTitle)}</h2>
            <p>{i18n.tr(Key::InsecureIt)}</p>
            <a class="button" href=secure>{i18n.tr(Key::InsecureOpenHttps)}</a>
        </main>
    }
}
