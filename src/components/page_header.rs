//! The heading block of a screen.

use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;

/// The heading block every screen starts with; it also sets the document title.
#[component]
pub fn PageHeader(title: Key, intro: Key) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        document().set_title(&format!("{} · {}", i18n.t(title), i18n.t(Key::AppName)));
    });
    view! {
        <header class="page-header">
            <h1>{i18n.tr(title)}</h1>
            <p class="intro">{i18n.tr(intro)}</p>
        </header>
    }
}
