//! Browser plumbing shared by the Signaal app and the parent page, so both encrypt, encode and
//! talk to the server the same way: [`crypto`] (WebCrypto AES-GCM, HKDF, SHA-256, random bytes),
//! [`base64`] (through the browser's `btoa`/`atob`: no encoder in the wasm), [`http`] and the
//! parent summary's [`share`] encryption, a parent's [`reply`], a recipient's [`handover`], local
//! [`time`].
//! Wasm-only; the domain logic these serve lives in `signaal-core`.

pub mod base64;
pub mod crypto;
pub mod handover;
pub mod http;
pub mod reply;
pub mod share;
pub mod time;

/// Whether the page runs in a secure context (https, or http on localhost). Service workers and
/// WebCrypto exist only there, so both entries check this before starting and explain instead.
pub fn secure_context() -> bool {
    web_sys::window().is_some_and(|w| w.is_secure_context())
}

/// What a browser exception says, for an error's detail: `{:?}` of a `JsValue` prints nothing in
/// the release build (`-Zfmt-debug=none`, scripts/build-web.sh).
pub fn js_error_text(err: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    match err.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => err.as_string().unwrap_or_else(|| {
            js_sys::JSON::stringify(err)
                .map(String::from)
                .unwrap_or_else(|_| "?".to_owned())
        }),
    }
}
