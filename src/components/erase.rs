//! Erasing a child completely, for when parents ask or the retention time has passed. What goes
//! is computed by `signaal_core::erasure` and shown before anything is changed.

use crate::components::act;
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::today;
use crate::state::use_state;
use crate::store::draft;
use crate::store::repo::RepoError;
use crate::sync::{use_sync, SyncError};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use signaal_core::child::left_on;
use signaal_core::erasure::{due_for_erasure, plan, Counts, Due, DEFAULT_RETENTION_MONTHS};
use signaal_core::id::Id;
use signaal_core::plan::trajectory::Trajectory;
use signaal_core::storage::Profile;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum EraseError {
    /// A published parent link could not be revoked: nothing was erased, or the link would
    /// stay readable with nobody left who can revoke it.
    #[error("a parent link could not be revoked: {0}")]
    Revoke(SyncError),
    #[error(transparent)]
    Repo(#[from] RepoError),
}

impl EraseError {
    fn words(&self) -> Key {
        match self {
            EraseError::Revoke(SyncError::NotInTeam) => Key::ErrEraseNoTeam,
            EraseError::Revoke(_) => Key::ErrEraseRevoke,
            EraseError::Repo(err) => labels::repo_error(err),
        }
    }
}

/// "12 momenten, 1 traject, …": only what there is, singular for one.
fn summary(i18n: crate::i18n::I18n, c: Counts) -> String {
    [
        (c.moments, Key::EraseMomentOne, Key::EraseMoments),
        (
            c.shared_moments,
            Key::EraseSharedMomentOne,
            Key::EraseSharedMoments,
        ),
        (
            c.trajectories,
            Key::EraseTrajectoryOne,
            Key::EraseTrajectories,
        ),
        (
            c.plan_records,
            Key::ErasePlanRecordOne,
            Key::ErasePlanRecords,
        ),
        (c.consents, Key::EraseConsentOne, Key::EraseConsents),
        (
            c.coach_sessions,
            Key::EraseCoachSessionOne,
            Key::EraseCoachSessions,
        ),
        (c.wellbeing, Key::EraseWellbeingOne, Key::EraseWellbeing),
        (
            c.parent_links,
            Key::EraseParentLinkOne,
            Key::EraseParentLinks,
        ),
        (
            c.disclosures,
            Key::EraseDisclosureOne,
            Key::EraseDisclosures,
        ),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", i18n.t(if n == 1 { one } else { many })))
    .collect::<Vec<_>>()
    .join(", ")
}

#[component]
pub fn EraseChild(child: Id, name: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let sync = use_sync();
    let asking = RwSignal::new(false);
    let erasure = Memo::new(move |_| state.repo.with(|r| plan(child, r.records())));
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<EraseError>));
    let navigate = use_navigate();
    let erase = move |_| {
        let navigate = navigate.clone();
        act(busy, error, async move {
            let e = erasure.get_untracked();
            // Links first: once the records are gone nobody holds what is needed to revoke them.
            for link in &e.revoke {
                sync.revoke_share(link).await.map_err(EraseError::Revoke)?;
            }
            for moment in &e.unlink {
                state
                    .repo
                    .try_update(|r| r.save(moment))
                    .unwrap_or(Ok(()))?;
            }
            state
                .repo
                .try_update(|r| r.erase(&e.erase))
                .unwrap_or(Ok(()))
                .map_err(RepoError::from)?;
            draft::clear_share(child);
            if draft::load().is_some_and(|d| d.children.contains(&child.to_string())) {
                draft::clear();
            }
            state.notify(Key::ChildErased);
            navigate("/kinderen", NavigateOptions::default());
            Ok(())
        })
    };
    view! {
        <section class="card danger-zone">
            <h2>{i18n.tr(Key::EraseTitle)}</h2>
            <p class="muted">{i18n.tr(Key::EraseHelp)}</p>
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button type="button" class="button danger" on:click=move |_| asking.set(true)>{i18n.tr(Key::EraseAsk)}</button>
                }
            >
                <p role="alert">
                    <strong>{name}</strong>": "{move || summary(i18n, erasure.get().counts)}". "
                    {i18n.tr(Key::EraseFinal)}
                </p>
                <Show when=move || erasure.with(|e| e.counts.shared_moments > 0)>
                    <p>{i18n.tr(Key::EraseSharedNote)}</p>
                </Show>
                {move || error.get().map(|err| view! { <p class="error" role="alert">{i18n.t(err.words())}</p> })}
                <p class="form-actions">
                    <button type="button" class="button danger" disabled=busy on:click=erase.clone()>{i18n.tr(Key::EraseConfirm)}</button>
                    <button type="button" class="button" on:click=move |_| asking.set(false)>{i18n.tr(Key::Cancel)}</button>
                </p>
            </Show>
        </section>
    }
}

/// The retention period, and the children it says are due for erasure. Only a suggestion: the
/// team erases from the child's page, after seeing what goes.
#[component]
pub fn Retention() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let months = move || {
        state.repo.with(|r| {
            r.profile()
                .retention_months
                .unwrap_or(DEFAULT_RETENTION_MONTHS)
        })
    };
    let input = RwSignal::new(months().to_string());
    let (message, set_message) = signal(None::<(bool, Key)>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(n) = input
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=120).contains(n))
        else {
            return set_message.set(Some((false, Key::ErrRetention)));
        };
        let profile = Profile {
            retention_months: Some(n),
            ..state.repo.with_untracked(|r| r.profile().clone())
        };
        match state.repo.try_update(|r| r.set_profile(profile)) {
            Some(Err(err)) => set_message.set(Some((false, labels::save_error(&err)))),
            _ => set_message.set(Some((true, Key::ProfileSaved))),
        }
    };
    let due = Memo::new(move |_| {
        let months = months();
        state.repo.with(|r| {
            let children: Vec<_> = r
                .children()
                .values()
                .map(|c| (c.clone(), r.record(c.id).and_then(left_on)))
                .collect();
            let due = due_for_erasure(
                children.iter().map(|(c, left)| (c, *left)),
                &r.all::<Trajectory>(),
                months,
                today(),
            );
            due.into_iter()
                .filter_map(|(id, due)| {
                    Some((id, r.children().get(&id)?.display_name.clone(), due))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <form class="card" on:submit=save novalidate>
            <h2>{i18n.tr(Key::RetentionTitle)}</h2>
            <label class="field">
                <span>{i18n.tr(Key::RetentionMonths)}</span>
                <input type="text" inputmode="numeric" maxlength="3" bind:value=input/>
                <small>{i18n.tr(Key::RetentionHelp)}</small>
            </label>
            {move || message.get().map(|(ok, key)| view! {
                <p class=if ok { "ok" } else { "error" } role="status">{i18n.tr(key)}</p>
            })}
            <button type="submit" class="button">{i18n.tr(Key::RetentionSave)}</button>
            <h3>{i18n.tr(Key::RetentionDue)}</h3>
            {move || {
                let due = due.get();
                if due.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::RetentionNone)}</p> }.into_any();
                }
                view! {
                    <ul class="child-list">
                        {due.into_iter().map(|(id, name, due)| {
                            let (reason, day) = match due {
                                Due::Left(day) => (Key::RetentionLeft, day),
                                Due::Closed(day) => (Key::RetentionClosed, day),
                            };
                            view! {
                                <li>
                                    <a href=format!("/kinderen/{id}")>{name}</a>
                                    <span class="muted">" · "{i18n.tr(reason)}" "{move || format_date(i18n.lang.get(), day)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </form>
    }
}
