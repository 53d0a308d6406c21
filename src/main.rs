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
    if signaal_web::secure_context() {
        // The app takes over index.html's frame itself, once its first screen is built.
        leptos::mount::mount_to_body(app::App);
    } else {
        platform::take_over_frame();
        leptos::mount::mount_to_body(pages::InsecureOrigin);
    }
}
