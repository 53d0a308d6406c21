//! Handover links as a team device handles them: publishing a handover for its recipient and
//! taking the link back. The composer and the child's register of disclosures work through
//! these; the rules and the crypto live in `signaal_core::handover_link` and `signaal_web`.

use crate::i18n::Key;
use crate::labels;
use crate::platform::today;
use crate::state::AppState;
use crate::store::repo::RepoError;
use crate::sync::{SyncClient, SyncError};
use chrono::NaiveDate;
use leptos::prelude::*;
use signaal_core::handover::{Disclosure, HandoverError};
use signaal_core::handover_link::{HandoverLink, Published, Revocation};
use signaal_core::share::{check_expiry, ShareError};
use signaal_web::time::end_of_day_ms;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinkError {
    #[error(transparent)]
    Handover(#[from] HandoverError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Repo(#[from] RepoError),
    #[error(transparent)]
    Expiry(#[from] ShareError),
}

impl LinkError {
    pub fn words(&self) -> Key {
        match self {
            LinkError::Handover(err) => labels::handover_error(err),
            LinkError::Sync(SyncError::NotInTeam) => Key::HandoverLinkNoTeam,
            LinkError::Sync(SyncError::Crypto(_)) => Key::HandoverLinkBroken,
            LinkError::Sync(err) => err.words(),
            LinkError::Repo(err) => labels::repo_error(err),
            LinkError::Expiry(_) => Key::ErrShareExpiry,
        }
    }
}

/// A link nobody has seen yet, working from `today` through `expires` (within the bounds a
/// parent link has too).
pub fn new_link(today: NaiveDate, expires: NaiveDate) -> Result<HandoverLink, LinkError> {
    check_expiry(expires, today)?;
    let (link_id, secret) = crate::share::fresh_secrets()?;
    Ok(HandoverLink {
        link_id,
        secret,
        expires,
    })
}

fn save(state: AppState, d: &Disclosure) -> Result<(), RepoError> {
    state.repo.try_update(|r| r.save(d)).unwrap_or(Ok(()))
}

/// Logs `given` (a disclosure with its link) and puts the sealed handover on the server. The
/// entry is saved first, so the team holds every link it may need to revoke; if the server
/// never got it, the entry is taken out again: the register lists only what left the BSO.
pub async fn publish(
    state: AppState,
    sync: SyncClient,
    given: &Disclosure,
    child: &str,
) -> Result<(), LinkError> {
    let Some(link) = &given.link else {
        return Err(HandoverError::Empty.into());
    };
    if !sync.in_team() {
        return Err(SyncError::NotInTeam.into());
    }
    save(state, given)?;
    let sent = async {
        let body = signaal_web::handover::seal(
            link,
            &Published::of(given, child),
            end_of_day_ms(link.expires),
        )
        .await?;
        sync.put_share(&link.link_id, &body).await
    };
    if let Err(err) = sent.await {
        let _ = state
            .repo
            .try_update(|r| r.set_deleted(given.id, true))
            .unwrap_or(Ok(()));
        return Err(err.into());
    }
    Ok(())
}

/// Takes the link off the server and logs who did so, and when, in the same entry.
pub async fn revoke(
    state: AppState,
    sync: SyncClient,
    mut given: Disclosure,
    by: String,
) -> Result<(), LinkError> {
    let Some(link) = &given.link else {
        return Ok(());
    };
    sync.revoke_share(&link.link_id).await?;
    given.revoked = Some(Revocation { on: today(), by });
    save(state, &given)?;
    Ok(())
}
