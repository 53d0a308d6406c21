//! Screens whose content arrives with later work: each shows its heading and an honest empty state.

use super::PageHeader;
use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;

#[component]
fn EmptyArea(title: Key, intro: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeader title intro/>
        <p class="empty">{i18n.tr(Key::NothingYet)}</p>
    }
}

#[component]
pub fn Monitor() -> impl IntoView {
    view! { <EmptyArea title=Key::MonitorTitle intro=Key::MonitorIntro/> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeader title=Key::NotFoundTitle intro=Key::NotFoundBody/>
        <a class="button" href="/">{i18n.tr(Key::BackHome)}</a>
    }
}
