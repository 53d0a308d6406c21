//! The few browser facts the domain needs: the time, randomness, and the raw storage area.
//! Kept here so the rest of the app passes plain values into `signaal-core`.

use chrono::{NaiveDate, NaiveDateTime};
use signaal_core::clock::DeviceId;
use signaal_core::id::Id;

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Local wall time: a notebook speaks the BSO's own clock, not UTC.
pub fn local_now() -> NaiveDateTime {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), d.get_seconds()))
        .unwrap_or_default()
}

pub fn today() -> NaiveDate {
    local_now().date()
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    // Every browser that runs this wasm has WebCrypto; without it ids would not be unique.
    if let Some(crypto) = crypto {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

pub fn new_id() -> Id {
    Id::from_random(random_bytes())
}

pub fn new_device_id() -> DeviceId {
    DeviceId::from_random(random_bytes())
}

/// The origin's localStorage; `None` when the browser forbids it (some private modes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
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
