//! `/stappenplan/coach`: the coach deployment register. Everything a coach does that is not a
//! session about one child — group visits, working along, preventive visits, consultations,
//! training evenings, preparing parent talks, advice by mail, and the organisation's own types —
//! with its minutes and what it was about (a learning question is one of the practitioners'
//! own records, see `signaal_core::growth`), and this year's hours against the team's budget
//! set in Settings. The rules are `signaal_core::plan::activity` and `::budget`.

use super::coach_requests::RequestQueue;
use crate::components::{Field, PageHeader};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use crate::store::repo::Repo;
use chrono::Datelike;
use leptos::prelude::*;
use signaal_core::growth::{may_see_question, LearningQuestion};
use signaal_core::id::Id;
use signaal_core::plan::activity::{
    self, ActivityKind, ActivitySubject, ActivityType, CoachActivity,
};
use signaal_core::plan::budget::{standing, BudgetKey, BudgetPeriod};
use signaal_core::plan::coaching::MAX_MINUTES;
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
        ActivityKind::Other(_) | ActivityKind::Listed(_) => return None,
    })
}

fn kind_text(i18n: crate::i18n::I18n, kind: &ActivityKind, types: &[ActivityType]) -> String {
    match (kind_key(kind), kind) {
        (Some(k), _) => i18n.t(k).to_owned(),
        (None, ActivityKind::Other(name)) => name.clone(),
        (None, ActivityKind::Listed(id)) => activity::listed_name(types, *id).map_or_else(
            || i18n.t(Key::ActivityTypeUnknown).to_owned(),
            str::to_owned,
        ),
        (None, _) => String::new(),
    }
}

fn activity_error(err: &PlanError) -> Key {
    match err {
        PlanError::OutOfRange { .. } => Key::ErrSessionMinutes,
        PlanError::ConsentMissing(..) => Key::ErrActivityConsent,
        PlanError::Text(inner) => match **inner {
            ValidationError::Empty { field: "coach" } => Key::ErrSessionCoach,
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

/// The value of the type select: a built-in type's index, or a listed type's id.
fn listed_value(id: Id) -> String {
    format!("t{id}")
}

#[component]
pub fn CoachRegister() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let date = RwSignal::new(date_input(today()));
    let coach = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_owned());
    let kind = RwSignal::new("0".to_owned());
    let about = RwSignal::new(About::Group);
    let child = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let types = Memo::new(move |_| state.repo.with(|r| r.all::<ActivityType>()));
    // The learning questions this device may see: its own, or all for a manager or the coach.
    let questions = Memo::new(move |_| {
        state.repo.with(|r| {
            let profile = r.profile();
            let mut list: Vec<LearningQuestion> = r
                .all::<LearningQuestion>()
                .into_iter()
                .filter(|q| may_see_question(&profile.author, &profile.roles, &q.practitioner))
                .collect();
            list.sort_by_key(|q| (q.done_on.is_some(), std::cmp::Reverse(q.asked_on), q.id));
            list
        })
    });
    let notes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);

    let activities = Memo::new(move |_| {
        let mut list: Vec<CoachActivity> = state.repo.with(|r| r.all());
        list.sort_by_key(|a| (std::cmp::Reverse(a.date), a.id));
        list
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
        let kind = match (picked.parse::<usize>().ok(), picked.strip_prefix('t')) {
            (Some(i), _) if i < ActivityKind::BUILT_IN.len() => ActivityKind::BUILT_IN[i].clone(),
            (_, Some(id)) => ActivityKind::Listed(id.parse::<Id>().map_err(|_| Key::ErrPlan)?),
            _ => return Err(Key::ErrPlan),
        };
        let id_of = |s: &str| s.parse::<Id>().ok();
        let subject = match about.get_untracked() {
            About::Child => {
                ActivitySubject::Child(id_of(&child.get_untracked()).ok_or(Key::ErrActivityChild)?)
            }
            About::Group => {
                ActivitySubject::Group(id_of(&group.get_untracked()).ok_or(Key::ErrActivityGroup)?)
            }
            About::Question => ActivitySubject::Question(
                id_of(&question.get_untracked()).ok_or(Key::ErrActivityQuestionPick)?,
            ),
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
                state.notify(Key::ActivitySaved);
            }
            Some(Err(key)) => error.set(Some(key)),
            None => {}
        }
    };

    // This calendar year's hours of the whole location against the team's budget.
    let budget = Memo::new(move |_| {
        let key = BudgetKey {
            location: None,
            period: BudgetPeriod::Year(today().year()),
        };
        state
            .repo
            .with(|r| standing(&r.budgets(), &r.monitor_records().input(), key))
    });
    // One decimal, with the decimal comma in Dutch.
    let hours = move |minutes: i64| {
        i18n.lang.track();
        labels::one_decimal(i18n, minutes as f64 / 60.0)
    };

    view! {
        <PageHeader title=Key::RegisterTitle intro=Key::RegisterIntro/>
        {move || budget.get().map(|b| view! {
            <section class="card register-budget" aria-labelledby="register-budget">
                <h2 id="register-budget">{i18n.tr(Key::BudgetTitle)}" "{today().year()}</h2>
                <dl class="fields">
                    <dt>{i18n.tr(Key::BudgetUsed)}</dt><dd class="budget-used">{hours(b.used.minutes.into())}" "{i18n.tr(Key::HoursShort)}</dd>
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
                    {move || types.with(|all| activity::offered(all).into_iter().map(|t| view! {
                        <option value=listed_value(t.id) selected=kind.get_untracked() == listed_value(t.id)>{t.name.clone()}</option>
                    }).collect_view())}
                </select>
                <p class="muted"><a href="/instellingen#activity-types">{i18n.tr(Key::ActivityTypesLink)}</a></p>
            </div>
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
                About::Question if questions.with(Vec::is_empty) => view! {
                    <p class="muted">{i18n.tr(Key::ActivityQuestionNone)}" "<a href="/instellingen/groei">{i18n.tr(Key::GrowthTitle)}</a></p>
                }.into_any(),
                About::Question => view! {
                    <div class="field">
                        <label for="activity-question">{i18n.tr(Key::ActivityQuestionPick)}</label>
                        <select id="activity-question" on:change=move |ev| question.set(event_target_value(&ev))>
                            <option value="">{i18n.tr(Key::ActivityPick)}</option>
                            {questions.get().into_iter().map(|q| view! { <option value=q.id.to_string() selected=question.get_untracked() == q.id.to_string()>{format!("{} — {}", q.practitioner, q.question)}</option> }).collect_view()}
                        </select>
                    </div>
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
                let type_list = types.get();
                let visible = questions.get();
                view! {
                    <ul class="activity-list">
                        {list.into_iter().map(|a| {
                            let about = match &a.subject {
                                ActivitySubject::Child(c) => child_names.iter().find(|(id, _)| id == c).map(|(_, n)| n.clone()).unwrap_or_default(),
                                ActivitySubject::Group(g) => group_names.iter().find(|(id, _)| id == g).map(|(_, n)| n.clone()).unwrap_or_default(),
                                ActivitySubject::LearningQuestion(q) => format!("{}: {q}", i18n.t(Key::ActivityAboutQuestion)),
                                ActivitySubject::Question(id) => match visible.iter().find(|q| q.id == *id) {
                                    Some(q) => format!("{}: {}", i18n.t(Key::ActivityAboutQuestion), q.question),
                                    None => i18n.t(Key::ActivityQuestionHidden).to_owned(),
                                },
                                ActivitySubject::None => String::new(),
                            };
                            let day = a.date;
                            view! {
                                <li>
                                    <strong>{kind_text(i18n, &a.kind, &type_list)}</strong>
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
