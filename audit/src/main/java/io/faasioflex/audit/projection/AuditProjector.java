package io.faasioflex.audit.projection;

import io.faasioflex.audit.AuditException;
import io.faasioflex.audit.ledger.AuditSigningKey;
import io.faasioflex.audit.ledger.Checkpoint;
import io.faasioflex.audit.ledger.Checkpoints;
import io.faasioflex.audit.ledger.LedgerRows;
import io.faasioflex.audit.ledger.Sql;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector role: consumes the {@code AUDIT} stream with a durable pull consumer and writes every event into the
 * PostgreSQL ledger, in stream order, chained by SHA-256, with signed checkpoints every N events or T seconds (also
 * when no event arrived).
 *
 * <p>Each batch is one transaction that adds the rows and moves the projector's stored position; messages are
 * acknowledged only after it commits. A redelivered message at or below the stored position is acknowledged and
 * skipped, a gap is filled from the stream, and a second message carrying a stored event id is kept as rejected: after
 * any crash, restart or outage of NATS or PostgreSQL every event has exactly one row. Outages are retried with a
 * growing pause up to {@link ProjectorSettings#maxBackoff()}.
 *
 * <p>Several projectors may run against the same database; the stored position's row lock serialises their batches.
 * TODO: they would then share the durable consumer's messages and fill each other's gaps from the stream, which is
 * correct but wasteful; a leader lock would let one work while the others wait.
 *
 * <p>The projector owns neither the NATS connection nor the data source; {@link #close()} leaves both open.
 */
public final class AuditProjector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditProjector.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final DataSource dataSource;
    private final StreamFeed feed;
    private final BatchApplier applier;
    private final ProjectorSettings settings;
    private final Clock clock;
    private final ProjectorHealth health = new ProjectorHealth();
    private volatile boolean running;
    private Thread worker;
    private Instant nextCheckpointAt = Instant.EPOCH;
    private long appliedSequence = -1;
    private List<StreamMessage> pending = List.of();

    /**
     * @param nats a connection that reconnects by itself
     * @param dataSource the ledger's database, migrated (see {@code AuditSchema})
     * @param mapper decodes events from the stream
     * @param keyring seals the actors' personal fields
     * @param signingKey signs checkpoints
     * @param settings consumer and checkpoint settings
     * @param clock time of checkpoints
     */
    public AuditProjector(
            Connection nats,
            DataSource dataSource,
            ObjectMapper mapper,
            SubjectKeyring keyring,
            AuditSigningKey signingKey,
            ProjectorSettings settings,
            Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.feed = new StreamFeed(Objects.requireNonNull(nats, "nats"), settings);
        var ledger = new Ledger(
                dataSource,
                new LedgerRows(mapper),
                new EventSealer(mapper, Objects.requireNonNull(keyring, "keyring")),
                new CheckpointWriter(Objects.requireNonNull(signingKey, "signingKey")));
        this.applier = new BatchApplier(ledger, feed, settings, clock);
    }

    /** Starts consuming in a background thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("audit-projector").daemon().start(this::run);
        LOG.info(
                "audit projector started consumer={} batch-size={} checkpoint-every={} checkpoint-interval={}",
                settings.durableName(),
                settings.batchSize(),
                settings.checkpointEveryEvents(),
                settings.checkpointInterval());
    }

    /** Stops consuming; messages fetched but not yet written are redelivered to the next projector. */
    @Override
    public void close() {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = worker;
            worker = null;
        }
        if (stopping == null) {
            return;
        }
        try {
            stopping.join(settings.fetchWait().plusSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("audit projector stopped consumer={}", settings.durableName());
    }

    /** How far the projection trails the stream, read from NATS and PostgreSQL now. */
    public ProjectionLag lag() {
        return new ProjectionLagProbe(feed, dataSource).measure();
    }

    /** The projector's own view of its health, without contacting anything. */
    public ProjectorStatus status() {
        return health.snapshot(running);
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                step();
                backoff = FIRST_BACKOFF;
            } catch (AuditException e) {
                health.failed(e);
                LOG.warn("audit projection failed, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                LOG.debug("audit projection failure", e);
                pause(backoff);
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            } catch (RuntimeException e) {
                health.failed(e);
                LOG.error("audit projection failed unexpectedly, retrying in {} ms", settings.maxBackoff(), e);
                pause(settings.maxBackoff());
            }
        }
    }

    private void step() {
        if (appliedSequence < 0) {
            initialise();
        }
        boolean checkpointDue = !clock.instant().isBefore(nextCheckpointAt);
        if (pending.isEmpty() && !checkpointDue) {
            pending = feed.fetch(appliedSequence, untilCheckpoint());
            checkpointDue = !clock.instant().isBefore(nextCheckpointAt);
        }
        if (pending.isEmpty() && !checkpointDue) {
            return;
        }
        BatchApplier.Applied applied = applier.apply(pending, checkpointDue);
        acknowledge(pending);
        pending = List.of();
        appliedSequence = Math.max(appliedSequence, applied.appliedSequence());
        applied.checkpoint().ifPresent(this::scheduleAfter);
        health.progressed(appliedSequence, clock.instant());
    }

    private void initialise() {
        try (var connection = dataSource.getConnection()) {
            appliedSequence = ProjectorState.read(connection).appliedSequence();
            Optional<Checkpoint> latest = Checkpoints.latest(connection);
            nextCheckpointAt = latest.map(c -> c.createdAt().plus(settings.checkpointInterval()))
                    .orElse(Instant.EPOCH);
            LOG.info(
                    "audit projector resumes applied-sequence={} checkpoints={}",
                    appliedSequence,
                    latest.map(Checkpoint::number).orElse(0L));
        } catch (SQLException e) {
            throw Sql.failure("cannot read the audit projector's position", e);
        }
    }

    private void scheduleAfter(Checkpoint checkpoint) {
        nextCheckpointAt = checkpoint.createdAt().plus(settings.checkpointInterval());
        LOG.debug(
                "audit checkpoint signed checkpoint={} last-sequence={} events={}",
                checkpoint.number(),
                checkpoint.lastSequence(),
                checkpoint.eventCount());
    }

    private Duration untilCheckpoint() {
        Duration left = Duration.between(clock.instant(), nextCheckpointAt);
        return left.isNegative() ? Duration.ZERO : min(left, settings.fetchWait());
    }

    private static void acknowledge(List<StreamMessage> messages) {
        for (StreamMessage message : messages) {
            message.delivery().ifPresent(AuditProjector::ackQuietly);
        }
    }

    /** A lost acknowledgement only causes a redelivery, which the stored position turns into a no-op. */
    private static void ackQuietly(Message delivery) {
        try {
            delivery.ack();
        } catch (RuntimeException e) {
            LOG.debug("acknowledgement of an audit message failed; it will be redelivered and skipped", e);
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
