//! The screens, one folder per area (the step plan, children, monitor, settings); Today,
//! capture, the lock screen and the notebook at the top. What screens share lives below them:
//! `components`, `labels`, `plan_data`.

mod capture;
mod children;
mod insecure;
mod lock;
mod monitor;
mod notebook;
mod placeholder;
mod plans;
mod settings;
mod today;

pub use capture::{EditMoment, NewMoment};
pub use children::{ChildFile, ChildPage, Children, ParentSharePage};
pub use insecure::InsecureOrigin;
pub use lock::LockScreen;
pub use monitor::{FunderReport, Monitor};
pub use notebook::{MomentDetail, Notebook};
pub use placeholder::NotFound;
pub use plans::{
    CoachRegister, CoachingPage, Contacts, GroupConcernStart, HandoverPage, Plans, Templates,
    TrajectoryPage, Wellbeing,
};
pub use settings::{Growth, Join, Settings, Team};
pub use today::Today;
