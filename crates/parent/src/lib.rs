//! The parent page: one child's summary, opened from a link, decrypted in the browser.
//! The app depends on this library for [`SummaryView`], so its preview is the parent's page.
//! The recipient's view of a handover link ([`HandoverPage`]) is a second bin of this crate:
//! it shares the page's look and plumbing but not its download.

mod handover;
mod page;
mod problem;
mod reply;
mod store;
mod summary;
mod text;

pub use handover::HandoverPage;
pub use page::ParentPage;
pub use summary::SummaryView;
