//! Form fields and the error line the forms share.

use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;

/// The non-empty lines of a textarea filled in "one per line", trimmed.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A labelled textarea bound to `value`.
#[component]
pub fn TextArea(label: Key, value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{i18n.tr(label)}</span>
            <textarea rows="3" maxlength="4000" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </label>
    }
}

/// One radio group: a legend and one choice per (value, label).
#[component]
pub fn Choices<T: Copy + PartialEq + Send + Sync + 'static>(
    legend: Key,
    name: &'static str,
    options: Vec<(T, Key)>,
    value: RwSignal<Option<T>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="inline-choices">
            <legend>{i18n.tr(legend)}</legend>
            {options.into_iter().map(|(v, key)| view! {
                <label class="choice">
                    <input type="radio" name=name prop:checked=move || value.get() == Some(v) on:change=move |_| value.set(Some(v))/>
                    {i18n.tr(key)}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// The error of a form, read out when it appears; nothing while there is none.
#[component]
pub fn ErrorLine(#[prop(into)] error: Signal<Option<Key>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error
            .get()
            .map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })
    }
}
