//! Signaal's browser app: a thin Leptos UI over `signaal-core`.

mod app;
mod components;
mod i18n;
mod labels;
mod lock;
mod pages;
mod platform;
mod pwa;
mod share;
mod state;
mod store;
mod sync;

fn main() {
    console_error_panic_hook_lite();
    if signaal_web::secure_context() {
        leptos::mount::mount_to_body(app::App);
    } else {
        leptos::mount::mount_to_body(pages::InsecureOrigin);
    }
}

/// A panic would otherwise leave a blank page: show a plain message instead of nothing.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            body.set_text_content(Some(
                "Er ging iets mis in Signaal. Herlaad de pagina; je opgeslagen notities blijven bewaard. / \
                 Something went wrong. Reload the page; your saved notes are kept.",
            ));
        }
    }));
}
