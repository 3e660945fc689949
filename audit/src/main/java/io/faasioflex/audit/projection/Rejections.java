package io.faasioflex.audit.projection;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.ledger.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stream messages consumed without a ledger row: why, and how they are kept in {@code rejected_messages}. */
final class Rejections {

    static final String INSERT = "INSERT INTO rejected_messages (stream_seq, subject, reason, raw) VALUES (?, ?, ?, ?)";

    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

    private Rejections() {}

    /** Why {@code message} gets no row, or the empty string when it is chained. */
    static String reason(StreamMessage message, AuditEvent event, Set<String> stored, Map<Long, String> forcedRejects) {
        if (forcedRejects.containsKey(message.sequence())) {
            return forcedRejects.get(message.sequence());
        }
        if (message.subject().isEmpty()) {
            return "message missing from the stream";
        }
        if (event == null) {
            return "not a valid audit event";
        }
        if (!stored.add(LedgerEntry.storable(event.id()))) {
            return "duplicate of an event already stored, id=" + event.id();
        }
        return "";
    }

    /** Ids of {@code events} already in the ledger; the caller adds each id it stores, catching duplicates within. */
    static Set<String> storedIds(Connection connection, Iterable<AuditEvent> events) throws SQLException {
        var ids = new ArrayList<String>();
        events.forEach(event -> ids.add(LedgerEntry.storable(event.id())));
        var stored = new HashSet<String>();
        if (ids.isEmpty()) {
            return stored;
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT event_id FROM audit_events WHERE event_id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    stored.add(found.getString(1));
                }
            }
        }
        return stored;
    }

    static void bind(PreparedStatement insert, StreamMessage message, String reason) throws SQLException {
        LOG.warn(
                "audit message not chained sequence={} subject={} reason={}",
                message.sequence(),
                message.subject(),
                reason);
        insert.setLong(1, message.sequence());
        insert.setString(2, LedgerEntry.storable(message.subject()));
        insert.setString(3, LedgerEntry.storable(reason));
        insert.setBytes(4, message.data());
        insert.addBatch();
    }
}
