//! Reading and starting step plans in the repo, for every screen that shows one: the step-plan
//! area, a child's page and file, a moment's page and capture.

use crate::i18n::Key;
use crate::labels;
use crate::labels::plan_error;
use crate::platform::{new_id, today};
use crate::state::AppState;
use crate::store::repo::Repo;
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::coaching::{self, CoachSession, Totals};
use signaal_core::plan::defaults;
use signaal_core::plan::engine::{self, Start};
use signaal_core::plan::template::{self, Scope, Template};
use signaal_core::plan::trajectory::{Goal, GoalStatus, Subject, Trajectory};

/// Default due date of a new step: one week from today.
pub fn default_due_date() -> NaiveDate {
    today().checked_add_days(Days::new(7)).unwrap_or_else(today)
}

pub fn author(r: &Repo) -> String {
    r.profile().author.clone()
}

/// The newest version of the team's template for `scope`; `None` before its first use.
pub fn newest_template(r: &Repo, scope: Scope) -> Option<Template> {
    let all: Vec<Template> = r.all();
    template::current(all.iter())
        .into_iter()
        .filter(|t| t.content.scope == scope)
        .max_by_key(|t| (t.version, t.id))
        .cloned()
}

/// The newest version of the child template; `None` before the first trajectory.
pub fn child_template(r: &Repo) -> Option<Template> {
    newest_template(r, Scope::Child)
}

/// The open trajectory of a child or a group, if any (the newest when there are several).
pub fn open_trajectory(r: &Repo, subject: Subject) -> Option<Trajectory> {
    r.all::<Trajectory>()
        .into_iter()
        .filter(|t| t.subject == subject && t.is_open())
        .max_by_key(|t| (t.started_on, t.id))
}

/// The newest template for `scope`; on first use the shipped one (the basic step plan for a
/// child, the shortened flow for a group) is stored as the team's version 1.
pub fn team_template(r: &mut Repo, scope: Scope) -> Result<Template, Key> {
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
pub fn raise_signal(state: AppState, start: Start) -> Result<Id, Key> {
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

/// The goals of one trajectory, in the order they were written.
pub fn goals_of(r: &Repo, trajectory: Id) -> Vec<Goal> {
    let mut goals: Vec<Goal> = r
        .all::<Goal>()
        .into_iter()
        .filter(|g| g.trajectory_id == trajectory)
        .collect();
    goals.sort_by_key(|g| (r.record(g.id).and_then(|rec| rec.created()), g.id));
    goals
}

/// The open goals of a child's open trajectories: what a new moment about the child can serve.
pub fn open_goals_for_child(r: &Repo, child: Id) -> Vec<Goal> {
    r.all::<Trajectory>()
        .into_iter()
        .filter(|t| t.child_id() == Some(child) && t.is_open())
        .flat_map(|t| goals_of(r, t.id))
        .filter(|g| g.status == GoalStatus::Open)
        .collect()
}

/// A child's sessions, oldest first (then in the order recorded): coaching reads as a sequence
/// (alignment, sessions, report).
pub fn sessions_of(r: &Repo, child: Id) -> Vec<CoachSession> {
    let mut out: Vec<CoachSession> = r
        .all::<CoachSession>()
        .into_iter()
        .filter(|s| s.child_id == child)
        .collect();
    out.sort_by_key(|s| (s.date, r.record(s.id).and_then(|rec| rec.created()), s.id));
    out
}

pub fn all_time<'a>(sessions: impl IntoIterator<Item = &'a CoachSession>) -> Totals {
    coaching::totals(sessions, NaiveDate::MIN, NaiveDate::MAX)
}
