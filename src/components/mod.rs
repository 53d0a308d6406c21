//! Widgets shared by several screens.

mod bars;
mod chart;
mod disclosures;
mod field;
mod handover_link;
mod link_box;
mod moment_card;
mod qr;
mod similar;
mod sync_status;
mod toast;

pub use bars::{BarChart, ROW_H};
pub use chart::WeeklyChart;
pub use disclosures::DisclosureRegister;
pub use field::Field;
pub use handover_link::{HandoverLinkCard, RevokeLink};
pub use link_box::LinkBox;
pub use moment_card::MomentCard;
pub use qr::QrCode;
pub use similar::SimilarMoments;
pub use sync_status::{status_text, SyncBanner};
pub use toast::ToastHost;
