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

fn main() {
    console_error_panic_hook_lite();
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

/// A panic would otherwise leave a blank page: show a plain message and a reload button instead.
/// (A screen whose chunk cannot be downloaded does not panic: `areas` retries and says so in
/// the app's frame.)
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        let text = info.to_string();
        web_sys::console::error_1(&text.as_str().into());
        let message = "Er ging iets mis in Signaal. Herlaad de pagina; je opgeslagen notities \
                       blijven bewaard. / Something went wrong. Reload the page; your saved notes \
                       are kept.";
        let _ = show_failure(message);
    }));
}

fn show_failure(message: &str) -> Option<()> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let document = web_sys::window()?.document()?;
    let body = document.body()?;
    body.set_text_content(None);
    let line = document.create_element("p").ok()?;
    line.set_attribute("role", "alert").ok()?;
    line.set_text_content(Some(message));
    let button = document.create_element("button").ok()?;
    button.set_class_name("button primary");
    button.set_text_content(Some("Opnieuw laden / Reload"));
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    button
        .add_event_listener_with_callback("click", reload.as_ref().unchecked_ref())
        .ok()?;
    // The page is being given up; the handler lives as long as it does.
    reload.forget();
    let failure = document.create_element("main").ok()?;
    failure.set_class_name("failure");
    failure.append_child(&line).ok()?;
    failure.append_child(&button).ok()?;
    body.append_child(&failure).ok()?;
    Some(())
}
