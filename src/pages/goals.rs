//! The goals of a plan of approach on the trajectory screen, each with its status and the
//! notebook moments linked to it over time; and the open goals a new moment can be linked to.

use crate::components::MomentCard;
use crate::i18n::{use_i18n, Key};
use crate::state::use_state;
use crate::store::repo::Repo;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::plan::trajectory::{goal_moments, Goal, GoalStatus, Trajectory};

fn status_key(s: GoalStatus) -> Key {
    match s {
        GoalStatus::Open => Key::GoalOpen,
        GoalStatus::Achieved => Key::GoalAchieved,
        GoalStatus::Dropped => Key::GoalDropped,
    }
}

/// The goals of one trajectory, in the order they were written.
fn goals_of(r: &Repo, trajectory: Id) -> Vec<Goal> {
    let mut goals: Vec<Goal> = r.all::<Goal>().into_iter().filter(|g| g.trajectory_id == trajectory).collect();
    goals.sort_by_key(|g| (r.record(g.id).and_then(|rec| rec.created()), g.id));
    goals
}

/// The open goals of a child's open trajectories: what a new moment about the child can serve.
pub(crate) fn open_goals_for_child(r: &Repo, child: Id) -> Vec<Goal> {
    r.all::<Trajectory>()
        .into_iter()
        .filter(|t| t.child_id() == Some(child) && t.is_open())
        .flat_map(|t| goals_of(r, t.id))
        .filter(|g| g.status == GoalStatus::Open)
        .collect()
}

#[component]
pub fn GoalList(trajectory: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let goals = move || {
        state.repo.with(|r| {
            goals_of(r, trajectory)
                .into_iter()
                .map(|g| {
                    let moments = goal_moments(g.id, r.notebook().iter()).into_iter().cloned().collect::<Vec<_>>();
                    (g, moments)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card goals">
            <h2>{i18n.tr(Key::GoalsTitle)}</h2>
            {move || {
                let list = goals();
                if list.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::NoGoals)}</p> }.into_any();
                }
                view! {
                    <ol class="goal-list">
                        {list.into_iter().map(|(g, moments)| {
                            let none = moments.is_empty();
                            view! {
                                <li class="goal">
                                    <h3>{g.description.clone()}</h3>
                                    {(!g.success.is_empty()).then(|| view! { <p><strong>{i18n.tr(Key::GoalSuccess)}</strong>" "{g.success.clone()}</p> })}
                                    <p class="muted goal-status">{i18n.tr(status_key(g.status))}</p>
                                    <h4>{i18n.tr(Key::GoalMoments)}</h4>
                                    {none.then(|| view! { <p class="muted">{i18n.tr(Key::NoGoalMoments)}</p> })}
                                    <ul class="timeline goal-moments">{moments.into_iter().map(|m| view! { <MomentCard moment=m/> }).collect_view()}</ul>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
