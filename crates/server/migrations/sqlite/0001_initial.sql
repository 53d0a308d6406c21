-- Teams, their devices, the encrypted change log and parent links.
-- Ids are UUID text; times are Unix milliseconds; secrets are stored only as SHA-256 hashes.

CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    invite_hash BLOB NOT NULL,
    -- Last sequence number handed out in this team's change log.
    seq         INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    team_id      TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    token_hash   BLOB NOT NULL UNIQUE,
    label        TEXT,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER
);
CREATE INDEX devices_team ON devices (team_id);

CREATE TABLE changes (
    team_id     TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    change_id   TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    -- Kept for audit and removal; not sent back to clients.
    device_id   TEXT NOT NULL,
    clock       TEXT NOT NULL,
    nonce       BLOB NOT NULL,
    ciphertext  BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, seq),
    UNIQUE (team_id, change_id)
);

CREATE TABLE shares (
    id             TEXT PRIMARY KEY,
    team_id        TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    nonce          BLOB NOT NULL,
    ciphertext     BLOB NOT NULL,
    expires_at     INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    open_count     INTEGER NOT NULL DEFAULT 0,
    last_opened_at INTEGER
);
CREATE INDEX shares_expiry ON shares (expires_at);
