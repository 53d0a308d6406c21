use crate::i18n::{use_i18n, Key};
use crate::platform::{date_input, today};
use leptos::prelude::*;
use signaal_core::share::latest_expiry;

/// "Link geldig tot en met": the last day a link to be published works, from tomorrow to the
/// latest day the share rules allow (the publishing code checks the same bounds).
#[component]
pub fn ExpiryField(expires: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{i18n.tr(Key::ShareExpires)}</span>
            <input type="date" min=move || date_input(today() + chrono::Days::new(1)) max=move || date_input(latest_expiry(today())) bind:value=expires/>
            <small>{i18n.tr(Key::ShareExpiresHelp)}</small>
        </label>
    }
}
