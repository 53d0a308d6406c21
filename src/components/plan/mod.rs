//! Step-plan panels that screens of more than one area show: a child's page, a moment's page,
//! the child's file and the trajectory screen.

mod child_plan;
mod consents;
mod form_summary;
mod goal_status;
mod session;

pub use child_plan::{ChildPlan, UrgentBadge};
pub use consents::ConsentPanel;
pub use form_summary::FormSummary;
pub use goal_status::GoalStatusLine;
pub use session::SessionDetails;
