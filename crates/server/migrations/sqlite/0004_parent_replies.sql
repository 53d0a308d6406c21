-- Parent replies. Each link may carry the SHA-256 of its reply token (derived from the link's
-- secret on the devices; the server never sees the token at rest). Replies wait here, sealed
-- with a key the server does not have, until a team device fetches and confirms them; revoking
-- or expiring the link deletes them with it.
ALTER TABLE shares ADD COLUMN reply_auth_hash BLOB;
CREATE TABLE share_replies (
    share_id    TEXT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    team_id     TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    nonce       BLOB NOT NULL,
    ciphertext  BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (share_id, id)
);
CREATE INDEX share_replies_team ON share_replies (team_id, received_at);
