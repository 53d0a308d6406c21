//! `/stappenplan/welbevinding`: the wellbeing list of a whole group, filled on a tablet in one
//! sitting, and the latest list with each child's trend and the children who stand out.
//! The rules (attention, trend, the latest per child) live in `signaal_core::plan::wellbeing`.

use crate::components::{ErrorLine, Field, PageHeader};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::plan_data::{author, default_due_date, open_trajectory, raise_signal};
use crate::platform::{new_id, parse_date, today};
use crate::state::use_state;
use crate::store::draft::{self, WellbeingDraft};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use signaal_core::group::MAX_WELLBEING_WEEKS;
use signaal_core::id::Id;
use signaal_core::plan::engine::{Assignment, Start};
use signaal_core::plan::trajectory::{RaisedBy, Subject};
use signaal_core::plan::wellbeing::{
    existing, latest_per_child, needing_attention, trend, Direction, Domain, Level,
    WellbeingObservation,
};
use std::collections::BTreeMap;

/// One child's taps, in `Domain::ALL` order.
type Taps = [Option<Level>; 3];
type Rows = RwSignal<BTreeMap<Id, Taps>>;

fn complete(taps: &Taps) -> Option<[Level; 3]> {
    Some([taps[0]?, taps[1]?, taps[2]?])
}

/// The active children of a group, by name.
fn children_of(group: Id) -> Memo<Vec<(Id, String)>> {
    let state = use_state();
    Memo::new(move |_| {
        state.repo.with(|r| {
            let mut list: Vec<(Id, String)> = r
                .children()
                .values()
                .filter(|c| c.group_id == group && !c.archived)
                .map(|c| (c.id, c.display_name.clone()))
                .collect();
            list.sort_by_key(|(_, name)| name.to_lowercase());
            list
        })
    })
}

#[component]
pub fn Wellbeing() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let query = use_query_map();
    let navigate = use_navigate();
    let groups = Memo::new(move |_| {
        state.repo.with(|r| {
            let mut list: Vec<(Id, String)> = r
                .groups()
                .values()
                .map(|g| (g.id, g.name.clone()))
                .collect();
            list.sort_by_key(|(_, name)| name.to_lowercase());
            list
        })
    });
    // The group in the address (a link from the group), else the practitioner's own, else the first.
    let group = Memo::new(move |_| {
        let known = |id: &Id| groups.with(|g| g.iter().any(|(g, _)| g == id));
        query
            .with(|q| q.get("groep"))
            .and_then(|s| s.parse::<Id>().ok())
            .filter(known)
            .or_else(|| state.repo.with(|r| r.profile().default_group).filter(known))
            .or_else(|| groups.with(|g| g.first().map(|(id, _)| *id)))
    });
    let choose = move |ev: leptos::ev::Event| {
        let to = format!(
            "/stappenplan/welbevinding?groep={}",
            event_target_value(&ev)
        );
        navigate(
            &to,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    view! {
        <PageHeader title=Key::WellbeingTitle intro=Key::WellbeingIntro/>
        <Show when=move || groups.with(|g| g.len() > 1)>
            <div class="field wb-group">
                <label for="wb-group">{i18n.tr(Key::Group)}</label>
                <select id="wb-group" on:change=choose.clone()>
                    {move || groups.get().into_iter().map(|(id, name)| {
                        view! { <option value=id.to_string() selected=group.get() == Some(id)>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
        </Show>
        {move || match group.get() {
            // Keyed by the group: the list's state belongs to one group and is rebuilt for another.
            Some(g) => view! { <GroupWellbeing group=g/> }.into_any(),
            None => view! {
                <p class="empty">{i18n.tr(Key::NoChildrenYet)}" "<a href="/kinderen">{i18n.tr(Key::AddChildrenLink)}</a></p>
            }.into_any(),
        }}
    }
}

#[component]
fn GroupWellbeing(group: Id) -> impl IntoView {
    let state = use_state();
    let has_list = Memo::new(move |_| {
        state.repo.with(|r| {
            r.all::<WellbeingObservation>()
                .iter()
                .any(|o| o.group_id == group)
        })
    });
    let stored = draft::load_wellbeing(group);
    let filling = RwSignal::new(stored.is_some() || !has_list.get_untracked());
    let stored = stored.unwrap_or_default();
    let date = RwSignal::new(if stored.date.is_empty() {
        today().to_string()
    } else {
        stored.date
    });
    let rows: Rows = RwSignal::new(
        stored
            .rows
            .into_iter()
            .filter_map(|(id, taps)| Some((id.parse().ok()?, taps)))
            .collect(),
    );
    view! {
        <Show when=move || filling.get() fallback=move || view! {
            <NewListButton filling date/>
        }>
            <ListForm group date rows filling/>
        </Show>
        <Show when=move || has_list.get()>
            <LatestList group/>
        </Show>
        <ListPeriod group/>
    }
}

/// Every how many weeks this group fills the list: Today reminds the team once it is due.
#[component]
fn ListPeriod(group: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let current = state.repo.with_untracked(|r| {
        r.groups()
            .get(&group)
            .and_then(|g| g.wellbeing_every_weeks)
            .map(|w| w.to_string())
            .unwrap_or_default()
    });
    let weeks = RwSignal::new(current);
    let error = RwSignal::new(None::<Key>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = weeks.get_untracked();
        let every = match text.trim() {
            "" => None,
            w => match w.parse::<u8>() {
                Ok(n) if (1..=MAX_WELLBEING_WEEKS).contains(&n) => Some(n),
                _ => return error.set(Some(Key::ErrWellbeingWeeks)),
            },
        };
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            let mut g = r.groups().get(&group).cloned().ok_or(Key::ErrNotFound)?;
            g.wellbeing_every_weeks = every;
            r.save(&g).map_err(|e| labels::repo_error(&e))
        });
        match result {
            Some(Ok(())) => {
                error.set(None);
                state.notify(Key::WellbeingPeriodSaved);
            }
            Some(Err(key)) => error.set(Some(key)),
            None => {}
        }
    };
    view! {
        <form class="card wb-period" on:submit=submit novalidate>
            <Field label=Key::WellbeingEvery><input type="number" inputmode="numeric" min="1" max=MAX_WELLBEING_WEEKS.to_string() bind:value=weeks/></Field>
            <ErrorLine error/>
            <button type="submit" class="button">{i18n.tr(Key::WellbeingPeriodSave)}</button>
        </form>
    }
}

#[component]
fn NewListButton(filling: RwSignal<bool>, date: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let start = move |_| {
        date.set(today().to_string());
        filling.set(true);
    };
    view! {
        <button type="button" class="button primary wb-new" on:click=start>{i18n.tr(Key::WellbeingNew)}</button>
    }
}

#[component]
fn ListForm(
    group: Id,
    date: RwSignal<String>,
    rows: Rows,
    filling: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let children = children_of(group);
    let (error, set_error) = signal(None::<Key>);
    let (kept, set_kept) = signal(false);

    let draft_lost = RwSignal::new(false);
    Effect::new(move |first: Option<()>| {
        let draft = WellbeingDraft {
            date: date.get(),
            rows: rows.with(|m| m.iter().map(|(id, t)| (id.to_string(), *t)).collect()),
        };
        if first.is_none() {
            return;
        }
        if draft.rows.values().all(|t| t.iter().all(Option::is_none)) {
            draft::clear_wellbeing(group);
        } else {
            draft_lost.set(draft::save_wellbeing(group, &draft).is_err());
        }
    });

    let done = Memo::new(move |_| {
        let (total, list) = (children.with(Vec::len), rows.get());
        let filled = children.with(|c| {
            c.iter()
                .filter(|(id, _)| list.get(id).and_then(complete).is_some())
                .count()
        });
        (filled, total)
    });

    let save = move |_| {
        set_kept.set(false);
        let Some(day) = parse_date(&date.get_untracked()) else {
            return set_error.set(Some(Key::ErrDate));
        };
        let filled: Vec<(Id, [Level; 3])> = rows.with_untracked(|m| {
            m.iter()
                .filter_map(|(id, t)| Some((*id, complete(t)?)))
                .collect()
        });
        if filled.is_empty() {
            return set_error.set(Some(Key::ErrWellbeingEmpty));
        }
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            let all: Vec<WellbeingObservation> = r.all();
            for (child, [itself, with_practitioner, with_children]) in &filled {
                let before = existing(*child, group, day, &all);
                let o = WellbeingObservation {
                    id: before.map_or_else(new_id, |o| o.id),
                    child_id: *child,
                    group_id: group,
                    date: day,
                    itself: *itself,
                    with_practitioner: *with_practitioner,
                    with_children: *with_children,
                    note: before.map(|o| o.note.clone()).unwrap_or_default(),
                };
                r.save(&o).map_err(|e| labels::repo_error(&e))?;
            }
            Ok(())
        });
        match result {
            Some(Ok(())) => {
                set_error.set(None);
                rows.update(|m| {
                    m.retain(|_, t| complete(t).is_none() && t.iter().any(Option::is_some))
                });
                if rows.with_untracked(BTreeMap::is_empty) {
                    filling.set(false);
                } else {
                    set_kept.set(true);
                }
                state.notify(Key::WellbeingSaved);
            }
            Some(Err(key)) => set_error.set(Some(key)),
            None => {}
        }
    };
    let discard = move |_| {
        rows.set(BTreeMap::new());
        draft::clear_wellbeing(group);
        filling.set(false);
    };

    view! {
        <section class="card wb-form" aria-labelledby="wb-form-title">
            <h2 id="wb-form-title">{i18n.tr(Key::WellbeingFill)}</h2>
            <label class="field wb-date">
                <span>{i18n.tr(Key::WellbeingDate)}</span>
                <input type="date" bind:value=date/>
            </label>
            <Show when=move || children.with(Vec::is_empty)>
                <p class="muted">{i18n.tr(Key::WellbeingNoGroupChildren)}</p>
            </Show>
            <ul class="wb-rows">
                // Keyed: a sync arriving re-reads the children but must not rebuild the rows.
                <For each=move || children.get() key=|(id, name)| (*id, name.clone()) let((child, name))>
                    <ListRow child name rows/>
                </For>
            </ul>
            <div class="wb-savebar">
                <p class="wb-progress" aria-live="polite">
                    {move || { let (n, total) = done.get(); format!("{n}/{total} ") }}{i18n.tr(Key::WellbeingProgress)}
                </p>
                <ErrorLine error/>
                <Show when=move || kept.get()><p class="muted">{i18n.tr(Key::WellbeingKeptInDraft)}</p></Show>
                <Show when=move || draft_lost.get()><p class="error" role="alert">{i18n.tr(Key::ErrWellbeingDraft)}</p></Show>
                <div class="form-actions">
                    <button type="button" class="button primary" on:click=save>{i18n.tr(Key::WellbeingSave)}</button>
                    <button type="button" class="button ghost" on:click=discard>{i18n.tr(Key::DiscardDraft)}</button>
                </div>
            </div>
        </section>
    }
}

/// One child: three radio groups of four levels, big enough to tap without looking twice.
#[component]
fn ListRow(child: Id, name: String, rows: Rows) -> impl IntoView {
    let i18n = use_i18n();
    let full = move || rows.with(|m| m.get(&child).and_then(complete).is_some());
    view! {
        <li class="wb-row" class:wb-done=full>
            <fieldset>
                <legend class="wb-name">{name}</legend>
                <div class="wb-domains">
                    {Domain::ALL.into_iter().enumerate().map(|(d, domain)| view! {
                        <fieldset class="wb-domain">
                            <legend>{i18n.tr(labels::domain(domain))}</legend>
                            <div class="segmented">
                                {Level::ALL.into_iter().map(|level| {
                                    let checked = move || rows.with(|m| m.get(&child).and_then(|t| t[d]) == Some(level));
                                    let tap = move |_| rows.update(|m| m.entry(child).or_default()[d] = Some(level));
                                    view! {
                                        <label class="seg" class:low=level.needs_attention()>
                                            <input type="radio" name=format!("wb-{child}-{d}") prop:checked=checked on:change=tap/>
                                            <span>{i18n.tr(labels::level(level))}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    }).collect_view()}
                </div>
            </fieldset>
        </li>
    }
}

/// A child's row in the latest list.
#[derive(Clone, PartialEq)]
struct Outcome {
    child: Id,
    name: String,
    obs: WellbeingObservation,
    direction: Direction,
}

#[component]
fn LatestList(group: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    // (attention first, most worrying on top; then everyone by name), date of the latest list.
    let data = Memo::new(move |_| {
        state.repo.with(|r| {
            let all: Vec<WellbeingObservation> = r
                .all::<WellbeingObservation>()
                .into_iter()
                .filter(|o| o.group_id == group)
                .collect();
            let latest = latest_per_child(&all);
            let outcome = |o: &WellbeingObservation| {
                let child = r
                    .children()
                    .get(&o.child_id)
                    .filter(|c| !c.archived && c.group_id == group)?;
                Some(Outcome {
                    child: child.id,
                    name: child.display_name.clone(),
                    obs: o.clone(),
                    direction: trend(child.id, &all).direction,
                })
            };
            let attention: Vec<Outcome> = needing_attention(latest.iter().copied())
                .into_iter()
                .filter_map(outcome)
                .collect();
            let mut everyone: Vec<Outcome> = latest.iter().copied().filter_map(outcome).collect();
            everyone.sort_by_key(|o| o.name.to_lowercase());
            let date = latest.iter().map(|o| o.date).max();
            (attention, everyone, date)
        })
    });
    view! {
        <section class="card wb-latest" aria-labelledby="wb-latest-title">
            <h2 id="wb-latest-title">
                {i18n.tr(Key::WellbeingLatest)}
                {move || data.with(|d| d.2).map(|date| format!(" · {}", format_date(i18n.lang.get(), date)))}
            </h2>
            <h3>{i18n.tr(Key::WellbeingAttention)}</h3>
            {move || {
                let (attention, _, _) = data.get();
                if attention.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::WellbeingNoAttention)}</p> }.into_any();
                }
                view! {
                    <ul class="wb-outcomes wb-attention">
                        {attention.into_iter().map(|o| view! { <OutcomeRow o signal=true/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>{i18n.tr(Key::WellbeingAll)}</h3>
            <ul class="wb-outcomes">
                {move || data.get().1.into_iter().map(|o| view! { <OutcomeRow o signal=false/> }).collect_view()}
            </ul>
        </section>
    }
}

fn trend_class(direction: Direction) -> &'static str {
    match direction {
        Direction::Better => "up",
        Direction::Worse => "down",
        Direction::Same | Direction::Unknown => "flat",
    }
}

#[component]
fn OutcomeRow(o: Outcome, signal: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (trend_key, arrow) = labels::direction(o.direction);
    let attention = o.obs.needs_attention();
    let levels = o.obs.levels();
    let obs = o.obs.clone();
    view! {
        <li class="wb-outcome" class:attention=attention>
            <div class="wb-outcome-head">
                <a class="wb-child" href=format!("/kinderen/{}", o.child)>{o.name.clone()}</a>
                <span class=format!("wb-trend {}", trend_class(o.direction))>
                    <span aria-hidden="true">{arrow}" "</span>{i18n.tr(trend_key)}
                </span>
            </div>
            <ul class="wb-levels">
                {levels.into_iter().map(|(domain, level)| view! {
                    <li class:low=level.needs_attention()>
                        {i18n.tr(labels::domain(domain))}": "<strong>{i18n.tr(labels::level(level))}</strong>
                    </li>
                }).collect_view()}
            </ul>
            {signal.then(|| view! { <SignalButton obs name=o.name.clone()/> })}
        </li>
    }
}

/// One tap from a worrying list to a trajectory, through the same start as the child's page;
/// once running, the way to it.
#[component]
fn SignalButton(obs: WellbeingObservation, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let child = obs.child_id;
    let open = Memo::new(move |_| {
        state
            .repo
            .with(|r| open_trajectory(r, Subject::Child(child)).map(|t| t.id))
    });
    let (error, set_error) = signal(None::<Key>);
    let start = move |_| {
        let me = state.repo.with_untracked(author).trim().to_owned();
        let domains: Vec<String> = obs
            .attention_domains()
            .into_iter()
            .map(|d| {
                format!(
                    "{} {}",
                    i18n.t(labels::domain(d)).to_lowercase(),
                    i18n.t(labels::level(obs.level(d))).to_lowercase()
                )
            })
            .collect();
        let start = Start {
            id: new_id(),
            subject: Subject::Child(child),
            watch: false,
            assignment: Assignment {
                owner: me.clone(),
                due: default_due_date(),
            },
            concern: format!(
                "{} {}: {}.",
                i18n.t(Key::WellbeingConcern),
                format_date(i18n.lang.get_untracked(), obs.date),
                domains.join(", ")
            ),
            raised_by: Some(RaisedBy::Practitioner),
            raised_by_name: me,
            moments: Vec::new(),
        };
        set_error.set(raise_signal(state, start).err());
    };
    view! {
        {move || match open.get() {
            Some(id) => view! {
                <a class="button" href=format!("/stappenplan/{id}") aria-label=format!("{} – {name}", i18n.t(Key::OpenTrajectory))>
                    {i18n.tr(Key::OpenTrajectory)}
                </a>
            }.into_any(),
            None => view! {
                // Named with the child: every worrying child has this button.
                <button type="button" class="button primary" on:click=start.clone()
                    aria-label=format!("{} – {name}", i18n.t(Key::WellbeingStartSignal))>
                    {i18n.tr(Key::WellbeingStartSignal)}
                </button>
            }.into_any(),
        }}
        <ErrorLine error/>
    }
}
