//! One coaching session read back: on the coaching screen and in the child's file.

use crate::i18n::{format_date, use_i18n, Key};
use crate::labels::session_kind_key;
use leptos::prelude::*;
use signaal_core::plan::coaching::CoachSession;

/// One session as the team reads it back: date and kind, length and coach, learning goals,
/// notes and report. `other`: it belongs to another trajectory of the same child.
#[component]
pub fn SessionDetails(session: CoachSession, #[prop(optional)] other: bool) -> impl IntoView {
    let i18n = use_i18n();
    let s = session;
    let date = s.date;
    view! {
        <h3>{move || format_date(i18n.lang.get(), date)}" · "{i18n.tr(session_kind_key(s.kind))}</h3>
        <p class="muted">{s.minutes}" min · "{s.coach.clone()}
            {other.then(|| view! { " · "{i18n.tr(Key::SessionOtherTrajectory)} })}
        </p>
        <dl class="fields">
            {(!s.learning_goals.is_empty()).then(|| view! {
                <dt>{i18n.tr(Key::LearningGoalsShort)}</dt>
                <dd><ul class="checklist">{s.learning_goals.iter().map(|g| view! { <li>{g.clone()}</li> }).collect_view()}</ul></dd>
            })}
            {(!s.shared_notes.is_empty()).then(|| view! { <dt>{i18n.tr(Key::SharedNotes)}</dt><dd>{s.shared_notes.clone()}</dd> })}
            {(!s.report.is_empty()).then(|| view! { <dt>{i18n.tr(Key::CoachReport)}</dt><dd class="coach-report">{s.report.clone()}</dd> })}
        </dl>
    }
}
