//! `/stappenplan/coach`: the coach deployment register. Everything a coach does that is not a
//! session about one child — group visits, working along, preventive visits, consultations,
//! training evenings, preparing parent talks, advice by mail, and the organisation's own types —
//! with its minutes and what it was about, and this year's hours against the budget set in
//! Settings. The rules are `signaal_core::plan::activity`.

use super::coach_requests::RequestQueue;
use crate::components::{Field, PageHeader};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use crate::store::repo::Repo;
use chrono::Datelike;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::monitor::Period;
use signaal_core::plan::activity::{self, ActivityKind, ActivitySubject, CoachActivity};
use signaal_core::plan::coaching::{CoachSession, MAX_MINUTES};
use signaal_core::plan::consent::{Consent, ConsentRegister};
use signaal_core::plan::PlanError;
use signaal_core::view::ValidationError;

fn kind_key(kind: &ActivityKind) -> Option<Key> {
    Some(match kind {
        ActivityKind::GroupVisit => Key::ActivityGroupVisit,
        ActivityKind::WorkAlong => Key::ActivityWorkAlong,
        ActivityKind::PreventiveVisit => Key::ActivityPreventive,
        ActivityKind::Consultation => Key::ActivityConsultation,
        ActivityKind::Training => Key::ActivityTraining,
        ActivityKind::ParentTalkPrep => Key::ActivityParentTalk,
        ActivityKind::Advice => Key::ActivityAdvice,
        ActivityKind::Other(_) => return None,
    })
}

fn kind_text(i18n: crate::i18n::I18n, kind: &ActivityKind) -> String {
    match (kind_key(kind), kind) {
        (Some(k), _) => i18n.t(k).to_owned(),
        (None, ActivityKind::Other(name)) => name.clone(),
        (None, _) => String::new(),
    }
}

fn activity_error(err: &PlanError) -> Key {
    match err {
        PlanError::OutOfRange { .. } => Key::ErrSessionMinutes,
        PlanError::ConsentMissing(..) => Key::ErrActivityConsent,
        PlanError::Text(inner) => match **inner {
            ValidationError::Empty { field: "coach" } => Key::ErrSessionCoach,
            ValidationError::Empty {
                field: "activity_type",
            } => Key::ErrActivityType,
            ValidationError::Empty {
                field: "learning_question",
            } => Key::ErrActivityQuestion,
            _ => Key::ErrTooLong,
        },
        _ => Key::ErrPlan,
    }
}

/// What the form's subject choice stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum About {
    Child,
    Group,
    Question,
    Nothing,
}

/// The value of the type select for a built-in type: its index; "own" asks for a name.
const OWN: &str = "own";

#[component]
pub fn CoachRegister() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let date = RwSignal::new(date_input(today()));
    let coach = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_owned());
    let kind = RwSignal::new("0".to_owned());
    let own_kind = RwSignal::new(String::new());
    let about = RwSignal::new(About::Group);
    let child = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);

    let activities = Memo::new(move |_| {
        let mut list: Vec<CoachActivity> = state.repo.with(|r| r.all());
        list.sort_by_key(|a| (std::cmp::Reverse(a.date), a.id));
        list
    });
    // The organisation's own types so far, offered again: the list grows by use.
    let own_types = Memo::new(move |_| {
        let mut names: Vec<String> = activities.with(|list| {
            list.iter()
                .filter_map(|a| match &a.kind {
                    ActivityKind::Other(n) => Some(n.clone()),
                    _ => None,
                })
                .collect()
        });
        names.sort();
        names.dedup();
        names
    });
    let children = Memo::new(move |_| {
        state.repo.with(|r| {
            r.children()
                .values()
                .map(|c| (c.id, c.display_name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let groups = Memo::new(move |_| {
        state.repo.with(|r| {
            r.groups()
                .values()
                .map(|g| (g.id, g.name.clone()))
                .collect::<Vec<_>>()
        })
    });

    let build = move |r: &Repo| -> Result<CoachActivity, Key> {
        let on = parse_date(&date.get_untracked()).ok_or(Key::ErrDate)?;
        let minutes: u16 = minutes
            .get_untracked()
            .trim()
            .parse()
            .map_err(|_| Key::ErrSessionMinutes)?;
        let picked = kind.get_untracked();
        let kind = match picked.parse::<usize>().ok() {
            Some(i) if i < ActivityKind::BUILT_IN.len() => ActivityKind::BUILT_IN[i].clone(),
            Some(i) => own_types
                .with_untracked(|t| t.get(i - ActivityKind::BUILT_IN.len()).cloned())
                .map(ActivityKind::Other)
                .ok_or(Key::ErrActivityType)?,
            None => ActivityKind::Other(own_kind.get_untracked().trim().to_owned()),
        };
        let id_of = |s: &str| s.parse::<Id>().ok();
        let subject = match about.get_untracked() {
            About::Child => {
                ActivitySubject::Child(id_of(&child.get_untracked()).ok_or(Key::ErrActivityChild)?)
            }
            About::Group => {
                ActivitySubject::Group(id_of(&group.get_untracked()).ok_or(Key::ErrActivityGroup)?)
            }
            About::Question => {
                ActivitySubject::LearningQuestion(question.get_untracked().trim().to_owned())
            }
            About::Nothing => ActivitySubject::None,
        };
        let a = CoachActivity {
            id: new_id(),
            date: on,
            coach: coach.get_untracked().trim().to_owned(),
            minutes,
            kind,
            subject,
            notes: notes.get_untracked().trim().to_owned(),
        };
        a.check().map_err(|e| activity_error(&e))?;
        if let Some(c) = a.child_id() {
            let register = ConsentRegister::for_child(c, r.all::<Consent>().iter());
            a.consent_check(&register).map_err(|e| activity_error(&e))?;
        }
        Ok(a)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            let a = build(r)?;
            r.save(&a).map_err(|e| labels::repo_error(&e))
        });
        match result {
            Some(Ok(())) => {
                error.set(None);
                notes.set(String::new());
                question.set(String::new());
                state.notify(Key::ActivitySaved);
            }
            Some(Err(key)) => error.set(Some(key)),
            None => {}
        }
    };

    // This calendar year's hours against the budget from Settings.
    let budget = Memo::new(move |_| {
        let year = today().year();
        let period = Period::year(year).ok()?;
        let hours = state.repo.with(|r| r.profile().coach_budget_hours);
        let sessions: Vec<CoachSession> = state.repo.with(|r| r.all());
        Some(activities.with(|list| {
            activity::budget(
                hours,
                sessions.iter(),
                list.iter(),
                period.from(),
                period.to(),
            )
        }))
    });
    // One decimal, with the decimal comma in Dutch.
    let hours = move |minutes: i64| {
        let text = format!("{:.1}", minutes as f64 / 60.0);
        if i18n.lang.get() == crate::i18n::Lang::Nl {
            text.replace('.', ",")
        } else {
            text
        }
    };

    view! {
        <PageHeader title=Key::RegisterTitle intro=Key::RegisterIntro/>
        {move || budget.get().map(|b| view! {
            <section class="card register-budget" aria-labelledby="register-budget">
                <h2 id="register-budget">{i18n.tr(Key::BudgetTitle)}" "{today().year()}</h2>
                <dl class="fields">
                    <dt>{i18n.tr(Key::BudgetUsed)}</dt><dd class="budget-used">{hours(b.used_minutes().into())}" "{i18n.tr(Key::HoursShort)}</dd>
                    {match (b.budget_minutes, b.left_minutes()) {
                        (Some(total), Some(left)) => view! {
                            <dt>{i18n.tr(Key::BudgetTotal)}</dt><dd>{hours(total.into())}" "{i18n.tr(Key::HoursShort)}</dd>
                            <dt>{i18n.tr(Key::BudgetLeft)}</dt><dd class="budget-left">{hours(left)}" "{i18n.tr(Key::HoursShort)}</dd>
                        }.into_any(),
                        _ => view! { <dt>{i18n.tr(Key::BudgetTotal)}</dt><dd class="muted">{i18n.tr(Key::BudgetNone)}</dd> }.into_any(),
                    }}
                </dl>
            </section>
        })}
        <RequestQueue groups/>
        <form class="card register-form" on:submit=submit novalidate>
            <h2>{i18n.tr(Key::ActivityNew)}</h2>
            <Field label=Key::ActivityDate><input type="date" bind:value=date/></Field>
            <Field label=Key::SessionCoach><input type="text" maxlength="80" bind:value=coach/></Field>
            <Field label=Key::SessionMinutes><input type="number" inputmode="numeric" min="1" max=MAX_MINUTES.to_string() step="5" bind:value=minutes/></Field>
            <div class="field">
                <label for="activity-kind">{i18n.tr(Key::ActivityKindLabel)}</label>
                <select id="activity-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {ActivityKind::BUILT_IN.iter().enumerate().map(|(i, k)| view! {
                        <option value=i.to_string()>{kind_key(k).map(|key| i18n.t(key))}</option>
                    }).collect_view()}
                    {move || own_types.get().into_iter().enumerate().map(|(i, name)| view! {
                        <option value=(ActivityKind::BUILT_IN.len() + i).to_string()>{name}</option>
                    }).collect_view()}
                    <option value=OWN>{i18n.tr(Key::ActivityOwnType)}</option>
                </select>
            </div>
            <Show when=move || kind.get() == OWN>
                <Field label=Key::ActivityOwnName><input type="text" maxlength="80" bind:value=own_kind/></Field>
            </Show>
            <fieldset class="inline-choices">
                <legend>{i18n.tr(Key::ActivityAbout)}</legend>
                {[(About::Group, Key::ActivityAboutGroup), (About::Question, Key::ActivityAboutQuestion), (About::Child, Key::ActivityAboutChild), (About::Nothing, Key::ActivityAboutNothing)]
                    .into_iter()
                    .map(|(choice, key)| view! {
                        <label class="choice">
                            <input type="radio" name="activity-about" prop:checked=move || about.get() == choice on:change=move |_| about.set(choice)/>
                            <span>{i18n.tr(key)}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            {move || match about.get() {
                About::Group => view! {
                    <div class="field">
                        <label for="activity-group">{i18n.tr(Key::Group)}</label>
                        <select id="activity-group" on:change=move |ev| group.set(event_target_value(&ev))>
                            <option value="">{i18n.tr(Key::ActivityPick)}</option>
                            {groups.get().into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=group.get_untracked() == id.to_string()>{name}</option> }).collect_view()}
                        </select>
                    </div>
                }.into_any(),
                About::Child => view! {
                    <div class="field">
                        <label for="activity-child">{i18n.tr(Key::FilterChild)}</label>
                        <select id="activity-child" on:change=move |ev| child.set(event_target_value(&ev))>
                            <option value="">{i18n.tr(Key::ActivityPick)}</option>
                            {children.get().into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=child.get_untracked() == id.to_string()>{name}</option> }).collect_view()}
                        </select>
                        <small>{i18n.tr(Key::ActivityChildConsent)}</small>
                    </div>
                }.into_any(),
                About::Question => view! {
                    <Field label=Key::ActivityQuestion><input type="text" maxlength="300" bind:value=question/></Field>
                }.into_any(),
                About::Nothing => ().into_any(),
            }}
            <label class="field">
                <span>{i18n.tr(Key::ActivityNotes)}</span>
                <textarea rows="3" maxlength="4000" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </label>
            {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
            <button type="submit" class="button primary">{i18n.tr(Key::ActivitySave)}</button>
        </form>
        <section class="card">
            <h2>{i18n.tr(Key::ActivityList)}</h2>
            {move || {
                let list = activities.get();
                if list.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::ActivityNone)}</p> }.into_any();
                }
                let child_names = children.get();
                let group_names = groups.get();
                view! {
                    <ul class="activity-list">
                        {list.into_iter().map(|a| {
                            let about = match &a.subject {
                                ActivitySubject::Child(c) => child_names.iter().find(|(id, _)| id == c).map(|(_, n)| n.clone()).unwrap_or_default(),
                                ActivitySubject::Group(g) => group_names.iter().find(|(id, _)| id == g).map(|(_, n)| n.clone()).unwrap_or_default(),
                                ActivitySubject::LearningQuestion(q) => format!("{}: {q}", i18n.t(Key::ActivityAboutQuestion)),
                                ActivitySubject::None => String::new(),
                            };
                            let day = a.date;
                            view! {
                                <li>
                                    <strong>{kind_text(i18n, &a.kind)}</strong>
                                    " · "{move || format_date(i18n.lang.get(), day)}" · "{a.minutes}" min · "{a.coach.clone()}
                                    {(!about.is_empty()).then(|| view! { <span>" · "{about}</span> })}
                                    {(!a.notes.is_empty()).then(|| view! { <p class="plan-notes">{a.notes.clone()}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
