//! One child's file for printing on A4: consents, trajectories with their goals and steps,
//! coaching sessions, and every moment from the first, written out in full. For a handover, a
//! care meeting, or parents who ask to see what is kept about their child.

use crate::components::{DisclosureRegister, FormSummary, GoalStatusLine, SessionDetails};
use crate::i18n::{format_date, format_datetime, use_i18n, I18n, Key};
use crate::labels;
use crate::labels::{status_key, step_name, totals_text};
use crate::plan_data::{all_time, sessions_of};
use crate::platform::today;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::moment::Moment;
use signaal_core::notebook::Filter;
use signaal_core::plan::consent::Consent;
use signaal_core::plan::form::FormData;
use signaal_core::plan::template::Template;
use signaal_core::plan::trajectory::{history, Goal, StepEntry, Subject, Trajectory};
use signaal_core::view::View;

#[component]
pub fn ChildFile() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let id = crate::platform::route_id();
    move || {
        let Some(child) = id
            .get()
            .and_then(|id| state.repo.with(|r| r.children().get(&id).cloned()))
        else {
            return view! { <p class="empty">{i18n.tr(Key::ChildNotFound)}</p> }.into_any();
        };
        let group = state.repo.with(|r| {
            r.groups()
                .get(&child.group_id)
                .map(|g| g.name.clone())
                .unwrap_or_default()
        });
        document().set_title(&format!(
            "{} · {}",
            i18n.t(Key::FileTitle),
            child.display_name
        ));
        view! {
            <article class="dossier">
                <header class="page-header">
                    <h1>{i18n.tr(Key::FileTitle)}" · "{child.display_name.clone()}</h1>
                    <p class="intro">{group}" · "{i18n.tr(Key::FilePrinted)}" "{move || format_date(i18n.lang.get(), today())}</p>
                    <p class="form-actions">
                        <button type="button" class="button primary" on:click=|_| { let _ = window().print(); }>{i18n.tr(Key::Print)}</button>
                        <a class="button" href=format!("/kinderen/{}", child.id)>{i18n.tr(Key::FileBack)}</a>
                    </p>
                </header>
                <Consents child=child.id/>
                <Plans child=child.id/>
                <Coaching child=child.id/>
                <DisclosureRegister child=child.id/>
                <Moments child=child.id/>
            </article>
        }
        .into_any()
    }
}

#[component]
fn Consents(child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let consents = state.repo.with(|r| {
        let mut list: Vec<Consent> = r
            .all::<Consent>()
            .into_iter()
            .filter(|c| c.child_id == child)
            .collect();
        list.sort_by_key(|c| c.given_on);
        list
    });
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::ConsentsTitle)}</h2>
            {if consents.is_empty() {
                view! { <p class="muted">{i18n.tr(Key::NoConsents)}</p> }.into_any()
            } else {
                view! {
                    <ul>{consents.into_iter().map(|c| view! {
                        <li>
                            {i18n.tr(labels::consent(c.kind))}": "{c.given_by.clone()}", "{move || format_date(i18n.lang.get(), c.given_on)}
                            {c.withdrawn_on.map(|w| view! { " · "{i18n.tr(Key::WithdrawnOn)}" "{move || format_date(i18n.lang.get(), w)} })}
                        </li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
    }
}

/// "3 Mar 2026 · Team discussion · Anna: notes"; the entry's form follows it in full.
fn entry_line(i18n: I18n, template: Option<&Template>, e: &StepEntry) -> String {
    let step = template.map_or_else(|| e.step.to_string(), |t| step_name(i18n, t, &e.step));
    let notes = if e.notes.is_empty() {
        String::new()
    } else {
        format!(": {}", e.notes)
    };
    format!(
        "{} · {step} · {}{notes}",
        format_date(i18n.lang.get(), e.date),
        e.by
    )
}

#[component]
fn Plans(child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let plans = state.repo.with(|r| {
        let entries = r.all::<StepEntry>();
        let goals = r.all::<Goal>();
        let mut list: Vec<_> = r
            .all::<Trajectory>()
            .into_iter()
            .filter(|t| t.subject == Subject::Child(child))
            .map(|t| {
                let template = r
                    .record(t.template_id)
                    .and_then(|rec| Template::from_record(rec).ok());
                // Several steps a day keep the order they were recorded in, as on the trajectory.
                let mut done = history(t.id, &entries);
                done.sort_by_key(|e| (e.date, r.record(e.id).and_then(|rec| rec.created()), e.id));
                let steps: Vec<(String, Option<FormData>)> = done
                    .into_iter()
                    .map(|e| (entry_line(i18n, template.as_ref(), e), e.form.clone()))
                    .collect();
                let goals: Vec<Goal> = goals
                    .iter()
                    .filter(|g| g.trajectory_id == t.id)
                    .cloned()
                    .collect();
                let current = template
                    .as_ref()
                    .map_or_else(|| t.step.to_string(), |tpl| step_name(i18n, tpl, &t.step));
                (t, current, goals, steps)
            })
            .collect();
        list.sort_by_key(|(t, ..)| t.started_on);
        list
    });
    (!plans.is_empty()).then(|| view! {
        <section class="card">
            <h2>{i18n.tr(Key::FilePlans)}</h2>
            {plans.into_iter().map(|(t, current, goals, steps)| view! {
                <h3>
                    {move || format_date(i18n.lang.get(), t.started_on)}" · "{i18n.tr(status_key(t.status))}" · "{current}
                </h3>
                {(!t.concern.is_empty()).then(|| view! { <p>{t.concern.clone()}</p> })}
                {(!goals.is_empty()).then(|| view! {
                    <h4>{i18n.tr(Key::FileGoals)}</h4>
                    <ul>{goals.into_iter().map(|g| view! {
                        <li>
                            {g.description.clone()}{(!g.success.is_empty()).then(|| format!(" — {}", g.success))}
                            <GoalStatusLine goal=g/>
                        </li>
                    }).collect_view()}</ul>
                })}
                <h4>{i18n.tr(Key::FileSteps)}</h4>
                <ol>{steps.into_iter().map(|(line, form)| view! {
                    <li>{line}{form.map(|form| view! { <FormSummary form/> })}</li>
                }).collect_view()}</ol>
            }).collect_view()}
        </section>
    })
}

/// Coaching on the job about this child: the total, then every session in full.
#[component]
fn Coaching(child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let sessions = state.repo.with(|r| sessions_of(r, child));
    let totals = all_time(&sessions);
    (!sessions.is_empty()).then(|| view! {
        <section class="card">
            <h2>{i18n.tr(Key::CoachingTitle)}</h2>
            <p class="coach-child-total">{move || totals_text(i18n, totals)}</p>
            <ol class="coach-sessions">
                {sessions.into_iter().map(|session| view! { <li class="coach-session"><SessionDetails session/></li> }).collect_view()}
            </ol>
        </section>
    })
}

fn moment_fields(i18n: I18n, m: &Moment) -> Vec<(Key, String)> {
    let tags: Vec<String> = m.tags.iter().map(|t| labels::tag(i18n, t)).collect();
    let mut fields = vec![
        (Key::Tags, tags.join(", ")),
        (Key::WhatHappened, m.note.clone()),
    ];
    fields.extend(labels::structured_fields(m));
    fields.push((
        Key::RatingLabel,
        m.rating
            .map_or(String::new(), |r| i18n.t(labels::rating(r)).to_owned()),
    ));
    fields.push((Key::WrittenBy, m.author.clone()));
    fields.retain(|(_, v)| !v.is_empty());
    fields
}

#[component]
fn Moments(child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    // Oldest first: a file reads as the story so far. Moments noted in the same minute keep the
    // order they were written in.
    let moments: Vec<Moment> = state.repo.with(|r| {
        let filter = Filter {
            child: Some(child),
            ..Filter::default()
        };
        let mut list: Vec<Moment> = r
            .notebook()
            .timeline(&filter)
            .into_iter()
            .cloned()
            .collect();
        list.sort_by_key(|m| (m.occurred_at, r.record(m.id).and_then(|rec| rec.created())));
        list
    });
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::MomentsOfChild)}" ("{moments.len()}")"</h2>
            {moments.into_iter().map(|m| {
                let fields = moment_fields(i18n, &m);
                view! {
                    <div class="dossier-moment">
                        <h3>{move || format_datetime(i18n.lang.get(), m.occurred_at)}</h3>
                        <dl>{fields.into_iter().map(|(k, v)| view! { <dt>{i18n.tr(k)}</dt><dd>{v}</dd> }).collect_view()}</dl>
                    </div>
                }
            }).collect_view()}
        </section>
    }
}
