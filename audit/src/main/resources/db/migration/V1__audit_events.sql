-- The audit ledger: every event of the AUDIT stream, in stream order, chained by SHA-256.
-- Written only by the projector (io.faasioflex.audit.projection.AuditProjector); see audit/LEDGER.md.

-- Per-subject keys that seal the personal fields of an event (actor subject and client address).
-- Erasing a subject sets wrapped_key and subject_digest to NULL: its events stay chained but unreadable.
CREATE TABLE subject_keys (
    key_id         uuid PRIMARY KEY,
    subject_digest bytea UNIQUE,
    wrapped_key    bytea,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    erased_at      timestamptz,
    CONSTRAINT subject_keys_erased_or_live CHECK (
        (erased_at IS NULL AND wrapped_key IS NOT NULL AND subject_digest IS NOT NULL)
        OR (erased_at IS NOT NULL AND wrapped_key IS NULL AND subject_digest IS NULL))
);

CREATE TABLE audit_events (
    stream_seq        bigint PRIMARY KEY,
    event_id          text NOT NULL UNIQUE,
    event_time        timestamptz NOT NULL,
    actor_key_id      uuid REFERENCES subject_keys (key_id),
    actor_sealed      bytea NOT NULL,
    actor_roles       text[] NOT NULL,
    actor_auth_method text NOT NULL,
    action            text NOT NULL,
    target_kind       text NOT NULL,
    target_namespace  text NOT NULL,
    target_name       text NOT NULL,
    target_version    bigint NOT NULL,
    outcome           text NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILED')),
    reason            text NOT NULL,
    request_id        text NOT NULL,
    decision_id       text NOT NULL,
    latency_micros    bigint NOT NULL,
    request_bytes     bigint NOT NULL,
    response_bytes    bigint NOT NULL,
    findings          jsonb NOT NULL,
    details           jsonb NOT NULL,
    emitter           text NOT NULL,
    -- the canonical stored form of the row (LEDGER.md), exactly the bytes that were hashed
    document          bytea NOT NULL,
    prev_hash         bytea NOT NULL,
    hash              bytea NOT NULL,
    -- when the projector wrote the row; operational only, not part of the chain
    projected_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX audit_events_time ON audit_events (event_time);
CREATE INDEX audit_events_actor ON audit_events (actor_key_id, stream_seq);
CREATE INDEX audit_events_action ON audit_events (action, stream_seq);
CREATE INDEX audit_events_target ON audit_events (target_namespace, target_name, stream_seq);
CREATE INDEX audit_events_request ON audit_events (request_id) WHERE request_id <> '';
CREATE INDEX audit_events_hash ON audit_events (hash);

-- Stream messages that are not chained: not a valid event, or a second message with an event id already stored.
-- Kept whole so that nothing the stream acknowledged is lost; the chain's linkage skips them.
CREATE TABLE rejected_messages (
    stream_seq  bigint PRIMARY KEY,
    subject     text NOT NULL,
    reason      text NOT NULL,
    raw         bytea NOT NULL,
    rejected_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Where the projector stands: the last stream sequence it consumed and the tip of the chain.
CREATE TABLE projector_state (
    id                      smallint PRIMARY KEY CHECK (id = 1),
    applied_seq             bigint NOT NULL,
    chain_seq               bigint NOT NULL,
    chain_hash              bytea NOT NULL,
    events_since_checkpoint bigint NOT NULL,
    updated_at              timestamptz NOT NULL
);

INSERT INTO projector_state VALUES (1, 0, 0, decode(repeat('00', 32), 'hex'), 0, clock_timestamp());
