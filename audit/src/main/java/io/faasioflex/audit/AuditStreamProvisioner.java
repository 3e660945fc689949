package io.faasioflex.audit;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@value AuditStream#NAME} stream, or brings an existing one in line, so that the audit log is
 * append-only.
 *
 * <p>The stream keeps its events in files, refuses message deletion and purging, allows no roll-up, de-duplicates by
 * message id within a window, and discards <em>new</em> messages when a limit is reached, so that a full stream
 * makes publishing fail (and requests fail closed) instead of dropping acknowledged events. It sets no age, count or
 * size limits; limits an operator added to an existing stream are kept, with a warning when they let events expire.
 * Running it again against a conforming stream changes nothing.
 *
 * <p>TODO: with one replica an acknowledged event survives a killed server process but not a lost machine, since
 * JetStream does not fsync each message unless the server runs with {@code sync_interval: always}; the deployment
 * (deploy/) must pick replicas 3 or that setting, and this class cannot check the server side of that choice.
 */
public final class AuditStreamProvisioner {

    /** Default de-duplication window: a retried publish within it is stored once. */
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(AuditStreamProvisioner.class);
    private static final int STREAM_NOT_FOUND = 10059;

    private final JetStreamManagement management;
    private final Duration duplicateWindow;
    private final int replicas;

    /** A provisioner with the default duplicate window and a single replica. */
    public AuditStreamProvisioner(Connection connection) {
        this(connection, DEFAULT_DUPLICATE_WINDOW, 1);
    }

    /**
     * @param duplicateWindow how long the stream remembers message ids for de-duplication
     * @param replicas how many servers of a cluster hold each event (1 on a single server, 3 for durability against
     *     the loss of a machine)
     */
    public AuditStreamProvisioner(Connection connection, Duration duplicateWindow, int replicas) {
        Objects.requireNonNull(connection, "connection");
        if (duplicateWindow == null || duplicateWindow.isNegative() || duplicateWindow.isZero()) {
            throw new IllegalArgumentException("duplicateWindow must be positive, got " + duplicateWindow);
        }
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("replicas must be between 1 and 5, got " + replicas);
        }
        this.management = managementOf(connection);
        this.duplicateWindow = duplicateWindow;
        this.replicas = replicas;
    }

    /**
     * Creates or updates the stream.
     *
     * @throws AuditException if the stream cannot be made to conform, for example when it exists with memory storage
     *     (which cannot be changed in place) or the server refuses the configuration
     */
    public Result provision() {
        try {
            Optional<StreamConfiguration> existing = existingConfiguration();
            if (existing.isEmpty()) {
                management.addStream(conform(StreamConfiguration.builder()));
                LOG.info(
                        "audit stream created stream={} subjects={} storage=file duplicate-window={} replicas={}",
                        AuditStream.NAME,
                        AuditStream.SUBJECTS,
                        duplicateWindow,
                        replicas);
                return Result.CREATED;
            }
            return update(existing.get());
        } catch (IOException e) {
            throw new AuditUnavailableException("cannot reach JetStream to provision stream " + AuditStream.NAME, e);
        } catch (JetStreamApiException e) {
            throw new AuditException("JetStream refused to provision stream " + AuditStream.NAME, e);
        }
    }

    private Result update(StreamConfiguration current) throws IOException, JetStreamApiException {
        if (current.getStorageType() != StorageType.File) {
            throw new AuditException("stream " + AuditStream.NAME + " uses " + current.getStorageType()
                    + " storage; it must use file storage and cannot be changed in place");
        }
        warnAboutExpiry(current);
        if (conforms(current)) {
            LOG.info("audit stream already conforms stream={}", AuditStream.NAME);
            return Result.UNCHANGED;
        }
        management.updateStream(conform(StreamConfiguration.builder(current)));
        LOG.info(
                "audit stream updated stream={} deny-delete=true deny-purge=true duplicate-window={} replicas={}",
                AuditStream.NAME,
                duplicateWindow,
                replicas);
        return Result.UPDATED;
    }

    private StreamConfiguration conform(StreamConfiguration.Builder builder) {
        return builder.name(AuditStream.NAME)
                .description("FaaSioFlex audit log: append-only, see DESIGN.md")
                .subjects(AuditStream.SUBJECTS)
                .storageType(StorageType.File)
                .denyDelete(true)
                .denyPurge(true)
                .allowRollup(false)
                .discardPolicy(DiscardPolicy.New)
                .duplicateWindow(duplicateWindow)
                .replicas(replicas)
                .allowDirect(true)
                .build();
    }

    private boolean conforms(StreamConfiguration current) {
        return current.getSubjects().equals(List.of(AuditStream.SUBJECTS))
                && current.getDenyDelete()
                && current.getDenyPurge()
                && !current.getAllowRollup()
                && current.getDiscardPolicy() == DiscardPolicy.New
                && duplicateWindow.equals(current.getDuplicateWindow())
                && current.getReplicas() == replicas
                && current.getAllowDirect();
    }

    private static void warnAboutExpiry(StreamConfiguration current) {
        Duration maxAge = current.getMaxAge();
        if (maxAge != null && !maxAge.isZero()) {
            LOG.warn(
                    "audit stream expires events stream={} max-age={}: events older than that are removed",
                    AuditStream.NAME,
                    maxAge);
        }
    }

    private Optional<StreamConfiguration> existingConfiguration() throws IOException, JetStreamApiException {
        try {
            return Optional.of(management.getStreamInfo(AuditStream.NAME).getConfiguration());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static JetStreamManagement managementOf(Connection connection) {
        try {
            return connection.jetStreamManagement();
        } catch (IOException e) {
            throw new AuditUnavailableException("JetStream management unavailable", e);
        }
    }

    /** What {@link #provision()} did. */
    public enum Result {
        CREATED,
        UPDATED,
        UNCHANGED
    }
}
