-- Teams, their devices, the encrypted change log and parent links.
-- Ids are UUID text; times are Unix milliseconds; secrets are stored only as SHA-256 hashes.

CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    invite_hash BYTEA NOT NULL,
    -- Last sequence number handed out in this team's change log.
    seq         BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    team_id      TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    token_hash   BYTEA NOT NULL UNIQUE,
    label        TEXT,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT
);
CREATE INDEX devices_team ON devices (team_id);

CREATE TABLE changes (
    team_id     TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    change_id   TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    -- Kept for audit and removal; not sent back to clients.
    device_id   TEXT NOT NULL,
    clock       TEXT NOT NULL,
    nonce       BYTEA NOT NULL,
    ciphertext  BYTEA NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, seq),
    UNIQUE (team_id, change_id)
);

CREATE TABLE shares (
    id             TEXT PRIMARY KEY,
    team_id        TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    nonce          BYTEA NOT NULL,
    ciphertext     BYTEA NOT NULL,
    expires_at     BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    open_count     BIGINT NOT NULL DEFAULT 0,
    last_opened_at BIGINT
);
CREATE INDEX shares_expiry ON shares (expires_at);
