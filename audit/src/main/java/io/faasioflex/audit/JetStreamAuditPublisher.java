package io.faasioflex.audit;

import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes audit events to the {@value AuditStream#NAME} JetStream stream.
 *
 * <p>Each event is sent as JSON on {@code audit.<action>} with the event id as message id, so a retried publish
 * within the stream's duplicate window is stored once, and with the expected stream set, so a subject captured by
 * some other stream is refused instead of silently landing elsewhere. Publishing is asynchronous; many events can be
 * in flight at once.
 */
public final class JetStreamAuditPublisher implements AuditPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamAuditPublisher.class);

    private final Connection connection;
    private final JetStream jetStream;
    private final ObjectMapper mapper;
    private final Duration ackTimeout;

    /** A publisher that waits at most {@link AuditPublisher#DEFAULT_ACK_TIMEOUT} in {@link #publishAndAwait}. */
    public JetStreamAuditPublisher(Connection connection, ObjectMapper mapper) {
        this(connection, mapper, DEFAULT_ACK_TIMEOUT);
    }

    public JetStreamAuditPublisher(Connection connection, ObjectMapper mapper, Duration ackTimeout) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.ackTimeout = requirePositive(ackTimeout);
        this.jetStream = jetStreamOf(connection);
    }

    @Override
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Fails at once, without sending, while the connection is not established: an event buffered during a
     * reconnect could be stored long after its request was answered.
     */
    @Override
    public CompletableFuture<Void> publish(AuditEvent event) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            return CompletableFuture.failedFuture(new AuditUnavailableException(
                    "NATS connection is " + connection.getStatus() + ", event id=" + event.id() + " not sent"));
        }
        try {
            byte[] json = mapper.writeValueAsBytes(event);
            return acknowledgement(event, send(event, json));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new AuditException("cannot serialize event id=" + event.id(), e));
        } catch (RuntimeException e) {
            // jnats throws for a connection closed between the status check and the send
            return CompletableFuture.failedFuture(
                    new AuditUnavailableException("cannot send event id=" + event.id() + ": " + e.getMessage(), e));
        }
    }

    private CompletableFuture<PublishAck> send(AuditEvent event, byte[] json) {
        var options = PublishOptions.builder()
                .messageId(event.id())
                .expectedStream(AuditStream.NAME)
                .build();
        return jetStream.publishAsync(AuditStream.subject(event.action()), json, options);
    }

    private static CompletableFuture<Void> acknowledgement(AuditEvent event, CompletableFuture<PublishAck> sent) {
        var acknowledged = new CompletableFuture<Void>();
        sent.whenComplete((ack, error) -> {
            if (error != null) {
                LOG.debug("audit event not stored id={} action={}", event.id(), event.action(), error);
                acknowledged.completeExceptionally(new AuditUnavailableException(
                        "event id=" + event.id() + " was not stored: " + error.getMessage(), error));
                return;
            }
            LOG.debug(
                    "audit event stored id={} action={} sequence={} duplicate={}",
                    event.id(),
                    event.action(),
                    ack.getSeqno(),
                    ack.isDuplicate());
            acknowledged.complete(null);
        });
        return acknowledged;
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
