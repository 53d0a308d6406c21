//! Where a goal stands, as one line: on the trajectory screen and in the child's file.

use crate::i18n::{format_date, use_i18n};
use crate::labels::goal_status_key;
use leptos::prelude::*;
use signaal_core::plan::trajectory::{Goal, GoalStatus};

/// "Achieved · 12 May 2026 · plays outside with Noor": where a goal stands, in one line.
#[component]
pub fn GoalStatusLine(goal: Goal) -> impl IntoView {
    let i18n = use_i18n();
    let on = goal.status_on;
    view! {
        <p class="goal-status" class:settled=goal.status != GoalStatus::Open>
            <strong>{i18n.tr(goal_status_key(goal.status))}</strong>
            {on.map(|d| view! { " · "{move || format_date(i18n.lang.get(), d)} })}
            {(!goal.status_note.is_empty()).then(|| format!(" · {}", goal.status_note))}
        </p>
    }
}
