-- Team admins, invite expiry and a running total of each team's stored change bytes.

ALTER TABLE devices ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
-- Ciphertext and nonce bytes of the team's stored changes, kept up to date by every push, so
-- the storage cap is checked without summing the log.
ALTER TABLE teams ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
-- When the current invite stops working (Unix milliseconds).
ALTER TABLE teams ADD COLUMN invite_expires_at INTEGER NOT NULL DEFAULT 0;

-- Existing teams: the oldest device becomes admin, the invite works 14 more days.
UPDATE devices SET is_admin = 1 WHERE id IN (
    SELECT (SELECT d.id FROM devices d WHERE d.team_id = t.id ORDER BY d.created_at, d.id LIMIT 1) FROM teams t
);
UPDATE teams SET
    stored_bytes = COALESCE((SELECT SUM(LENGTH(c.ciphertext) + LENGTH(c.nonce)) FROM changes c WHERE c.team_id = teams.id), 0),
    invite_expires_at = (CAST(strftime('%s', 'now') AS INTEGER) + 14 * 86400) * 1000;
