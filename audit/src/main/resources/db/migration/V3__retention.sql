-- Legal holds: while one is active, no event whose time falls in [covers_from, covers_until) is removed.
CREATE TABLE legal_holds (
    hold_id      uuid PRIMARY KEY,
    reason       text NOT NULL,
    covers_from  timestamptz NOT NULL,
    covers_until timestamptz NOT NULL,
    placed_by    text NOT NULL,
    placed_at    timestamptz NOT NULL,
    released_by  text,
    released_at  timestamptz,
    CHECK (covers_from < covers_until)
);

-- Each retention run that removed events leaves the hash of the last removed row, signed, as the chain's new start.
CREATE TABLE retention_boundaries (
    boundary_no    bigint PRIMARY KEY,
    boundary_seq   bigint NOT NULL,
    boundary_hash  bytea NOT NULL,
    checkpoint_no  bigint NOT NULL REFERENCES checkpoints (checkpoint_no),
    cutoff         timestamptz NOT NULL,
    deleted_events bigint NOT NULL,
    created_at     timestamptz NOT NULL,
    key_id         text NOT NULL,
    signature      bytea NOT NULL
);
