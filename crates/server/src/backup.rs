//! `signaal-server backup FILE`: a consistent copy of the live SQLite database.
//!
//! The copy is made with SQLite's `VACUUM INTO`, which reads one snapshot of the database: it is
//! safe while the server runs and writes (WAL mode lets it read while pushes commit), and it
//! holds exactly the changes committed before it started, each complete. It is written under a
//! temporary name next to FILE, synced to disk, checked, and only then renamed to FILE, so a
//! FILE that exists is a whole backup. An existing FILE is never overwritten.
//!
//! With `DATABASE_URL=postgres://…` this command refuses: back up PostgreSQL with `pg_dump`
//! (also consistent while the servers run), see [`BackupError::Postgres`].
//!
//! **Restoring** a backup (SQLite):
//!
//! 1. stop the service (`systemctl stop signaal`, `docker stop …`);
//! 2. replace `signaal.db` in the data directory with the backup file (keep the old one aside);
//! 3. remove `signaal.db-wal` and `signaal.db-shm` next to it, if they are there: they belong
//!    to the old database, and SQLite would otherwise try to apply the old write-ahead log;
//! 4. start the service.
//!
//! Changes pushed after the backup was made are not in it, and each team's sequence numbers
//! continue from the backup's: a device that pulled past that point keeps its cursor and would
//! not be sent the new changes numbered below it. Restore a backup only to recover from a lost
//! or broken database, and then have such devices join their team again.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions as _, Connection as _, Row as _};

/// The file name of the SQLite database in the data directory.
pub const DB_FILE: &str = "signaal.db";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "this server's database is PostgreSQL (DATABASE_URL); back it up with pg_dump, which is consistent while the servers run:\n  \
         pg_dump --format=custom --no-owner --file={file} \"$DATABASE_URL\"\n\
         and restore it into an empty database with:\n  \
         pg_restore --no-owner --dbname=\"$DATABASE_URL\" {file}"
    )]
    Postgres { file: String },
    #[error(
        "DATABASE_URL must start with postgres:// or postgresql:// (or be empty for SQLite): {0}"
    )]
    UnsupportedUrl(String),
    #[error("there is no database at {0} (is --data-dir / SIGNAAL_DATA_DIR the server's?)")]
    NoDatabase(PathBuf),
    #[error("{0} exists already; a backup never overwrites a file: choose a new name or remove it first")]
    Exists(PathBuf),
    #[error(
        "the directory {0} does not exist; create it first (a backup does not create directories)"
    )]
    NoDirectory(PathBuf),
    #[error("the backup file name must be valid UTF-8: {0}")]
    NotUtf8(PathBuf),
    #[error("cannot read the database {path}: {source}")]
    Source { path: PathBuf, source: sqlx::Error },
    #[error("the copy {path} does not check out: {problem}")]
    Check { path: PathBuf, problem: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A finished backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub file: PathBuf,
    pub bytes: u64,
    pub teams: i64,
    pub changes: i64,
}

/// Writes a consistent copy of the SQLite database in `data_dir` to `file` (see the module).
pub async fn backup(
    database_url: Option<&str>,
    data_dir: &Path,
    file: &Path,
) -> Result<Backup, BackupError> {
    match database_url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            return Err(BackupError::Postgres {
                file: file.display().to_string(),
            });
        }
        Some(other) => {
            return Err(BackupError::UnsupportedUrl(format!(
                "{}:…",
                other.split(':').next().unwrap_or_default()
            )))
        }
        None => {}
    }
    let source = data_dir.join(DB_FILE);
    if !source.is_file() {
        return Err(BackupError::NoDatabase(source));
    }
    if file.symlink_metadata().is_ok() {
        return Err(BackupError::Exists(file.to_owned()));
    }
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(BackupError::NoDirectory(dir));
    }
    let name = file
        .file_name()
        .ok_or_else(|| BackupError::NotUtf8(file.to_owned()))?
        .to_string_lossy();
    let partial = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let result = write_copy(&source, &partial, file).await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

async fn write_copy(source: &Path, partial: &Path, file: &Path) -> Result<Backup, BackupError> {
    let target = partial
        .to_str()
        .ok_or_else(|| BackupError::NotUtf8(file.to_owned()))?;
    let read_err = |source_err| BackupError::Source {
        path: source.to_owned(),
        source: source_err,
    };
    // No journal_mode and no create: open the server's database as it is, and only read it. The
    // busy timeout covers the moments a checkpoint holds a lock.
    let mut live = SqliteConnectOptions::new()
        .filename(source)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .map_err(read_err)?;
    let copied = sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut live)
        .await
        .map_err(read_err);
    live.close().await.map_err(read_err)?;
    copied?;

    // The copy as a single file (rollback journal, no -wal beside it), checked and counted.
    let check = |problem: String| BackupError::Check {
        path: partial.to_owned(),
        problem,
    };
    let mut copy = SqliteConnectOptions::new()
        .filename(partial)
        .create_if_missing(false)
        .journal_mode(SqliteJournalMode::Delete)
        .connect()
        .await
        .map_err(|e| check(e.to_string()))?;
    let counts = async {
        let verdict: String = sqlx::query("PRAGMA quick_check")
            .fetch_one(&mut copy)
            .await?
            .try_get(0)?;
        let teams: i64 = sqlx::query("SELECT count(*) FROM teams")
            .fetch_one(&mut copy)
            .await?
            .try_get(0)?;
        let changes: i64 = sqlx::query("SELECT count(*) FROM changes")
            .fetch_one(&mut copy)
            .await?
            .try_get(0)?;
        Ok::<_, sqlx::Error>((verdict, teams, changes))
    }
    .await;
    copy.close().await.map_err(|e| check(e.to_string()))?;
    let (verdict, teams, changes) = counts.map_err(|e| check(e.to_string()))?;
    if verdict != "ok" {
        return Err(check(verdict));
    }

    // SQLite does not sync the file VACUUM INTO writes: do it before calling it a backup.
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| BackupError::Io { path, source }
    };
    let written = std::fs::File::open(partial).map_err(io(partial))?;
    written.sync_all().map_err(io(partial))?;
    let bytes = written.metadata().map_err(io(partial))?.len();
    drop(written);
    #[cfg(unix)]
    {
        // Ciphertext and token hashes: readable by the server's user only, like a key file.
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(partial, std::fs::Permissions::from_mode(0o600))
            .map_err(io(partial))?;
    }
    if file.symlink_metadata().is_ok() {
        return Err(BackupError::Exists(file.to_owned()));
    }
    std::fs::rename(partial, file).map_err(io(file))?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename itself is durable once the directory is synced (best effort elsewhere).
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(Backup {
        file: file.to_owned(),
        bytes,
        teams,
        changes,
    })
}
