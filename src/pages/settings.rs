use super::PageHeader;
use crate::i18n::{use_i18n, Key, Lang};
use crate::store::device::{self, DeviceSettings};
use leptos::prelude::*;

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <PageHeader title=Key::SettingsTitle intro=Key::LanguageHelp/>
        <LanguagePicker/>
    }
}

#[component]
fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let settings = expect_context::<RwSignal<DeviceSettings>>();
    let (error, set_error) = signal(None::<String>);
    let choose = move |lang: Lang| {
        i18n.lang.set(lang);
        settings.update(|s| s.lang = lang);
        let result = settings.with_untracked(device::save);
        set_error.set(result.err().map(|e| format!("{}: {e}", i18n.t(Key::StorageSaveFailed))));
    };
    view! {
        <fieldset class="card">
            <legend>{move || i18n.t(Key::Language)}</legend>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name="lang"
                                value=lang.code()
                                prop:checked=move || i18n.lang.get() == lang
                                on:change=move |_| choose(lang)
                            />
                            <span lang=lang.code()>{lang.native_name()}</span>
                        </label>
                    }
                })
                .collect_view()}
            <Show when=move || error.get().is_some()>
                <p class="error" role="alert">{move || error.get()}</p>
            </Show>
        </fieldset>
    }
}
