//! Today: the handover at shift change, per group, readable at a glance and printable.

use crate::components::{MomentCard, PageHeader};
use crate::i18n::{format_date, use_i18n, Key};
use crate::platform::today;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::notebook::{handover, Filter};
use signaal_core::plan::wellbeing::{lists_due, WellbeingObservation};

#[component]
pub fn Today() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let day = today();
    let groups = move || {
        state.repo.with(|r| {
            let mut list: Vec<(String, Vec<_>)> = handover(r.notebook().iter(), day)
                .into_iter()
                .map(|h| {
                    let name = r
                        .groups()
                        .get(&h.group_id)
                        .map(|g| g.name.clone())
                        .unwrap_or_default();
                    let moments = h
                        .moment_ids
                        .iter()
                        .filter_map(|id| r.notebook().get(*id).cloned())
                        .collect();
                    (name, moments)
                })
                .collect();
            list.sort_by(|a, b| a.0.cmp(&b.0));
            list
        })
    };
    let todays = move || {
        let filter = Filter {
            from: Some(day),
            to: Some(day),
            ..Filter::default()
        };
        state.repo.with(|r| {
            r.notebook()
                .timeline(&filter)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let onboarding = move || {
        state
            .repo
            .with(|r| r.children().is_empty() || r.profile().author.is_empty())
    };
    let print = |_| {
        let _ = window().print();
    };
    view! {
        <PageHeader title=Key::TodayTitle intro=Key::TodayIntro/>
        <Show when=onboarding>
            <section class="card welcome">
                <h2>{i18n.tr(Key::GetStarted)}</h2>
                <p>{i18n.tr(Key::GetStartedBody)}</p>
                <div class="form-actions">
                    <a class="button primary" href="/kinderen">{i18n.tr(Key::AddChildrenLink)}</a>
                    <a class="button" href="/instellingen">{i18n.tr(Key::Profile)}</a>
                </div>
            </section>
        </Show>
        <WellbeingReminders/>
        <section class="handover" aria-labelledby="handover-title">
            <div class="section-head">
                <h2 id="handover-title">{i18n.tr(Key::HandoverTitle)}" · "{move || format_date(i18n.lang.get(), day)}</h2>
                <button class="button" on:click=print>{i18n.tr(Key::Print)}</button>
            </div>
            {move || {
                let groups = groups();
                if groups.is_empty() {
                    view! { <p class="empty">{i18n.tr(Key::HandoverNone)}</p> }.into_any()
                } else {
                    groups.into_iter().map(|(name, moments)| view! {
                        <section class="handover-group">
                            <h3>{name}</h3>
                            <ul class="timeline">{moments.into_iter().map(|m| view! { <MomentCard moment=m/> }).collect_view()}</ul>
                        </section>
                    }).collect_view().into_any()
                }
            }}
        </section>
        <section aria-labelledby="today-title">
            <h2 id="today-title">{i18n.tr(Key::TodaysMoments)}</h2>
            {move || {
                let list = todays();
                if list.is_empty() {
                    view! { <p class="empty">{i18n.tr(Key::NothingYet)}</p> }.into_any()
                } else {
                    view! { <ul class="timeline">{list.into_iter().map(|m| view! { <MomentCard moment=m/> }).collect_view()}</ul> }.into_any()
                }
            }}
        </section>
    }
}

/// Groups whose wellbeing list is due by the period they set: a reminder with the way there.
#[component]
fn WellbeingReminders() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let due = Memo::new(move |_| {
        state.repo.with(|r| {
            let observations: Vec<WellbeingObservation> = r.all();
            lists_due(r.groups().values(), &observations, today())
                .into_iter()
                .filter_map(|d| {
                    Some((
                        d.group_id,
                        r.groups().get(&d.group_id)?.name.clone(),
                        d.last,
                    ))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        {move || {
            let list = due.get();
            (!list.is_empty()).then(|| view! {
                <section class="card wellbeing-due" aria-labelledby="wellbeing-due">
                    <h2 id="wellbeing-due">{i18n.tr(Key::WellbeingDueTitle)}</h2>
                    <ul>
                        {list.into_iter().map(|(id, name, last)| view! {
                            <li>
                                <a href=format!("/stappenplan/welbevinding?groep={id}")>{i18n.tr(Key::WellbeingDueFor)}" "{name}</a>
                                {match last {
                                    Some(d) => view! { <span class="muted">" · "{i18n.tr(Key::WellbeingLast)}" "{move || format_date(i18n.lang.get(), d)}</span> }.into_any(),
                                    None => view! { <span class="muted">" · "{i18n.tr(Key::WellbeingNever)}</span> }.into_any(),
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}
