//! The moves the engine offers on a trajectory screen, and recording the chosen one.

use super::data::Snapshot;
use crate::components::{ErrorLine, Field};
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::labels::{blocker_key, blocker_text, plan_error, step_name};
use crate::plan_data::{author, default_due_date};
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::engine::{self, Assignment, Move, MoveError};
use signaal_core::plan::outcome::{Closing, Outcome};
use signaal_core::plan::trajectory::{Status, StepEntry};

fn move_error(err: &MoveError) -> Key {
    match err {
        MoveError::Blocked(b) => b.first().map_or(Key::ErrPlan, blocker_key),
        MoveError::Invalid(e) => plan_error(e),
        MoveError::OutcomeMissing => Key::ErrOutcomeMissing,
    }
}

/// The moves the engine offers, blocked ones disabled with their reasons; choosing one asks for
/// owner, due date and a short note, and records the completed step.
#[component]
pub(super) fn Moves(id: Id, snap: Memo<Option<Snapshot>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let chosen = RwSignal::new(None::<(Move, String)>);
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(date_input(default_due_date()));
    let notes = RwSignal::new(String::new());
    // The outcome asked when a child's signal closes: an index into `Outcome::ALL`, or empty.
    let outcome = RwSignal::new(String::new());
    let care_avoiding = RwSignal::new(false);
    let (error, set_error) = signal(None::<Key>);
    let asks_outcome = move || {
        chosen.with(|c| c.as_ref().is_some_and(|c| c.0 == Move::Close))
            && snap.with(|s| s.as_ref().is_some_and(|s| engine::needs_outcome(&s.traj)))
    };
    let choose = move |mv: Move, label: String| {
        outcome.set(String::new());
        care_avoiding.set(false);
        owner.set(state.repo.with_untracked(author));
        due.set(date_input(default_due_date()));
        notes.set(String::new());
        set_error.set(None);
        chosen.set(Some((mv, label)));
    };
    let options = move || {
        snap.with(|s| {
            let Some(s) = s else { return Vec::new() };
            let case = s.case();
            engine::options(&case, &s.roles, today())
                .into_iter()
                .map(|o| {
                    let target = o
                        .target
                        .as_ref()
                        .map(|k| step_name(i18n, &s.template, k))
                        .unwrap_or_default();
                    let label = match &o.mv {
                        Move::Close => i18n.t(Key::MoveClose).to_owned(),
                        Move::RaiseSignal => i18n.t(Key::RaiseSignalFromMoment).to_owned(),
                        Move::Reopen(_) => format!("{} {}", i18n.t(Key::MoveReopen), target),
                        Move::Next | Move::GoTo(_) => target,
                    };
                    let reasons: Vec<String> =
                        o.blockers.iter().map(|b| blocker_text(i18n, b)).collect();
                    (o.mv, label, reasons)
                })
                .collect()
        })
    };
    // The move the latest typed form of this step points to (an evaluation's decision, a team's
    // stop), as the label of the option it matches; plain "next" needs no extra hint.
    let suggested = move || {
        snap.with(|s| {
            let s = s.as_ref()?;
            let form = s
                .entries
                .iter()
                .rev()
                .filter(|e| e.step == s.traj.step)
                .find_map(|e| e.form.as_ref())?;
            match engine::suggested_move(&s.template, form)? {
                Move::Close => Some(i18n.t(Key::MoveClose).to_owned()),
                Move::GoTo(k) => Some(step_name(i18n, &s.template, &k)),
                _ => None,
            }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((mv, _)) = chosen.get_untracked() else {
            return;
        };
        let Some(due) = parse_date(&due.get_untracked()) else {
            return set_error.set(Some(Key::ErrDate));
        };
        let owner = owner.get_untracked().trim().to_owned();
        let notes = notes.get_untracked().trim().to_owned();
        let closing = outcome
            .get_untracked()
            .parse::<usize>()
            .ok()
            .and_then(|i| Outcome::ALL.get(i).copied())
            .map(|outcome| Closing {
                outcome,
                care_avoiding_reached: care_avoiding.get_untracked(),
            });
        let day = today();
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            let s = Snapshot::read(r, id).ok_or(Key::ErrNotFound)?;
            let assignment = Assignment {
                owner: owner.clone(),
                due,
            };
            let next = if mv == Move::Close {
                engine::close(&s.case(), &s.roles, closing, assignment, day)
            } else {
                engine::apply_move(&s.case(), &s.roles, &mv, assignment, day)
            }
            .map_err(|e| move_error(&e))?;
            // A step whose typed form is saved already has its entry; a second, empty one would
            // only repeat the step in the history.
            let has_form = s
                .entries
                .iter()
                .any(|e| e.step == s.traj.step && e.form.is_some());
            if s.traj.status != Status::Closed && !(has_form && notes.is_empty()) {
                let by = Some(author(r))
                    .filter(|a| !a.trim().is_empty())
                    .unwrap_or_else(|| owner.clone());
                let entry = StepEntry {
                    id: new_id(),
                    trajectory_id: id,
                    step: s.traj.step.clone(),
                    date: day,
                    by,
                    owner: owner.clone(),
                    notes,
                    form: None,
                };
                r.save(&entry).map_err(|e| labels::repo_error(&e))?;
            }
            r.save(&next).map_err(|e| labels::repo_error(&e))
        });
        match result {
            Some(Ok(())) => {
                chosen.set(None);
                state.notify(Key::StepTaken);
            }
            Some(Err(key)) => set_error.set(Some(key)),
            None => {}
        }
    };
    view! {
        <section class="card moves">
            <h2>{i18n.tr(Key::NextSteps)}</h2>
            <Show when=move || chosen.with(Option::is_none) fallback=move || view! {
                <form on:submit=submit novalidate>
                    <h3>{i18n.tr(Key::MoveTo)}": "{move || chosen.with(|c| c.as_ref().map(|c| c.1.clone()).unwrap_or_default())}</h3>
                    <Field label=Key::Owner><input type="text" maxlength="80" bind:value=owner/></Field>
                    <Field label=Key::DueDate><input type="date" bind:value=due/></Field>
                    {move || asks_outcome().then(|| view! {
                        <div class="field">
                            <label for=format!("outcome-{id}")>{i18n.tr(Key::OutcomeLabel)}</label>
                            <select id=format!("outcome-{id}") required on:change=move |ev| outcome.set(event_target_value(&ev))>
                                <option value="">{i18n.tr(Key::OutcomePick)}</option>
                                {Outcome::ALL.into_iter().enumerate().map(|(i, o)| view! {
                                    <option value=i.to_string()>{i18n.tr(labels::outcome(o))}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || care_avoiding.get() on:change=move |ev| care_avoiding.set(event_target_checked(&ev))/>
                            <span>{i18n.tr(Key::CareAvoiding)}</span>
                        </label>
                    })}
                    <label class="field">
                        <span>{i18n.tr(Key::MoveNotes)}</span>
                        <textarea rows="3" maxlength="4000" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                    </label>
                    <ErrorLine error/>
                    <div class="form-actions">
                        <button type="submit" class="button primary">{i18n.tr(Key::ConfirmMove)}</button>
                        <button type="button" class="button ghost" on:click=move |_| chosen.set(None)>{i18n.tr(Key::Cancel)}</button>
                    </div>
                </form>
            }>
                <ul class="move-list">
                    {move || options().into_iter().enumerate().map(|(i, (mv, label, reasons))| {
                        let blocked = !reasons.is_empty();
                        let is_suggested = suggested().is_some_and(|s| s == label);
                        let is_next = mv == Move::Next && !is_suggested;
                        let class = if (is_next || is_suggested) && !blocked { "button primary" } else { "button" };
                        let text = label.clone();
                        let reason_id = format!("move-reason-{i}");
                        view! {
                            <li class:blocked=blocked>
                                <button type="button" class=class disabled=blocked
                                    aria-describedby=blocked.then(|| reason_id.clone())
                                    on:click=move |_| choose(mv.clone(), text.clone())>
                                    {label}
                                </button>
                                {is_next.then(|| view! { <span class="muted">" ("{i18n.tr(Key::NextStepHint)}")"</span> })}
                                {is_suggested.then(|| view! { <span class="muted suggested">" ("{i18n.tr(Key::SuggestedHint)}")"</span> })}
                                {blocked.then(|| view! {
                                    <ul class="blocked-reasons" id=reason_id>
                                        {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                    </ul>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
