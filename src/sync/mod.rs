//! The sync client: pushes this device's changed records (encrypted) to the team's server and
//! merges what the other devices pushed. It runs whenever a team is configured: at start, when
//! the browser comes online or the page becomes visible, and every few seconds while visible.
//!
//! Order of operations is what makes it safe to interrupt anywhere (reload, crash, server
//! killed): a record leaves the outbox only after the server accepted it, and the pull cursor
//! moves only after the merged records are stored. Everything else is repeated on the next run;
//! change ids are deterministic and merging is idempotent, so a repeat changes nothing.

pub mod api;
mod change;
pub mod config;
mod engine;
pub mod error;
mod replies;

use crate::platform::now_ms;
use crate::store::repo::Repo;
use config::{Invite, SyncConfig};
pub use error::SyncError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::clock::Hlc;
use signaal_core::id::Id;
use signaal_core::wire::{
    limits, Change, DeviceList, InviteResponse, PutShareRequest, ShareStatus,
};
use signaal_web::crypto::random_bytes;
use std::time::Duration;

/// Time between runs while all is well.
const INTERVAL_MS: f64 = 5_000.0;
/// First retry after an error; doubles per failure up to [`MAX_BACKOFF_MS`].
const BACKOFF_MS: f64 = 2_000.0;
const MAX_BACKOFF_MS: f64 = 300_000.0;
/// Stay well below the server's request body limit (base64 and JSON add about 40 %).
const BATCH_BYTES: usize = limits::MAX_BODY_BYTES / 2;
const PULL_LIMIT: u32 = limits::DEFAULT_PULL_LIMIT;

/// What the shell shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Not in a team.
    Off,
    Synced,
    Pending(usize),
    Offline(usize),
    Failed(SyncError),
}

/// A change ready to push, with the record and version it carries.
type Sealed = (Change, Id, Hlc);

#[derive(Clone, Copy, Default)]
struct Timer {
    running: bool,
    failures: u32,
    next_at: f64,
}

#[derive(Clone, Copy)]
pub struct SyncClient {
    config: RwSignal<Option<SyncConfig>>,
    last_error: RwSignal<Option<SyncError>>,
    /// Pulled changes this device could not read (since start-up); kept aside in quarantine.
    unreadable: RwSignal<usize>,
    repo: RwSignal<Repo>,
    online: ReadSignal<bool>,
    timer: StoredValue<Timer>,
}

pub fn use_sync() -> SyncClient {
    expect_context::<SyncClient>()
}

/// Starts the background engine (idle while the device is in no team).
pub fn start(repo: RwSignal<Repo>, online: ReadSignal<bool>) -> SyncClient {
    let sync = SyncClient {
        config: RwSignal::new(config::load()),
        last_error: RwSignal::new(None),
        unreadable: RwSignal::new(0),
        repo,
        online,
        timer: StoredValue::new(Timer::default()),
    };
    // A one-second tick only checks whether a run is due; the runs themselves follow
    // INTERVAL_MS or the backoff.
    set_interval(move || sync.tick(false), Duration::from_secs(1));
    window_event_listener(leptos::ev::online, move |_| sync.tick(true));
    window_event_listener_untyped("visibilitychange", move |_| sync.tick(true));
    sync.tick(true);
    sync
}

impl SyncClient {
    pub fn in_team(self) -> bool {
        self.config.with(Option::is_some)
    }

    pub fn unreadable(self) -> usize {
        self.unreadable.get()
    }

    pub fn status(self) -> Status {
        if !self.in_team() {
            return Status::Off;
        }
        let pending = self.repo.with(Repo::outbox_len);
        if !self.online.get() {
            return Status::Offline(pending);
        }
        match self.last_error.get() {
            Some(err) => Status::Failed(err),
            None if pending > 0 => Status::Pending(pending),
            None => Status::Synced,
        }
    }

    /// "Sync now": runs at once, whatever the backoff says.
    pub fn sync_now(self) {
        self.tick(true);
    }

    /// Starts a run if one is due. `force` skips the wait (user request, back online, visible).
    fn tick(self, force: bool) {
        let visible = !document().hidden();
        let online = window().navigator().on_line();
        let timer = self.timer.get_value();
        if !self.config.with_untracked(Option::is_some) || !visible || !online || timer.running {
            return;
        }
        if !force && (now_ms() as f64) < timer.next_at {
            return;
        }
        self.timer.update_value(|t| t.running = true);
        spawn_local(async move {
            let result = engine::run(self).await;
            let now = now_ms() as f64;
            self.timer.update_value(|t| {
                t.running = false;
                match &result {
                    Ok(()) => {
                        t.failures = 0;
                        t.next_at = now + INTERVAL_MS;
                    }
                    Err(_) => {
                        t.failures = t.failures.saturating_add(1);
                        let backoff = BACKOFF_MS * 2f64.powi(t.failures.min(16) as i32 - 1);
                        t.next_at = now + backoff.min(MAX_BACKOFF_MS);
                    }
                }
            });
            self.last_error.set(result.err());
        });
    }

    /// Creates a team with this device as its first member and a new key made here.
    /// `signup_code`: the operator's code, for a server started with `--team-signup code`.
    pub async fn start_team(
        self,
        label: Option<String>,
        signup_code: Option<String>,
    ) -> Result<(), SyncError> {
        let answer = api::create_team(label, signup_code).await?;
        self.activate(SyncConfig {
            team_id: answer.team_id.to_string(),
            device_id: answer.device_id.to_string(),
            device_token: answer.device_token,
            team_key: config::encode_key(&random_bytes()?),
            invite_secret: Some(answer.invite_secret),
            invite_expires_at: answer.invite_expires_at,
            cursor: 0,
            removed_device_at: None,
        })
    }

    pub async fn join(self, invite: Invite, label: Option<String>) -> Result<(), SyncError> {
        let answer = api::join_team(&invite.team_id, &invite.secret, label).await?;
        self.activate(SyncConfig {
            team_id: answer.team_id.to_string(),
            device_id: answer.device_id.to_string(),
            device_token: answer.device_token,
            team_key: invite.team_key,
            invite_secret: Some(invite.secret),
            invite_expires_at: answer.invite_expires_at,
            cursor: 0,
            removed_device_at: None,
        })
    }

    /// The outbox (with every local record) is written before the config: a crash in between
    /// leaves an unused outbox, never a team member that forgot to share its notes.
    fn activate(self, next: SyncConfig) -> Result<(), SyncError> {
        self.repo.try_update(Repo::start_outbox).unwrap_or(Ok(()))?;
        config::save(&next)?;
        self.config.set(Some(next));
        self.last_error.set(None);
        self.timer.update_value(|t| {
            *t = Timer {
                running: t.running,
                ..Timer::default()
            }
        });
        self.sync_now();
        Ok(())
    }

    /// Stops syncing on this device. Local records stay. The server is told (best effort) so
    /// the token stops working; offline, the device simply stays listed until removed. Only
    /// when the server refuses because this is the team's last admin does the device stay:
    /// leaving would leave the team without anyone who can remove devices.
    pub async fn leave(self) -> Result<(), SyncError> {
        if let Some(config) = self.config.get_untracked() {
            if let Err(SyncError::LastAdmin) =
                api::remove_device(&config.device_token, &config.team_id, &config.device_id).await
            {
                return Err(SyncError::LastAdmin);
            }
        }
        config::clear();
        self.repo.update(Repo::stop_outbox);
        self.config.set(None);
        self.last_error.set(None);
        Ok(())
    }

    fn member(self) -> Result<SyncConfig, SyncError> {
        self.config.get_untracked().ok_or(SyncError::NotInTeam)
    }

    /// The team's devices, who is admin, and when the current invite expires.
    pub async fn devices(self) -> Result<DeviceList, SyncError> {
        let config = self.member()?;
        api::devices(&config.device_token, &config.team_id).await
    }

    /// Removes another device (admins only). The server replaces the invite, which the removed
    /// device knew; this device keeps the new one.
    pub async fn remove_device(self, device_id: String) -> Result<(), SyncError> {
        let config = self.member()?;
        let invite = api::remove_device(&config.device_token, &config.team_id, &device_id).await?;
        self.update_config(|c| c.removed_device_at = Some(now_ms() as i64))?;
        if let Some(invite) = invite {
            self.keep_invite(invite)?;
        }
        Ok(())
    }

    /// When this device last removed another one, if it did.
    pub fn removed_device_at(self) -> Option<i64> {
        self.config
            .with(|c| c.as_ref().and_then(|c| c.removed_device_at))
    }

    /// Makes a device admin or takes that back (admins only).
    pub async fn set_admin(self, device_id: String, admin: bool) -> Result<(), SyncError> {
        let config = self.member()?;
        api::set_admin(&config.device_token, &config.team_id, &device_id, admin).await
    }

    /// A new invite secret with a new expiry (admins only); the previous link stops working.
    pub async fn new_invite(self) -> Result<(), SyncError> {
        let config = self.member()?;
        self.keep_invite(api::rotate_invite(&config.device_token, &config.team_id).await?)
    }

    fn keep_invite(self, invite: InviteResponse) -> Result<(), SyncError> {
        self.update_config(|c| {
            c.invite_secret = Some(invite.invite_secret);
            c.invite_expires_at = invite.invite_expires_at;
        })
    }

    /// Changes the stored config, if the device is (still) in a team.
    fn update_config(self, change: impl FnOnce(&mut SyncConfig)) -> Result<(), SyncError> {
        let Some(mut config) = self.config.get_untracked() else {
            return Ok(());
        };
        change(&mut config);
        config::save(&config)?;
        self.config.set(Some(config));
        Ok(())
    }

    /// When the invite this device knows expires (None for one kept by an older version).
    pub fn invite_expires_at(self) -> Option<i64> {
        self.config
            .with(|c| c.as_ref().and_then(|c| c.invite_expires_at))
    }

    /// Publishes (or replaces) a sealed parent summary under `link_id`.
    pub async fn put_share(
        self,
        link_id: &str,
        body: &PutShareRequest,
    ) -> Result<ShareStatus, SyncError> {
        api::put_share(&self.member()?.device_token, link_id, body).await
    }

    pub async fn share_status(self, link_id: &str) -> Result<ShareStatus, SyncError> {
        api::share_status(&self.member()?.device_token, link_id).await
    }

    pub async fn revoke_share(self, link_id: &str) -> Result<(), SyncError> {
        api::revoke_share(&self.member()?.device_token, link_id).await
    }

    pub fn invite_link(self) -> Option<String> {
        let origin = window().location().origin().ok()?;
        Some(
            self.config
                .with(|c| c.as_ref().and_then(SyncConfig::invite))?
                .link(&origin),
        )
    }
}
