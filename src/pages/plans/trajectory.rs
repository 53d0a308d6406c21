//! The step plan: starting a trajectory (from a child or a moment), one trajectory's screen
//! (current step, allowed moves with the reasons others are blocked, history, linked moments),
//! a child's consent register, and the overview of running trajectories and what is due.
//! All rules live in `signaal_core::plan`; this module only reads, asks the engine and saves.

use super::actions::OpenActions;
use super::coaching::CoachingCard;
use super::follow_up::FollowUps;
use super::goals::GoalList;
use super::group_concern::{GroupActions, StepForms};
use super::step_forms::FormSummary;
use super::urgency::UrgentPanel;
use crate::components::{Field, MomentCard};
use crate::i18n::{format_date, use_i18n, I18n, Key};
use crate::labels;
use crate::pages::PageHeader;
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::{use_state, AppState};
use crate::store::repo::Repo;
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use signaal_core::id::Id;
use signaal_core::plan::consent::{Consent, ConsentKind, ConsentRegister};
use signaal_core::plan::engine::{
    self, Assignment, Blocker, Case, DueItem, DueKind, Move, MoveError, Start,
};
use signaal_core::plan::outcome::{Closing, Outcome};
use signaal_core::plan::template::{self, Scope, StepKey, Template};
use signaal_core::plan::trajectory::{RaisedBy, Status, StepEntry, Subject, Trajectory};
use signaal_core::plan::{defaults, PlanError, Role};
use signaal_core::view::{ValidationError, View};

/// Default due date of a new step: one week from today.
pub(crate) fn default_due_date() -> NaiveDate {
    today().checked_add_days(Days::new(7)).unwrap_or_else(today)
}

pub(crate) fn author(r: &Repo) -> String {
    r.profile().author.clone()
}

/// The newest version of the team's template for `scope`; `None` before its first use.
pub(crate) fn newest_template(r: &Repo, scope: Scope) -> Option<Template> {
    let all: Vec<Template> = r.all();
    template::current(all.iter())
        .into_iter()
        .filter(|t| t.content.scope == scope)
        .max_by_key(|t| (t.version, t.id))
        .cloned()
}

/// The newest version of the child template; `None` before the first trajectory.
pub(crate) fn child_template(r: &Repo) -> Option<Template> {
    newest_template(r, Scope::Child)
}

/// The open trajectory of a child or a group, if any (the newest when there are several).
pub(crate) fn open_trajectory(r: &Repo, subject: Subject) -> Option<Trajectory> {
    r.all::<Trajectory>()
        .into_iter()
        .filter(|t| t.subject == subject && t.is_open())
        .max_by_key(|t| (t.started_on, t.id))
}

pub(crate) fn plan_error(err: &PlanError) -> Key {
    match err {
        PlanError::DateOrder { .. } => Key::ErrDueInPast,
        PlanError::Text(inner) => match **inner {
            ValidationError::Empty { .. } => Key::ErrOwnerMissing,
            ValidationError::TooLong { .. } => Key::ErrTooLong,
            _ => Key::ErrPlan,
        },
        _ => Key::ErrPlan,
    }
}

fn move_error(err: &MoveError) -> Key {
    match err {
        MoveError::Blocked(b) => b.first().map_or(Key::ErrPlan, blocker_key),
        MoveError::Invalid(e) => plan_error(e),
        MoveError::OutcomeMissing => Key::ErrOutcomeMissing,
    }
}

pub(crate) use crate::labels::consent as consent_key;

pub(crate) fn role_key(role: Role) -> Key {
    match role {
        Role::Practitioner => Key::RolePractitioner,
        Role::SeniorPractitioner => Key::RoleSenior,
        Role::Manager => Key::RoleManager,
        Role::Pedagogue => Key::RolePedagogue,
        Role::CareCoordinator => Key::RoleCareCoordinator,
        Role::FamilyAdviser => Key::RoleFamilyAdviser,
        Role::YouthNurse => Key::RoleYouthNurse,
        Role::Coach => Key::RoleCoach,
        Role::TreatmentWorker => Key::RoleTreatmentWorker,
        Role::Parent => Key::RoleParent,
        Role::Child => Key::RoleChild,
        Role::School => Key::RoleSchool,
    }
}

pub(crate) fn blocker_key(b: &Blocker) -> Key {
    match b {
        Blocker::Closed => Key::BlockClosed,
        Blocker::NotClosed => Key::BlockNotClosed,
        Blocker::Watching => Key::BlockWatching,
        Blocker::NotWatching => Key::BlockNotWatching,
        Blocker::TemplateMismatch { .. } => Key::BlockTemplate,
        Blocker::UnknownStep(_) => Key::BlockUnknownStep,
        Blocker::AlreadyThere => Key::BlockAlreadyThere,
        Blocker::LastStep => Key::BlockLastStep,
        Blocker::MissingConsent { .. } => Key::BlockConsent,
        Blocker::RoleNotAllowed { .. } => Key::BlockRole,
        Blocker::OwnPlanFirst { .. } => Key::BlockOwnPlan,
        Blocker::PlacementUnanswered => Key::ErrChooseDecision,
    }
}

/// One line per blocker, in the current language.
pub(crate) fn blocker_text(i18n: I18n, b: &Blocker) -> String {
    let head = i18n.t(blocker_key(b));
    match b {
        Blocker::MissingConsent { consent, .. } => {
            format!("{head} {}", i18n.t(consent_key(*consent)).to_lowercase())
        }
        Blocker::RoleNotAllowed { allowed, .. } => {
            let roles: Vec<&str> = allowed.iter().map(|r| i18n.t(role_key(*r))).collect();
            format!("{head} {}", roles.join(", "))
        }
        _ => head.to_owned(),
    }
}

pub(crate) fn step_name(i18n: I18n, template: &Template, key: &StepKey) -> String {
    template.step(key).map_or_else(
        || key.to_string(),
        |s| s.name.get(i18n.lang.get().code()).to_owned(),
    )
}

pub(crate) fn status_key(status: Status) -> Key {
    match status {
        Status::Watch => Key::StatusWatch,
        Status::Active => Key::StatusActive,
        Status::Closed => Key::StatusClosed,
    }
}

/// Everything one trajectory screen shows, read from the repo in one go.
#[derive(Clone, PartialEq)]
pub(crate) struct Snapshot {
    pub(crate) traj: Trajectory,
    pub(crate) template: Template,
    pub(crate) entries: Vec<StepEntry>,
    pub(crate) consents: ConsentRegister,
    pub(crate) child_name: String,
    /// The roles of the person using this device (Settings): steps reserved for other roles are
    /// blocked, with those roles as the reason.
    pub(crate) roles: Vec<Role>,
}

impl Snapshot {
    pub(crate) fn read(r: &Repo, id: Id) -> Option<Snapshot> {
        let traj = r
            .record(id)
            .filter(|rec| !rec.is_deleted())
            .and_then(|rec| Trajectory::from_record(rec).ok())?;
        let template = r
            .record(traj.template_id)
            .and_then(|rec| Template::from_record(rec).ok())?;
        // Oldest first: by date, then by when the entry was recorded (several steps a day).
        let mut entries: Vec<StepEntry> = r
            .all::<StepEntry>()
            .into_iter()
            .filter(|e| e.trajectory_id == id)
            .collect();
        entries.sort_by_key(|e| (e.date, r.record(e.id).and_then(|rec| rec.created()), e.id));
        let (consents, child_name) = match traj.subject {
            Subject::Child(c) => (
                ConsentRegister::for_child(c, r.all::<Consent>().iter()),
                r.children()
                    .get(&c)
                    .map(|c| c.display_name.clone())
                    .unwrap_or_default(),
            ),
            Subject::Group(g) => (
                ConsentRegister::empty(),
                r.groups()
                    .get(&g)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
            ),
        };
        Some(Snapshot {
            traj,
            template,
            entries,
            consents,
            child_name,
            roles: r.profile().roles.clone(),
        })
    }

    pub(crate) fn case(&self) -> Case<'_> {
        Case {
            trajectory: &self.traj,
            template: &self.template,
            entries: &self.entries,
            consents: &self.consents,
        }
    }
}

/// On a child's page and a moment's page: the child's open trajectory (and, from a moment, a
/// way to link it), or the form that starts one.
#[component]
pub fn ChildPlan(child: Id, #[prop(optional)] moment: Option<Id>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let open = Memo::new(move |_| {
        state
            .repo
            .with(|r| open_trajectory(r, Subject::Child(child)))
    });
    let link = move |_| {
        let (Some(m), Some(mut t)) = (moment, open.get_untracked()) else {
            return;
        };
        t.link_moment(m);
        if let Some(Ok(())) = state.repo.try_update(|r| r.save(&t)) {
            state.notify(Key::MomentLinked);
        }
    };
    view! {
        {move || match open.get() {
            Some(t) => {
                let linked = moment.is_some_and(|m| t.moments.contains(&m));
                view! {
                    <div class="card plan-link">
                        <p>{t.urgent.then(|| view! { <UrgentBadge/>" " })}{i18n.tr(status_key(t.status))}" · "{i18n.tr(Key::OwnerShort)}": "{t.owner.clone()}</p>
                        <div class="form-actions">
                            <a class="button primary" href=format!("/stappenplan/{}", t.id)>{i18n.tr(Key::OpenTrajectory)}</a>
                            {(moment.is_some() && !linked).then(|| view! {
                                <button type="button" class="button" on:click=link>{i18n.tr(Key::LinkMoment)}</button>
                            })}
                        </div>
                        {linked.then(|| view! { <p class="muted">{i18n.tr(Key::MomentIsLinked)}</p> })}
                    </div>
                }.into_any()
            }
            None => view! { <StartForm child moment/> }.into_any(),
        }}
    }
}

/// The newest template for `scope`; on first use the shipped one (the basic step plan for a
/// child, the shortened flow for a group) is stored as the team's version 1.
pub(crate) fn team_template(r: &mut Repo, scope: Scope) -> Result<Template, Key> {
    if let Some(t) = newest_template(r, scope) {
        return Ok(t);
    }
    let content = match scope {
        Scope::Child => defaults::child_plan(),
        Scope::Group => defaults::group_flow(),
    };
    let t = Template::first(new_id(), content).map_err(|e| plan_error(&e))?;
    r.save(&t).map_err(|e| labels::repo_error(&e))?;
    Ok(t)
}

/// Starts a trajectory on the team's template for its subject (storing the shipped one on first
/// use) and confirms it; shared by the start form, the wellbeing list's one tap and a group
/// concern.
pub(crate) fn raise_signal(state: AppState, start: Start) -> Result<Id, Key> {
    let scope = match start.subject {
        Subject::Child(_) => Scope::Child,
        Subject::Group(_) => Scope::Group,
    };
    let result = state.repo.try_update(|r| -> Result<Id, Key> {
        let template = team_template(r, scope)?;
        let traj = engine::start(&template, start, today()).map_err(|e| plan_error(&e))?;
        r.save(&traj).map_err(|e| labels::repo_error(&e))?;
        Ok(traj.id)
    });
    let id = result.ok_or(Key::ErrNotFound)??;
    state.notify(Key::TrajectoryStarted);
    Ok(id)
}

#[component]
fn StartForm(child: Id, moment: Option<Id>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let navigate = use_navigate();
    let shown = RwSignal::new(false);
    let me = state.repo.with_untracked(author);
    let concern = RwSignal::new(
        moment
            .and_then(|m| {
                state.repo.with_untracked(|r| {
                    r.notebook()
                        .get(m)
                        .map(|m| m.note.chars().take(200).collect::<String>())
                })
            })
            .unwrap_or_default(),
    );
    let watch = RwSignal::new(false);
    let raised_by = RwSignal::new("practitioner".to_owned());
    let raised_by_name = RwSignal::new(me.clone());
    let owner = RwSignal::new(me);
    let due = RwSignal::new(date_input(default_due_date()));
    let (error, set_error) = signal(None::<Key>);
    let label = if moment.is_some() {
        Key::RaiseSignalFromMoment
    } else {
        Key::StartSignal
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(due) = parse_date(&due.get_untracked()) else {
            return set_error.set(Some(Key::ErrDate));
        };
        let start = Start {
            id: new_id(),
            subject: Subject::Child(child),
            watch: watch.get_untracked(),
            assignment: Assignment {
                owner: owner.get_untracked().trim().to_owned(),
                due,
            },
            concern: concern.get_untracked().trim().to_owned(),
            raised_by: Some(if raised_by.get_untracked() == "parent" {
                RaisedBy::Parent
            } else {
                RaisedBy::Practitioner
            }),
            raised_by_name: raised_by_name.get_untracked().trim().to_owned(),
            moments: moment.into_iter().collect(),
        };
        let result = raise_signal(state, start);
        match result {
            Ok(id) => navigate(&format!("/stappenplan/{id}"), Default::default()),
            Err(key) => set_error.set(Some(key)),
        }
    };
    view! {
        <Show when=move || shown.get() fallback=move || view! {
            <button type="button" class="button" on:click=move |_| shown.set(true)>{i18n.tr(label)}</button>
        }>
            <form class="card" on:submit=submit.clone() novalidate>
                <h2>{i18n.tr(label)}</h2>
                <p class="muted">{i18n.tr(Key::StartSignalIntro)}</p>
                <label class="field">
                    <span>{i18n.tr(Key::Concern)}</span>
                    <textarea rows="3" maxlength="500" prop:value=move || concern.get() on:input=move |ev| concern.set(event_target_value(&ev))></textarea>
                    <small>{i18n.tr(Key::ConcernHelp)}</small>
                </label>
                <div class="field">
                    <label for="raised-by">{i18n.tr(Key::RaisedBy)}</label>
                    <select id="raised-by" on:change=move |ev| raised_by.set(event_target_value(&ev))>
                        <option value="practitioner">{i18n.tr(Key::RaisedByPractitioner)}</option>
                        <option value="parent">{i18n.tr(Key::RaisedByParent)}</option>
                    </select>
                </div>
                <Field label=Key::RaisedByName><input type="text" maxlength="80" bind:value=raised_by_name/></Field>
                <Field label=Key::Owner><input type="text" maxlength="80" bind:value=owner/></Field>
                <Field label=Key::DueDate><input type="date" bind:value=due/></Field>
                <label class="choice">
                    <input type="checkbox" bind:checked=watch/>
                    {i18n.tr(Key::WatchChild)}
                </label>
                {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
                <div class="form-actions">
                    <button type="submit" class="button primary">{i18n.tr(Key::StartTrajectory)}</button>
                    <button type="button" class="button ghost" on:click=move |_| shown.set(false)>{i18n.tr(Key::Cancel)}</button>
                </div>
            </form>
        </Show>
    }
}

/// `/stappenplan/:id`: one trajectory.
#[component]
pub fn TrajectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<Id>().ok())
    });
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

/// "Urgent" beside a trajectory's name: on its screen, in the plans overview and on the child.
#[component]
pub(crate) fn UrgentBadge() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge urgent-badge">{i18n.tr(Key::UrgentBadge)}</span> }
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

/// The moves the engine offers, blocked ones disabled with their reasons; choosing one asks for
/// owner, due date and a short note, and records the completed step.
#[component]
fn Moves(id: Id, snap: Memo<Option<Snapshot>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let chosen = RwSignal::new(None::<(Move, String)>);
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(date_input(default_due_date()));
    let notes = RwSignal::new(String::new());
    // The outcome asked when a child's signal closes: an index into `Outcome::ALL`, or empty.
    let outcome = RwSignal::new(String::new());
    let care_avoiding = RwSignal::new(false);
    let (error, set_error) = signal(None::<Key>);
    let asks_outcome = move || {
        chosen.with(|c| c.as_ref().is_some_and(|c| c.0 == Move::Close))
            && snap.with(|s| s.as_ref().is_some_and(|s| engine::needs_outcome(&s.traj)))
    };
    let choose = move |mv: Move, label: String| {
        outcome.set(String::new());
        care_avoiding.set(false);
        owner.set(state.repo.with_untracked(author));
        due.set(date_input(default_due_date()));
        notes.set(String::new());
        set_error.set(None);
        chosen.set(Some((mv, label)));
    };
    let options = move || {
        snap.with(|s| {
            let Some(s) = s else { return Vec::new() };
            let case = s.case();
            engine::options(&case, &s.roles, today())
                .into_iter()
                .map(|o| {
                    let target = o
                        .target
                        .as_ref()
                        .map(|k| step_name(i18n, &s.template, k))
                        .unwrap_or_default();
                    let label = match &o.mv {
                        Move::Close => i18n.t(Key::MoveClose).to_owned(),
                        Move::RaiseSignal => i18n.t(Key::RaiseSignalFromMoment).to_owned(),
                        Move::Reopen(_) => format!("{} {}", i18n.t(Key::MoveReopen), target),
                        Move::Next | Move::GoTo(_) => target,
                    };
                    let reasons: Vec<String> =
                        o.blockers.iter().map(|b| blocker_text(i18n, b)).collect();
                    (o.mv, label, reasons)
                })
                .collect()
        })
    };
    // The move the latest typed form of this step points to (an evaluation's decision, a team's
    // stop), as the label of the option it matches; plain "next" needs no extra hint.
    let suggested = move || {
        snap.with(|s| {
            let s = s.as_ref()?;
            let form = s
                .entries
                .iter()
                .rev()
                .filter(|e| e.step == s.traj.step)
                .find_map(|e| e.form.as_ref())?;
            match engine::suggested_move(&s.template, form)? {
                Move::Close => Some(i18n.t(Key::MoveClose).to_owned()),
                Move::GoTo(k) => Some(step_name(i18n, &s.template, &k)),
                _ => None,
            }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((mv, _)) = chosen.get_untracked() else {
            return;
        };
        let Some(due) = parse_date(&due.get_untracked()) else {
            return set_error.set(Some(Key::ErrDate));
        };
        let owner = owner.get_untracked().trim().to_owned();
        let notes = notes.get_untracked().trim().to_owned();
        let closing = outcome
            .get_untracked()
            .parse::<usize>()
            .ok()
            .and_then(|i| Outcome::ALL.get(i).copied())
            .map(|outcome| Closing {
                outcome,
                care_avoiding_reached: care_avoiding.get_untracked(),
            });
        let day = today();
        let result = state.repo.try_update(|r| -> Result<(), Key> {
            let s = Snapshot::read(r, id).ok_or(Key::ErrNotFound)?;
            let assignment = Assignment {
                owner: owner.clone(),
                due,
            };
            let next = if mv == Move::Close {
                engine::close(&s.case(), &s.roles, closing, assignment, day)
            } else {
                engine::apply_move(&s.case(), &s.roles, &mv, assignment, day)
            }
            .map_err(|e| move_error(&e))?;
            // A step whose typed form is saved already has its entry; a second, empty one would
            // only repeat the step in the history.
            let has_form = s
                .entries
                .iter()
                .any(|e| e.step == s.traj.step && e.form.is_some());
            if s.traj.status != Status::Closed && !(has_form && notes.is_empty()) {
                let by = Some(author(r))
                    .filter(|a| !a.trim().is_empty())
                    .unwrap_or_else(|| owner.clone());
                let entry = StepEntry {
                    id: new_id(),
                    trajectory_id: id,
                    step: s.traj.step.clone(),
                    date: day,
                    by,
                    owner: owner.clone(),
                    notes,
                    form: None,
                };
                r.save(&entry).map_err(|e| labels::repo_error(&e))?;
            }
            r.save(&next).map_err(|e| labels::repo_error(&e))
        });
        match result {
            Some(Ok(())) => {
                chosen.set(None);
                state.notify(Key::StepTaken);
            }
            Some(Err(key)) => set_error.set(Some(key)),
            None => {}
        }
    };
    view! {
        <section class="card moves">
            <h2>{i18n.tr(Key::NextSteps)}</h2>
            <Show when=move || chosen.with(Option::is_none) fallback=move || view! {
                <form on:submit=submit novalidate>
                    <h3>{i18n.tr(Key::MoveTo)}": "{move || chosen.with(|c| c.as_ref().map(|c| c.1.clone()).unwrap_or_default())}</h3>
                    <Field label=Key::Owner><input type="text" maxlength="80" bind:value=owner/></Field>
                    <Field label=Key::DueDate><input type="date" bind:value=due/></Field>
                    {move || asks_outcome().then(|| view! {
                        <div class="field">
                            <label for=format!("outcome-{id}")>{i18n.tr(Key::OutcomeLabel)}</label>
                            <select id=format!("outcome-{id}") required on:change=move |ev| outcome.set(event_target_value(&ev))>
                                <option value="">{i18n.tr(Key::OutcomePick)}</option>
                                {Outcome::ALL.into_iter().enumerate().map(|(i, o)| view! {
                                    <option value=i.to_string()>{i18n.tr(labels::outcome(o))}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || care_avoiding.get() on:change=move |ev| care_avoiding.set(event_target_checked(&ev))/>
                            <span>{i18n.tr(Key::CareAvoiding)}</span>
                        </label>
                    })}
                    <label class="field">
                        <span>{i18n.tr(Key::MoveNotes)}</span>
                        <textarea rows="3" maxlength="4000" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                    </label>
                    {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
                    <div class="form-actions">
                        <button type="submit" class="button primary">{i18n.tr(Key::ConfirmMove)}</button>
                        <button type="button" class="button ghost" on:click=move |_| chosen.set(None)>{i18n.tr(Key::Cancel)}</button>
                    </div>
                </form>
            }>
                <ul class="move-list">
                    {move || options().into_iter().enumerate().map(|(i, (mv, label, reasons))| {
                        let blocked = !reasons.is_empty();
                        let is_suggested = suggested().is_some_and(|s| s == label);
                        let is_next = mv == Move::Next && !is_suggested;
                        let class = if (is_next || is_suggested) && !blocked { "button primary" } else { "button" };
                        let text = label.clone();
                        let reason_id = format!("move-reason-{i}");
                        view! {
                            <li class:blocked=blocked>
                                <button type="button" class=class disabled=blocked
                                    aria-describedby=blocked.then(|| reason_id.clone())
                                    on:click=move |_| choose(mv.clone(), text.clone())>
                                    {label}
                                </button>
                                {is_next.then(|| view! { <span class="muted">" ("{i18n.tr(Key::NextStepHint)}")"</span> })}
                                {is_suggested.then(|| view! { <span class="muted suggested">" ("{i18n.tr(Key::SuggestedHint)}")"</span> })}
                                {blocked.then(|| view! {
                                    <ul class="blocked-reasons" id=reason_id>
                                        {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                    </ul>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
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

/// A child's consents: record one, withdraw one. Steps that need a consent unblock or re-block
/// at once, because the trajectory screen reads the same records.
#[component]
pub fn ConsentPanel(child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let list = move || {
        state.repo.with(|r| {
            ConsentRegister::for_child(child, r.all::<Consent>().iter())
                .history()
                .to_vec()
        })
    };
    let kind = RwSignal::new("0".to_owned());
    let given_by = RwSignal::new(String::new());
    let given_on = RwSignal::new(date_input(today()));
    let (error, set_error) = signal(None::<Key>);
    let save = move |c: Consent, done: Key| match state.repo.try_update(|r| r.save(&c)) {
        Some(Ok(())) => {
            set_error.set(None);
            state.notify(done);
            true
        }
        Some(Err(err)) => {
            set_error.set(Some(labels::repo_error(&err)));
            false
        }
        None => false,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(on) = parse_date(&given_on.get_untracked()) else {
            return set_error.set(Some(Key::ErrDate));
        };
        let k = kind
            .get_untracked()
            .parse::<usize>()
            .ok()
            .and_then(|i| ConsentKind::ALL.get(i).copied())
            .unwrap_or(ConsentKind::SchoolContact);
        let c = Consent::new(new_id(), child, k, given_by.get_untracked().trim(), on);
        if save(c, Key::ConsentSaved) {
            given_by.set(String::new());
        }
    };
    view! {
        <section class="card consents">
            <h2>{i18n.tr(Key::ConsentsTitle)}</h2>
            {move || {
                let items = list();
                if items.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::NoConsents)}</p> }.into_any();
                }
                view! {
                    <ul class="consent-list">
                        {items.into_iter().map(|c| {
                            let given = c.given_on;
                            let withdrawn = c.withdrawn_on;
                            let kind = c.kind;
                            let active = c.withdrawn_on.is_none();
                            let by = c.given_by.clone();
                            let withdraw = move |_| {
                                let mut c = c.clone();
                                c.withdrawn_on = Some(today().max(c.given_on));
                                save(c, Key::ConsentWithdrawn);
                            };
                            view! {
                                <li class:withdrawn=!active>
                                    <span>
                                        <strong>{i18n.tr(consent_key(kind))}</strong>
                                        " · "{move || format_date(i18n.lang.get(), given)}" · "{by}
                                    </span>
                                    {withdrawn.map(|w| view! { <span class="muted">" · "{i18n.tr(Key::WithdrawnOn)}" "{move || format_date(i18n.lang.get(), w)}</span> })}
                                    {active.then(|| view! {
                                        <button type="button" class="button" on:click=withdraw>{i18n.tr(Key::WithdrawConsent)}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for=format!("consent-kind-{child}")>{i18n.tr(Key::ConsentKindLabel)}</label>
                    <select id=format!("consent-kind-{child}") on:change=move |ev| kind.set(event_target_value(&ev))>
                        {ConsentKind::ALL.into_iter().enumerate().map(|(i, k)| view! {
                            <option value=i.to_string()>{i18n.tr(consent_key(k))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field label=Key::ConsentGivenBy><input type="text" maxlength="80" bind:value=given_by/></Field>
                <Field label=Key::ConsentGivenOn><input type="date" bind:value=given_on/></Field>
                {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
                <button type="submit" class="button">{i18n.tr(Key::RecordConsent)}</button>
            </form>
        </section>
    }
}

/// `/stappenplan`: the trajectories that are running and what is due this week or overdue.
#[component]
pub fn Plans() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    // (trajectory, step name, subject name) for every open trajectory, soonest due first.
    let data = move || {
        let lang = i18n.lang.get().code();
        state.repo.with(|r| {
            let templates: Vec<Template> = r.all();
            let entries: Vec<StepEntry> = r.all();
            let consents: Vec<Consent> = r.all();
            let mut open: Vec<(Trajectory, Template, ConsentRegister)> = r
                .all::<Trajectory>()
                .into_iter()
                // Closed ones stay while a follow-up is open: it shows in what is due.
                .filter(|t| t.is_open() || !t.follow_ups().is_empty())
                .filter_map(|t| {
                    let tp = templates.iter().find(|tp| tp.id == t.template_id)?.clone();
                    let reg = t.child_id().map_or_else(ConsentRegister::empty, |c| {
                        ConsentRegister::for_child(c, consents.iter())
                    });
                    Some((t, tp, reg))
                })
                .collect();
            open.sort_by_key(|(t, _, _)| (t.due, t.id));
            let name = |s: Subject| match s {
                Subject::Child(c) => r
                    .children()
                    .get(&c)
                    .map(|c| c.display_name.clone())
                    .unwrap_or_default(),
                Subject::Group(g) => r
                    .groups()
                    .get(&g)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
            };
            let cases: Vec<Case> = open
                .iter()
                .map(|(t, tp, reg)| Case {
                    trajectory: t,
                    template: tp,
                    entries: &entries,
                    consents: reg,
                })
                .collect();
            let overview = engine::due(&cases, today());
            let step_of = |id: Id, key: &StepKey| {
                open.iter()
                    .find(|(t, _, _)| t.id == id)
                    .and_then(|(_, tp, _)| tp.step(key))
                    .map_or_else(|| key.to_string(), |s| s.name.get(lang).to_owned())
            };
            let due_row = |d: &DueItem| {
                let what = match &d.kind {
                    DueKind::Step(k) => step_of(d.trajectory, k),
                    DueKind::Evaluation => i18n.t(Key::DueEvaluation).to_owned(),
                    DueKind::ChildDiscussion if matches!(d.subject, Subject::Group(_)) => {
                        i18n.t(Key::DueGroupDiscussion).to_owned()
                    }
                    DueKind::ChildDiscussion => i18n.t(Key::DueChildDiscussion).to_owned(),
                    DueKind::Action { what } => format!("{} {what}", i18n.t(Key::DueAction)),
                    DueKind::FollowUp { months } => {
                        format!(
                            "{} {months} {}",
                            i18n.t(Key::DueFollowUp),
                            i18n.t(Key::DueFollowUpMonths)
                        )
                    }
                };
                // Group concerns share the list with children: marked, so they read apart.
                let who = match d.subject {
                    Subject::Group(_) => {
                        format!("{} ({})", name(d.subject), i18n.t(Key::GroupMarker))
                    }
                    Subject::Child(_) => name(d.subject),
                };
                (d.trajectory, who, what, d.owner.clone(), d.date)
            };
            let this_week: Vec<_> = overview.this_week.iter().map(due_row).collect();
            let overdue: Vec<_> = overview.overdue.iter().map(due_row).collect();
            // Children and groups in their own lists.
            let (groups, running): (Vec<_>, Vec<_>) = open
                .iter()
                .filter(|(t, _, _)| t.is_open())
                .map(|(t, _, _)| {
                    (
                        t.id,
                        name(t.subject),
                        step_of(t.id, &t.step),
                        t.owner.clone(),
                        t.due,
                        (t.status, t.urgent),
                        t.child_id().is_none(),
                    )
                })
                .partition(|row| row.6);
            (running, groups, this_week, overdue)
        })
    };
    let due_list = move |items: Vec<(Id, String, String, String, NaiveDate)>,
                         class: &'static str| {
        if items.is_empty() {
            return view! { <p class="muted">{i18n.tr(Key::NothingDue)}</p> }.into_any();
        }
        view! {
            <ul class=format!("due-list {class}")>
                {items.into_iter().map(|(id, who, what, owner, date)| view! {
                    <li>
                        <a href=format!("/stappenplan/{id}")>{who}</a>
                        " · "{what}" · "{i18n.tr(Key::OwnerShort)}": "{owner}" · "<time datetime=date.to_string()>{move || format_date(i18n.lang.get(), date)}</time>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <PageHeader title=Key::PlansTitle intro=Key::PlansIntro/>
        <nav class="card plan-tools" aria-label=i18n.tr(Key::PlansTools)>
            <a class="button" href="/stappenplan/welbevinding">{i18n.tr(Key::WellbeingLink)}</a>
            <a class="button" href="/stappenplan/contacten">{i18n.tr(Key::ContactsTitle)}</a>
            <a class="button" href="/stappenplan/sjabloon">{i18n.tr(Key::TemplatesLink)}</a>
            <a class="button" href="/stappenplan/groep">{i18n.tr(Key::GroupConcernStart)}</a>
            <a class="button" href="/stappenplan/coach">{i18n.tr(Key::RegisterLink)}</a>
        </nav>
        {move || {
            let (running, groups, this_week, overdue) = data();
            if running.is_empty() && groups.is_empty() && this_week.is_empty() && overdue.is_empty() {
                return view! { <p class="empty">{i18n.tr(Key::NoTrajectories)}</p> }.into_any();
            }
            let plan_list = move |rows: Vec<(Id, String, String, String, NaiveDate, (Status, bool), bool)>, empty: Key| {
                if rows.is_empty() {
                    return view! { <p class="muted">{i18n.tr(empty)}</p> }.into_any();
                }
                view! {
                    <ul class="plan-list">
                        {rows.into_iter().map(|(id, who, step, owner, date, (status, urgent), _)| view! {
                            <li>
                                <a class="plan-child" href=format!("/stappenplan/{id}")>{who}</a>
                                {urgent.then(|| view! { <UrgentBadge/> })}
                                <span>{step}{(status == Status::Watch).then(|| view! { " · "{i18n.tr(Key::StatusWatch)} })}</span>
                                <span class="muted">{i18n.tr(Key::OwnerShort)}": "{owner}" · "{i18n.tr(Key::DueDate)}" "{move || format_date(i18n.lang.get(), date)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            };
            view! {
                <section class="card">
                    <h2>{i18n.tr(Key::DueTitle)}</h2>
                    <h3>{i18n.tr(Key::Overdue)}</h3>
                    {due_list(overdue, "overdue")}
                    <h3>{i18n.tr(Key::DueThisWeek)}</h3>
                    {due_list(this_week, "this-week")}
                </section>
                <section class="card">
                    <h2>{i18n.tr(Key::PlansRunning)}</h2>
                    {plan_list(running, Key::NoChildTrajectories)}
                </section>
                <section class="card group-concerns">
                    <h2>{i18n.tr(Key::GroupConcernsTitle)}</h2>
                    {plan_list(groups, Key::NoGroupConcerns)}
                </section>
            }
            .into_any()
        }}
    }
}
