//! The step plan (`/stappenplan`): its screens and the panels they are made of.

mod actions;
mod coach_register;
mod coach_requests;
mod coaching;
mod contacts;
mod follow_up;
mod goals;
mod group_concern;
mod handover;
mod step_forms;
mod templates;
mod trajectory;
mod urgency;
mod wellbeing;

// Panels, labels and helpers other areas use for now.
pub(crate) use coaching::{all_time, sessions_of, totals_text, SessionDetails};
pub(crate) use goals::{open_goals_for_child, GoalStatusLine};
pub(crate) use step_forms::FormSummary;
pub(crate) use trajectory::{
    consent_key, role_key, status_key, step_name, ChildPlan, ConsentPanel,
};

pub use coach_register::CoachRegister;
pub use coaching::CoachingPage;
pub use contacts::Contacts;
pub use group_concern::GroupConcernStart;
pub use handover::HandoverPage;
pub use templates::Templates;
pub use trajectory::{Plans, TrajectoryPage};
pub use wellbeing::Wellbeing;
