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
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Row as _;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] MigrateError),
    #[error("DATABASE_URL must start with postgres:// or postgresql:// (or be empty for SQLite): {0}")]
    UnsupportedUrl(String),
}

#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite allows one writer at a time. Writes go through a pool of one connection, so
    /// writers queue fairly in-process instead of sleeping in SQLite's busy handler (which made
    /// p99 push latency jump to seconds under load); reads use the other pool, concurrently.
    Sqlite { read: SqlitePool, write: SqlitePool },
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

const SQLITE_MIGRATIONS: Embedded =
    Embedded(&[(1, "initial", include_str!("../migrations/sqlite/0001_initial.sql"))]);
const POSTGRES_MIGRATIONS: Embedded =
    Embedded(&[(1, "initial", include_str!("../migrations/postgres/0001_initial.sql"))]);

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, sqlx::error::BoxDynError>> {
        let migrations = self
            .0
            .iter()
            .map(|&(version, name, sql)| {
                Migration::new(version, Cow::Borrowed(name), MigrationType::Simple, Cow::Borrowed(sql), false)
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
                    .foreign_keys(true);
                let pool = |size| {
                    SqlitePoolOptions::new().max_connections(size).acquire_timeout(Duration::from_secs(10))
                };
                // The writer first: it creates the file and switches it to WAL.
                let write = pool(1).connect_with(options.clone()).await.map_err(DbError::Connect)?;
                let read = pool(8).connect_with(options).await.map_err(DbError::Connect)?;
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
}

/// A validated change, ready to store.
#[derive(Debug, Clone)]
pub struct NewChange {
    pub change_id: String,
    pub record_id: String,
    pub clock: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
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

/// The outcome of storing a parent link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharePut {
    Stored,
    /// The id belongs to another team.
    Taken,
}

impl Db {
    pub async fn create_team(
        &self,
        team_id: &str,
        invite_hash: &[u8],
        device_id: &str,
        token_hash: &[u8],
        label: Option<&str>,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("INSERT INTO teams (id, invite_hash, seq, created_at) VALUES ($1, $2, 0, $3)")
                .bind(team_id).bind(invite_hash).bind(now)
                .execute(&mut *tx).await?;
            sqlx::query(INSERT_DEVICE)
                .bind(device_id).bind(team_id).bind(token_hash).bind(label).bind(now)
                .execute(&mut *tx).await?;
            tx.commit().await
        })
    }

    /// Adds a device if `invite_hash` is the team's current invite; false otherwise.
    pub async fn join_team(
        &self,
        team_id: &str,
        invite_hash: &[u8],
        device_id: &str,
        token_hash: &[u8],
        label: Option<&str>,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        // One statement, so a concurrent invite rotation cannot slip between check and insert.
        let sql = "INSERT INTO devices (id, team_id, token_hash, label, created_at) \
                   SELECT $1, id, $3, $4, $5 FROM teams WHERE id = $2 AND invite_hash = $6";
        on_pool!(self, write, pool => {
            let done = sqlx::query(sql)
                .bind(device_id).bind(team_id).bind(token_hash).bind(label).bind(now).bind(invite_hash)
                .execute(pool).await?;
            Ok(done.rows_affected() == 1)
        })
    }

    pub async fn set_invite(&self, team_id: &str, invite_hash: &[u8]) -> Result<(), sqlx::Error> {
        on_pool!(self, write, pool => sqlx::query("UPDATE teams SET invite_hash = $1 WHERE id = $2")
            .bind(invite_hash).bind(team_id).execute(pool).await.map(drop))
    }

    pub async fn device_by_token(&self, token_hash: &[u8]) -> Result<Option<DeviceRow>, sqlx::Error> {
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
        let sql = "SELECT id, label, created_at, last_seen_at FROM devices WHERE team_id = $1 ORDER BY created_at, id";
        on_pool!(self, read, pool => {
            let rows = sqlx::query(sql).bind(team_id).fetch_all(pool).await?;
            rows.into_iter().map(|r| Ok(DeviceListRow {
                device_id: r.try_get(0)?,
                label: r.try_get(1)?,
                created_at: r.try_get(2)?,
                last_seen_at: r.try_get(3)?,
            })).collect()
        })
    }

    /// Deletes a device (its token stops working); false if the team has no such device.
    pub async fn remove_device(&self, team_id: &str, device_id: &str) -> Result<bool, sqlx::Error> {
        on_pool!(self, write, pool => {
            let done = sqlx::query("DELETE FROM devices WHERE id = $1 AND team_id = $2")
                .bind(device_id).bind(team_id).execute(pool).await?;
            Ok(done.rows_affected() == 1)
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
    pub async fn push(&self, team_id: &str, device_id: &str, changes: &[NewChange], now: i64) -> Result<i64, sqlx::Error> {
        // The first statement writes, so SQLite takes the write lock at once (waiting on the
        // busy timeout) and PostgreSQL locks the team row: pushes to one team are serialised.
        let lock = "UPDATE teams SET seq = seq WHERE id = $1 RETURNING seq";
        let insert = "INSERT INTO changes \
                      (team_id, seq, change_id, record_id, device_id, clock, nonce, ciphertext, received_at) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (team_id, change_id) DO NOTHING";
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            let mut seq: i64 = sqlx::query(lock).bind(team_id).fetch_one(&mut *tx).await?.try_get(0)?;
            let start = seq;
            for change in changes {
                let done = sqlx::query(insert)
                    .bind(team_id).bind(seq + 1).bind(&change.change_id).bind(&change.record_id)
                    .bind(device_id).bind(&change.clock).bind(&change.nonce).bind(&change.ciphertext).bind(now)
                    .execute(&mut *tx).await?;
                seq += i64::try_from(done.rows_affected()).unwrap_or(0);
            }
            if seq != start {
                sqlx::query("UPDATE teams SET seq = $1 WHERE id = $2").bind(seq).bind(team_id).execute(&mut *tx).await?;
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok(seq)
        })
    }

    /// Up to `limit` changes after `after`, in order, stopping before the one that would take
    /// the page's ciphertext past `max_bytes` (the first change always comes), and whether more
    /// follow. The sizes are read first, so a page of large changes is never loaded whole only
    /// to be cut.
    pub async fn pull(&self, team_id: &str, after: i64, limit: i64, max_bytes: usize) -> Result<(Vec<StoredChange>, bool), sqlx::Error> {
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
        now: i64,
    ) -> Result<SharePut, sqlx::Error> {
        // The WHERE on the upsert keeps one team from overwriting another's link.
        let sql = "INSERT INTO shares (id, team_id, nonce, ciphertext, expires_at, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $6) \
                   ON CONFLICT (id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, \
                   expires_at = excluded.expires_at, updated_at = excluded.updated_at \
                   WHERE shares.team_id = excluded.team_id";
        on_pool!(self, write, pool => {
            let done = sqlx::query(sql)
                .bind(id).bind(team_id).bind(nonce).bind(ciphertext).bind(expires_at).bind(now)
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
    pub async fn share_status(&self, id: &str, team_id: &str, now: i64) -> Result<Option<ShareRow>, sqlx::Error> {
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

    /// Deletes every expired link's ciphertext; returns how many.
    pub async fn purge_expired_shares(&self, now: i64) -> Result<u64, sqlx::Error> {
        on_pool!(self, write, pool => sqlx::query("DELETE FROM shares WHERE expires_at <= $1")
            .bind(now).execute(pool).await.map(|d| d.rows_affected()))
    }
}

const INSERT_DEVICE: &str =
    "INSERT INTO devices (id, team_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)";

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
