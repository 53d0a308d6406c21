//! A group's step forms: the advice of a coach or expert, and that advice turned into actions.

use super::{actions_of, report, save_form, ActionRows, Row, SaveButton};
use crate::components::{lines, Field, TextArea};
use crate::i18n::{use_i18n, Key};
use crate::pages::plans::data::Snapshot;
use crate::plan_data::{author, default_due_date};
use crate::platform::{date_input, parse_date, today};
use crate::state::use_state;
use chrono::Days;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::form::{AdviceForm, FormData, PlanForm};

#[component]
pub(super) fn AdviceStep(id: Id, error: RwSignal<Option<Key>>) -> impl IntoView {
    let advisor = RwSignal::new(String::new());
    let points = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let points = lines(&points.get_untracked());
        if points.is_empty() {
            return error.set(Some(Key::ErrAdviceEmpty));
        }
        let form = AdviceForm {
            advisor: advisor.get_untracked().trim().to_owned(),
            points,
        };
        report(
            error,
            save_form(id, FormData::Advice(form), String::new(), Vec::new()),
        );
    };
    view! {
        <form on:submit=submit novalidate>
            <Field label=Key::AdviceBy><input type="text" maxlength="120" bind:value=advisor/></Field>
            <TextArea label=Key::AdvicePoints value=points/>
            <SaveButton/>
        </form>
    }
}

/// The advice turned into actions: one row per point of the latest advice, each with one owner
/// and a date, and the date to evaluate.
#[component]
pub(super) fn ActionsStep(
    id: Id,
    snap: Memo<Option<Snapshot>>,
    error: RwSignal<Option<Key>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let me = state.repo.with_untracked(author);
    let due = date_input(default_due_date());
    let advice: Vec<String> = snap.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| {
                s.entries.iter().rev().find_map(|e| match &e.form {
                    Some(FormData::Advice(a)) => Some(a.points.clone()),
                    _ => None,
                })
            })
            .unwrap_or_default()
    });
    let start = if advice.is_empty() {
        vec![String::new()]
    } else {
        advice
    };
    let rows = RwSignal::new(
        start
            .into_iter()
            .enumerate()
            .map(|(i, what)| Row::action(i, what, me.clone(), due.clone()))
            .collect::<Vec<_>>(),
    );
    let review = RwSignal::new(date_input(
        today()
            .checked_add_days(Days::new(56))
            .unwrap_or_else(today),
    ));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(review_date) = parse_date(&review.get_untracked()) else {
            return error.set(Some(Key::ErrDate));
        };
        let actions = match rows.with_untracked(|r| actions_of(r)) {
            Ok(list) if !list.is_empty() => list,
            Ok(_) => return error.set(Some(Key::ErrGoalMissing)),
            Err(key) => return error.set(Some(key)),
        };
        let form = PlanForm {
            goals: Vec::new(),
            actions,
            review_date,
            parents_copy: false,
        };
        report(
            error,
            save_form(id, FormData::Plan(form), String::new(), Vec::new()),
        );
    };
    view! {
        <form on:submit=submit novalidate class="plan-form">
            <p class="muted">{i18n.tr(Key::GroupActionsHelp)}</p>
            <ActionRows rows owner=me due/>
            <Field label=Key::ReviewDate><input type="date" bind:value=review/></Field>
            <SaveButton/>
        </form>
    }
}
