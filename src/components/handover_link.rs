use super::LinkBox;
use crate::handover_link::{self, LinkError};
use crate::i18n::{format_date, use_i18n, Key};
use crate::platform::today;
use crate::share::sender;
use crate::state::use_state;
use crate::sync::use_sync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::handover::Disclosure;
use signaal_core::handover_link::is_live;
use signaal_core::id::Id;
use signaal_core::view::View;

/// The link of a handover just published: copy, share sheet and QR as for a parent link, until
/// when it works, and taking it back.
#[component]
pub fn HandoverLinkCard(id: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let given = Memo::new(move |_| {
        state.repo.with(|r| {
            r.record(id)
                .and_then(|rec| Disclosure::from_record(rec).ok())
        })
    });
    move || {
        given.get().map(|d| {
            let live = is_live(&d, today());
            let link = d.link.clone().map(|l| {
                let origin = window().location().origin().unwrap_or_default();
                (format!("{origin}{}", l.path()), l.expires)
            });
            view! {
                <section class="card handover-composer" aria-labelledby="handover-link-title">
                    <h2 id="handover-link-title">{i18n.tr(Key::HandoverLinkTitle)}</h2>
                    {match (live, link) {
                        (true, Some((link, expires))) => view! {
                            <LinkBox link label=Key::HandoverLinkLabel qr_label=Key::HandoverQr/>
                            <p>{i18n.tr(Key::HandoverLinkUntil)}" "{move || format_date(i18n.lang.get(), expires)}</p>
                            <RevokeLink given=d/>
                        }.into_any(),
                        _ => view! { <p role="status">{i18n.tr(Key::HandoverRevoked)}</p> }.into_any(),
                    }}
                </section>
            }
        })
    }
}

/// "Link intrekken" for a live handover link, after a confirmation.
#[component]
pub fn RevokeLink(given: Disclosure) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let sync = use_sync();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<LinkError>);
    let revoke = move |_| {
        if busy.get_untracked()
            || !window()
                .confirm_with_message(i18n.t(Key::HandoverRevokeConfirm))
                .unwrap_or(false)
        {
            return;
        }
        busy.set(true);
        error.set(None);
        let given = given.clone();
        spawn_local(async move {
            let result = handover_link::revoke(state, sync, given, sender(state, i18n)).await;
            let _ = busy.try_set(false);
            match result {
                Ok(()) => state.notify(Key::HandoverRevoked),
                Err(err) => {
                    let _ = error.try_set(Some(err));
                }
            }
        });
    };
    view! {
        <p class="form-actions">
            <button type="button" class="button danger" disabled=busy on:click=revoke>{i18n.tr(Key::HandoverRevoke)}</button>
        </p>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{i18n.tr(e.words())}</p> })}
    }
}
