package io.faasioflex.audit;

import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes audit events to the {@value AuditStream#NAME} JetStream stream.
 *
 * <p>Each event is sent as JSON on {@code audit.<action>} with the event id as message id, so a retried publish
 * within the stream's duplicate window is stored once, and with the expected stream set, so a subject captured by
 * some other stream is refused instead of silently landing elsewhere. Publishing is asynchronous; many events can be
 * in flight at once.
 *
 * <p>The publisher watches its connection (see {@link #close()}) but never closes it.
 */
public final class JetStreamAuditPublisher implements AuditPublisher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamAuditPublisher.class);

    private final Connection connection;
    private final JetStream jetStream;
    private final ObjectMapper mapper;
    private final Duration ackTimeout;
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private final ConnectionListener connectionWatch = this::onConnectionEvent;

    /** A publisher that waits at most {@link AuditPublisher#DEFAULT_ACK_TIMEOUT} in {@link #publishAndAwait}. */
    public JetStreamAuditPublisher(Connection connection, ObjectMapper mapper) {
        this(connection, mapper, DEFAULT_ACK_TIMEOUT);
    }

    public JetStreamAuditPublisher(Connection connection, ObjectMapper mapper, Duration ackTimeout) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.ackTimeout = requirePositive(ackTimeout);
        this.jetStream = jetStreamOf(connection);
        connection.addConnectionListener(connectionWatch);
    }

    @Override
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Fails at once, without sending, while the connection is not established: an event buffered during a
     * reconnect could be stored long after its request was answered. Events in flight when the connection drops fail
     * as soon as the client notices, without waiting for the acknowledgement timeout.
     */
    @Override
    public CompletableFuture<Void> publish(AuditEvent event) {
        var acknowledged = tracked(new CompletableFuture<Void>());
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            acknowledged.completeExceptionally(new AuditUnavailableException(
                    "NATS connection is " + connection.getStatus() + ", event id=" + event.id() + " not sent"));
            return acknowledged;
        }
        try {
            send(event, mapper.writeValueAsBytes(event))
                    .whenComplete((ack, error) -> settle(acknowledged, event, ack, error));
        } catch (IOException e) {
            acknowledged.completeExceptionally(new AuditException("cannot serialize event id=" + event.id(), e));
        } catch (RuntimeException e) {
            // jnats throws when the connection closed between the status check and the send
            acknowledged.completeExceptionally(notStored(event, e));
        }
        return acknowledged;
    }

    /** Stops watching the connection; the connection itself stays open. */
    @Override
    public void close() {
        connection.removeConnectionListener(connectionWatch);
    }

    private CompletableFuture<PublishAck> send(AuditEvent event, byte[] json) {
        var options = PublishOptions.builder()
                .messageId(event.id())
                .expectedStream(AuditStream.NAME)
                .build();
        return jetStream.publishAsync(AuditStream.subject(event.action()), json, options);
    }

    /** Registers {@code pending} as in flight until it completes, however it completes. */
    private CompletableFuture<Void> tracked(CompletableFuture<Void> pending) {
        inFlight.add(pending);
        pending.whenComplete((ignored, error) -> inFlight.remove(pending));
        return pending;
    }

    private static void settle(
            CompletableFuture<Void> acknowledged, AuditEvent event, PublishAck ack, Throwable error) {
        if (error != null) {
            acknowledged.completeExceptionally(notStored(event, error));
            return;
        }
        LOG.debug(
                "audit event stored id={} action={} sequence={} duplicate={}",
                event.id(),
                event.action(),
                ack.getSeqno(),
                ack.isDuplicate());
        acknowledged.complete(null);
    }

    private void onConnectionEvent(Connection source, ConnectionListener.Events type) {
        if (type != ConnectionListener.Events.DISCONNECTED && type != ConnectionListener.Events.CLOSED) {
            return;
        }
        int failed = 0;
        for (CompletableFuture<Void> pending : inFlight) {
            if (pending.completeExceptionally(
                    new AuditUnavailableException("NATS connection " + type.name() + " before the acknowledgement"))) {
                failed++;
            }
        }
        if (failed > 0) {
            LOG.warn("audit events failed on connection loss connection-event={} in-flight={}", type.name(), failed);
        }
    }

    private static AuditUnavailableException notStored(AuditEvent event, Throwable error) {
        LOG.debug("audit event not stored id={} action={}", event.id(), event.action(), error);
        return new AuditUnavailableException(
                "event id=" + event.id() + " was not stored: " + error.getMessage(), error);
    }

    private static JetStream jetStreamOf(Connection connection) {
        try {
            return connection.jetStream();
        } catch (IOException e) {
            throw new AuditUnavailableException("JetStream context unavailable", e);
        }
    }

    private static Duration requirePositive(Duration ackTimeout) {
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be positive, got " + ackTimeout);
        }
        return ackTimeout;
    }
}
