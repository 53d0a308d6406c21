//! Widgets shared by several screens.

mod bars;
mod chart;
mod disclosures;
mod field;
mod link_box;
mod moment_card;
mod qr;
mod similar;
mod sync_status;
mod team_growth;
mod toast;

pub use bars::{BarChart, ROW_H};
pub use chart::WeeklyChart;
pub use disclosures::DisclosureRegister;
pub use field::Field;
pub use link_box::LinkBox;
pub use moment_card::MomentCard;
pub use qr::QrCode;
pub use similar::SimilarMoments;
pub use sync_status::{status_text, SyncBanner};
pub use team_growth::TeamGrowth;
pub use toast::ToastHost;
