//! The follow-ups of a closed trajectory, six and twelve months after closing: "is het kind nog
//! op de reguliere BSO?", answered once it is due. Which follow-ups a trajectory has and when
//! they are due is `signaal_core::plan::outcome`.

use super::data::Snapshot;
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::today;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;

#[component]
pub fn FollowUps(id: Id, snap: Memo<Option<Snapshot>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let rows = Memo::new(move |_| {
        snap.with(|s| s.as_ref().map(|s| s.traj.follow_ups()).unwrap_or_default())
    });
    let answer = move |months: u8, still_regular: bool| {
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            let s = Snapshot::read(r, id).ok_or(Key::ErrNotFound)?;
            let next = s
                .traj
                .answer_follow_up(months, still_regular, today())
                .map_err(|_| Key::ErrDate)?;
            r.save(&next).map_err(|e| labels::repo_error(&e))
        });
        state.notify(match result {
            Some(Ok(())) => Key::FollowUpSaved,
            Some(Err(key)) => key,
            None => Key::ErrNotFound,
        });
    };
    view! {
        {move || {
            let list = rows.get();
            (!list.is_empty()).then(|| view! {
                <section class="card follow-ups">
                    <h2>{i18n.tr(Key::FollowUpTitle)}</h2>
                    <p>{i18n.tr(Key::FollowUpQuestion)}</p>
                    <ul class="follow-up-list">
                        {list.into_iter().map(|(months, due, answered)| {
                            let head = move || format!("{} {months} {}", i18n.t(Key::FollowUpAfter), i18n.t(Key::FollowUpMonths));
                            view! {
                                <li>
                                    <strong>{head}</strong>" · "
                                    {match answered {
                                        Some(a) => view! {
                                            {i18n.tr(if a.still_regular { Key::FollowUpYes } else { Key::FollowUpNo })}
                                            " · "{move || format_date(i18n.lang.get(), a.answered_on)}
                                        }.into_any(),
                                        None if due <= today() => view! {
                                            <div class="form-actions" role="group" aria-label=head>
                                                <button type="button" class="button" on:click=move |_| answer(months, true)>{i18n.tr(Key::FollowUpYes)}</button>
                                                <button type="button" class="button" on:click=move |_| answer(months, false)>{i18n.tr(Key::FollowUpNo)}</button>
                                            </div>
                                        }.into_any(),
                                        None => view! {
                                            <span class="muted">{i18n.tr(Key::FollowUpFrom)}" "{move || format_date(i18n.lang.get(), due)}</span>
                                        }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}
