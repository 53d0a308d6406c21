//! `/stappenplan`: the trajectories that are running and what is due this week or overdue.

use crate::components::{PageHeader, UrgentBadge};
use crate::i18n::{format_date, use_i18n, Key};
use crate::platform::today;
use crate::state::use_state;
use chrono::NaiveDate;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::consent::{Consent, ConsentRegister};
use signaal_core::plan::engine::{self, Case, DueItem, DueKind};
use signaal_core::plan::template::{StepKey, Template};
use signaal_core::plan::trajectory::{Status, StepEntry, Subject, Trajectory};

/// `/stappenplan`: the trajectories that are running and what is due this week or overdue.
#[component]
pub fn Plans() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    // (trajectory, step name, subject name) for every open trajectory, soonest due first.
    let data = move || {
        let lang = i18n.lang.get().code();
        state.repo.with(|r| {
            let templates: Vec<Template> = r.all();
            let entries: Vec<StepEntry> = r.all();
            let consents: Vec<Consent> = r.all();
            let mut open: Vec<(Trajectory, Template, ConsentRegister)> = r
                .all::<Trajectory>()
                .into_iter()
                // Closed ones stay while a follow-up is open: it shows in what is due.
                .filter(|t| t.is_open() || !t.follow_ups().is_empty())
                .filter_map(|t| {
                    let tp = templates.iter().find(|tp| tp.id == t.template_id)?.clone();
                    let reg = t.child_id().map_or_else(ConsentRegister::empty, |c| {
                        ConsentRegister::for_child(c, consents.iter())
                    });
                    Some((t, tp, reg))
                })
                .collect();
            open.sort_by_key(|(t, _, _)| (t.due, t.id));
            let name = |s: Subject| match s {
                Subject::Child(c) => r
                    .children()
                    .get(&c)
                    .map(|c| c.display_name.clone())
                    .unwrap_or_default(),
                Subject::Group(g) => r
                    .groups()
                    .get(&g)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
            };
            let cases: Vec<Case> = open
                .iter()
                .map(|(t, tp, reg)| Case {
                    trajectory: t,
                    template: tp,
                    entries: &entries,
                    consents: reg,
                })
                .collect();
            let overview = engine::due(&cases, today());
            let step_of = |id: Id, key: &StepKey| {
                open.iter()
                    .find(|(t, _, _)| t.id == id)
                    .and_then(|(_, tp, _)| tp.step(key))
                    .map_or_else(|| key.to_string(), |s| s.name.get(lang).to_owned())
            };
            let due_row = |d: &DueItem| {
                let what = match &d.kind {
                    DueKind::Step(k) => step_of(d.trajectory, k),
                    DueKind::Evaluation => i18n.t(Key::DueEvaluation).to_owned(),
                    DueKind::ChildDiscussion if matches!(d.subject, Subject::Group(_)) => {
                        i18n.t(Key::DueGroupDiscussion).to_owned()
                    }
                    DueKind::ChildDiscussion => i18n.t(Key::DueChildDiscussion).to_owned(),
                    DueKind::Action { what } => format!("{} {what}", i18n.t(Key::DueAction)),
                    DueKind::FollowUp { months } => {
                        format!(
                            "{} {months} {}",
                            i18n.t(Key::DueFollowUp),
                            i18n.t(Key::DueFollowUpMonths)
                        )
                    }
                };
                // Group concerns share the list with children: marked, so they read apart.
                let who = match d.subject {
                    Subject::Group(_) => {
                        format!("{} ({})", name(d.subject), i18n.t(Key::GroupMarker))
                    }
                    Subject::Child(_) => name(d.subject),
                };
                (d.trajectory, who, what, d.owner.clone(), d.date)
            };
            let this_week: Vec<_> = overview.this_week.iter().map(due_row).collect();
            let overdue: Vec<_> = overview.overdue.iter().map(due_row).collect();
            // Children and groups in their own lists.
            let (groups, running): (Vec<_>, Vec<_>) = open
                .iter()
                .filter(|(t, _, _)| t.is_open())
                .map(|(t, _, _)| {
                    (
                        t.id,
                        name(t.subject),
                        step_of(t.id, &t.step),
                        t.owner.clone(),
                        t.due,
                        (t.status, t.urgent),
                        t.child_id().is_none(),
                    )
                })
                .partition(|row| row.6);
            (running, groups, this_week, overdue)
        })
    };
    let due_list = move |items: Vec<(Id, String, String, String, NaiveDate)>,
                         class: &'static str| {
        if items.is_empty() {
            return view! { <p class="muted">{i18n.tr(Key::NothingDue)}</p> }.into_any();
        }
        view! {
            <ul class=format!("due-list {class}")>
                {items.into_iter().map(|(id, who, what, owner, date)| view! {
                    <li>
                        <a href=format!("/stappenplan/{id}")>{who}</a>
                        " · "{what}" · "{i18n.tr(Key::OwnerShort)}": "{owner}" · "<time datetime=date.to_string()>{move || format_date(i18n.lang.get(), date)}</time>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <PageHeader title=Key::PlansTitle intro=Key::PlansIntro/>
        <nav class="card plan-tools" aria-label=i18n.tr(Key::PlansTools)>
            <a class="button" href="/stappenplan/welbevinding">{i18n.tr(Key::WellbeingLink)}</a>
            <a class="button" href="/stappenplan/contacten">{i18n.tr(Key::ContactsTitle)}</a>
            <a class="button" href="/stappenplan/sjabloon">{i18n.tr(Key::TemplatesLink)}</a>
            <a class="button" href="/stappenplan/groep">{i18n.tr(Key::GroupConcernStart)}</a>
            <a class="button" href="/stappenplan/coach">{i18n.tr(Key::RegisterLink)}</a>
        </nav>
        {move || {
            let (running, groups, this_week, overdue) = data();
            if running.is_empty() && groups.is_empty() && this_week.is_empty() && overdue.is_empty() {
                return view! { <p class="empty">{i18n.tr(Key::NoTrajectories)}</p> }.into_any();
            }
            let plan_list = move |rows: Vec<(Id, String, String, String, NaiveDate, (Status, bool), bool)>, empty: Key| {
                if rows.is_empty() {
                    return view! { <p class="muted">{i18n.tr(empty)}</p> }.into_any();
                }
                view! {
                    <ul class="plan-list">
                        {rows.into_iter().map(|(id, who, step, owner, date, (status, urgent), _)| view! {
                            <li>
                                <a class="plan-child" href=format!("/stappenplan/{id}")>{who}</a>
                                {urgent.then(|| view! { <UrgentBadge/> })}
                                <span>{step}{(status == Status::Watch).then(|| view! { " · "{i18n.tr(Key::StatusWatch)} })}</span>
                                <span class="muted">{i18n.tr(Key::OwnerShort)}": "{owner}" · "{i18n.tr(Key::DueDate)}" "{move || format_date(i18n.lang.get(), date)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            };
            view! {
                <section class="card">
                    <h2>{i18n.tr(Key::DueTitle)}</h2>
                    <h3>{i18n.tr(Key::Overdue)}</h3>
                    {due_list(overdue, "overdue")}
                    <h3>{i18n.tr(Key::DueThisWeek)}</h3>
                    {due_list(this_week, "this-week")}
                </section>
                <section class="card">
                    <h2>{i18n.tr(Key::PlansRunning)}</h2>
                    {plan_list(running, Key::NoChildTrajectories)}
                </section>
                <section class="card group-concerns">
                    <h2>{i18n.tr(Key::GroupConcernsTitle)}</h2>
                    {plan_list(groups, Key::NoGroupConcerns)}
                </section>
            }
            .into_any()
        }}
    }
}
