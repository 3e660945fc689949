package io.faasioflex.audit.ledger;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditException;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Maps ledger entries to and from rows of {@code audit_events}. */
public final class LedgerRows {

    /** The columns {@link #read} expects, in a form to put after {@code SELECT}, for the alias {@code e}. */
    public static final String COLUMNS = "e.stream_seq, e.event_id, e.event_time, e.actor_key_id, e.actor_sealed,"
            + " e.actor_roles, e.actor_auth_method, e.action, e.target_kind, e.target_namespace, e.target_name,"
            + " e.target_version, e.outcome, e.reason, e.request_id, e.decision_id, e.latency_micros,"
            + " e.request_bytes, e.response_bytes, e.findings::text AS findings, e.details::text AS details,"
            + " e.emitter, e.document, e.prev_hash, e.hash";

    /** Inserts one row; bind it with {@link #bindInsert}. */
    public static final String INSERT = "INSERT INTO audit_events (stream_seq, event_id, event_time, actor_key_id,"
            + " actor_sealed, actor_roles, actor_auth_method, action, target_kind, target_namespace, target_name,"
            + " target_version, outcome, reason, request_id, decision_id, latency_micros, request_bytes,"
            + " response_bytes, findings, details, emitter, document, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?)";

    private static final Argument<Map<String, Integer>> FINDINGS = Argument.mapOf(String.class, Integer.class);
    private static final Argument<Map<String, String>> DETAILS = Argument.mapOf(String.class, String.class);

    private final ObjectMapper mapper;

    public LedgerRows(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** Binds the parameters of {@link #INSERT}. */
    public void bindInsert(PreparedStatement insert, LedgerEntry entry, byte[] document, byte[] previous, byte[] hash)
            throws SQLException {
        AuditEvent event = entry.event();
        insert.setLong(1, entry.sequence());
        insert.setString(2, event.id());
        insert.setTimestamp(3, Timestamp.from(event.time()));
        insert.setObject(
                4,
                entry.pseudonym().isPresent()
                        ? UUID.fromString(entry.pseudonym().keyId())
                        : null);
        insert.setBytes(5, entry.pseudonym().sealed());
        insert.setArray(6, textArray(insert.getConnection(), event.actor().roles()));
        insert.setString(7, event.actor().authMethod());
        insert.setString(8, event.action());
        insert.setString(9, event.target().kind());
        insert.setString(10, event.target().namespace());
        insert.setString(11, event.target().name());
        insert.setLong(12, event.target().version());
        insert.setString(13, event.outcome().name());
        insert.setString(14, event.reason());
        insert.setString(15, event.requestId());
        insert.setString(16, event.decisionId());
        insert.setLong(17, event.latencyMicros());
        insert.setLong(18, event.requestBytes());
        insert.setLong(19, event.responseBytes());
        insert.setString(20, CanonicalJson.text(event.findings()));
        insert.setString(21, CanonicalJson.text(event.details()));
        insert.setString(22, event.emitter());
        insert.setBytes(23, document);
        insert.setBytes(24, previous);
        insert.setBytes(25, hash);
    }

    /** Reads the current row of {@code rows}, which selected {@link #COLUMNS}. */
    public StoredEntry read(ResultSet rows) throws SQLException {
        var actor = new Actor("", texts(rows.getArray("actor_roles")), "", rows.getString("actor_auth_method"));
        var target = new Target(
                rows.getString("target_kind"),
                rows.getString("target_namespace"),
                rows.getString("target_name"),
                rows.getLong("target_version"));
        var event = new AuditEvent(
                rows.getString("event_id"),
                rows.getTimestamp("event_time").toInstant(),
                actor,
                rows.getString("action"),
                target,
                Outcome.valueOf(rows.getString("outcome")),
                rows.getString("reason"),
                rows.getString("request_id"),
                rows.getString("decision_id"),
                rows.getLong("latency_micros"),
                rows.getLong("request_bytes"),
                rows.getLong("response_bytes"),
                json(rows.getString("findings"), FINDINGS),
                json(rows.getString("details"), DETAILS),
                rows.getString("emitter"));
        Object keyId = rows.getObject("actor_key_id");
        var pseudonym = new Pseudonym(keyId == null ? "" : keyId.toString(), rows.getBytes("actor_sealed"));
        return new StoredEntry(
                new LedgerEntry(rows.getLong("stream_seq"), event, pseudonym),
                rows.getBytes("document"),
                rows.getBytes("prev_hash"),
                rows.getBytes("hash"));
    }

    private <T> T json(String text, Argument<T> type) throws SQLException {
        try {
            return mapper.readValue(text, type);
        } catch (IOException e) {
            throw new SQLException("audit_events holds a JSON column that is not a " + type.getTypeString(false), e);
        }
    }

    private static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return List.of((String[]) array.getArray());
        } catch (ClassCastException | NullPointerException e) {
            throw new AuditException("audit_events.actor_roles is not a text array without nulls", e);
        }
    }
}
