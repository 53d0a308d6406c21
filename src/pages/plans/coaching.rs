//! Coaching on the job for one child's trajectory (`/stappenplan/:id/coaching`): the sessions
//! (date, duration, coach, learning goals, shared notes, evaluation report), a form to record or
//! edit one, and the coaching time of the trajectory and of the child. A session needs the
//! parents' coach consent on its date, so the form is blocked with the reason until that is
//! recorded, and again from the day it is withdrawn; the consent panel sits on the same screen.
//! The rules live in `signaal_core::plan::coaching`.

use super::data::Snapshot;
use crate::components::{
    lines, Choices, ConsentPanel, ErrorLine, Field, PageHeader, SessionDetails, TextArea,
};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::labels::{plan_error, session_kind_key, totals_text};
use crate::plan_data::{all_time, sessions_of};
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use leptos::html::Input;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::coaching::{CoachSession, Progress, SessionKind, MAX_MINUTES};
use signaal_core::plan::consent::{Consent, ConsentKind, ConsentRegister};
use signaal_core::plan::PlanError;
use signaal_core::view::ValidationError;

fn session_error(err: &PlanError) -> Key {
    match err {
        PlanError::OutOfRange { .. } => Key::ErrSessionMinutes,
        PlanError::TooManyItems { .. } => Key::ErrSessionGoals,
        PlanError::Text(inner) => match **inner {
            ValidationError::Empty { field: "coach" } => Key::ErrSessionCoach,
            ValidationError::Empty { .. }
            | ValidationError::TooLong {
                field: "learning_goal",
                ..
            } => Key::ErrSessionGoals,
            _ => plan_error(err),
        },
        _ => plan_error(err),
    }
}

/// What the next session probably is: alignment first, the evaluation once enough sessions
/// were held, otherwise a regular session.
fn next_kind(progress: Progress) -> SessionKind {
    if !progress.aligned {
        SessionKind::Alignment
    } else if progress.report_due() {
        SessionKind::Evaluation
    } else {
        SessionKind::Session
    }
}

/// On the trajectory screen of a child: this trajectory's coaching time and the way in.
#[component]
pub fn CoachingCard(trajectory: Id, child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let totals = move || {
        state.repo.with(|r| {
            all_time(
                sessions_of(r, child)
                    .iter()
                    .filter(|s| s.trajectory_id == Some(trajectory)),
            )
        })
    };
    view! {
        <section class="card coaching-card">
            <h2>{i18n.tr(Key::CoachingTitle)}</h2>
            <p class="coach-total">{move || totals_text(i18n, totals())}" · "{i18n.tr(Key::CoachTypical)}</p>
            <a class="button" href=format!("/stappenplan/{trajectory}/coaching")>{i18n.tr(Key::CoachingOpen)}</a>
        </section>
    }
}

/// `/stappenplan/:id/coaching`.
#[component]
pub fn CoachingPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let route = crate::platform::route_id();
    let info = Memo::new(move |_| {
        let id = route.get()?;
        let snap = state.repo.with(|r| Snapshot::read(r, id))?;
        Some((id, snap.traj.child_id()?, snap.child_name))
    });
    view! {
        {move || match info.get() {
            None => view! {
                <PageHeader title=Key::CoachingTitle intro=Key::TrajectoryNotFound/>
                <a class="button" href="/stappenplan">{i18n.tr(Key::PlansTitle)}</a>
            }.into_any(),
            Some((trajectory, child, name)) => view! { <Coaching trajectory child name/> }.into_any(),
        }}
    }
}

/// The form's fields; `editing` holds the session being edited (none: a new one).
#[derive(Clone, Copy)]
struct Draft {
    editing: RwSignal<Option<CoachSession>>,
    kind: RwSignal<Option<SessionKind>>,
    date: RwSignal<String>,
    minutes: RwSignal<String>,
    coach: RwSignal<String>,
    goals: RwSignal<String>,
    notes: RwSignal<String>,
    report: RwSignal<String>,
}

impl Draft {
    fn new() -> Draft {
        Draft {
            editing: RwSignal::new(None),
            kind: RwSignal::new(None),
            date: RwSignal::new(String::new()),
            minutes: RwSignal::new(String::new()),
            coach: RwSignal::new(String::new()),
            goals: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            report: RwSignal::new(String::new()),
        }
    }

    /// A new session: today, an hour, and the coach and learning goals of the latest one
    /// (learning goals are set at alignment and revisited later).
    fn start_new(&self, sessions: &[CoachSession], child: Id) {
        let last = sessions.last();
        self.editing.set(None);
        self.kind
            .set(Some(next_kind(Progress::of(child, sessions))));
        self.date.set(date_input(today()));
        self.minutes.set("60".into());
        self.coach
            .set(last.map(|s| s.coach.clone()).unwrap_or_default());
        self.goals.set(
            last.map(|s| s.learning_goals.join("\n"))
                .unwrap_or_default(),
        );
        self.notes.set(String::new());
        self.report.set(String::new());
    }

    fn edit(&self, s: &CoachSession) {
        self.kind.set(Some(s.kind));
        self.date.set(date_input(s.date));
        self.minutes.set(s.minutes.to_string());
        self.coach.set(s.coach.clone());
        self.goals.set(s.learning_goals.join("\n"));
        self.notes.set(s.shared_notes.clone());
        self.report.set(s.report.clone());
        self.editing.set(Some(s.clone()));
    }

    fn session(&self, trajectory: Id, child: Id) -> Result<CoachSession, Key> {
        let date = parse_date(&self.date.get_untracked()).ok_or(Key::ErrDate)?;
        let minutes = self
            .minutes
            .get_untracked()
            .trim()
            .parse::<u16>()
            .map_err(|_| Key::ErrSessionMinutes)?;
        let kind = self.kind.get_untracked().unwrap_or(SessionKind::Session);
        let editing = self.editing.get_untracked();
        let session = CoachSession {
            id: editing.as_ref().map_or_else(new_id, |s| s.id),
            child_id: child,
            trajectory_id: editing
                .as_ref()
                .map_or(Some(trajectory), |s| s.trajectory_id),
            coach: self.coach.get_untracked().trim().to_owned(),
            date,
            minutes,
            kind,
            learning_goals: lines(&self.goals.get_untracked()),
            shared_notes: self.notes.get_untracked().trim().to_owned(),
            // The report belongs to the evaluation; a hidden field keeps no stale text.
            report: if kind == SessionKind::Evaluation {
                self.report.get_untracked().trim().to_owned()
            } else {
                String::new()
            },
        };
        session.check().map_err(|e| session_error(&e))?;
        Ok(session)
    }
}

#[component]
fn Coaching(trajectory: Id, child: Id, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let sessions = Memo::new(move |_| state.repo.with(|r| sessions_of(r, child)));
    let draft = Draft::new();
    sessions.with_untracked(|s| draft.start_new(s, child));
    let date_input = NodeRef::<Input>::new();
    let edit = move |s: CoachSession| {
        draft.edit(&s);
        if let Some(input) = date_input.get() {
            let _ = input.focus();
        }
    };
    Effect::new({
        let name = name.clone();
        move |_| {
            document().set_title(&format!(
                "{} · {} · {}",
                i18n.t(Key::CoachingTitle),
                name,
                i18n.t(Key::AppName)
            ))
        }
    });
    view! {
        <header class="page-header">
            <h1>{i18n.tr(Key::CoachingTitle)}": "{name}</h1>
            <p class="intro">{i18n.tr(Key::CoachingIntro)}</p>
        </header>
        <a class="button ghost" href=format!("/stappenplan/{trajectory}")>{i18n.tr(Key::BackToTrajectory)}</a>
        <CoachTotals trajectory child sessions/>
        <SessionList trajectory sessions edit/>
        <SessionForm trajectory child sessions draft date_input/>
        <ConsentPanel child/>
    }
}

#[component]
fn CoachTotals(trajectory: Id, child: Id, sessions: Memo<Vec<CoachSession>>) -> impl IntoView {
    let i18n = use_i18n();
    let this = move || {
        sessions.with(|s| all_time(s.iter().filter(|s| s.trajectory_id == Some(trajectory))))
    };
    let child_total = move || sessions.with(|s| all_time(s));
    let hint = move || {
        let p = sessions.with(|s| {
            Progress::of(
                child,
                s.iter().filter(|s| s.trajectory_id == Some(trajectory)),
            )
        });
        if p.reported {
            Key::CoachReported
        } else if !p.aligned {
            Key::CoachAlignFirst
        } else if p.report_due() {
            Key::CoachReportDue
        } else {
            Key::CoachTypical
        }
    };
    view! {
        <section class="card coach-totals">
            <h2>{i18n.tr(Key::CoachTimeTitle)}</h2>
            <dl class="fields">
                <dt>{i18n.tr(Key::CoachThisTrajectory)}</dt><dd class="coach-total">{move || totals_text(i18n, this())}</dd>
                <dt>{i18n.tr(Key::CoachChildTotal)}</dt><dd class="coach-child-total">{move || totals_text(i18n, child_total())}</dd>
            </dl>
            <p class="muted">{i18n.tr(Key::CoachTypical)}</p>
            {move || (hint() != Key::CoachTypical).then(|| view! { <p class="coach-hint">{i18n.tr(hint())}</p> })}
        </section>
    }
}

#[component]
fn SessionList(
    trajectory: Id,
    sessions: Memo<Vec<CoachSession>>,
    edit: impl Fn(CoachSession) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::CoachSessionsTitle)}</h2>
            {move || sessions.with(Vec::is_empty).then(|| view! { <p class="muted">{i18n.tr(Key::NoCoachSessions)}</p> })}
            <ol class="coach-sessions">
                {move || sessions.get().into_iter().map(|s| {
                    let date = s.date;
                    let other = s.trajectory_id.is_some_and(|t| t != trajectory);
                    let session = s.clone();
                    let label = move || format!("{}: {} {}", i18n.t(Key::Edit), i18n.t(session_kind_key(session.kind)).to_lowercase(), format_date(i18n.lang.get(), date));
                    let session = s.clone();
                    view! {
                        <li class="coach-session">
                            <SessionDetails session=s other/>
                            <button type="button" class="button" aria-label=label on:click=move |_| edit(session.clone())>{i18n.tr(Key::Edit)}</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Record or edit a session. Blocked, with the reason, while the parents' coach consent is not
/// active on the session's date.
#[component]
fn SessionForm(
    trajectory: Id,
    child: Id,
    sessions: Memo<Vec<CoachSession>>,
    draft: Draft,
    date_input: NodeRef<Input>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let register = Memo::new(move |_| {
        state
            .repo
            .with(|r| ConsentRegister::for_child(child, r.all::<Consent>().iter()))
    });
    // `Some(withdrawn on)` while blocked: the latest withdrawal on or before the session's date.
    let blocked = Memo::new(move |_| {
        let on = parse_date(&draft.date.get()).unwrap_or_else(today);
        register.with(|reg| {
            (!reg.is_active(ConsentKind::Coach, on)).then(|| {
                reg.history()
                    .iter()
                    .filter(|c| c.kind == ConsentKind::Coach)
                    .filter_map(|c| c.withdrawn_on)
                    .filter(|w| *w <= on)
                    .max()
            })
        })
    });
    let (error, set_error) = signal(None::<Key>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let session = match draft.session(trajectory, child) {
            Ok(s) => s,
            Err(key) => return set_error.set(Some(key)),
        };
        if register
            .with_untracked(|reg| session.consent_check(reg))
            .is_err()
        {
            return set_error.set(Some(Key::BlockConsent));
        }
        match state.repo.try_update(|r| r.save(&session)) {
            Some(Ok(())) => {
                set_error.set(None);
                state.notify(Key::SessionSaved);
                sessions.with_untracked(|s| draft.start_new(s, child));
            }
            Some(Err(err)) => set_error.set(Some(labels::repo_error(&err))),
            None => {}
        }
    };
    let cancel = move |_| {
        set_error.set(None);
        sessions.with_untracked(|s| draft.start_new(s, child));
    };
    let editing = move || draft.editing.with(Option::is_some);
    view! {
        <form class="card coach-form" on:submit=submit novalidate>
            <h2>{move || i18n.t(if editing() { Key::CoachEditTitle } else { Key::CoachAddTitle })}</h2>
            {move || blocked.get().map(|withdrawn| view! {
                <p class="blocked-reasons" id="coach-blocked">
                    {i18n.tr(Key::BlockConsent)}" "{move || i18n.t(labels::consent(ConsentKind::Coach)).to_lowercase()}". "
                    {withdrawn.map(|w| view! { {i18n.tr(Key::CoachWithdrawnOn)}" "{move || format_date(i18n.lang.get(), w)}". " })}
                    {i18n.tr(Key::CoachConsentBelow)}
                </p>
            })}
            <Choices legend=Key::SessionKindLabel name="session-kind" value=draft.kind options=vec![
                (SessionKind::Alignment, Key::SessionAlignment), (SessionKind::Session, Key::SessionRegular), (SessionKind::Evaluation, Key::SessionEvaluation)]/>
            <Field label=Key::SessionDate><input type="date" node_ref=date_input bind:value=draft.date/></Field>
            <Field label=Key::SessionMinutes><input type="number" inputmode="numeric" min="1" max=MAX_MINUTES.to_string() step="5" bind:value=draft.minutes/></Field>
            <Field label=Key::SessionCoach><input type="text" maxlength="80" bind:value=draft.coach/></Field>
            <TextArea label=Key::LearningGoals value=draft.goals/>
            <TextArea label=Key::SharedNotes value=draft.notes/>
            <Show when=move || draft.kind.get() == Some(SessionKind::Evaluation)>
                <TextArea label=Key::CoachReport value=draft.report/>
            </Show>
            <ErrorLine error/>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || blocked.with(Option::is_some)
                    aria-describedby=move || blocked.with(Option::is_some).then_some("coach-blocked")>{i18n.tr(Key::SaveSession)}</button>
                {move || editing().then(|| view! { <button type="button" class="button ghost" on:click=cancel>{i18n.tr(Key::Cancel)}</button> })}
            </div>
        </form>
    }
}
