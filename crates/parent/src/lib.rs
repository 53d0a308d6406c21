//! The parent page: one child's summary, opened from a link, decrypted in the browser.
//! The app depends on this library for [`SummaryView`], so its preview is the parent's page.

mod page;
mod reply;
mod store;
mod summary;
mod text;

pub use page::ParentPage;
pub use summary::SummaryView;
