package io.faasioflex.audit.projection;

import io.faasioflex.audit.AuditException;
import io.faasioflex.audit.AuditStream;
import io.faasioflex.audit.AuditUnavailableException;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector's side of the audit stream: a durable pull consumer with explicit acknowledgement, plus direct reads of
 * single messages by sequence to fill a gap (messages still held, unacknowledged, by a crashed predecessor).
 */
final class StreamFeed {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFeed.class);
    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final int NO_MESSAGE_FOUND = 10037;

    private final Connection connection;
    private final ProjectorSettings settings;
    private ConsumerContext consumer;

    StreamFeed(Connection connection, ProjectorSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /**
     * Fetches the next messages, waiting up to {@code wait} for the first.
     *
     * @param appliedSequence where the projection stands, to position a consumer created now
     */
    List<StreamMessage> fetch(long appliedSequence, Duration wait) {
        var options = FetchConsumeOptions.builder()
                .maxMessages(settings.batchSize())
                .noWaitExpiresIn(Math.max(FetchConsumeOptions.MIN_EXPIRES_MILLS, wait.toMillis()))
                .build();
        try {
            var messages = new ArrayList<StreamMessage>();
            try (FetchConsumer fetch = consumer(appliedSequence).fetch(options)) {
                for (Message message = fetch.nextMessage(); message != null; message = fetch.nextMessage()) {
                    messages.add(new StreamMessage(
                            message.metaData().streamSequence(),
                            message.getSubject(),
                            message.getData(),
                            Optional.of(message)));
                }
            }
            return messages;
        } catch (IOException | JetStreamApiException | JetStreamStatusCheckedException | RuntimeException e) {
            consumer = null;
            throw unavailable("cannot fetch from stream " + AuditStream.NAME, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while fetching from " + AuditStream.NAME, e);
        } catch (Exception e) {
            consumer = null;
            throw unavailable("cannot close a fetch from " + AuditStream.NAME, e);
        }
    }

    /** The message at {@code sequence}, read directly from the stream; empty when the stream no longer has it. */
    Optional<StreamMessage> read(long sequence) {
        try {
            MessageInfo info = management().getMessage(AuditStream.NAME, sequence);
            return Optional.of(new StreamMessage(info.getSeq(), info.getSubject(), info.getData(), Optional.empty()));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return Optional.empty();
            }
            throw new AuditException("cannot read sequence " + sequence + " of " + AuditStream.NAME, e);
        } catch (IOException | RuntimeException e) {
            throw unavailable("cannot read sequence " + sequence + " of " + AuditStream.NAME, e);
        }
    }

    /** The last sequence of the stream. */
    long lastSequence() {
        try {
            return management().getStreamInfo(AuditStream.NAME).getStreamState().getLastSequence();
        } catch (JetStreamApiException e) {
            throw new AuditException("cannot read the state of " + AuditStream.NAME, e);
        } catch (IOException | RuntimeException e) {
            throw unavailable("cannot read the state of " + AuditStream.NAME, e);
        }
    }

    private ConsumerContext consumer(long appliedSequence) throws IOException, JetStreamApiException {
        if (consumer == null) {
            var stream = connection.getStreamContext(AuditStream.NAME);
            if (!exists(appliedSequence)) {
                stream.createOrUpdateConsumer(configuration(appliedSequence));
            }
            consumer = stream.getConsumerContext(settings.durableName());
        }
        return consumer;
    }

    private boolean exists(long appliedSequence) throws IOException, JetStreamApiException {
        try {
            management().getConsumerInfo(AuditStream.NAME, settings.durableName());
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
                throw e;
            }
            LOG.info(
                    "creating audit projector consumer stream={} consumer={} start-sequence={}",
                    AuditStream.NAME,
                    settings.durableName(),
                    appliedSequence + 1);
            return false;
        }
    }

    private ConsumerConfiguration configuration(long appliedSequence) {
        var builder = ConsumerConfiguration.builder()
                .durable(settings.durableName())
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(settings.ackWait())
                .maxAckPending(4L * settings.batchSize())
                .maxDeliver(-1);
        if (appliedSequence == 0) {
            return builder.deliverPolicy(DeliverPolicy.All).build();
        }
        return builder.deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(appliedSequence + 1)
                .build();
    }

    private JetStreamManagement management() throws IOException {
        return connection.jetStreamManagement();
    }

    private static AuditUnavailableException unavailable(String message, Exception cause) {
        return new AuditUnavailableException(message + ": " + cause.getMessage(), cause);
    }
}
