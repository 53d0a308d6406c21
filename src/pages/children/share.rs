//! A parent summary for one child: compose it from what the team picks, preview exactly what
//! the parent will see, publish it under an encrypted link, update or revoke it, and see when
//! it was opened. The rules live in `signaal_core::share`; sealing in `signaal_web::share`.

use crate::components::{act, ExpiryField, LinkBox};
use crate::i18n::{format_date, format_datetime, use_i18n, Key};
use crate::platform::{self, parse_date, today};
use crate::share::{self, PublishError};
use crate::state::use_state;
use crate::store::draft::{self, ShareDraft};
use crate::sync::{use_sync, SyncError};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::id::Id;
use signaal_core::lang::ParentLang;
use signaal_core::moment::Moment;
use signaal_core::notebook::Filter;
use signaal_core::plan::coaching::CoachSession;
use signaal_core::plan::consent::{Consent, ConsentKind, ConsentRegister};
use signaal_core::plan::trajectory::{Goal, StepEntry, Trajectory};
use signaal_core::share::{
    check_consent, check_expiry, check_helpers, check_tone, current_for, default_expiry,
    done_since, parent_name, Draft, ParentShare, Pick, ShareError,
};
use signaal_core::wire::ShareStatus;
use signaal_parent::SummaryView;
use signaal_web::time::local_at;
use std::sync::atomic::{AtomicU64, Ordering};

/// One editable line of a list; the key keeps its text field (and focus) while others are added
/// or removed. The text signals are reference-counted, not owned by the view that made them: a
/// line added from a button must outlive that button's re-render (a sync arriving, say).
type Items = RwSignal<Vec<(u64, ArcRwSignal<String>)>>;
type Picks = RwSignal<Vec<(Id, NaiveDate, ArcRwSignal<String>)>>;

fn next_key() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn items_of(texts: Vec<String>) -> Items {
    RwSignal::new(
        texts
            .into_iter()
            .map(|t| (next_key(), ArcRwSignal::new(t)))
            .collect(),
    )
}

fn values(items: Items) -> Vec<String> {
    items.with(|v| v.iter().map(|(_, text)| text.get()).collect())
}

#[component]
pub fn ParentSharePage() -> impl IntoView {
    let id = crate::platform::route_id();
    let i18n = use_i18n();
    move || match id.get() {
        Some(child) => view! { <Composer child/> }.into_any(),
        None => view! { <p class="empty">{i18n.tr(Key::ChildNotFound)}</p> }.into_any(),
    }
}

/// On a child's page: whether the parents have a live link, and the way to compose one.
#[component]
pub fn ShareCard(child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let share = Memo::new(move |_| {
        state
            .repo
            .with(|r| current_for(child, &r.all::<ParentShare>()).cloned())
    });
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::ShareTitle)}</h2>
            <p>{move || match share.get().filter(|s| s.is_live(today())) {
                Some(s) => format!("{} {}", i18n.t(Key::ShareLiveUntil), format_date(i18n.lang.get(), s.expires)),
                None => i18n.t(Key::ShareNone).to_owned(),
            }}</p>
            <a class="button" href=format!("/kinderen/{child}/ouders")>{i18n.tr(Key::ShareCompose)}</a>
        </section>
    }
}

#[component]
fn Composer(child: Id) -> impl IntoView {
    // Linked on opening, so by the time the preview is asked for its styles are in.
    platform::link_parent_styles();
    let i18n = use_i18n();
    let state = use_state();
    let sync = use_sync();
    let name = Memo::new(move |_| {
        state
            .repo
            .with(|r| r.children().get(&child).map(|c| c.display_name.clone()))
    });
    let share = Memo::new(move |_| {
        state
            .repo
            .with(|r| current_for(child, &r.all::<ParentShare>()).cloned())
    });

    // A draft typed on this device wins over the published one: it is newer work.
    let initial = draft::load_share(child).unwrap_or_else(|| {
        share
            .get_untracked()
            .map_or_else(ShareDraft::default, |s| ShareDraft {
                draft: s.draft,
                expires: Some(s.expires),
            })
    });
    let Draft {
        positives,
        working_on,
        team_does,
        tips,
        next_talk,
        message,
        helpers,
        since_last,
        lang,
    } = initial.draft;
    let picks: Picks = RwSignal::new(
        positives
            .into_iter()
            .map(|p| (p.moment, p.date, ArcRwSignal::new(p.text)))
            .collect(),
    );
    let working_on = items_of(working_on);
    let team_does = items_of(team_does);
    let tips = items_of(tips);
    let helpers = items_of(helpers);
    let since_last = items_of(since_last);
    let next_talk = RwSignal::new(next_talk.map(|d| d.to_string()).unwrap_or_default());
    let message = RwSignal::new(message);
    let parent_lang = RwSignal::new(lang);
    let expires = RwSignal::new(
        initial
            .expires
            .unwrap_or_else(|| default_expiry(today()))
            .to_string(),
    );

    let composed = Memo::new(move |_| Draft {
        positives: picks.with(|p| {
            p.iter()
                .map(|(moment, date, text)| Pick {
                    moment: *moment,
                    date: *date,
                    text: text.get(),
                })
                .collect()
        }),
        working_on: values(working_on),
        team_does: values(team_does),
        tips: values(tips),
        next_talk: parse_date(&next_talk.get()),
        message: message.get(),
        helpers: values(helpers),
        since_last: values(since_last),
        lang: parent_lang.get(),
    });
    let draft_lost = RwSignal::new(false);
    Effect::new(move |first: Option<()>| {
        let draft = ShareDraft {
            draft: composed.get(),
            expires: parse_date(&expires.get()),
        };
        if first.is_some() {
            draft_lost.set(draft::save_share(child, &draft).is_err());
        }
    });

    let from = move || share::sender(state, i18n);
    let summary = move || {
        composed.get().summary(
            parent_name(&name.get().unwrap_or_default()),
            &from(),
            today(),
        )
    };
    let coach_consent_missing = move || {
        let named = composed.with(|d| d.helpers.iter().any(|h| !h.trim().is_empty()));
        named
            && state.repo.with(|r| {
                !ConsentRegister::for_child(child, &r.all::<Consent>())
                    .is_active(ConsentKind::Coach, today())
            })
    };
    let consent_missing = move || {
        state.repo.with(|r| {
            check_consent(
                &ConsentRegister::for_child(child, &r.all::<Consent>()),
                today(),
            )
            .is_err()
        })
    };

    let opened = RwSignal::new(None::<ShareStatus>);
    let refresh = move || {
        let Some(link_id) = share
            .get_untracked()
            .filter(|s| s.is_live(today()))
            .map(|s| s.link_id)
        else {
            return;
        };
        spawn_local(async move {
            if let Ok(status) = sync.share_status(&link_id).await {
                let _ = opened.try_set(Some(status));
            }
        });
    };
    refresh();

    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<PublishError>));
    let publish = move |_| {
        act(busy, error, async move {
            let today = today();
            let draft = composed.get_untracked();
            draft.check()?;
            let expires_on = parse_date(&expires.get_untracked())
                .ok_or(ShareError::ExpiryNotAfterToday(today))?;
            check_expiry(expires_on, today)?;
            state.repo.with_untracked(|r| {
                let consents = ConsentRegister::for_child(child, &r.all::<Consent>());
                check_consent(&consents, today)?;
                check_helpers(&draft, &consents, today)
            })?;
            check_tone(&draft)?;
            if !sync.in_team() {
                return Err(SyncError::NotInTeam.into());
            }
            // An expired link cannot come back: a parent who still has it would be surprised.
            let mut record = match share.get_untracked().filter(|s| s.expires >= today) {
                Some(record) => record,
                None => share::new_link(child, today)?,
            };
            record.draft = draft.clone();
            record.expires = expires_on;
            let summary = share::summary_of(state, &record, &from());
            let status = share::publish(state, sync, &mut record, &summary).await?;
            draft::clear_share(child);
            let _ = opened.try_set(Some(status));
            state.notify(Key::SharePublished);
            Ok(())
        })
    };
    let revoke = move |_| {
        if !window()
            .confirm_with_message(i18n.t(Key::ShareRevokeConfirm))
            .unwrap_or(false)
        {
            return;
        }
        act(busy, error, async move {
            let Some(record) = share.get_untracked() else {
                return Ok(());
            };
            share::revoke(state, sync, record).await?;
            let _ = opened.try_set(None);
            state.notify(Key::ShareRevoked);
            Ok(())
        })
    };
    let preview = RwSignal::new(false);
    let is_update = move || share.with(|s| s.as_ref().is_some_and(|s| s.is_live(today())));

    view! {
        <header class="page-header">
            <h1>{i18n.tr(Key::ShareTitle)}{move || name.get().map(|n| format!(" · {n}"))}</h1>
            <p class="intro">{i18n.tr(Key::ShareIntro)}</p>
        </header>
        <Show when=consent_missing>
            <p class="banner warn" role="status">
                {i18n.tr(Key::ShareNeedsConsent)}" "
                <a href=format!("/kinderen/{child}")>{i18n.tr(Key::ShareConsentLink)}</a>
            </p>
        </Show>
        <Show when=move || !sync.in_team()>
            <p class="banner warn" role="status">
                {i18n.tr(Key::ShareNeedsTeam)}" "<a href="/instellingen/team">{i18n.tr(Key::ShareTeamLink)}</a>
            </p>
        </Show>
        {move || share.get().filter(|s| s.is_live(today())).map(|s| {
            let link = format!("{}{}", window().location().origin().unwrap_or_default(), s.link());
            view! {
                <section class="card">
                    <h2>{i18n.tr(Key::ShareLinkTitle)}</h2>
                    <LinkBox link label=Key::ShareLinkLabel qr_label=Key::ShareQr/>
                    <p>{i18n.tr(Key::ShareLiveUntil)}" "{move || format_date(i18n.lang.get(), s.expires)}</p>
                    <p role="status">{move || match opened.get() {
                        Some(ShareStatus { open_count, last_opened_at: Some(at), .. }) => format!(
                            "{} {open_count}× · {} {}",
                            i18n.t(Key::ShareOpened), i18n.t(Key::ShareLastOpened), format_datetime(i18n.lang.get(), local_at(at)),
                        ),
                        Some(_) => i18n.t(Key::ShareNotOpened).to_owned(),
                        None => String::new(),
                    }}</p>
                    <p class="form-actions">
                        <button type="button" class="button" on:click=move |_| refresh()>{i18n.tr(Key::ShareRefresh)}</button>
                        <button type="button" class="button danger" disabled=busy on:click=revoke>{i18n.tr(Key::ShareRevoke)}</button>
                    </p>
                </section>
            }
        })}
        <PositivesPicker child picks/>
        <ItemList title=Key::ShareSinceLast help=Key::ShareSinceLastHelp items=since_last>
            <Suggestions intro=Key::ShareFromActions texts=done_actions(child, share) items=since_last/>
        </ItemList>
        <ItemList title=Key::ShareWorkingOn help=Key::ShareWorkingOnHelp items=working_on>
            <Suggestions intro=Key::ShareFromGoals texts=goals(child) items=working_on/>
        </ItemList>
        <ItemList title=Key::ShareTeamDoes help=Key::ShareTeamDoesHelp items=team_does/>
        <ItemList title=Key::ShareHelpers help=Key::ShareHelpersHelp items=helpers>
            <Show when=coach_consent_missing>
                <p class="banner warn" role="status">{i18n.tr(Key::ShareHelpersNeedConsent)}</p>
            </Show>
            <Suggestions intro=Key::ShareFromCoaching texts=coaches(child) items=helpers/>
        </ItemList>
        <ItemList title=Key::ShareTips help=Key::ShareTipsHelp items=tips/>
        <section class="card">
            <h2>{i18n.tr(Key::ShareMore)}</h2>
            <label class="field">
                <span>{i18n.tr(Key::ShareNextTalk)}</span>
                <input type="date" bind:value=next_talk/>
            </label>
            <label class="field">
                <span>{i18n.tr(Key::ShareMessage)}</span>
                <textarea rows="4" maxlength="2000" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
            </label>
            <label class="field">
                <span>{i18n.tr(Key::ShareLanguage)}</span>
                <select on:change=move |ev| parent_lang.set(ParentLang::from_code(&event_target_value(&ev)))>
                    {ParentLang::ALL.into_iter().map(|l| view! {
                        <option value=l.code() lang=l.code() prop:selected=move || parent_lang.get().unwrap_or_default() == l>{l.native_name()}</option>
                    }).collect_view()}
                </select>
                <small>{i18n.tr(Key::ShareLanguageHelp)}</small>
            </label>
            <ExpiryField expires/>
        </section>
        <Show when=move || draft_lost.get()>
            <p class="error" role="alert">{i18n.tr(Key::ErrDraftNotKept)}</p>
        </Show>
        {move || error.get().map(|err| view! { <p class="error" role="alert">{i18n.t(err.words())}</p> })}
        <p class="form-actions">
            <button type="button" class="button" aria-pressed=move || preview.get().to_string() on:click=move |_| preview.update(|p| *p = !*p)>
                {i18n.tr(Key::SharePreview)}
            </button>
            <button type="button" class="button primary" disabled=busy on:click=publish>
                {move || i18n.t(if is_update() { Key::ShareUpdate } else { Key::SharePublish })}
            </button>
        </p>
        <Show when=move || preview.get()>
            <section class="card share-preview" aria-labelledby="share-preview-title">
                <h2 id="share-preview-title">{i18n.tr(Key::SharePreviewTitle)}</h2>
                <div class="parent">{move || view! { <SummaryView summary=summary() lang=Signal::derive(move || parent_lang.get().unwrap_or_else(|| i18n.lang.get().into()))/> }}</div>
            </section>
        </Show>
    }
}

/// The child's moments to pick from, positive ones first; each picked one gets its own wording.
#[component]
fn PositivesPicker(child: Id, picks: Picks) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let show_all = RwSignal::new(false);
    let candidates = Memo::new(move |_| {
        let all = show_all.get();
        let filter = Filter {
            child: Some(child),
            ..Filter::default()
        };
        state.repo.with(|r| {
            let timeline = r.notebook().timeline(&filter);
            // Untracked: ticking a box must not rebuild the list under the finger.
            let picked = |id| picks.with_untracked(|p| p.iter().any(|(x, ..)| *x == id));
            timeline
                .into_iter()
                .filter(|m| all || m.is_positive() || picked(m.id))
                .take(if all { 50 } else { 20 })
                .cloned()
                .collect::<Vec<Moment>>()
        })
    });
    let toggle = move |m: &Moment, on: bool| {
        let (id, date, text) = (m.id, m.occurred_at.date(), m.note.clone());
        picks.update(|p| {
            p.retain(|(picked, ..)| *picked != id);
            if on {
                p.push((id, date, ArcRwSignal::new(text)));
            }
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::ShareGoingWell)}</h2>
            <p class="muted">{i18n.tr(Key::ShareGoingWellHelp)}</p>
            <label class="choice">
                <input type="checkbox" bind:checked=show_all/>
                {i18n.tr(Key::ShareShowAllMoments)}
            </label>
            <ul class="pick-list">
                <Show when=move || candidates.with(Vec::is_empty)>
                    <li class="muted">{i18n.tr(Key::ShareNoPositives)}</li>
                </Show>
                // Keyed by moment: a sync arriving while a wording is typed keeps its field.
                <For each=move || candidates.get() key=|m| m.id children=move |m| {
                    let id = m.id;
                    let picked = move || picks.with(|p| p.iter().find(|(x, ..)| *x == id).map(|(.., text)| RwSignal::from(text.clone())));
                    let label = format!("{} · {}", format_date(i18n.lang.get_untracked(), m.occurred_at.date()), m.note);
                    view! {
                        <li>
                            <label class="choice">
                                <input type="checkbox" prop:checked=move || picked().is_some() on:change=move |ev| toggle(&m, event_target_checked(&ev))/>
                                {label}
                            </label>
                            {move || picked().map(|text| view! {
                                <label class="field">
                                    <span>{i18n.tr(Key::ShareWording)}</span>
                                    <textarea rows="2" maxlength="600" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                                </label>
                            })}
                        </li>
                    }
                }/>
            </ul>
        </section>
    }
}

/// An editable list of short texts (what the child works on, what the team does, tips).
#[component]
fn ItemList(
    title: Key,
    help: Key,
    items: Items,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let add = move |_| items.update(|v| v.push((next_key(), ArcRwSignal::new(String::new()))));
    view! {
        <section class="card">
            <h2>{i18n.tr(title)}</h2>
            <p class="muted">{i18n.tr(help)}</p>
            {children.map(|c| c())}
            <ul class="item-list">
                <For each=move || items.get() key=|(key, _)| *key children=move |(key, text)| {
                    let text = RwSignal::from(text);
                    view! {
                        <li class="inline-field">
                            <textarea rows="2" maxlength="600" aria-label=move || i18n.t(title)
                                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                            <button type="button" class="button ghost" aria-label=move || format!("{} {}", i18n.t(Key::Delete), text.get())
                                on:click=move |_| items.update(|v| v.retain(|(k, _)| *k != key))>"✕"</button>
                        </li>
                    }
                }/>
            </ul>
            <button type="button" class="button" on:click=add>"+ "{i18n.tr(Key::ShareAddLine)}</button>
        </section>
    }
}

/// The goals of the child's open plans, to take over in words a parent understands.
fn goals(child: Id) -> Signal<Vec<String>> {
    let state = use_state();
    Signal::derive(move || {
        state.repo.with(|r| {
            let open = open_plans(r, child);
            r.all::<Goal>()
                .into_iter()
                .filter(|g| open.contains(&g.trajectory_id))
                .map(|g| g.description)
                .collect()
        })
    })
}

fn open_plans(r: &crate::store::repo::Repo, child: Id) -> Vec<Id> {
    r.all::<Trajectory>()
        .into_iter()
        .filter(|t| t.child_id() == Some(child) && t.is_open())
        .map(|t| t.id)
        .collect()
}

/// The plan actions of the child's open plans done since the link was last published: "since
/// last time", to reword for parents.
fn done_actions(child: Id, share: Memo<Option<ParentShare>>) -> Signal<Vec<String>> {
    let state = use_state();
    Signal::derive(move || {
        let since = share
            .get()
            .and_then(|s| s.published_at)
            .map(|ms| local_at(ms).date());
        state.repo.with(|r| {
            let open = open_plans(r, child);
            let entries: Vec<StepEntry> = r
                .all::<StepEntry>()
                .into_iter()
                .filter(|e| open.contains(&e.trajectory_id))
                .collect();
            let actions = entries
                .iter()
                .filter_map(|e| e.form.as_ref())
                .flat_map(|f| f.actions());
            done_since(actions, since)
                .into_iter()
                .map(|a| a.what.clone())
                .collect()
        })
    })
}

/// The coaches on the job who worked with the team about this child, as a line to complete.
fn coaches(child: Id) -> Signal<Vec<String>> {
    let state = use_state();
    let i18n = use_i18n();
    Signal::derive(move || {
        let mut names: Vec<String> = state.repo.with(|r| {
            r.all::<CoachSession>()
                .into_iter()
                .filter(|s| s.child_id == child)
                .map(|s| s.coach)
                .collect()
        });
        names.sort();
        names.dedup();
        names
            .into_iter()
            .map(|name| format!("{name} {}", i18n.t(Key::ShareCoachLine)))
            .collect()
    })
}

/// Lines the practitioner can take over into a list with one tap, then reword.
#[component]
fn Suggestions(intro: Key, texts: Signal<Vec<String>>, items: Items) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let texts = texts.get();
        (!texts.is_empty()).then(|| view! {
            <p class="muted">{i18n.tr(intro)}</p>
            <p class="form-actions">
                {texts.into_iter().map(|line| {
                    let text = line.clone();
                    view! {
                        <button type="button" class="chip" on:click=move |_| items.update(|v| v.push((next_key(), ArcRwSignal::new(text.clone()))))>
                            "+ "{line}
                        </button>
                    }
                }).collect_view()}
            </p>
        })
    }
}
