//! Why a link page cannot show what its link holds. The parent's summary and a recipient's
//! handover meet the same cases; each page has its own words and view for them (a shared view
//! component made the parent page's wasm 5 KB larger, so each page keeps its own few lines).

use signaal_core::share::ShareError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Damaged link, or a secret that does not open the summary.
    BadLink,
    /// Started from the home screen before any link was opened on this phone.
    NoLink,
    /// 410: revoked, expired or never existed.
    Gone,
    /// No connection (and, on the parent page, no copy kept on this phone).
    Offline,
    Busy,
    Newer,
    /// An older summary than one this phone has shown for the link: put back by the server
    /// or by someone answering in its place.
    Older,
    Broken,
    /// Opened without https: no WebCrypto to open the summary or handover with.
    Insecure,
}

impl Problem {
    /// Whether trying again can help (the page offers a button).
    pub(crate) fn retry(self) -> bool {
        matches!(self, Problem::Offline | Problem::Busy | Problem::Broken)
    }
}

impl From<ShareError> for Problem {
    fn from(err: ShareError) -> Problem {
        match err {
            ShareError::BadLink => Problem::BadLink,
            ShareError::NewerVersion(_) => Problem::Newer,
            ShareError::OlderVersion { .. } => Problem::Older,
            _ => Problem::Broken,
        }
    }
}
