//! Parents' replies: fetched from the server, opened with their link's secret (held in the
//! team's `ParentShare` record), stored as moments from the parent, and confirmed — the server
//! then deletes them. A reply is confirmed only after its moment went out in a push, so a
//! device wiped between fetch and push does not take the reply with it: the next fetch, here or
//! on another device, brings it again, and its record id (derived from link and reply id) makes
//! the repeat the same record.

use super::{api, SyncClient, SyncError};
use crate::store::repo::RepoError;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::reply::{record_seed, PARENT_AUTHOR};
use signaal_core::share::ParentShare;
use signaal_core::wire::PendingReply;
use signaal_web::crypto::sha256;
use signaal_web::time::local_at;

/// A reply this device holds (or set aside), to confirm after the next push.
pub(super) struct Fetched {
    link_id: String,
    reply_id: String,
}

async fn record_id(reply: &PendingReply) -> Result<Id, SyncError> {
    let digest = sha256(&record_seed(&reply.link_id, &reply.reply_id)).await?;
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Ok(Id::from_random(bytes))
}

impl SyncClient {
    /// Stores every waiting reply of a link this device knows; returns those to confirm.
    pub(super) async fn fetch_replies(self, token: &str) -> Result<Vec<Fetched>, SyncError> {
        let waiting = api::replies(token).await?.replies;
        let mut fetched = Vec::with_capacity(waiting.len());
        for pending in waiting {
            // A link whose record has not reached this device yet: another device, or a later
            // run after the pull, takes the reply.
            let Some(share) = self.repo.with_untracked(|r| {
                r.all::<ParentShare>()
                    .into_iter()
                    .find(|s| s.link_id == pending.link_id)
            }) else {
                continue;
            };
            let id = record_id(&pending).await?;
            let done = Fetched {
                link_id: pending.link_id.clone(),
                reply_id: pending.reply_id.clone(),
            };
            if self.repo.with_untracked(|r| r.record(id).is_some()) {
                fetched.push(done);
                continue;
            }
            let group = self
                .repo
                .with_untracked(|r| r.children().get(&share.child_id).map(|c| c.group_id));
            let Some(group) = group else { continue };
            let opened = signaal_web::reply::open(&share.secret, &pending).await;
            // The server's time of arrival: a phone's clock may be off.
            let at = local_at(pending.received_at);
            let saved = opened.map_err(|e| e.to_string()).and_then(|reply| {
                let moment = reply.moment(id, share.child_id, group, at);
                match self.repo.try_update(|r| r.save_as(&moment, PARENT_AUTHOR)) {
                    Some(Err(RepoError::Save(full))) => Ok(Err(full)),
                    Some(Err(other)) => Err(other.to_string()),
                    _ => Ok(Ok(())),
                }
            });
            match saved {
                // Storage full: not confirmed, so the server keeps it for the next try.
                Ok(Err(full)) => return Err(full.into()),
                Ok(Ok(())) => {}
                // Kept aside like any unreadable data, and taken off the server so it does not
                // come back every run.
                Err(why) => {
                    let data = serde_json::json!({ "link": pending.link_id, "nonce": pending.nonce, "ciphertext": pending.ciphertext });
                    self.quarantine(
                        &format!("reply-{}", pending.reply_id),
                        &why,
                        &data.to_string(),
                    );
                }
            }
            fetched.push(done);
        }
        Ok(fetched)
    }

    /// Tells the server the replies are with the team (after the push that carried them).
    pub(super) async fn confirm_replies(
        self,
        token: &str,
        fetched: &[Fetched],
    ) -> Result<(), SyncError> {
        for reply in fetched {
            api::confirm_reply(token, &reply.link_id, &reply.reply_id).await?;
        }
        Ok(())
    }
}
