//! Quick capture: "+ Moment" → tap a child → type → Save. Everything else fills itself or is
//! folded away. Every keystroke lands in the draft, so nothing typed is ever lost.

use crate::components::{ErrorLine, PageHeader, SimilarMoments};
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::plan_data::open_goals_for_child;
use crate::platform::{local_now, new_id};
use crate::state::use_state;
use crate::store::draft::{self, Draft};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use signaal_core::child::Child;
use signaal_core::id::Id;
use signaal_core::iso;
use signaal_core::moment::{Moment, Rating, Tag};
use signaal_core::storage::Profile;

/// Children shown as chips before "show all": enough for a group, small enough to scan.
const CHIPS: usize = 12;

#[component]
pub fn NewMoment() -> impl IntoView {
    let query = use_query_map();
    let preselect = query.with_untracked(|q| q.get("kind"));
    view! { <MomentForm editing=None preselect/> }
}

#[component]
pub fn EditMoment() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .with_untracked(|p| p.get("id"))
        .and_then(|s| s.parse::<Id>().ok());
    view! { <MomentForm editing=id preselect=None/> }
}

fn draft_from(moment: &Moment) -> Draft {
    Draft {
        editing: Some(moment.id.to_string()),
        children: moment.child_ids.iter().map(Id::to_string).collect(),
        tags: moment.tags.iter().map(Tag::code).collect(),
        note: moment.note.clone(),
        situation: moment.situation.clone(),
        trigger: moment.trigger.clone(),
        behaviour: moment.behaviour.clone(),
        response: moment.response.clone(),
        child_account: moment.child_account.clone(),
        ending: moment.ending.clone(),
        group_impact: moment.group_impact.clone(),
        rating: moment.rating.map(|r| r.code().to_owned()),
        told_parent: moment.told_parent,
        for_handover: moment.for_handover,
        occurred_at: Some(iso::minute(moment.occurred_at)),
        goal: moment.goal_id.map(|g| g.to_string()),
    }
}

/// The moment the draft describes, if it names at least one known child.
fn moment_from(
    draft: &Draft,
    children: &std::collections::BTreeMap<Id, Child>,
    existing: Option<&Moment>,
) -> Option<Moment> {
    let child_ids: Vec<Id> = draft
        .children
        .iter()
        .filter_map(|s| s.parse().ok())
        .filter(|id| children.contains_key(id))
        .collect();
    let group_id = children.get(child_ids.first()?)?.group_id;
    let occurred_at = draft
        .occurred_at
        .as_deref()
        .and_then(iso::parse_minute)
        .or(existing.map(|m| m.occurred_at))
        .unwrap_or_else(local_now);
    let id = existing.map_or_else(new_id, |m| m.id);
    let mut m = Moment::new(id, "", child_ids, group_id, occurred_at);
    m.tags = draft
        .tags
        .iter()
        .filter_map(|c| Tag::from_code(c).ok())
        .collect();
    m.note = draft.note.trim().to_owned();
    m.situation = draft.situation.trim().to_owned();
    m.trigger = draft.trigger.trim().to_owned();
    m.behaviour = draft.behaviour.trim().to_owned();
    m.response = draft.response.trim().to_owned();
    m.child_account = draft.child_account.trim().to_owned();
    m.ending = draft.ending.trim().to_owned();
    m.group_impact = draft.group_impact.trim().to_owned();
    m.rating = draft.rating.as_deref().and_then(Rating::from_code);
    m.told_parent = draft.told_parent;
    m.for_handover = draft.for_handover;
    m.goal_id = draft.goal.as_deref().and_then(|g| g.parse().ok());
    // What the form does not show stays as it was: a parent's reply stays one.
    if let Some(e) = existing {
        (m.from_parent, m.read, m.talk) = (e.from_parent, e.read, e.talk);
    }
    Some(m)
}

#[component]
fn MomentForm(editing: Option<Id>, preselect: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let navigate = use_navigate();
    let existing =
        editing.and_then(|id| state.repo.with_untracked(|r| r.notebook().get(id).cloned()));

    // A stored draft for this same form wins: it holds what was typed before a reload.
    let stored =
        draft::load().filter(|d| d.editing == editing.map(|id| id.to_string()) && !d.is_empty());
    let restored = stored.is_some();
    let initial = stored.unwrap_or_else(|| match &existing {
        Some(m) => draft_from(m),
        None => Draft {
            children: preselect.into_iter().collect(),
            ..Draft::default()
        },
    });
    let existing = StoredValue::new(existing);
    let form = RwSignal::new(initial);
    let (error, set_error) = signal(None::<Key>);
    let needs_name = state
        .repo
        .with_untracked(|r| r.profile().author.trim().is_empty());
    let name = RwSignal::new(String::new());

    Effect::new(move |_| {
        form.with(|d| {
            // Typing into a full storage must not show errors on every key; the save reports it.
            let _ = draft::save(d);
        })
    });

    let preview = Signal::derive(move || {
        let children = state.repo.with(|r| r.children().clone());
        existing
            .with_value(|e| form.with(|d| moment_from(d, &children, e.as_ref())))
            .filter(|m| !m.tags.is_empty() || !m.note.is_empty())
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if needs_name && name.get_untracked().trim().is_empty() {
            set_error.set(Some(Key::NeedName));
            return;
        }
        let Some(moment) = state.repo.with_untracked(|r| {
            existing
                .with_value(|e| form.with_untracked(|d| moment_from(d, r.children(), e.as_ref())))
        }) else {
            set_error.set(Some(Key::ChooseChildFirst));
            return;
        };
        let result = state.repo.try_update(|repo| {
            if needs_name {
                let profile = Profile {
                    author: name.get_untracked().trim().to_owned(),
                    ..repo.profile().clone()
                };
                repo.set_profile(profile)?;
            }
            repo.save(&moment)
        });
        match result {
            Some(Ok(())) => {
                draft::clear();
                state.notify(Key::MomentSaved);
                navigate(&format!("/schriftje/{}", moment.id), Default::default());
            }
            Some(Err(err)) => set_error.set(Some(labels::repo_error(&err))),
            None => {}
        }
    };

    let discard = move |_| {
        draft::clear();
        form.set(existing.with_value(|e| e.as_ref().map_or_else(Draft::default, draft_from)));
    };

    let title = if editing.is_some() {
        Key::MomentEditTitle
    } else {
        Key::MomentNewTitle
    };
    view! {
        <PageHeader title intro=Key::MomentFormIntro/>
        {restored.then(|| view! {
            <div class="banner info" role="status">
                <span>{i18n.tr(Key::DraftRestored)}</span>
                <button type="button" class="button" on:click=discard>{i18n.tr(Key::DiscardDraft)}</button>
            </div>
        })}
        <form class="moment-form" on:submit=save novalidate>
            <ChildPicker form/>
            <TagPicker form/>
            <GoalPicker form/>
            <label class="field">
                <span>{i18n.tr(Key::WhatHappened)}</span>
                <textarea
                    rows="4"
                    maxlength="5000"
                    prop:value=move || form.with(|d| d.note.clone())
                    on:input=move |ev| form.update(|d| d.note = event_target_value(&ev))
                ></textarea>
            </label>
            <Details form/>
            <Show when=move || needs_name>
                <label class="field">
                    <span>{i18n.tr(Key::YourName)}</span>
                    <input type="text" autocomplete="name" maxlength="60" bind:value=name/>
                    <small>{i18n.tr(Key::YourNameHelp)}</small>
                </label>
            </Show>
            <ErrorLine error/>
            <div class="form-actions">
                <button type="submit" class="button primary big">{i18n.tr(Key::Save)}</button>
            </div>
        </form>
        <SimilarMoments target=preview/>
    }
}

/// Children as chips: recently written about first, then the practitioner's own group.
#[component]
fn ChildPicker(form: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let (show_all, set_show_all) = signal(false);
    let (search, set_search) = signal(String::new());
    let ordered = Memo::new(move |_| {
        state.repo.with(|repo| {
            let recent: Vec<Id> = repo
                .notebook()
                .iter()
                .take(200)
                .flat_map(|m| m.child_ids.iter().copied())
                .collect();
            let mine = repo.profile().default_group;
            let mut children: Vec<(Id, String, bool)> = repo
                .children()
                .values()
                .filter(|c| !c.archived)
                .map(|c| (c.id, c.display_name.clone(), Some(c.group_id) == mine))
                .collect();
            children.sort_by_key(|(id, name, own)| {
                let rank = recent.iter().position(|r| r == id).unwrap_or(usize::MAX);
                (rank, !own, name.to_lowercase())
            });
            children
        })
    });
    let visible = move || {
        let needle = search.get().to_lowercase();
        let all = show_all.get() || !needle.is_empty();
        ordered
            .get()
            .into_iter()
            .filter(|(_, name, _)| name.to_lowercase().contains(&needle))
            .take(if all { usize::MAX } else { CHIPS })
            .collect::<Vec<_>>()
    };
    let toggle = move |id: String| {
        form.update(|d| match d.children.iter().position(|c| *c == id) {
            Some(i) => drop(d.children.remove(i)),
            None => d.children.push(id),
        })
    };
    view! {
        <fieldset class="chips-field">
            <legend>{i18n.tr(Key::WhichChildren)}</legend>
            <Show
                when=move || !ordered.with(Vec::is_empty)
                fallback=move || view! {
                    <p>{i18n.tr(Key::NoChildrenYet)}" "<a href="/kinderen">{i18n.tr(Key::AddChildrenLink)}</a></p>
                }
            >
                <Show when=move || { ordered.with(Vec::len) > CHIPS }>
                    <input type="search" class="chip-search" aria-label=i18n.tr(Key::FindChild)
                        placeholder=i18n.tr(Key::FindChild)
                        on:input=move |ev| set_search.set(event_target_value(&ev))/>
                </Show>
                <div class="chips">
                    {move || visible().into_iter().map(|(id, name, _)| {
                        let key = id.to_string();
                        let pressed = { let key = key.clone(); move || form.with(|d| d.children.contains(&key)) };
                        view! {
                            <button type="button" class="chip" aria-pressed=move || pressed().to_string()
                                on:click=move |_| toggle(key.clone())>{name}</button>
                        }
                    }).collect_view()}
                </div>
                <Show when=move || { !show_all.get() && (ordered.with(Vec::len) > CHIPS) }>
                    <button type="button" class="button ghost" on:click=move |_| set_show_all.set(true)>
                        {i18n.tr(Key::MoreChildren)}
                    </button>
                </Show>
            </Show>
        </fieldset>
    }
}

#[component]
fn TagPicker(form: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let custom = RwSignal::new(String::new());
    let toggle = move |code: String| {
        form.update(|d| match d.tags.iter().position(|c| *c == code) {
            Some(i) => drop(d.tags.remove(i)),
            None => d.tags.push(code),
        })
    };
    let add_custom = move || {
        let text = custom.get_untracked().trim().to_owned();
        if !text.is_empty() {
            let code = Tag::Custom(text).code();
            form.update(|d| {
                if !d.tags.contains(&code) {
                    d.tags.push(code)
                }
            });
            custom.set(String::new());
        }
    };
    let customs = move || {
        form.with(|d| {
            d.tags
                .iter()
                .filter_map(|c| match Tag::from_code(c) {
                    Ok(Tag::Custom(text)) => Some((c.clone(), text)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <fieldset class="chips-field">
            <legend>{i18n.tr(Key::Tags)}</legend>
            <div class="chips">
                {Tag::BUILT_IN.into_iter().map(|tag| {
                    let code = tag.code();
                    let pressed = { let code = code.clone(); move || form.with(|d| d.tags.contains(&code)) };
                    let positive = tag == Tag::Positive;
                    view! {
                        <button type="button" class="chip" class:chip-positive=positive
                            aria-pressed=move || pressed().to_string()
                            on:click=move |_| toggle(code.clone())>{move || labels::tag(i18n, &tag)}</button>
                    }
                }).collect_view()}
                {move || customs().into_iter().map(|(code, text)| view! {
                    <button type="button" class="chip" aria-pressed="true" on:click=move |_| toggle(code.clone())>{text}</button>
                }).collect_view()}
            </div>
            <div class="inline-field">
                <input type="text" maxlength="40" aria-label=i18n.tr(Key::CustomTag)
                    placeholder=i18n.tr(Key::CustomTag) bind:value=custom
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add_custom(); }/>
                <button type="button" class="button" on:click=move |_| add_custom()>{i18n.tr(Key::AddTag)}</button>
            </div>
        </fieldset>
    }
}

/// The optional structured fields, folded so quick capture stays quick.
#[component]
fn Details(form: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let opened = form.with_untracked(|d| {
        [
            &d.situation,
            &d.trigger,
            &d.behaviour,
            &d.response,
            &d.child_account,
            &d.ending,
            &d.group_impact,
        ]
        .iter()
        .any(|s| !s.is_empty())
            || d.rating.is_some()
    });
    let text = move |key: Key, get: fn(&Draft) -> &String, set: fn(&mut Draft, String)| {
        view! {
            <label class="field">
                <span>{i18n.tr(key)}</span>
                <textarea rows="2" maxlength="2000"
                    prop:value=move || form.with(|d| get(d).clone())
                    on:input=move |ev| form.update(|d| set(d, event_target_value(&ev)))></textarea>
            </label>
        }
    };
    let rating = move |code: Option<&'static str>, key: Key| {
        view! {
            <label class="choice">
                <input type="radio" name="rating"
                    prop:checked=move || form.with(|d| d.rating.as_deref() == code)
                    on:change=move |_| form.update(|d| d.rating = code.map(str::to_owned))/>
                <span class=code.map(|c| format!("rating-dot rating-{c}"))></span>
                {i18n.tr(key)}
            </label>
        }
    };
    let flag = move |key: Key, get: fn(&Draft) -> bool, set: fn(&mut Draft, bool)| {
        view! {
            <label class="choice">
                <input type="checkbox" prop:checked=move || form.with(get)
                    on:change=move |ev| form.update(|d| set(d, event_target_checked(&ev)))/>
                {i18n.tr(key)}
            </label>
        }
    };
    view! {
        {flag(Key::ForHandover, |d| d.for_handover, |d, v| d.for_handover = v)}
        {flag(Key::ToldParent, |d| d.told_parent, |d, v| d.told_parent = v)}
        <details class="details" open=opened>
            <summary>{i18n.tr(Key::MoreDetails)}</summary>
            {text(Key::Situation, |d| &d.situation, |d, v| d.situation = v)}
            {text(Key::Trigger, |d| &d.trigger, |d, v| d.trigger = v)}
            {text(Key::Behaviour, |d| &d.behaviour, |d, v| d.behaviour = v)}
            {text(Key::Response, |d| &d.response, |d, v| d.response = v)}
            {text(Key::ChildAccount, |d| &d.child_account, |d, v| d.child_account = v)}
            {text(Key::Ending, |d| &d.ending, |d, v| d.ending = v)}
            {text(Key::GroupImpact, |d| &d.group_impact, |d, v| d.group_impact = v)}
            <fieldset class="inline-choices">
                <legend>{i18n.tr(Key::RatingLabel)}</legend>
                {rating(None, Key::RatingNone)}
                {rating(Some(Rating::Green.code()), Key::RatingGreen)}
                {rating(Some(Rating::Orange.code()), Key::RatingOrange)}
                {rating(Some(Rating::Red.code()), Key::RatingRed)}
            </fieldset>
            <label class="field">
                <span>{i18n.tr(Key::When)}</span>
                <input type="datetime-local"
                    prop:value=move || form.with(|d| d.occurred_at.clone().unwrap_or_else(|| iso::minute(local_now())))
                    on:change=move |ev| form.update(|d| d.occurred_at = Some(event_target_value(&ev)))/>
            </label>
        </details>
    }
}

/// A goal picker, shown only when a chosen child has open plan goals: linking the moment makes
/// it show under that goal on the trajectory screen.
#[component]
fn GoalPicker(form: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let goals = Memo::new(move |_| {
        let children: Vec<Id> =
            form.with(|d| d.children.iter().filter_map(|s| s.parse().ok()).collect());
        state.repo.with(|r| {
            children
                .iter()
                .flat_map(|c| open_goals_for_child(r, *c))
                .map(|g| (g.id.to_string(), g.description))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || goals.with(|g| !g.is_empty())>
            <div class="field">
                <label for="moment-goal">{i18n.tr(Key::GoalPick)}</label>
                <select id="moment-goal" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|d| d.goal = Some(v).filter(|v| !v.is_empty()));
                }>
                    <option value="" selected=move || form.with(|d| d.goal.is_none())>{i18n.tr(Key::GoalNone)}</option>
                    {move || goals.get().into_iter().map(|(id, text)| {
                        let value = id.clone();
                        view! { <option value=id selected=move || form.with(|d| d.goal.as_deref() == Some(value.as_str()))>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        </Show>
    }
}
