//! The database behind one interface, with two backends: embedded SQLite (the default) and
//! PostgreSQL (`DATABASE_URL=postgres://…`, for hosting many teams).
//!
//! The SQL is written once: both backends accept `$N` placeholders, `ON CONFLICT` and
//! `RETURNING`, and the columns use only types both map to `i64`, `String` and `Vec<u8>`.
//! [`on_pool!`] expands each body once per backend, so the queries are not duplicated.

use std::borrow::Cow;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migration, MigrationSource, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Row as _;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] MigrateError),
    #[error(
        "DATABASE_URL must start with postgres:// or postgresql:// (or be empty for SQLite): {0}"
    )]
    UnsupportedUrl(String),
}

#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite allows one writer at a time. Writes go through a pool of one connection, so
    /// writers queue fairly in-process instead of sleeping in SQLite's busy handler (which made
    /// p99 push latency jump to seconds under load); reads use the other pool, concurrently.
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
    },
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the backend's pool for reading or writing (`read` or
/// `write`; a different type in each arm).
macro_rules! on_pool {
    ($db:expr, $role:ident, $pool:ident => $body:expr) => {
        match $db {
            Db::Sqlite { $role: $pool, .. } => $body,
            Db::Postgres($pool) => $body,
        }
    };
}

/// Migrations embedded in the binary, one folder per backend.
#[derive(Debug)]
struct Embedded(&'static [(i64, &'static str, &'static str)]);

const SQLITE_MIGRATIONS: Embedded = Embedded(&[
    (
        1,
        "initial",
        include_str!("../migrations/sqlite/0001_initial.sql"),
    ),
    (
        2,
        "team admins",
        include_str!("../migrations/sqlite/0002_team_admins.sql"),
    ),
    (
        3,
        "erased records",
        include_str!("../migrations/sqlite/0003_erased_records.sql"),
    ),
    (
        4,
        "parent replies",
        include_str!("../migrations/sqlite/0004_parent_replies.sql"),
    ),
]);
const POSTGRES_MIGRATIONS: Embedded = Embedded(&[
    (
        1,
        "initial",
        include_str!("../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "team admins",
        include_str!("../migrations/postgres/0002_team_admins.sql"),
    ),
    (
        3,
        "erased records",
        include_str!("../migrations/postgres/0003_erased_records.sql"),
    ),
    (
        4,
        "parent replies",
        include_str!("../migrations/postgres/0004_parent_replies.sql"),
    ),
]);

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, sqlx::error::BoxDynError>> {
        let migrations = self
            .0
            .iter()
            .map(|&(version, name, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(name),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
                    false,
                )
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

impl Db {
    /// Opens (creating if needed) and migrates the database.
    pub async fn connect(database_url: Option<&str>, data_dir: &Path) -> Result<Self, DbError> {
        let url = database_url.map(str::trim).filter(|u| !u.is_empty());
        let db = match url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                let options = PgConnectOptions::from_str(url).map_err(DbError::Connect)?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(options)
                    .await
                    .map_err(DbError::Connect)?;
                Db::Postgres(pool)
            }
            Some(other) => {
                let scheme = other.split(':').next().unwrap_or_default();
                return Err(DbError::UnsupportedUrl(format!("{scheme}:…")));
            }
            None => {
                let options = SqliteConnectOptions::new()
                    .filename(data_dir.join("signaal.db"))
                    .create_if_missing(true)
                    // WAL lets pulls read while a push writes; FULL syncs the WAL on every
                    // commit, so an acknowledged push survives a power cut.
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(Duration::from_secs(5))
                    // Deleted rows (an erased child's earlier changes) are overwritten with
                    // zeros, not left readable in free pages of the file.
                    .pragma("secure_delete", "on")
                    .foreign_keys(true);
                let pool = |size| {
                    SqlitePoolOptions::new()
                        .max_connections(size)
                        .acquire_timeout(Duration::from_secs(10))
                };
                // The writer first: it creates the file and switches it to WAL.
                let write = pool(1)
                    .connect_with(options.clone())
                    .await
                    .map_err(DbError::Connect)?;
                let read = pool(8)
                    .connect_with(options)
                    .await
                    .map_err(DbError::Connect)?;
                Db::Sqlite { read, write }
            }
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), MigrateError> {
        match self {
            Db::Sqlite { write, .. } => Migrator::new(SQLITE_MIGRATIONS).await?.run(write).await,
            Db::Postgres(pool) => Migrator::new(POSTGRES_MIGRATIONS).await?.run(pool).await,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite { .. } => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_pool!(self, read, pool => sqlx::query("SELECT 1").execute(pool).await.map(drop))
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// A device as identified by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub device_id: String,
    pub team_id: String,
    pub last_seen_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceListRow {
    pub device_id: String,
    pub label: Option<String>,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub is_admin: bool,
}

/// The outcome of joining a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    /// Joined; the invite works until this time.
    Yes { invite_expires_at: i64 },
    /// The secret is the team's current invite, but it has expired.
    Expired,
    /// Unknown team or not its current invite secret.
    No,
}

/// The outcome of storing a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// Stored (or already there); the team's latest sequence number.
    Stored(i64),
    /// Nothing stored: the new changes would take the team past its cap.
    Full { stored_bytes: i64, adding: i64 },
}

/// What [`Db::change_team`] is asked to do.
#[derive(Clone, Copy)]
enum Membership<'a> {
    /// Take the target out; the new invite (hash, expiry) replaces the old one when the actor
    /// removes another device.
    Remove { new_invite: (&'a [u8], i64) },
    /// Make the target admin, or not.
    Admin(bool),
}

/// The outcome of a change to a team's devices (removal, admin) asked for by one device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamChange {
    Done,
    /// The asking device is not an admin (and the change is not about itself leaving).
    AdminOnly,
    /// The target is the team's last admin and other devices remain.
    LastAdmin,
    /// No such device in the team.
    NotFound,
}

/// A validated change, ready to store.
#[derive(Debug, Clone)]
pub struct NewChange {
    pub change_id: String,
    pub record_id: String,
    pub clock: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
    /// The change erases its record (see [`signaal_core::wire::Change::erased`]).
    pub erased: bool,
}

#[derive(Debug, Clone)]
pub struct StoredChange {
    pub seq: i64,
    pub change_id: String,
    pub record_id: String,
    pub clock: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct ShareRow {
    pub team_id: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub expires_at: i64,
    pub open_count: i64,
    pub last_opened_at: Option<i64>,
}

/// A parent's reply waiting for the team.
#[derive(Debug, Clone)]
pub struct ReplyRow {
    pub share_id: String,
    pub reply_id: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub received_at: i64,
}

/// Whether a parent may post to a link, as the database sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyAuth {
    /// Unknown, revoked or expired.
    Gone,
    /// Live; the hash of its reply token (none: published before replies existed).
    Live(Option<Vec<u8>>),
}

/// The outcome of storing a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyPut {
    /// Stored now, or already (the same id posted again after a lost answer).
    Stored,
    /// The link already holds the most replies that may wait.
    Full,
}

/// The outcome of storing a parent link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharePut {
    Stored,
    /// The id belongs to another team.
    Taken,
}

impl Db {
    /// A new team whose first device is its admin.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_team(
        &self,
        team_id: &str,
        invite_hash: &[u8],
        invite_expires_at: i64,
        device_id: &str,
        token_hash: &[u8],
        label: Option<&str>,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let team = "INSERT INTO teams (id, invite_hash, invite_expires_at, seq, created_at) VALUES ($1, $2, $3, 0, $4)";
        let device = "INSERT INTO devices (id, team_id, token_hash, label, created_at, is_admin) \
                      VALUES ($1, $2, $3, $4, $5, $6)";
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(team).bind(team_id).bind(invite_hash).bind(invite_expires_at).bind(now)
                .execute(&mut *tx).await?;
            sqlx::query(device)
                .bind(device_id).bind(team_id).bind(token_hash).bind(label).bind(now).bind(true)
                .execute(&mut *tx).await?;
            tx.commit().await
        })
    }

    /// Adds a device (not an admin) if `invite_hash` is the team's current, unexpired invite.
    pub async fn join_team(
        &self,
        team_id: &str,
        invite_hash: &[u8],
        device_id: &str,
        token_hash: &[u8],
        label: Option<&str>,
        now: i64,
    ) -> Result<Joined, sqlx::Error> {
        // The team row stays locked until the device is in, so a concurrent invite rotation
        // cannot slip between check and insert.
        let check = "UPDATE teams SET seq = seq WHERE id = $1 AND invite_hash = $2 RETURNING invite_expires_at";
        let insert = "INSERT INTO devices (id, team_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)";
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            let row = sqlx::query(check).bind(team_id).bind(invite_hash).fetch_optional(&mut *tx).await?;
            let Some(row) = row else {
                tx.rollback().await?;
                return Ok(Joined::No);
            };
            let invite_expires_at: i64 = row.try_get(0)?;
            if invite_expires_at <= now {
                tx.rollback().await?;
                return Ok(Joined::Expired);
            }
            sqlx::query(insert).bind(device_id).bind(team_id).bind(token_hash).bind(label).bind(now)
                .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(Joined::Yes { invite_expires_at })
        })
    }

    /// Replaces the invite if `device_id` is an admin of the team; false otherwise.
    pub async fn rotate_invite(
        &self,
        team_id: &str,
        device_id: &str,
        invite_hash: &[u8],
        invite_expires_at: i64,
    ) -> Result<bool, sqlx::Error> {
        let sql = "UPDATE teams SET invite_hash = $1, invite_expires_at = $2 WHERE id = $3 \
                   AND EXISTS (SELECT 1 FROM devices WHERE id = $4 AND team_id = $3 AND is_admin)";
        on_pool!(self, write, pool => {
            let done = sqlx::query(sql).bind(invite_hash).bind(invite_expires_at).bind(team_id).bind(device_id)
                .execute(pool).await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// When the team's current invite stops working.
    pub async fn invite_expires_at(&self, team_id: &str) -> Result<Option<i64>, sqlx::Error> {
        on_pool!(self, read, pool => {
            let row = sqlx::query("SELECT invite_expires_at FROM teams WHERE id = $1").bind(team_id).fetch_optional(pool).await?;
            row.map(|r| r.try_get(0)).transpose()
        })
    }

    pub async fn device_by_token(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<DeviceRow>, sqlx::Error> {
        let sql = "SELECT id, team_id, last_seen_at FROM devices WHERE token_hash = $1";
        on_pool!(self, read, pool => {
            let row = sqlx::query(sql).bind(token_hash).fetch_optional(pool).await?;
            row.map(|r| Ok(DeviceRow {
                device_id: r.try_get(0)?,
                team_id: r.try_get(1)?,
                last_seen_at: r.try_get(2)?,
            })).transpose()
        })
    }

    pub async fn touch_device(&self, device_id: &str, now: i64) -> Result<(), sqlx::Error> {
        on_pool!(self, write, pool => sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE id = $2")
            .bind(now).bind(device_id).execute(pool).await.map(drop))
    }

    pub async fn list_devices(&self, team_id: &str) -> Result<Vec<DeviceListRow>, sqlx::Error> {
        let sql = "SELECT id, label, created_at, last_seen_at, is_admin FROM devices WHERE team_id = $1 ORDER BY created_at, id";
        on_pool!(self, read, pool => {
            let rows = sqlx::query(sql).bind(team_id).fetch_all(pool).await?;
            rows.into_iter().map(|r| Ok(DeviceListRow {
                device_id: r.try_get(0)?,
                label: r.try_get(1)?,
                created_at: r.try_get(2)?,
                last_seen_at: r.try_get(3)?,
                is_admin: r.try_get(4)?,
            })).collect()
        })
    }

    /// `actor` removes `target` (its token stops working). An admin may remove any device, any
    /// device itself; the last admin only when it is the team's last device. Removing another
    /// device also replaces the invite (the removed device knew it), in the same transaction.
    pub async fn remove_device(
        &self,
        team_id: &str,
        actor: &str,
        target: &str,
        new_invite: (&[u8], i64),
    ) -> Result<TeamChange, sqlx::Error> {
        self.change_team(team_id, actor, target, Membership::Remove { new_invite })
            .await
    }

    /// `actor` (an admin) makes `target` an admin or takes that back; the last admin stays one.
    pub async fn set_admin(
        &self,
        team_id: &str,
        actor: &str,
        target: &str,
        admin: bool,
    ) -> Result<TeamChange, sqlx::Error> {
        self.change_team(team_id, actor, target, Membership::Admin(admin))
            .await
    }

    /// One change to who is in a team or admin of it: judged by `removal`/`admin_change` on the
    /// team's devices as they are under the team's lock, applied only when allowed.
    async fn change_team(
        &self,
        team_id: &str,
        actor: &str,
        target: &str,
        change: Membership<'_>,
    ) -> Result<TeamChange, sqlx::Error> {
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            // Locks the team row (PostgreSQL) or takes the write lock (SQLite): admin changes
            // of one team happen one after another, so two cannot each remove "another" admin.
            sqlx::query(LOCK_TEAM).bind(team_id).execute(&mut *tx).await?;
            let rows = sqlx::query(TEAM_ADMINS).bind(team_id).fetch_all(&mut *tx).await?;
            let devices = rows.iter().map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<bool, _>(1)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            let verdict = match change {
                Membership::Remove { .. } => removal(&devices, actor, target),
                Membership::Admin(admin) => admin_change(&devices, actor, target, admin),
            };
            if verdict != TeamChange::Done {
                tx.rollback().await?;
                return Ok(verdict);
            }
            match change {
                Membership::Remove { new_invite } => {
                    sqlx::query("DELETE FROM devices WHERE id = $1 AND team_id = $2").bind(target).bind(team_id)
                        .execute(&mut *tx).await?;
                    if actor != target {
                        sqlx::query("UPDATE teams SET invite_hash = $1, invite_expires_at = $2 WHERE id = $3")
                            .bind(new_invite.0).bind(new_invite.1).bind(team_id).execute(&mut *tx).await?;
                    }
                }
                Membership::Admin(admin) => {
                    sqlx::query("UPDATE devices SET is_admin = $1 WHERE id = $2 AND team_id = $3")
                        .bind(admin).bind(target).bind(team_id).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            Ok(TeamChange::Done)
        })
    }

    /// Deletes the teams none of whose devices was seen (or, never seen, created) at or after
    /// `cutoff`, and that are older than it themselves; with their devices, changes and links
    /// (`ON DELETE CASCADE`). Returns each deleted team's last activity.
    pub async fn remove_idle_teams(&self, cutoff: i64) -> Result<Vec<i64>, sqlx::Error> {
        let idle = "SELECT id, last FROM (SELECT t.id AS id, COALESCE((SELECT MAX(COALESCE(d.last_seen_at, d.created_at)) \
                    FROM devices d WHERE d.team_id = t.id), t.created_at) AS last FROM teams t WHERE t.created_at < $1) idle \
                    WHERE last < $1";
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            let rows = sqlx::query(idle).bind(cutoff).fetch_all(&mut *tx).await?;
            let mut removed = Vec::with_capacity(rows.len());
            for row in rows {
                let (id, last): (String, i64) = (row.try_get(0)?, row.try_get(1)?);
                // Checked again in the DELETE: a device seen since the SELECT keeps its team.
                let done = sqlx::query(
                    "DELETE FROM teams WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM devices d \
                     WHERE d.team_id = teams.id AND COALESCE(d.last_seen_at, d.created_at) >= $2)",
                )
                .bind(&id).bind(cutoff).execute(&mut *tx).await?;
                if done.rows_affected() == 1 {
                    removed.push(last);
                }
            }
            tx.commit().await?;
            Ok(removed)
        })
    }

    /// Stores the changes not stored before, giving each the team's next sequence number, in
    /// one transaction. Returns the team's latest sequence number.
    ///
    /// Why numbering holds with several server processes on one PostgreSQL database: the first
    /// statement locks the team row, so a second push to the team — from this process or any
    /// other — waits there until the first commits or rolls back. Under READ COMMITTED the
    /// waiting UPDATE then re-reads the row's newest version, so its RETURNING gives the `seq`
    /// the first push committed. Every push numbers on from the last committed number while it
    /// holds the lock: numbers are unique and without gaps. A retried batch, even one sent to two
    /// instances at the same moment, is stored once: the second waits for the lock and its
    /// inserts then meet the first's rows in the `(team_id, change_id)` unique index. And as a
    /// push commits only after every push numbered before it, a pull never sees `n + 1` before
    /// `n`, so a device's cursor cannot pass a change that is still being written.
    /// (`tests/scale.rs` checks all of this with two processes.) SQLite gets the same order from
    /// its single writer; one SQLite file is for one server process.
    ///
    /// `max_bytes` (0 = unlimited) caps the team's stored ciphertext and nonce bytes: a push whose
    /// new changes would pass it stores nothing ([`Pushed::Full`]). The running total in
    /// `teams.stored_bytes` moves in the same transaction, so the check costs no scan.
    pub async fn push(
        &self,
        team_id: &str,
        device_id: &str,
        changes: &[NewChange],
        now: i64,
        max_bytes: u64,
    ) -> Result<Pushed, sqlx::Error> {
        // The first statement writes, so SQLite takes the write lock at once (waiting on the
        // busy timeout) and PostgreSQL locks the team row: pushes to one team are serialised.
        let lock = "UPDATE teams SET seq = seq WHERE id = $1 RETURNING seq, stored_bytes";
        // Nothing is stored for a record once it is erased: a late edit from a device that had
        // not seen the erasure yet would otherwise bring its content back onto the server.
        let insert = "INSERT INTO changes \
                      (team_id, seq, change_id, record_id, device_id, clock, nonce, ciphertext, received_at) \
                      SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 \
                      WHERE NOT EXISTS (SELECT 1 FROM erased_records WHERE team_id = $1 AND record_id = $4) \
                      ON CONFLICT (team_id, change_id) DO NOTHING";
        // An erasure deletes every earlier change of its record (other than a retry of itself).
        let erase =
            "DELETE FROM changes WHERE team_id = $1 AND record_id = $2 AND change_id <> $3 \
                     RETURNING CAST(LENGTH(nonce) + LENGTH(ciphertext) AS BIGINT)";
        let mark =
            "INSERT INTO erased_records (team_id, record_id, erased_at) VALUES ($1, $2, $3) \
                    ON CONFLICT (team_id, record_id) DO NOTHING";
        let (seq, removed) = on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            let locked = sqlx::query(lock).bind(team_id).fetch_one(&mut *tx).await?;
            let (mut seq, stored_bytes): (i64, i64) = (locked.try_get(0)?, locked.try_get(1)?);
            let start = seq;
            let (mut adding, mut removed): (i64, usize) = (0, 0);
            for change in changes {
                if change.erased {
                    let freed: Vec<i64> = sqlx::query_scalar(erase)
                        .bind(team_id).bind(&change.record_id).bind(&change.change_id)
                        .fetch_all(&mut *tx).await?;
                    removed += freed.len();
                    adding -= freed.iter().sum::<i64>();
                }
                let done = sqlx::query(insert)
                    .bind(team_id).bind(seq + 1).bind(&change.change_id).bind(&change.record_id)
                    .bind(device_id).bind(&change.clock).bind(&change.nonce).bind(&change.ciphertext).bind(now)
                    .execute(&mut *tx).await?;
                if done.rows_affected() == 1 {
                    seq += 1;
                    adding += i64::try_from(change.nonce.len() + change.ciphertext.len()).unwrap_or(i64::MAX);
                }
                if change.erased {
                    // After the insert: the erasure itself is stored, later content is not.
                    sqlx::query(mark).bind(team_id).bind(&change.record_id).bind(now).execute(&mut *tx).await?;
                }
            }
            if seq == start && removed == 0 {
                tx.rollback().await?;
                return Ok(Pushed::Stored(seq));
            }
            let total = stored_bytes.saturating_add(adding).max(0);
            if adding > 0 && max_bytes != 0 && u64::try_from(total).unwrap_or(0) > max_bytes {
                tx.rollback().await?;
                return Ok(Pushed::Full { stored_bytes, adding });
            }
            sqlx::query("UPDATE teams SET seq = $1, stored_bytes = $2 WHERE id = $3")
                .bind(seq).bind(total).bind(team_id).execute(&mut *tx).await?;
            tx.commit().await?;
            (seq, removed)
        });
        if removed > 0 {
            self.fold_log().await;
        }
        Ok(Pushed::Stored(seq))
    }

    /// Erased content must not outlive its erasure in SQLite's write-ahead log: secure_delete
    /// zeroes the deleted rows in the database pages, but the log keeps the frames that once
    /// held them until a checkpoint resets it (normally only when the server stops). TRUNCATE
    /// folds the log into the file and empties it; it waits (busy timeout) for running reads.
    async fn fold_log(&self) {
        let Db::Sqlite { write, .. } = self else {
            return;
        };
        match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(write)
            .await
        {
            Ok((0, _, _)) => {}
            Ok(_) => tracing::warn!(
                "a long read held the checkpoint after an erasure; the log is folded at the next one"
            ),
            Err(error) => tracing::warn!(%error, "checkpoint after an erasure failed"),
        }
    }

    /// Up to `limit` changes after `after`, in order, stopping before the one that would take
    /// the page's ciphertext past `max_bytes` (the first change always comes), and whether more
    /// follow. The sizes are read first, so a page of large changes is never loaded whole only
    /// to be cut.
    pub async fn pull(
        &self,
        team_id: &str,
        after: i64,
        limit: i64,
        max_bytes: usize,
    ) -> Result<(Vec<StoredChange>, bool), sqlx::Error> {
        let sizes = "SELECT seq, CAST(LENGTH(ciphertext) AS BIGINT) FROM changes WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";
        let sql = "SELECT seq, change_id, record_id, clock, nonce, ciphertext FROM changes \
                   WHERE team_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq";
        on_pool!(self, read, pool => {
            // One extra row tells whether another page follows.
            let sizes = sqlx::query(sizes).bind(team_id).bind(after).bind(limit + 1).fetch_all(pool).await?;
            let (mut last, mut taken, mut bytes) = (None, 0, 0usize);
            for row in sizes.iter().take(usize::try_from(limit).unwrap_or(0)) {
                let (seq, size): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
                bytes = bytes.saturating_add(usize::try_from(size).unwrap_or(usize::MAX));
                if last.is_some() && bytes > max_bytes {
                    break;
                }
                (last, taken) = (Some(seq), taken + 1);
            }
            let more = sizes.len() > taken;
            let Some(last) = last else { return Ok((Vec::new(), more)) };
            let rows = sqlx::query(sql).bind(team_id).bind(after).bind(last).fetch_all(pool).await?;
            let rows = rows.into_iter().map(|r| Ok(StoredChange {
                seq: r.try_get(0)?,
                change_id: r.try_get(1)?,
                record_id: r.try_get(2)?,
                clock: r.try_get(3)?,
                nonce: r.try_get(4)?,
                ciphertext: r.try_get(5)?,
            })).collect::<Result<Vec<_>, sqlx::Error>>()?;
            Ok((rows, more))
        })
    }

    /// Creates or replaces a parent link of `team_id` (opening stats survive an update).
    pub async fn put_share(
        &self,
        id: &str,
        team_id: &str,
        nonce: &[u8],
        ciphertext: &[u8],
        expires_at: i64,
        reply_auth_hash: Option<&[u8]>,
        now: i64,
    ) -> Result<SharePut, sqlx::Error> {
        // The WHERE on the upsert keeps one team from overwriting another's link. An update
        // without a reply hash keeps the one the link has.
        let sql = "INSERT INTO shares (id, team_id, nonce, ciphertext, expires_at, created_at, updated_at, reply_auth_hash) \
                   VALUES ($1, $2, $3, $4, $5, $6, $6, $7) \
                   ON CONFLICT (id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, \
                   expires_at = excluded.expires_at, updated_at = excluded.updated_at, \
                   reply_auth_hash = COALESCE(excluded.reply_auth_hash, shares.reply_auth_hash) \
                   WHERE shares.team_id = excluded.team_id";
        on_pool!(self, write, pool => {
            let done = sqlx::query(sql)
                .bind(id).bind(team_id).bind(nonce).bind(ciphertext).bind(expires_at).bind(now)
                .bind(reply_auth_hash)
                .execute(pool).await?;
            Ok(if done.rows_affected() == 1 { SharePut::Stored } else { SharePut::Taken })
        })
    }

    /// A parent opening a link: counts the opening and returns the link, unless it is expired
    /// (then it is deleted).
    pub async fn open_share(&self, id: &str, now: i64) -> Result<Option<ShareRow>, sqlx::Error> {
        let sql = "UPDATE shares SET open_count = open_count + 1, last_opened_at = $2 \
                   WHERE id = $1 AND expires_at > $2 \
                   RETURNING team_id, nonce, ciphertext, expires_at, open_count, last_opened_at";
        let row = on_pool!(self, write, pool => {
            let row = sqlx::query(sql).bind(id).bind(now).fetch_optional(pool).await?;
            row.map(|r| share_row(&r)).transpose()?
        });
        if row.is_none() {
            self.delete_expired_share(id, now).await?;
        }
        Ok(row)
    }

    /// The link's state for its own team (None if unknown, expired or another team's).
    pub async fn share_status(
        &self,
        id: &str,
        team_id: &str,
        now: i64,
    ) -> Result<Option<ShareRow>, sqlx::Error> {
        let sql = "SELECT team_id, nonce, ciphertext, expires_at, open_count, last_opened_at FROM shares \
                   WHERE id = $1 AND team_id = $2 AND expires_at > $3";
        on_pool!(self, read, pool => {
            let row = sqlx::query(sql).bind(id).bind(team_id).bind(now).fetch_optional(pool).await?;
            row.map(|r| share_row(&r)).transpose()
        })
    }

    /// Revokes a link of `team_id`; deleting an unknown link is not an error.
    pub async fn delete_share(&self, id: &str, team_id: &str) -> Result<(), sqlx::Error> {
        on_pool!(self, write, pool => sqlx::query("DELETE FROM shares WHERE id = $1 AND team_id = $2")
            .bind(id).bind(team_id).execute(pool).await.map(drop))
    }

    async fn delete_expired_share(&self, id: &str, now: i64) -> Result<(), sqlx::Error> {
        on_pool!(self, write, pool => sqlx::query("DELETE FROM shares WHERE id = $1 AND expires_at <= $2")
            .bind(id).bind(now).execute(pool).await.map(drop))
    }

    /// Whether the link is live, and the hash its replies are checked against.
    pub async fn reply_auth(&self, id: &str, now: i64) -> Result<ReplyAuth, sqlx::Error> {
        let sql = "SELECT reply_auth_hash FROM shares WHERE id = $1 AND expires_at > $2";
        on_pool!(self, read, pool => {
            let row = sqlx::query(sql).bind(id).bind(now).fetch_optional(pool).await?;
            Ok(match row {
                None => ReplyAuth::Gone,
                Some(r) => ReplyAuth::Live(r.try_get(0)?),
            })
        })
    }

    /// Stores a parent's reply to a live link, unless `max_pending` already wait. Counting and
    /// inserting is one statement, so two posts at once cannot both pass the count.
    pub async fn put_reply(
        &self,
        share_id: &str,
        reply: &ReplyRow,
        max_pending: usize,
    ) -> Result<ReplyPut, sqlx::Error> {
        let sql =
            "INSERT INTO share_replies (share_id, id, team_id, nonce, ciphertext, received_at) \
                   SELECT id, $2, team_id, $3, $4, $5 FROM shares \
                   WHERE id = $1 AND (SELECT COUNT(*) FROM share_replies WHERE share_id = $1) < $6 \
                   ON CONFLICT (share_id, id) DO NOTHING";
        let exists = "SELECT 1 FROM share_replies WHERE share_id = $1 AND id = $2";
        let max = i64::try_from(max_pending).unwrap_or(i64::MAX);
        on_pool!(self, write, pool => {
            let done = sqlx::query(sql)
                .bind(share_id).bind(&reply.reply_id).bind(&reply.nonce).bind(&reply.ciphertext)
                .bind(reply.received_at).bind(max)
                .execute(pool).await?;
            if done.rows_affected() == 1 {
                return Ok(ReplyPut::Stored);
            }
            let again = sqlx::query(exists).bind(share_id).bind(&reply.reply_id).fetch_optional(pool).await?;
            Ok(if again.is_some() { ReplyPut::Stored } else { ReplyPut::Full })
        })
    }

    /// Whether the reply still waits for the team.
    pub async fn reply_pending(&self, share_id: &str, reply_id: &str) -> Result<bool, sqlx::Error> {
        let sql = "SELECT 1 FROM share_replies WHERE share_id = $1 AND id = $2";
        on_pool!(self, read, pool => Ok(sqlx::query(sql).bind(share_id).bind(reply_id)
            .fetch_optional(pool).await?.is_some()))
    }

    /// The replies waiting for `team_id`'s live links, oldest first.
    pub async fn team_replies(
        &self,
        team_id: &str,
        now: i64,
    ) -> Result<Vec<ReplyRow>, sqlx::Error> {
        let sql =
            "SELECT r.share_id, r.id, r.nonce, r.ciphertext, r.received_at FROM share_replies r \
                   JOIN shares s ON s.id = r.share_id \
                   WHERE r.team_id = $1 AND s.expires_at > $2 ORDER BY r.received_at, r.id";
        on_pool!(self, read, pool => {
            let rows = sqlx::query(sql).bind(team_id).bind(now).fetch_all(pool).await?;
            rows.into_iter().map(|r| Ok(ReplyRow {
                share_id: r.try_get(0)?,
                reply_id: r.try_get(1)?,
                nonce: r.try_get(2)?,
                ciphertext: r.try_get(3)?,
                received_at: r.try_get(4)?,
            })).collect()
        })
    }

    /// A team device has stored the reply: the server forgets it. Unknown is not an error.
    pub async fn delete_reply(
        &self,
        share_id: &str,
        reply_id: &str,
        team_id: &str,
    ) -> Result<(), sqlx::Error> {
        let sql = "DELETE FROM share_replies WHERE share_id = $1 AND id = $2 AND team_id = $3";
        on_pool!(self, write, pool => sqlx::query(sql).bind(share_id).bind(reply_id).bind(team_id)
            .execute(pool).await.map(drop))
    }

    /// Deletes every expired link's ciphertext; returns how many.
    pub async fn purge_expired_shares(&self, now: i64) -> Result<u64, sqlx::Error> {
        on_pool!(self, write, pool => sqlx::query("DELETE FROM shares WHERE expires_at <= $1")
            .bind(now).execute(pool).await.map(|d| d.rows_affected()))
    }
}

/// Serialises changes to one team's devices (see [`Db::remove_device`]).
const LOCK_TEAM: &str = "UPDATE teams SET seq = seq WHERE id = $1";
const TEAM_ADMINS: &str = "SELECT id, is_admin FROM devices WHERE team_id = $1";

/// Whether `actor` may remove `target`, given the team's devices and who is admin.
fn removal(devices: &[(String, bool)], actor: &str, target: &str) -> TeamChange {
    let admin = |id: &str| devices.iter().find(|(d, _)| d == id).map(|(_, a)| *a);
    let Some(target_admin) = admin(target) else {
        return TeamChange::NotFound;
    };
    if actor != target && admin(actor) != Some(true) {
        return TeamChange::AdminOnly;
    }
    let admins = devices.iter().filter(|(_, a)| *a).count();
    if target_admin && admins == 1 && devices.len() > 1 {
        return TeamChange::LastAdmin;
    }
    TeamChange::Done
}

/// Whether `actor` may make `target` an admin (`admin`) or take that back.
fn admin_change(devices: &[(String, bool)], actor: &str, target: &str, admin: bool) -> TeamChange {
    let is_admin = |id: &str| devices.iter().find(|(d, _)| d == id).map(|(_, a)| *a);
    if is_admin(actor) != Some(true) {
        return TeamChange::AdminOnly;
    }
    let Some(target_admin) = is_admin(target) else {
        return TeamChange::NotFound;
    };
    if !admin && target_admin && devices.iter().filter(|(_, a)| *a).count() == 1 {
        return TeamChange::LastAdmin;
    }
    TeamChange::Done
}

fn share_row<R: sqlx::Row>(r: &R) -> Result<ShareRow, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Vec<u8>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(ShareRow {
        team_id: r.try_get(0)?,
        nonce: r.try_get(1)?,
        ciphertext: r.try_get(2)?,
        expires_at: r.try_get(3)?,
        open_count: r.try_get(4)?,
        last_opened_at: r.try_get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(devices: &[(&str, bool)]) -> Vec<(String, bool)> {
        devices.iter().map(|(d, a)| ((*d).to_owned(), *a)).collect()
    }

    #[test]
    fn who_may_remove_whom() {
        let t = team(&[("admin", true), ("tablet", false), ("phone", false)]);
        assert_eq!(removal(&t, "admin", "tablet"), TeamChange::Done);
        assert_eq!(removal(&t, "tablet", "phone"), TeamChange::AdminOnly);
        assert_eq!(removal(&t, "tablet", "admin"), TeamChange::AdminOnly);
        assert_eq!(
            removal(&t, "tablet", "tablet"),
            TeamChange::Done,
            "anyone may leave"
        );
        assert_eq!(
            removal(&t, "admin", "admin"),
            TeamChange::LastAdmin,
            "the last admin may not leave others without one"
        );
        assert_eq!(removal(&t, "admin", "gone"), TeamChange::NotFound);
        assert_eq!(
            removal(&t, "tablet", "gone"),
            TeamChange::NotFound,
            "unknown before forbidden: no secrets in it"
        );
        let alone = team(&[("admin", true)]);
        assert_eq!(
            removal(&alone, "admin", "admin"),
            TeamChange::Done,
            "the last device may leave"
        );
        let two = team(&[("a", true), ("b", true), ("c", false)]);
        assert_eq!(removal(&two, "a", "b"), TeamChange::Done);
        assert_eq!(removal(&two, "a", "a"), TeamChange::Done);
    }

    #[test]
    fn who_may_change_admins() {
        let t = team(&[("admin", true), ("tablet", false)]);
        assert_eq!(admin_change(&t, "admin", "tablet", true), TeamChange::Done);
        assert_eq!(
            admin_change(&t, "tablet", "tablet", true),
            TeamChange::AdminOnly
        );
        assert_eq!(
            admin_change(&t, "tablet", "admin", false),
            TeamChange::AdminOnly
        );
        assert_eq!(
            admin_change(&t, "admin", "admin", false),
            TeamChange::LastAdmin
        );
        assert_eq!(
            admin_change(&t, "admin", "admin", true),
            TeamChange::Done,
            "already admin: nothing changes"
        );
        assert_eq!(
            admin_change(&t, "admin", "tablet", false),
            TeamChange::Done,
            "not admin: nothing changes"
        );
        assert_eq!(
            admin_change(&t, "admin", "gone", true),
            TeamChange::NotFound
        );
        let two = team(&[("a", true), ("b", true)]);
        assert_eq!(admin_change(&two, "b", "a", false), TeamChange::Done);
        assert_eq!(admin_change(&two, "a", "a", false), TeamChange::Done);
    }
}
