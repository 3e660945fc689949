package io.faasioflex.audit;

import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads audit events back from the {@value AuditStream#NAME} stream in stream order.
 *
 * <p>Each read uses an ephemeral ordered consumer that the server forgets shortly after, so reading leaves no durable
 * state behind and needs no acknowledgements. A message that is not a valid event (something published on
 * {@code audit.>} by another party) is skipped with a warning.
 */
public final class AuditStreamReader {

    private static final Logger LOG = LoggerFactory.getLogger(AuditStreamReader.class);
    private static final int PAGE_SIZE = 256;
    private static final Predicate<StoredAuditEvent> EVERY_EVENT = stored -> true;

    private final JetStream jetStream;
    private final ObjectMapper mapper;

    public AuditStreamReader(Connection connection, ObjectMapper mapper) {
        Objects.requireNonNull(connection, "connection");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.jetStream = jetStreamOf(connection);
    }

    /**
     * Reads up to {@code limit} events starting at stream sequence {@code fromSequence} (1 is the first).
     *
     * @return the events in stream order; empty when none are at or after {@code fromSequence}
     */
    public List<StoredAuditEvent> read(long fromSequence, int limit) {
        return scan(fromSequence, limit, EVERY_EVENT);
    }

    /**
     * Reads up to {@code limit} events of request {@code requestId}, looking from stream sequence {@code fromSequence}
     * to the end of the stream.
     *
     * <p>TODO: this scans the stream and so costs time proportional to its length; the PostgreSQL projection (issue
     * 4) is to serve queries by request id, actor or target from an index.
     */
    public List<StoredAuditEvent> readByRequestId(String requestId, long fromSequence, int limit) {
        Objects.requireNonNull(requestId, "requestId");
        return scan(
                fromSequence, limit, stored -> requestId.equals(stored.event().requestId()));
    }

    /** The sequence of the last event in the stream, 0 when it is empty. */
    public long lastSequence() {
        try {
            return jetStream
                    .getStreamContext(AuditStream.NAME)
                    .getStreamInfo()
                    .getStreamState()
                    .getLastSequence();
        } catch (IOException e) {
            throw new AuditUnavailableException("cannot reach stream " + AuditStream.NAME, e);
        } catch (JetStreamApiException e) {
            throw new AuditException("cannot read state of stream " + AuditStream.NAME, e);
        }
    }

    private List<StoredAuditEvent> scan(long fromSequence, int limit, Predicate<StoredAuditEvent> wanted) {
        if (limit <= 0) {
            return List.of();
        }
        try {
            OrderedConsumerContext consumer = orderedConsumerFrom(Math.max(1, fromSequence));
            var found = new ArrayList<StoredAuditEvent>();
            boolean more = true;
            while (more && found.size() < limit) {
                more = fetchPage(consumer, wanted, found, limit);
            }
            return List.copyOf(found);
        } catch (IOException e) {
            throw new AuditUnavailableException("cannot reach stream " + AuditStream.NAME, e);
        } catch (JetStreamApiException | JetStreamStatusCheckedException e) {
            throw new AuditException("cannot read stream " + AuditStream.NAME, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while reading stream " + AuditStream.NAME, e);
        }
    }

    /** Fetches what is available of the next page; returns whether the stream may hold more. */
    private boolean fetchPage(
            OrderedConsumerContext consumer,
            Predicate<StoredAuditEvent> wanted,
            List<StoredAuditEvent> found,
            int limit)
            throws IOException, JetStreamApiException, JetStreamStatusCheckedException, InterruptedException {
        // a plain read needs no more than it returns; a filtered scan cannot know, so it takes full pages
        int batch = wanted == EVERY_EVENT ? Math.min(PAGE_SIZE, limit - found.size()) : PAGE_SIZE;
        var options = FetchConsumeOptions.builder().maxMessages(batch).noWait().build();
        FetchConsumer fetch = consumer.fetch(options);
        int received = 0;
        try {
            for (Message message = fetch.nextMessage(); message != null; message = fetch.nextMessage()) {
                received++;
                decode(message)
                        .filter(wanted)
                        .filter(stored -> found.size() < limit)
                        .ifPresent(found::add);
            }
        } finally {
            closeQuietly(fetch);
        }
        return received == batch;
    }

    private OrderedConsumerContext orderedConsumerFrom(long sequence) throws IOException, JetStreamApiException {
        var configuration = new OrderedConsumerConfiguration()
                .deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(sequence);
        return jetStream.getStreamContext(AuditStream.NAME).createOrderedConsumer(configuration);
    }

    private Optional<StoredAuditEvent> decode(Message message) {
        long sequence = message.metaData().streamSequence();
        try {
            return Optional.of(new StoredAuditEvent(sequence, mapper.readValue(message.getData(), AuditEvent.class)));
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "skipping audit message that is not a valid event stream={} sequence={} subject={}",
                    AuditStream.NAME,
                    sequence,
                    message.getSubject(),
                    e);
            return Optional.empty();
        }
    }

    private static void closeQuietly(FetchConsumer fetch) {
        try {
            fetch.close();
        } catch (Exception e) {
            LOG.debug("closing a fetch of stream={} failed", AuditStream.NAME, e);
        }
    }

    private static JetStream jetStreamOf(Connection connection) {
        try {
            return connection.jetStream();
        } catch (IOException e) {
            throw new AuditUnavailableException("JetStream context unavailable", e);
        }
    }
}
