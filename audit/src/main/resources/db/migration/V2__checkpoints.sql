-- Signed checkpoints of the chain, written every N events or T seconds, also when no event arrived.
-- Each one names the hash of the previous one's statement, so a removed checkpoint is detectable too.
CREATE TABLE checkpoints (
    checkpoint_no bigint PRIMARY KEY,
    last_seq      bigint NOT NULL,
    last_hash     bytea NOT NULL,
    event_count   bigint NOT NULL,
    created_at    timestamptz NOT NULL,
    prev_digest   bytea NOT NULL,
    key_id        text NOT NULL,
    signature     bytea NOT NULL
);

CREATE INDEX checkpoints_last_seq ON checkpoints (last_seq);
