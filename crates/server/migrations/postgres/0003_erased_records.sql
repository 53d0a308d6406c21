-- Records erased for good (a child's data deleted on request, retention): their earlier changes
-- are deleted when the erasure arrives, and no later content for them is stored.
CREATE TABLE erased_records (
    team_id   TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    record_id TEXT NOT NULL,
    erased_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, record_id)
);
-- Finding a record's changes to delete them.
CREATE INDEX changes_record ON changes (team_id, record_id);
