use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;

/// A labelled form control: the label's text above the control, and the whole label one tap
/// target that focuses it.
#[component]
pub fn Field(label: Key, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{i18n.tr(label)}</span>
            {children()}
        </label>
    }
}
