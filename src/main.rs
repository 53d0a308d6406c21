//! Signaal's browser app: a thin Leptos UI over `signaal-core`.

mod app;
mod areas;
mod components;
mod handover_link;
mod i18n;
mod labels;
mod lock;
mod pages;
mod plan_data;
mod platform;
mod pwa;
mod share;
mod state;
mod store;
mod sync;

// A panic stops the module at once (see scripts/build-web.sh); index.html then shows the failure
// page, as no Rust code runs after it.
fn main() {
    // index.html paints a frame of the app before the wasm arrives; the app replaces it in this
    // same task, so no frame is ever painted with neither or both.
    if let Some(frame) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        frame.remove();
    }
    if signaal_web::secure_context() {
        leptos::mount::mount_to_body(app::App);
    } else {
        leptos::mount::mount_to_body(pages::InsecureOrigin);
    }
}
