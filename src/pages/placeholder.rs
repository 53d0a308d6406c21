//! The screen for an address that leads nowhere.

use crate::components::PageHeader;
use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeader title=Key::NotFoundTitle intro=Key::NotFoundBody/>
        <a class="button" href="/">{i18n.tr(Key::BackHome)}</a>
    }
}
