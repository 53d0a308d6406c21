//! Marking a trajectory urgent on its screen: for the roles the template allows, with a required
//! reason, and undone with one tap. The rule it lifts (the team's own plan first) and who may
//! lift it are in `signaal_core::plan::engine::mark_urgent`; this module asks and saves.

use super::data::Snapshot;
use crate::components::ErrorLine;
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::labels::role_key;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::engine::{self, UrgentError};
use signaal_core::plan::trajectory::Status;

fn urgent_error(err: &UrgentError) -> Key {
    match err {
        UrgentError::RoleNotAllowed { .. } => Key::UrgentWho,
        UrgentError::ReasonMissing => Key::ErrUrgentReason,
        UrgentError::Closed => Key::BlockClosed,
        UrgentError::Invalid(_) => Key::ErrTooLong,
    }
}

#[component]
pub fn UrgentPanel(id: Id, snap: Memo<Option<Snapshot>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);
    // (urgent, may change it, the roles that may) of the trajectory as it stands.
    let facts = Memo::new(move |_| {
        snap.with(|s| {
            s.as_ref()
                .filter(|s| s.traj.status != Status::Closed)
                .map(|s| {
                    let content = &s.template.content;
                    (
                        s.traj.urgent,
                        content.may_mark_urgent(&s.roles),
                        content.urgent_roles.clone(),
                    )
                })
        })
    });
    let save = move |make: bool| {
        let text = reason.get_untracked();
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            let s = Snapshot::read(r, id).ok_or(Key::ErrNotFound)?;
            let next = if make {
                engine::mark_urgent(&s.case(), &s.roles, &text)
            } else {
                engine::clear_urgent(&s.case(), &s.roles)
            }
            .map_err(|e| urgent_error(&e))?;
            r.save(&next).map_err(|e| labels::repo_error(&e))
        });
        match result {
            Some(Ok(())) => {
                asking.set(false);
                reason.set(String::new());
                error.set(None);
                state.notify(if make {
                    Key::UrgentSaved
                } else {
                    Key::UrgentCleared
                });
            }
            Some(Err(key)) => error.set(Some(key)),
            None => {}
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(true);
    };
    view! {
        {move || facts.get().map(|(urgent, may, roles)| view! {
            <section class="card urgency">
                <h2>{i18n.tr(Key::UrgentTitle)}</h2>
                {if urgent {
                    view! {
                        {may.then(|| view! {
                            <button type="button" class="button" on:click=move |_| save(false)>{i18n.tr(Key::UrgentUndo)}</button>
                        })}
                    }.into_any()
                } else if !may {
                    let names: Vec<&str> = roles.iter().map(|r| i18n.t(role_key(*r))).collect();
                    view! {
                        <p class="muted">{i18n.tr(Key::UrgentHelp)}</p>
                        <p class="muted urgent-who">{i18n.tr(Key::UrgentWho)}" "{names.join(", ")}</p>
                    }.into_any()
                } else {
                    view! {
                        <p class="muted">{i18n.tr(Key::UrgentHelp)}</p>
                        <Show when=move || asking.get() fallback=move || view! {
                            <button type="button" class="button" on:click=move |_| asking.set(true)>{i18n.tr(Key::UrgentMake)}</button>
                        }>
                            <form on:submit=submit novalidate>
                                <label class="field">
                                    <span>{i18n.tr(Key::UrgentReason)}</span>
                                    <textarea rows="2" maxlength="500" required
                                        prop:value=move || reason.get()
                                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                                </label>
                                <ErrorLine error/>
                                <div class="form-actions">
                                    <button type="submit" class="button primary">{i18n.tr(Key::UrgentConfirm)}</button>
                                    <button type="button" class="button ghost" on:click=move |_| asking.set(false)>{i18n.tr(Key::Cancel)}</button>
                                </div>
                            </form>
                        </Show>
                    }.into_any()
                }}
                {move || (urgent && error.get().is_some()).then(|| view! {
                    <p class="error" role="alert">{move || error.get().map(|k| i18n.t(k))}</p>
                })}
            </section>
        })}
    }
}
