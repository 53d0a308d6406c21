//! The step plan (`/stappenplan`): its screens and the panels they are made of.

mod actions;
mod coach_register;
mod coach_requests;
mod coaching;
mod contacts;
mod data;
mod follow_up;
mod goals;
mod group_concern;
mod handover;
mod moves;
mod overview;
mod step_forms;
mod templates;
mod trajectory;
mod urgency;
mod wellbeing;

pub use coach_register::CoachRegister;
pub use coaching::CoachingPage;
pub use contacts::Contacts;
pub use group_concern::GroupConcernStart;
pub use handover::HandoverPage;
pub use overview::Plans;
pub use templates::Templates;
pub use trajectory::TrajectoryPage;
pub use wellbeing::Wellbeing;
