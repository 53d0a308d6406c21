//! Looking back: the timeline with filters and search, and one moment in full.

use crate::components::{
    ChildPlan, ErrorLine, MomentCard, PageHeader, SimilarMoments, WeeklyChart,
};
use crate::i18n::{format_datetime, use_i18n, Key};
use crate::labels;
use crate::platform::today;
use crate::state::{use_state, Toast};
use chrono::Duration;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use signaal_core::id::Id;
use signaal_core::moment::{Moment, Tag};
use signaal_core::notebook::{weekly_counts, Filter};

/// Rendering a long timeline all at once would stall a tablet; it grows on request.
const PAGE: usize = 50;
const CHART_WEEKS: u32 = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Period {
    Week,
    Month,
    Quarter,
    All,
}

impl Period {
    const ALL: [(Period, &'static str, Key); 4] = [
        (Period::Month, "30", Key::PeriodMonth),
        (Period::Week, "7", Key::PeriodWeek),
        (Period::Quarter, "90", Key::PeriodQuarter),
        (Period::All, "all", Key::PeriodAll),
    ];

    fn days(self) -> Option<i64> {
        match self {
            Period::Week => Some(7),
            Period::Month => Some(30),
            Period::Quarter => Some(91),
            Period::All => None,
        }
    }
}

#[component]
pub fn Notebook() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let text = RwSignal::new(String::new());
    let child = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let author = RwSignal::new(String::new());
    let period = RwSignal::new(Period::All);
    let (limit, set_limit) = signal(PAGE);

    let filter = Memo::new(move |_| Filter {
        child: child.get().parse().ok(),
        group: group.get().parse().ok(),
        tags: Tag::from_code(&tag.get()).ok().into_iter().collect(),
        author: Some(author.get()).filter(|a| !a.is_empty()),
        from: period.get().days().map(|d| today() - Duration::days(d - 1)),
        text: text.get(),
        ..Filter::default()
    });
    let found = Memo::new(move |_| {
        filter.with(|f| {
            state.repo.with(|r| {
                r.notebook()
                    .timeline(f)
                    .into_iter()
                    .map(|m| m.id)
                    .collect::<Vec<Id>>()
            })
        })
    });
    let weeks = Signal::derive(move || {
        let f = Filter {
            from: None,
            ..filter.get()
        };
        state
            .repo
            .with(|r| weekly_counts(r.notebook().timeline(&f), CHART_WEEKS, today()))
    });
    let shown = move || {
        let ids = found.get();
        state.repo.with(|r| {
            ids.iter()
                .take(limit.get())
                .filter_map(|id| r.notebook().get(*id).cloned())
                .collect::<Vec<Moment>>()
        })
    };
    let children = move || {
        state.repo.with(|r| {
            r.children()
                .values()
                .map(|c| (c.id.to_string(), c.display_name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let groups = move || {
        state.repo.with(|r| {
            r.groups()
                .values()
                .map(|g| (g.id.to_string(), g.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let authors = move || {
        state.repo.with(|r| {
            let mut names: Vec<String> = r
                .notebook()
                .iter()
                .map(|m| m.author.clone())
                .filter(|a| !a.is_empty())
                .collect();
            names.sort();
            names.dedup();
            names
        })
    };

    view! {
        <PageHeader title=Key::NotebookTitle intro=Key::NotebookIntro/>
        <div class="filters card" role="search">
            <label class="field search-field">
                <span>{i18n.tr(Key::Search)}</span>
                <input type="search" placeholder=i18n.tr(Key::SearchPlaceholder) bind:value=text/>
            </label>
            <div class="field">
                <label for="filter-child">{i18n.tr(Key::FilterChild)}</label>
                <select id="filter-child" on:change=move |ev| child.set(event_target_value(&ev)) prop:value=move || child.get()>
                    <option value="">{i18n.tr(Key::AllChildren)}</option>
                    {move || children().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-group">{i18n.tr(Key::Group)}</label>
                <select id="filter-group" on:change=move |ev| group.set(event_target_value(&ev)) prop:value=move || group.get()>
                    <option value="">{i18n.tr(Key::AllGroups)}</option>
                    {move || groups().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-tag">{i18n.tr(Key::FilterTag)}</label>
                <select id="filter-tag" on:change=move |ev| tag.set(event_target_value(&ev)) prop:value=move || tag.get()>
                    <option value="">{i18n.tr(Key::AllTags)}</option>
                    {Tag::BUILT_IN.into_iter().map(|t| {
                        let code = t.code();
                        view! { <option value=code>{move || labels::tag(i18n, &t)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-period">{i18n.tr(Key::FilterPeriod)}</label>
                <select id="filter-period" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    period.set(Period::ALL.iter().find(|(_, code, _)| *code == v).map_or(Period::All, |p| p.0));
                }>
                    {Period::ALL.into_iter().map(|(p, code, key)| view! {
                        <option value=code selected=move || period.get() == p>{i18n.tr(key)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-author">{i18n.tr(Key::FilterAuthor)}</label>
                <select id="filter-author" on:change=move |ev| author.set(event_target_value(&ev))>
                    <option value="">{i18n.tr(Key::Everyone)}</option>
                    {move || authors().into_iter().map(|a| { let value = a.clone(); view! { <option value=value>{a}</option> } }).collect_view()}
                </select>
            </div>
        </div>
        <p class="result-count" role="status">{move || {
            let n = found.with(Vec::len);
            format!("{n} {}", i18n.t(if n == 1 { Key::MomentOne } else { Key::Results }))
        }}</p>
        <WeeklyChart weeks/>
        <Show when=move || !found.with(Vec::is_empty) fallback=move || view! { <p class="empty">{i18n.tr(Key::NoMoments)}</p> }>
            <ul class="timeline">{shown().into_iter().map(|m| view! { <MomentCard moment=m/> }).collect_view()}</ul>
            // Re-rendered as a whole when the filter changes; cheap at PAGE items.
            <Show when=move || { found.with(Vec::len) > limit.get() }>
                <button class="button" on:click=move |_| set_limit.update(|l| *l += PAGE)>{i18n.tr(Key::ShowMore)}</button>
            </Show>
        </Show>
    }
}

#[component]
pub fn MomentDetail() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let id = crate::platform::route_id();
    let moment = Memo::new(move |_| {
        id.get()
            .and_then(|id| state.repo.with(|r| r.notebook().get(id).cloned()))
    });
    view! {
        {move || match moment.get() {
            None => view! {
                <PageHeader title=Key::NotebookTitle intro=Key::MomentNotFound/>
                <a class="button" href="/schriftje">{i18n.tr(Key::BackToNotebook)}</a>
            }.into_any(),
            Some(m) => view! { <MomentView moment=m/> }.into_any(),
        }}
        <SimilarMoments target=moment/>
        <ChildChart moment/>
    }
}

#[component]
fn ChildChart(moment: Memo<Option<Moment>>) -> impl IntoView {
    let state = use_state();
    let weeks = Signal::derive(move || {
        let Some(child) = moment.with(|m| m.as_ref().and_then(|m| m.child_ids.first().copied()))
        else {
            return Vec::new();
        };
        let filter = Filter {
            child: Some(child),
            ..Filter::default()
        };
        state
            .repo
            .with(|r| weekly_counts(r.notebook().timeline(&filter), CHART_WEEKS, today()))
    });
    view! { <Show when=move || moment.with(Option::is_some)><WeeklyChart weeks/></Show> }
}

#[component]
fn MomentView(moment: Moment) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let navigate = use_navigate();
    let id = moment.id;
    let (error, set_error) = signal(None::<Key>);
    let (names, created, changed) = state.repo.with_untracked(|r| {
        let names: Vec<(Id, String)> = moment
            .child_ids
            .iter()
            .filter_map(|c| r.children().get(c).map(|c| (c.id, c.display_name.clone())))
            .collect();
        let record = r.record(id);
        let stamp = |hlc: Option<signaal_core::clock::Hlc>| {
            hlc.and_then(|h| chrono::DateTime::from_timestamp_millis(h.wall_ms as i64))
        };
        let created =
            record.and_then(|rec| Some((rec.created_by()?.to_owned(), stamp(rec.created())?)));
        let changed = record
            .filter(|rec| rec.updated() != rec.created())
            .and_then(|rec| Some((rec.updated_by()?.to_owned(), stamp(rec.updated())?)));
        (names, created, changed)
    });
    let delete = move |_| match state.repo.try_update(|r| r.set_deleted(id, true)) {
        Some(Ok(())) => {
            state.toast.set(Some(Toast {
                text: Key::MomentDeleted,
                undo: Some(id),
            }));
            navigate("/schriftje", Default::default());
        }
        Some(Err(err)) => set_error.set(Some(labels::repo_error(&err))),
        None => {}
    };
    let from_parent = moment.from_parent;
    let unread = RwSignal::new(from_parent && !moment.read);
    let mark_read = {
        let read = Moment {
            read: true,
            ..moment.clone()
        };
        move |_| match state.repo.try_update(|r| r.save(&read)) {
            Some(Ok(())) => {
                unread.set(false);
                state.notify(Key::MarkedRead);
            }
            Some(Err(err)) => set_error.set(Some(labels::repo_error(&err))),
            None => {}
        }
    };
    let at = moment.occurred_at;
    let part = moment.part_of_day();
    let fields = labels::structured_fields(&moment);
    // The instant's own offset, not today's: a moment written before a DST change keeps its hour.
    let local =
        |dt: chrono::DateTime<chrono::Utc>| signaal_web::time::local_at(dt.timestamp_millis());
    view! {
        <article class="card moment-full">
            <header class="page-header">
                <h1>{names.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ")}</h1>
                <p class="intro">
                    <time datetime=signaal_core::iso::minute(at)>{move || format_datetime(i18n.lang.get(), at)}</time>
                    " · "{move || i18n.t(labels::part_of_day(part))}
                </p>
            </header>
            <p class="tag-list">
                {from_parent.then(|| view! { <span class="tag tag-parent">{i18n.tr(Key::FromParent)}</span> })}
                {moment.tags.iter().cloned().map(|t| {
                    let positive = t == Tag::Positive;
                    view! { <span class="tag" class:tag-positive=positive>{move || labels::tag(i18n, &t)}</span> }
                }).collect_view()}
                {moment.rating.map(|r| view! { <span class=format!("rating rating-{}", r.code())>{move || i18n.t(labels::rating(r))}</span> })}
            </p>
            <p class="moment-note big">{moment.note.clone()}</p>
            <dl class="fields">
                {fields.into_iter().map(|(key, value)| view! { <dt>{i18n.tr(key)}</dt><dd>{value}</dd> }).collect_view()}
                {moment.for_handover.then(|| view! { <dt>{i18n.tr(Key::ForHandover)}</dt><dd>"✓"</dd> })}
                {moment.told_parent.then(|| view! { <dt>{i18n.tr(Key::ToldParent)}</dt><dd>"✓"</dd> })}
                {moment.talk.map(|answer| view! {
                    <dt>{i18n.tr(Key::ParentTalk)}</dt><dd>{i18n.tr(labels::talk_answer(answer))}</dd>
                })}
                {created.map(|(who, when)| { let when = local(when); view! {
                    <dt>{i18n.tr(Key::WrittenBy)}</dt>
                    <dd>{if from_parent { i18n.t(Key::FromParentWritten).to_owned() } else { who }}" · "{move || format_datetime(i18n.lang.get(), when)}</dd>
                }})}
                {changed.map(|(who, when)| { let when = local(when); view! {
                    <dt>{i18n.tr(Key::ChangedBy)}</dt><dd>{who}" · "{move || format_datetime(i18n.lang.get(), when)}</dd>
                }})}
            </dl>
            <ErrorLine error/>
            <div class="form-actions">
                <Show when=move || unread.get()>
                    <button class="button primary" on:click=mark_read.clone()>{i18n.tr(Key::MarkRead)}</button>
                </Show>
                <a class="button" href=format!("/moment/{id}")>{i18n.tr(Key::Edit)}</a>
                {names.first().map(|(child, _)| view! {
                    <a class="button" href=format!("/kinderen/{child}")>{i18n.tr(Key::MomentsOfChild)}</a>
                })}
                <button class="button danger" on:click=delete>{i18n.tr(Key::Delete)}</button>
            </div>
            {names.first().map(|(child, _)| view! { <ChildPlan child=*child moment=id/> })}
        </article>
    }
}
