//! One sync run: push the outbox, pull the team's changes, fetch and confirm parents'
//! replies. With the sealing and opening of records, the server's wire types and their JSON,
//! it is most of the sync code and nothing the first screen needs, so it is a chunk of its own
//! (`wasm_split`, see scripts/build-web.sh), loaded at the first run, which only a device in a
//! team makes and which waits for it without holding up the first paint (the idle prefetch
//! brings the file into the HTTP cache on every device). The client in `mod.rs` (status,
//! timer, team actions) stays in the main module.

use super::change::{self, Unreadable};
use super::config::{self, SyncConfig};
use super::{api, Sealed, SyncClient, SyncError, BATCH_BYTES, PULL_LIMIT};
use crate::platform::now_ms;
use crate::store::repo::{Merged, Repo};
use crate::store::{self, SaveError};
use leptos::prelude::*;
use signaal_core::storage::codec::encode_record;
use signaal_core::storage::Key;
use signaal_core::wire::{limits, PulledChange, Seq};
use signaal_web::crypto::AesKey as TeamKey;
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

type Run = Pin<Box<dyn Future<Output = Result<(), SyncError>>>>;

/// Runs once. A chunk that cannot be fetched (offline before the service worker had it) is
/// `SyncError::Unreachable`: the timer retries with its backoff, the app goes on.
#[leptos::wasm_split::wasm_split(
    sync_engine,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    return_wrapper(let run = _; { run?.await } -> Result<(), SyncError>)
)]
pub(super) fn run(client: SyncClient) -> Result<Run, SyncError> {
    Ok(Box::pin(client.run()))
}

impl From<leptos::wasm_split::SplitLoaderError> for SyncError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        SyncError::Unreachable
    }
}

impl SyncClient {
    async fn run(self) -> Result<(), SyncError> {
        let Some(config) = self.config.get_untracked() else {
            return Ok(());
        };
        let key = TeamKey::import(&config.key_bytes().ok_or(SyncError::BadKey)?).await?;
        let replies = self.fetch_replies(&config.device_token).await?;
        self.push(&config, &key).await?;
        self.confirm_replies(&config.device_token, &replies).await?;
        self.pull(&config, &key).await
    }

    /// Pushes every record queued when the run started, in batches within the server's limits.
    async fn push(self, config: &SyncConfig, key: &TeamKey) -> Result<(), SyncError> {
        let queued = self.repo.with_untracked(Repo::outbox);
        let mut batch = Vec::new();
        let mut bytes = 0;
        let mut too_large = None;
        for id in queued {
            let Some(record) = self.repo.with_untracked(|r| r.record(id).cloned()) else {
                continue;
            };
            let Some((change, clock)) = change::seal(config, key, &record).await? else {
                continue;
            };
            let size = change.ciphertext.len() + change.nonce.len() + 200;
            if change.ciphertext.len() / 4 * 3 > limits::MAX_CIPHERTEXT_BYTES {
                // Pushing it would get the whole batch refused; the others still go.
                too_large = Some(SyncError::TooLarge(format!("record {id}")));
                continue;
            }
            if batch.len() == limits::MAX_BATCH || bytes + size > BATCH_BYTES {
                self.push_batch(config, std::mem::take(&mut batch)).await?;
                bytes = 0;
            }
            bytes += size;
            batch.push((change, id, clock));
        }
        if !batch.is_empty() {
            self.push_batch(config, batch).await?;
        }
        too_large.map_or(Ok(()), Err)
    }

    async fn push_batch(self, config: &SyncConfig, batch: Vec<Sealed>) -> Result<(), SyncError> {
        let (changes, pushed): (Vec<_>, Vec<_>) = batch
            .into_iter()
            .map(|(c, id, clock)| (c, (id, clock)))
            .unzip();
        let ids: Vec<_> = changes.iter().map(|c| c.change_id).collect();
        let answer = api::push(&config.device_token, changes).await?;
        let accepted: HashSet<_> = answer.accepted.into_iter().collect();
        let done: Vec<_> = ids
            .iter()
            .zip(pushed)
            .filter(|(c, _)| accepted.contains(c))
            .map(|(_, p)| p)
            .collect();
        self.repo
            .try_update(|r| r.acknowledge(&done))
            .unwrap_or(Ok(()))?;
        Ok(())
    }

    /// Pulls pages after the cursor until none is left; each page is stored before the cursor
    /// passes it.
    async fn pull(self, config: &SyncConfig, key: &TeamKey) -> Result<(), SyncError> {
        let mut cursor = config.cursor;
        loop {
            let page = api::pull(&config.device_token, cursor, PULL_LIMIT).await?;
            let mut records = Vec::with_capacity(page.changes.len());
            for change in &page.changes {
                match change::open(&config.team_id, key, change).await {
                    Ok(record) => records.push(record),
                    Err(why) => self.keep_aside(change, &why),
                }
            }
            // Views of the repo run again only for a page that changed something: an empty page,
            // or one of records this device already has, leaves them (and what is being typed
            // into their forms) as they are.
            let merged = self
                .repo
                .try_maybe_update(|r| {
                    let merged = r.merge_remote(records);
                    let changed = !matches!(&merged, Ok(m) if m.added + m.changed == 0);
                    (changed, merged)
                })
                .unwrap_or_else(|| Ok(Merged::default()))?;
            for (record, err) in merged.rejected {
                let text = encode_record(&record).unwrap_or_default();
                self.quarantine(&record.id().to_string(), &err.to_string(), &text);
            }
            cursor = page.next;
            self.save_cursor(&config.team_id, cursor)?;
            if !page.more || page.changes.is_empty() {
                return Ok(());
            }
        }
    }

    fn save_cursor(self, team_id: &str, cursor: Seq) -> Result<(), SaveError> {
        // Leaving the team during a run must not bring its config back.
        let Some(mut next) = self.config.get_untracked().filter(|c| c.team_id == team_id) else {
            return Ok(());
        };
        if next.cursor == cursor {
            return Ok(());
        }
        next.cursor = cursor;
        config::save(&next)?;
        self.config.set(Some(next));
        Ok(())
    }

    fn keep_aside(self, change: &PulledChange, why: &Unreadable) {
        let data = match why {
            Unreadable::Decode { text, .. } => text.clone(),
            _ => serde_json::json!({ "nonce": change.nonce, "ciphertext": change.ciphertext })
                .to_string(),
        };
        self.quarantine(&change.change_id.to_string(), &why.to_string(), &data);
    }

    /// Keeps an unusable change under `signaal/v1/quarantine/sync/…`: Settings lists it and the
    /// export includes it, like any other unreadable data.
    pub(super) fn quarantine(self, name: &str, reason: &str, data: &str) {
        let body = serde_json::json!({ "reason": reason, "data": data }).to_string();
        let key = Key::quarantine(&format!("sync/{name}"), now_ms()).to_string();
        let _ = store::write(&key, &body);
        self.unreadable.update(|n| *n += 1);
    }
}
