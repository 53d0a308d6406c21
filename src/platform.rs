//! The few browser facts the domain needs: the time, randomness, and the raw storage area.
//! Kept here so the rest of the app passes plain values into `signaal-core`.

use chrono::NaiveDate;
use signaal_core::clock::DeviceId;
use signaal_core::id::Id;

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Local wall time: a notebook speaks the BSO's own clock, not UTC.
pub use signaal_web::time::local_now;

pub fn today() -> NaiveDate {
    local_now().date()
}

/// A date as `<input type="date">` gives it.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    signaal_core::iso::parse_date(text.trim())
}

/// A date as `<input type="date">` wants it.
pub fn date_input(d: NaiveDate) -> String {
    signaal_core::iso::date(d)
}

pub use signaal_web::crypto::random_bytes;

/// Ids need the browser's random numbers, which every browser that runs this wasm has; without
/// them this stops the app (the panic screen) rather than make an id that is not unique.
fn random_for_id<const N: usize>() -> [u8; N] {
    match random_bytes() {
        Ok(bytes) => bytes,
        Err(err) => panic!("Signaal cannot make a unique id: {err}"),
    }
}

pub fn new_id() -> Id {
    Id::from_random(random_for_id())
}

pub fn new_device_id() -> DeviceId {
    DeviceId::from_random(random_for_id())
}

/// The origin's localStorage; `None` when the browser forbids it (some private modes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Whether this is WebKit (Safari, and every browser on an iPad or iPhone, which are WebKit
/// there too): it names itself in `navigator.vendor`; Chromium says "Google Inc.", Firefox
/// nothing. WebKit charges storage differently (`store::used_units`) and has no install prompt.
pub fn is_webkit() -> bool {
    thread_local! {
        static WEBKIT: bool = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"vendor".into()).ok())
            .and_then(|v| v.as_string())
            .is_some_and(|v| v.starts_with("Apple"));
    }
    WEBKIT.with(|webkit| *webkit)
}

/// Whether Signaal runs as an installed app (started from the home screen), not in a tab.
pub fn installed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let standalone = window
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten();
    // Safari on iOS before display-mode: its own flag.
    let ios = js_sys::Reflect::get(&window.navigator(), &"standalone".into())
        .ok()
        .and_then(|v| v.as_bool());
    standalone.is_some_and(|m| m.matches()) || ios == Some(true)
}

/// Removes the frame index.html paints before the wasm runs (top bar, navigation, the screen's
/// heading). Called in the task that builds the screen in its place, so that no paint shows
/// neither or both: the app, mounted earlier, stays hidden behind the frame until then (main.css).
pub fn take_over_frame() {
    if let Some(frame) = element_by_id("boot") {
        frame.remove();
    }
}

fn element_by_id(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// Links the parent summary's stylesheet, which index.html carries inert in a template
/// (scripts/build-web.sh): only the share screen's preview uses it, so `/` does not download it.
/// The first call moves it into the page; later ones find no template and do nothing.
pub fn link_parent_styles() {
    if let Some(template) = element_by_id("parent-css") {
        // A template's inner HTML is its inert content, here the one `<link>`.
        let _ = template.insert_adjacent_html("afterend", &template.inner_html());
        template.remove();
    }
}

/// Runs `f` in a task of its own once the next frame is painted: start-up work the first screen
/// does not show. The task that mounts the app is what a phone waits on before its first tap
/// (Lighthouse's blocking time); this keeps it to the screen itself.
pub fn after_first_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(f, std::time::Duration::ZERO)
    });
}

/// Asks the browser to keep our storage under pressure (Safari evicts unused sites' data).
pub fn request_persistent_storage() {
    if let Some(window) = web_sys::window() {
        if let Ok(promise) = window.navigator().storage().persist() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }
}

/// Runs `f` as a User Timing measure named `name`, so benchmarks read real figures from the
/// running app with `performance.getEntriesByName(name)`. Costs two marks; no output.
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &perf {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(name, &start);
    }
    out
}

/// Hands `body` to the browser as a file download named `name`. Quietly does nothing where the
/// browser refuses a Blob: there is no partial file to clean up.
pub fn download(name: &str, mime: &str, body: String) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&body.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The text of the file chosen in `input` (also used to import a step-plan template).
pub async fn file_text(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}

/// The record id in the current route's `:id` segment; `None` when it is missing or not an id
/// (the screen then says it cannot find the record).
pub fn route_id() -> leptos::prelude::Memo<Option<Id>> {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<Id>().ok())
    })
}

/// Resolves after `ms` milliseconds (a browser timer; nothing is blocked meanwhile).
pub async fn sleep_ms(ms: u32) {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
                .ok()
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}
