//! Service worker registration and the "new version available" offer.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

/// Browser state the shell shows: whether a new build waits, and whether we are online.
#[derive(Clone, Copy)]
pub struct Pwa {
    pub update_ready: ReadSignal<bool>,
    pub online: ReadSignal<bool>,
    /// The browser's deferred install prompt (Chromium's `beforeinstallprompt`), if offered.
    install_prompt: RwSignal<Option<web_sys::Event>, LocalStorage>,
    waiting: RwSignal<Option<ServiceWorker>, LocalStorage>,
    reload_requested: RwSignal<bool>,
}

impl Pwa {
    /// Activates the waiting worker; the page reloads once it has taken control.
    pub fn can_install(&self) -> bool {
        self.install_prompt.with(Option::is_some)
    }

    /// Shows the browser's own install dialog; it can be used once.
    pub fn install(&self) {
        if let Some(event) = self.install_prompt.get_untracked() {
            if let Ok(prompt) = js_sys::Reflect::get(&event, &"prompt".into()) {
                if let Some(prompt) = prompt.dyn_ref::<js_sys::Function>() {
                    let _ = prompt.call0(&event);
                }
            }
            self.install_prompt.set(None);
        }
    }

    pub fn apply_update(&self) {
        if let Some(worker) = self.waiting.get_untracked() {
            self.reload_requested.set(true);
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            let _ = worker.post_message(&message);
        }
    }
}

pub fn start() -> Pwa {
    let (update_ready, set_update_ready) = signal(false);
    let waiting = RwSignal::new_local(None::<ServiceWorker>);
    let navigator = window().navigator();
    let (online, set_online) = signal(navigator.on_line());
    window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    window_event_listener(leptos::ev::offline, move |_| set_online.set(false));

    // Installing keeps storage from being evicted (Safari's 7-day rule), so the app offers it in
    // Settings instead of leaving it to a browser menu nobody finds.
    let install_prompt = RwSignal::new_local(None::<web_sys::Event>);
    window_event_listener_untyped("beforeinstallprompt", move |event| {
        event.prevent_default();
        install_prompt.set(Some(event));
    });
    window_event_listener_untyped("appinstalled", move |_| install_prompt.set(None));

    let offer = move |worker: ServiceWorker| {
        waiting.set(Some(worker));
        set_update_ready.set(true);
    };

    let container = navigator.service_worker();
    // Only the user's "reload" reloads: a first install also changes the controller (it claims
    // the page), and that must not throw away what is on screen.
    let reload_requested = RwSignal::new(false);
    let on_controller_change = Closure::<dyn FnMut()>::new(move || {
        if reload_requested.get_untracked() {
            let _ = window().location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    let registration = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(registration).await else {
            // No worker (e.g. private mode): the app still works online.
            return;
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        let controlled = || window().navigator().service_worker().controller().is_some();
        // A first install has no controller yet: that is not an update, nothing to offer.
        if let (Some(worker), true) = (reg.waiting(), controlled()) {
            offer(worker);
        }
        let reg_for_found = reg.clone();
        let on_update_found = Closure::<dyn FnMut()>::new(move || {
            // Whether this is an update is decided when the new worker starts installing: a
            // first install claims the page once it is active, and a busy page (WebKit here)
            // can see that claim before the "installed" event, which then looked like an update.
            let Some(installing) = reg_for_found.installing().filter(|_| controlled()) else {
                return;
            };
            let watched = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if watched.state() == ServiceWorkerState::Installed {
                    offer(watched.clone());
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget();
    });

    Pwa {
        update_ready,
        online,
        install_prompt,
        waiting,
        reload_requested,
    }
}
