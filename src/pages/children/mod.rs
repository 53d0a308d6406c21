//! The register of groups and children, and one child's page.

mod dossier;
mod share;

pub use dossier::ChildFile;
pub use share::ParentSharePage;

use self::share::ShareCard;
use crate::components::{
    ChildPlan, ConsentPanel, EraseChild, ErrorLine, Field, MomentCard, PageHeader, WeeklyChart,
};
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::platform::{new_id, today};
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::child::Child;
use signaal_core::group::Group;
use signaal_core::id::Id;
use signaal_core::notebook::{weekly_counts, Filter};

#[component]
pub fn Children() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let (search, set_search) = signal(String::new());
    let (show_archived, set_show_archived) = signal(false);
    let groups = move || {
        state.repo.with(|r| {
            let mut groups: Vec<Group> = r.groups().values().cloned().collect();
            groups.sort_by_key(|g| g.name.to_lowercase());
            groups
        })
    };
    let children_of = move |group: Id| {
        let needle = search.get().to_lowercase();
        let archived = show_archived.get();
        state.repo.with(|r| {
            let mut list: Vec<Child> = r
                .children()
                .values()
                .filter(|c| c.group_id == group && (archived || !c.archived))
                .filter(|c| c.display_name.to_lowercase().contains(&needle))
                .cloned()
                .collect();
            list.sort_by_key(|c| c.display_name.to_lowercase());
            list
        })
    };
    view! {
        <PageHeader title=Key::ChildrenTitle intro=Key::ChildrenIntro/>
        <div class="toolbar">
            <label class="field grow">
                <span>{i18n.tr(Key::FindChild)}</span>
                <input type="search" on:input=move |ev| set_search.set(event_target_value(&ev))/>
            </label>
            <label class="choice">
                <input type="checkbox" on:change=move |ev| set_show_archived.set(event_target_checked(&ev))/>
                {i18n.tr(Key::ShowArchived)}
            </label>
        </div>
        {move || groups().into_iter().map(|g| {
            let gid = g.id;
            view! {
                <section class="card">
                    <div class="group-head">
                        <h2>{g.name.clone()}</h2>
                        <div class="group-links">
                            <a class="button" href=format!("/stappenplan/welbevinding?groep={gid}")
                                aria-label=format!("{} – {}", i18n.t(Key::WellbeingLink), g.name)>{i18n.tr(Key::WellbeingLink)}</a>
                            <a class="button" href=format!("/stappenplan/groep?groep={gid}")
                                aria-label=format!("{} – {}", i18n.t(Key::GroupConcernFor), g.name)>{i18n.tr(Key::GroupConcernFor)}</a>
                        </div>
                    </div>
                    <ul class="child-list">
                        {move || children_of(gid).into_iter().map(|c| view! {
                            <li>
                                <a href=format!("/kinderen/{}", c.id)>{c.display_name.clone()}</a>
                                {c.archived.then(|| view! { <span class="muted">" · "{i18n.tr(Key::Archived)}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        }).collect_view()}
        <ChildForm child=None/>
        <GroupForm/>
    }
}

#[component]
fn GroupForm() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let name = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<Key>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group = Group::new(new_id(), name.get_untracked().trim());
        match state.repo.try_update(|r| r.save(&group)) {
            Some(Ok(())) => {
                name.set(String::new());
                set_error.set(None);
                state.notify(Key::GroupSaved);
            }
            Some(Err(err)) => set_error.set(Some(labels::repo_error(&err))),
            None => {}
        }
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{i18n.tr(Key::AddGroup)}</h2>
            <Field label=Key::GroupName><input type="text" maxlength="80" bind:value=name/></Field>
            <ErrorLine error/>
            <button type="submit" class="button">{i18n.tr(Key::AddGroup)}</button>
        </form>
    }
}

/// Adds a child (`child: None`) or edits one.
#[component]
fn ChildForm(child: Option<Child>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let editing = child.clone();
    let default_group = state.repo.with_untracked(|r| r.profile().default_group);
    let name = RwSignal::new(
        child
            .as_ref()
            .map(|c| c.display_name.clone())
            .unwrap_or_default(),
    );
    let group = RwSignal::new(
        child
            .as_ref()
            .map(|c| c.group_id)
            .or(default_group)
            .map(|g| g.to_string())
            .unwrap_or_default(),
    );
    let year = RwSignal::new(child.as_ref().map(year_text).unwrap_or_default());
    let notes = RwSignal::new(child.as_ref().map(|c| c.notes.clone()).unwrap_or_default());
    let archived = RwSignal::new(child.as_ref().is_some_and(|c| c.archived));
    let (error, set_error) = signal(None::<Key>);
    let has_groups = move || state.repo.with(|r| !r.groups().is_empty());
    // The record as stored now: sync may bring in other devices' edits while the form is open.
    let id = child.as_ref().map(|c| c.id);
    let stored =
        Memo::new(move |_| id.and_then(|id| state.repo.with(|r| r.children().get(&id).cloned())));
    if id.is_some() {
        // Such an edit shows in every field not being edited here; what is being typed stays.
        Effect::new(move |shown: Option<Option<Child>>| {
            let now = stored.get();
            if let (Some(Some(old)), Some(new)) = (&shown, &now) {
                follow(name, &old.display_name, &new.display_name);
                follow(group, &old.group_id.to_string(), &new.group_id.to_string());
                follow(year, &year_text(old), &year_text(new));
                follow(notes, &old.notes, &new.notes);
                follow(archived, &old.archived, &new.archived);
            }
            now
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The select shows the first group even before the user touches it; so does this.
        let chosen = group.get_untracked().parse::<Id>().ok();
        let fallback = state.repo.with_untracked(|r| {
            r.profile()
                .default_group
                .filter(|g| r.groups().contains_key(g))
                .or_else(|| r.groups().keys().next().copied())
        });
        let Some(group_id) = chosen.or(fallback) else {
            set_error.set(Some(Key::NoGroupYet));
            return;
        };
        let birth_year = match year.get_untracked().trim() {
            "" => None,
            y => match y.parse::<u16>() {
                Ok(y) => Some(y),
                Err(_) => return set_error.set(Some(Key::ErrBirthYear)),
            },
        };
        // The fields the form does not show come from the record as stored now, not as it was
        // when the form opened.
        let mut c = stored
            .get_untracked()
            .or_else(|| editing.clone())
            .unwrap_or_else(|| Child::new(new_id(), "", group_id));
        c.display_name = name.get_untracked().trim().to_owned();
        c.group_id = group_id;
        c.birth_year = birth_year;
        c.notes = notes.get_untracked().trim().to_owned();
        c.archived = archived.get_untracked();
        match state.repo.try_update(|r| r.save(&c)) {
            Some(Ok(())) => {
                set_error.set(None);
                if editing.is_none() {
                    name.set(String::new());
                    year.set(String::new());
                    notes.set(String::new());
                }
                state.notify(Key::ChildSaved);
            }
            Some(Err(err)) => set_error.set(Some(labels::repo_error(&err))),
            None => {}
        }
    };
    let title = if child.is_some() {
        Key::Edit
    } else {
        Key::AddChild
    };
    let is_edit = child.is_some();
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{i18n.tr(title)}</h2>
            <Show when=has_groups fallback=move || view! { <p>{i18n.tr(Key::NoGroupYet)}</p> }>
                <label class="field">
                    <span>{i18n.tr(Key::ChildName)}</span>
                    <input type="text" maxlength="60" autocomplete="off" bind:value=name/>
                    <small>{i18n.tr(Key::ChildNameHelp)}</small>
                </label>
                <div class="field">
                    <label for="child-group">{i18n.tr(Key::Group)}</label>
                    <select id="child-group" on:change=move |ev| group.set(event_target_value(&ev))>
                        {move || state.repo.with(|r| r.groups().values().map(|g| {
                            let id = g.id.to_string();
                            let value = id.clone();
                            view! { <option value=id prop:selected=move || group.get() == value>{g.name.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <Field label=Key::BirthYear><input type="text" inputmode="numeric" maxlength="4" bind:value=year/></Field>
                <label class="field">
                    <span>{i18n.tr(Key::Notes)}</span>
                    <textarea rows="2" maxlength="2000" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                </label>
                <Show when=move || is_edit>
                    <label class="choice">
                        <input type="checkbox" bind:checked=archived/>
                        {i18n.tr(Key::Archived)}
                    </label>
                </Show>
                <ErrorLine error/>
                <button type="submit" class="button primary">{move || i18n.t(if is_edit { Key::Save } else { Key::AddChild })}</button>
            </Show>
        </form>
    }
}

fn year_text(child: &Child) -> String {
    child.birth_year.map(|y| y.to_string()).unwrap_or_default()
}

/// Shows `new` in a form field unless the user has changed it from `old`, what it showed.
fn follow<T: PartialEq + Clone + Send + Sync + 'static>(field: RwSignal<T>, old: &T, new: &T) {
    if old != new && field.with_untracked(|v| v == old) {
        field.set(new.clone());
    }
}

#[component]
pub fn ChildPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let id = crate::platform::route_id();
    let child = Memo::new(move |_| {
        id.get()
            .and_then(|id| state.repo.with(|r| r.children().get(&id).cloned()))
    });
    let filter = Memo::new(move |_| Filter {
        child: id.get(),
        ..Filter::default()
    });
    let moments = move || {
        filter.with(|f| {
            state.repo.with(|r| {
                r.notebook()
                    .timeline(f)
                    .into_iter()
                    .take(100)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let weeks = Signal::derive(move || {
        filter.with(|f| {
            state
                .repo
                .with(|r| weekly_counts(r.notebook().timeline(f), 8, today()))
        })
    });
    // The page is built once per child, not per version of its record: a sync that brings in an
    // edit from another device must not wipe what is being typed into the forms below.
    let found = Memo::new(move |_| child.with(|c| c.as_ref().map(|c| c.id)));
    let name = move || child.with(|c| c.as_ref().map(|c| c.display_name.clone()));
    let group = move || {
        let id = child.with(|c| c.as_ref().map(|c| c.group_id))?;
        state
            .repo
            .with(|r| r.groups().get(&id).map(|g| g.name.clone()))
    };
    view! {
        {move || match found.get().and(child.get_untracked()) {
            None => view! { <PageHeader title=Key::ChildrenTitle intro=Key::ChildNotFound/> }.into_any(),
            Some(c) => {
                view! {
                    <header class="page-header">
                        <h1>{name}</h1>
                        <p class="intro">{group}</p>
                    </header>
                    <a class="button primary" href=format!("/moment?kind={}", c.id)>"+ "{i18n.tr(Key::NewMomentForChild)}</a>
                    " "<a class="button" href=format!("/kinderen/{}/dossier", c.id)>{i18n.tr(Key::FileOpen)}</a>
                    <ChildPlan child=c.id/>
                    <ConsentPanel child=c.id/>
                    <ShareCard child=c.id/>
                    <WeeklyChart weeks/>
                    <section>
                        <h2>{i18n.tr(Key::MomentsOfChild)}</h2>
                        <ul class="timeline">{move || moments().into_iter().map(|m| view! { <MomentCard moment=m/> }).collect_view()}</ul>
                    </section>
                    <ChildForm child=Some(c.clone())/>
                    <EraseChild child=c.id name=Signal::derive(move || name().unwrap_or_default())/>
                }.into_any()
            }
        }}
    }
}
