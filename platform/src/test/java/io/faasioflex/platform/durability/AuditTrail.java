package io.faasioflex.platform.durability;

import io.faasioflex.audit.AuditStreamReader;
import io.faasioflex.audit.StoredAuditEvent;
import io.faasioflex.audit.testing.NatsServerProcess;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code AUDIT} stream itself, read by the test: what JetStream acknowledged, to compare with what the projector
 * wrote into PostgreSQL. A request missing from both lost its event before the stream; missing only from the ledger,
 * in the projection.
 */
final class AuditTrail implements AutoCloseable {

    private static final int WHOLE_STREAM = 1_000_000;

    private final Connection connection;
    private final AuditStreamReader reader;

    AuditTrail(NatsServerProcess nats) {
        this.connection = nats.connect();
        this.reader = new AuditStreamReader(connection, ObjectMapper.getDefault());
    }

    /** The stream's events of every request whose id starts with {@code prefix}, by request id, in stream order. */
    Map<String, List<LedgerRows.Row>> byRequest(String prefix) {
        Map<String, List<LedgerRows.Row>> events = new HashMap<>();
        for (StoredAuditEvent stored : reader.read(1, WHOLE_STREAM)) {
            var event = stored.event();
            if (event.requestId().startsWith(prefix)) {
                events.computeIfAbsent(event.requestId(), id -> new ArrayList<>())
                        .add(new LedgerRows.Row(
                                stored.sequence(),
                                event.id(),
                                event.action(),
                                event.outcome().name()));
            }
        }
        return events;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
