-- Defence in depth: the ledger tables refuse UPDATE, DELETE and TRUNCATE. Only the retention job deletes events,
-- inside a transaction that sets faasioflex.audit_retention = 'on'. The table owner or a superuser can still
-- disable these triggers; that is what the hash chain and the signed checkpoints are for.
CREATE FUNCTION audit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
            AND TG_TABLE_NAME IN ('audit_events', 'rejected_messages')
            AND current_setting('faasioflex.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit ledger: % on % is not allowed, the ledger is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_ledger_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_ledger_append_only();
CREATE TRIGGER rejected_messages_append_only BEFORE UPDATE OR DELETE ON rejected_messages
    FOR EACH ROW EXECUTE FUNCTION audit_ledger_append_only();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_ledger_append_only();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_ledger_append_only();
CREATE TRIGGER retention_boundaries_append_only BEFORE UPDATE OR DELETE ON retention_boundaries
    FOR EACH ROW EXECUTE FUNCTION audit_ledger_append_only();
