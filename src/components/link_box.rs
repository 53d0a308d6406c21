use super::QrCode;
use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A link to hand over: as text (selected whole on focus, so copying by hand is one gesture
/// where the clipboard is not allowed), a copy button, the phone's share sheet where the browser
/// has one, and a QR code for another device's camera.
#[component]
pub fn LinkBox(link: String, label: Key, qr_label: Key) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let copy = {
        let link = link.clone();
        move |_| {
            let promise = window().navigator().clipboard().write_text(&link);
            spawn_local(async move {
                let ok = JsFuture::from(promise).await.is_ok();
                let _ = copied.try_set(ok);
            });
        }
    };
    let can_share = js_sys::Reflect::has(&window().navigator(), &"share".into()).unwrap_or(false);
    let share = {
        let link = link.clone();
        move |_| {
            let data = web_sys::ShareData::new();
            data.set_url(&link);
            // Closing the share sheet rejects the promise: nothing to report.
            let _ = window().navigator().share_with_data(&data);
        }
    };
    view! {
        <label class="field">
            <span>{i18n.tr(label)}</span>
            <input type="text" readonly prop:value=link.clone() on:focus=|ev| select_all(&ev)/>
        </label>
        <p class="form-actions">
            <button type="button" class="button" on:click=copy>{i18n.tr(Key::Copy)}</button>
            {can_share.then(|| view! { <button type="button" class="button" on:click=share>{i18n.tr(Key::ShareSheet)}</button> })}
        </p>
        <Show when=move || copied.get()>
            <p class="ok" role="status">{i18n.tr(Key::Copied)}</p>
        </Show>
        <QrCode text=link label=i18n.t(qr_label)/>
    }
}

fn select_all(ev: &leptos::ev::FocusEvent) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}
