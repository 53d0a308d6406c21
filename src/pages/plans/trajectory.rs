//! `/stappenplan/:id`: one trajectory's screen (current step, its form, goals and actions, the
//! allowed moves with the reasons others are blocked, coaching and consents, history, linked
//! moments).
//! All rules live in `signaal_core::plan`; this module only reads, asks the engine and saves.

use super::actions::OpenActions;
use super::coaching::CoachingCard;
use super::data::Snapshot;
use super::follow_up::FollowUps;
use super::goals::GoalList;
use super::group_concern::GroupActions;
use super::moves::Moves;
use super::step_forms::StepForms;
use super::urgency::UrgentPanel;
use crate::components::{ConsentPanel, FormSummary, MomentCard, PageHeader, UrgentBadge};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::labels::{status_key, step_name};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::plan::trajectory::StepEntry;

/// `/stappenplan/:id`: one trajectory.
#[component]
pub fn TrajectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let id = crate::platform::route_id();
    let snap = Memo::new(move |_| {
        id.get()
            .and_then(|id| state.repo.with(|r| Snapshot::read(r, id)))
    });
    let child = Memo::new(move |_| snap.with(|s| s.as_ref().and_then(|s| s.traj.child_id())));
    // Memos, so the move form and the consent form keep what is typed while other data changes.
    let exists = Memo::new(move |_| snap.with(Option::is_some));
    let group =
        Memo::new(move |_| snap.with(|s| s.as_ref().is_some_and(|s| s.traj.child_id().is_none())));
    view! {
        {move || match snap.get() {
            None => view! {
                <PageHeader title=Key::PlansTitle intro=Key::TrajectoryNotFound/>
                <a class="button" href="/stappenplan">{i18n.tr(Key::PlansTitle)}</a>
            }.into_any(),
            Some(s) => view! { <TrajectoryHead snap=s/> }.into_any(),
        }}
        {move || id.get().filter(|_| exists.get()).map(|id| view! {
            <StepForms id snap/>
            {move || if group.get() {
                view! { <GroupActions snap/> }.into_any()
            } else {
                view! { <GoalList trajectory=id/> <OpenActions snap/> }.into_any()
            }}
            <UrgentPanel id snap/>
            <Moves id snap/>
            <FollowUps id snap/>
        })}
        {move || id.get().zip(child.get()).map(|(id, c)| view! { <CoachingCard trajectory=id child=c/> <ConsentPanel child=c/> })}
        {move || snap.get().map(|s| view! { <TrajectoryHistory snap=s/> })}
    }
}

#[component]
fn TrajectoryHead(snap: Snapshot) -> impl IntoView {
    let i18n = use_i18n();
    let t = snap.traj.clone();
    let template = snap.template.clone();
    let step = template.step(&t.step).cloned();
    let started = t.started_on;
    let due = t.due;
    let status = t.status;
    let child_href = t.child_id().map(|c| format!("/kinderen/{c}"));
    let lang = move || i18n.lang.get().code();
    Effect::new({
        let name = snap.child_name.clone();
        move |_| {
            document().set_title(&format!(
                "{} · {} · {}",
                name,
                i18n.t(Key::PlansTitle),
                i18n.t(Key::AppName)
            ))
        }
    });
    view! {
        <header class="page-header">
            <h1>{snap.child_name.clone()}{t.urgent.then(|| view! { " "<UrgentBadge/> })}</h1>
            {t.urgent.then(|| view! { <p class="urgent-reason"><strong>{i18n.tr(Key::UrgentBadge)}": "</strong>{t.urgent_reason.clone()}</p> })}
            {t.outcome.map(|o| view! {
                <p class="outcome-line">{i18n.tr(Key::OutcomeShown)}": "{i18n.tr(labels::outcome(o))}
                    {(t.care_avoiding_reached == Some(true)).then(|| view! { " · "{i18n.tr(Key::CareAvoiding)} })}
                </p>
            })}
            <p class="intro">
                {i18n.tr(status_key(status))}" · "{i18n.tr(Key::StartedOn)}" "{move || format_date(i18n.lang.get(), started)}
                {(!t.raised_by_name.is_empty()).then(|| format!(" · {}", t.raised_by_name))}
                " · "{i18n.tr(Key::TemplateVersionOf)}" "{template.version}
            </p>
        </header>
        <section class="card current-step">
            <h2>{i18n.tr(Key::CurrentStep)}": "{
                let step = step.clone();
                let key = t.step.clone();
                move || step.as_ref().map_or_else(|| key.to_string(), |s| s.name.get(lang()).to_owned())
            }</h2>
            {step.clone().map(|s| {
                let purpose = s.purpose.clone();
                let checklist = s.checklist.clone();
                view! {
                    <p>{move || purpose.get(lang()).to_owned()}</p>
                    <h3>{i18n.tr(Key::WhatToDo)}</h3>
                    <ul class="checklist">
                        {checklist.into_iter().map(|item| view! { <li>{move || item.get(lang()).to_owned()}</li> }).collect_view()}
                    </ul>
                }
            })}
            <dl class="fields">
                <dt>{i18n.tr(Key::OwnerShort)}</dt><dd class="plan-owner">{t.owner.clone()}</dd>
                <dt>{i18n.tr(Key::DueDate)}</dt><dd class="plan-due">{move || format_date(i18n.lang.get(), due)}</dd>
                {(!t.concern.is_empty()).then(|| view! { <dt>{i18n.tr(Key::Concern)}</dt><dd>{t.concern.clone()}</dd> })}
            </dl>
            <div class="form-actions">
                {child_href.map(|href| view! { <a class="button ghost" href=href>{snap.child_name.clone()}</a> })}
                {t.child_id().map(|_| view! { <a class="button" href=format!("/stappenplan/{}/overdracht", t.id)>{i18n.tr(Key::HandoverCompose)}</a> })}
                // The parents' copy of the plan and evaluation: print CSS leaves only the content.
                <button type="button" class="button print-button" on:click=|_| { let _ = window().print(); }>{i18n.tr(Key::Print)}</button>
            </div>
        </section>
    }
}

#[component]
fn TrajectoryHistory(snap: Snapshot) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let template = snap.template.clone();
    let rows: Vec<StepEntry> = snap.entries.clone();
    let empty = rows.is_empty();
    let moments: Vec<_> = state.repo.with_untracked(|r| {
        snap.traj
            .moments
            .iter()
            .filter_map(|m| r.notebook().get(*m).cloned())
            .collect()
    });
    let no_moments = moments.is_empty();
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::History)}</h2>
            {empty.then(|| view! { <p class="muted">{i18n.tr(Key::NoHistory)}</p> })}
            <ol class="plan-history">
                {rows.into_iter().map(|e| {
                    let template = template.clone();
                    let key = e.step.clone();
                    let date = e.date;
                    view! {
                        <li>
                            <strong>{move || step_name(i18n, &template, &key)}</strong>
                            " · "{move || format_date(i18n.lang.get(), date)}" · "{e.by.clone()}
                            {(!e.notes.is_empty()).then(|| view! { <p class="plan-notes">{e.notes.clone()}</p> })}
                            {e.form.clone().map(|form| view! { <FormSummary form/> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section>
            <h2>{i18n.tr(Key::LinkedMoments)}</h2>
            {no_moments.then(|| view! { <p class="muted">{i18n.tr(Key::NoLinkedMoments)}</p> })}
            <ul class="timeline">{moments.into_iter().map(|m| view! { <MomentCard moment=m/> }).collect_view()}</ul>
        </section>
    }
}
