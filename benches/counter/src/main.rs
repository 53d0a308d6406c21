//! The smallest useful Leptos app, built with the app's profile and tools, so `make bench` can
//! show what the framework alone costs next to what Signaal adds.
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let (count, set_count) = signal(0);
        view! { <button on:click=move |_| set_count.update(|n| *n += 1)>"Count: " {count}</button> }
    });
}
