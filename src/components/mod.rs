//! Widgets shared by several screens.

mod chart;
mod moment_card;
mod similar;
mod toast;

pub use chart::WeeklyChart;
pub use moment_card::MomentCard;
pub use similar::SimilarMoments;
pub use toast::ToastHost;
