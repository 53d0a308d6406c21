//! Widgets shared by several screens.

mod action;
mod bars;
mod chart;
mod disclosures;
mod erase;
mod expiry;
mod field;
mod form;
mod handover_link;
mod link_box;
mod moment_card;
mod page_header;
mod plan;
mod qr;
mod similar;
mod sync_status;
mod team_growth;
mod toast;

pub use action::act;
pub use bars::{BarChart, ROW_H};
pub use chart::WeeklyChart;
pub use disclosures::DisclosureRegister;
pub use erase::{EraseChild, Retention};
pub use expiry::ExpiryField;
pub use field::Field;
pub use form::{lines, Choices, ErrorLine, TextArea};
pub use handover_link::{HandoverLinkCard, RevokeLink};
pub use link_box::LinkBox;
pub use moment_card::MomentCard;
pub use page_header::PageHeader;
pub use plan::{ChildPlan, ConsentPanel, FormSummary, GoalStatusLine, SessionDetails, UrgentBadge};
pub use qr::QrCode;
pub use similar::SimilarMoments;
pub use sync_status::{status_text, SyncBanner};
pub use team_growth::TeamGrowth;
pub use toast::ToastHost;
