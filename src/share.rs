//! Parent links as a team device handles them: publishing a summary under a link, revoking a
//! link, and re-issuing every live link when a removed device may still know their secrets.
//! The composer on a child's page and the team page both work through these.

use crate::i18n::{I18n, Key};
use crate::labels;
use crate::platform::{new_id, now_ms, random_bytes, today};
use crate::state::AppState;
use crate::store::repo::RepoError;
use crate::sync::{SyncClient, SyncError};
use chrono::NaiveDate;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::share::{
    parent_name, to_reissue, ParentShare, ParentSummary, Reissue, ShareError, LINK_ID_BYTES,
    SECRET_BYTES,
};
use signaal_core::wire::ShareStatus;
use signaal_web::base64::encode_url;
use signaal_web::time::end_of_day_ms;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Share(#[from] ShareError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Repo(#[from] RepoError),
}

impl PublishError {
    pub fn words(&self) -> Key {
        match self {
            PublishError::Share(err) => match err {
                ShareError::NothingChosen => Key::ErrShareNothing,
                ShareError::TooManyItems { .. } => Key::ErrShareTooMany,
                ShareError::Text(_) => Key::ErrTooLong,
                ShareError::ExpiryNotAfterToday(_) | ShareError::ExpiryTooLate { .. } => {
                    Key::ErrShareExpiry
                }
                ShareError::NoConsent => Key::ErrShareConsent,
                ShareError::NoCoachConsent => Key::ErrShareCoachConsent,
                ShareError::ProblemWord { .. } => Key::ErrShareTone,
                ShareError::BadLink
                | ShareError::Unreadable
                | ShareError::NewerVersion(_)
                | ShareError::OlderVersion { .. } => Key::ErrShareBroken,
            },
            PublishError::Sync(SyncError::NotInTeam) => Key::ErrShareNoTeam,
            PublishError::Sync(err) => err.words(),
            PublishError::Repo(err) => labels::repo_error(err),
        }
    }
}

pub fn save(state: AppState, share: &ParentShare) -> Result<(), RepoError> {
    state.repo.try_update(|r| r.save(share)).unwrap_or(Ok(()))
}

/// A link nobody has seen yet: a new random id and secret.
pub fn new_link(child: Id, today: NaiveDate) -> Result<ParentShare, SyncError> {
    let (link_id, secret) = fresh_secrets()?;
    Ok(ParentShare::new(new_id(), child, link_id, secret, today))
}

/// A new link id and secret, as every link (parent summary or handover) gets them.
pub(crate) fn fresh_secrets() -> Result<(String, String), SyncError> {
    Ok((
        encode_url(&random_bytes::<LINK_ID_BYTES>()?),
        encode_url(&random_bytes::<SECRET_BYTES>()?),
    ))
}

/// Who the summary is from: this device's practitioner, or the team.
pub fn sender(state: AppState, i18n: I18n) -> String {
    let author = state.repo.with(|r| r.profile().author.trim().to_owned());
    if author.is_empty() {
        i18n.t(Key::ShareFromTeam).to_owned()
    } else {
        author
    }
}

/// The summary a link's draft gives today, addressed with the child's first name.
pub fn summary_of(state: AppState, record: &ParentShare, from: &str) -> ParentSummary {
    let name = state.repo.with_untracked(|r| {
        r.children()
            .get(&record.child_id)
            .map(|c| c.display_name.clone())
            .unwrap_or_default()
    });
    record.draft.summary(parent_name(&name), from, today())
}

/// Seals `summary` under the link and sends it. The next version is stored before it is sent,
/// and the record before that: the team must always hold a link it may need to revoke, and a
/// parent's page refuses anything older than what it has shown.
pub async fn publish(
    state: AppState,
    sync: SyncClient,
    record: &mut ParentShare,
    summary: &ParentSummary,
) -> Result<ShareStatus, PublishError> {
    record.version = record.next_version();
    save(state, record)?;
    let body = signaal_web::share::seal(
        &record.link_id,
        &record.secret,
        summary,
        end_of_day_ms(record.expires),
        record.version,
    )
    .await
    .map_err(SyncError::from)?;
    let status = sync.put_share(&record.link_id, &body).await?;
    record.published_at = Some(now_ms() as i64);
    save(state, record)?;
    Ok(status)
}

/// Takes the link off the server (if it ever reached it) and marks it revoked for the team.
pub async fn revoke(
    state: AppState,
    sync: SyncClient,
    mut record: ParentShare,
) -> Result<(), PublishError> {
    if record.published_at.is_some() {
        sync.revoke_share(&record.link_id).await?;
    }
    record.revoked = true;
    save(state, &record)?;
    Ok(())
}

/// The live links that a device removed from this device may know, each with whether it still
/// needs a new link (`true`) or only revoking.
fn pending(state: AppState, sync: SyncClient) -> Vec<(bool, ParentShare)> {
    let Some(removed_at) = sync.removed_device_at() else {
        return Vec::new();
    };
    state.repo.with(|r| {
        to_reissue(&r.all::<ParentShare>(), removed_at, today())
            .into_iter()
            .map(|step| match step {
                Reissue::Replace(s) => (true, s.clone()),
                Reissue::Revoke(s) => (false, s.clone()),
            })
            .collect()
    })
}

/// The live links that a device removed from this device may know.
pub fn links_to_reissue(state: AppState, sync: SyncClient) -> Vec<ParentShare> {
    pending(state, sync).into_iter().map(|(_, s)| s).collect()
}

/// A re-issue that stopped: how many links were done before `error`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{error} (after {done} links)")]
pub struct ReissueError {
    pub done: usize,
    pub error: PublishError,
}

/// Gives every link the removed device may know a new id and secret with the same summary, then
/// revokes the old one. Returns the children whose parents need the new link. A run that stops
/// halfway can simply be run again: a child that already got its new link is only revoked.
pub async fn reissue_all(
    state: AppState,
    sync: SyncClient,
    from: String,
) -> Result<Vec<Id>, ReissueError> {
    let steps = pending(state, sync);
    let mut children = Vec::new();
    for (done, (replace, old)) in steps.into_iter().enumerate() {
        let step = async {
            if replace {
                let (link_id, secret) = fresh_secrets()?;
                let mut fresh = old.reissued(new_id(), link_id, secret);
                let summary = summary_of(state, &fresh, &from);
                publish(state, sync, &mut fresh, &summary).await?;
            }
            revoke(state, sync, old.clone()).await
        };
        step.await.map_err(|error| ReissueError { done, error })?;
        children.push(old.child_id);
    }
    Ok(children)
}
