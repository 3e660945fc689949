package io.faasioflex.audit.retention;

import io.faasioflex.audit.AuditException;
import io.faasioflex.audit.ledger.AuditSigningKey;
import io.faasioflex.audit.ledger.AuditTrustedKeys;
import io.faasioflex.audit.ledger.Checkpoint;
import io.faasioflex.audit.ledger.Checkpoints;
import io.faasioflex.audit.ledger.RetentionBoundaries;
import io.faasioflex.audit.ledger.RetentionBoundary;
import io.faasioflex.audit.ledger.Sql;
import io.faasioflex.audit.verify.AuditVerifier;
import io.faasioflex.audit.verify.VerificationReport;
import io.micronaut.serde.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention job: removes ledger rows older than the retention period, keeping the chain verifiable.
 *
 * <p>Rows are removed only from the start of the chain, up to a signed checkpoint, and only while every removed row
 * is older than the cutoff and no active legal hold covers its time: the first row that is too young or held stops
 * the run there. Before removing anything the job verifies the rows it is about to remove, since their removal would
 * destroy the evidence of tampering; a broken chain stops it. It then deletes the rows (and rejected messages) and
 * writes a signed retention boundary naming the last removed row's hash, from which verification starts afterwards.
 * Checkpoints are kept.
 *
 * <p>TODO: the deletion runs as one statement in one transaction; a first run over years of events should be cut into
 * several runs with growing cutoffs. Subject keys whose events are all gone are not yet destroyed.
 */
public final class AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

    private final DataSource dataSource;
    private final AuditVerifier verifier;
    private final AuditSigningKey signingKey;
    private final Clock clock;

    public AuditRetention(
            DataSource dataSource,
            ObjectMapper mapper,
            AuditSigningKey signingKey,
            AuditTrustedKeys trustedKeys,
            Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = new AuditVerifier(dataSource, mapper, trustedKeys, Optional.empty(), clock);
    }

    /**
     * Removes rows older than {@code period}, within the rules above.
     *
     * @throws AuditException when the rows to remove do not verify; nothing is removed then
     */
    public RetentionResult apply(Duration period) {
        Instant cutoff = clock.instant().minus(period);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                RetentionResult result = apply(connection, cutoff);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot apply audit retention", e);
        }
    }

    private RetentionResult apply(Connection connection, Instant cutoff) throws SQLException {
        try (var statement = connection.createStatement()) {
            // no hold may be placed between the check and the deletion
            statement.execute("LOCK TABLE legal_holds IN SHARE MODE");
            statement.execute("LOCK TABLE retention_boundaries IN EXCLUSIVE MODE");
        }
        Optional<RetentionBoundary> previous = RetentionBoundaries.latest(connection);
        long floor = previous.map(RetentionBoundary::sequence).orElse(0L);
        OptionalLong blocked = firstKept(connection, floor, cutoff);
        Optional<Checkpoint> end = lastCheckpointBefore(connection, floor, blocked);
        if (end.isEmpty()) {
            return nothing(blocked, "no signed checkpoint after the current start precedes it");
        }
        requireIntact(floor, end.get());
        long deleted = delete(connection, floor, end.get().lastSequence());
        var boundary = RetentionBoundary.signed(
                previous.map(b -> b.number() + 1).orElse(1L), end.get(), cutoff, deleted, clock.instant(), signingKey);
        RetentionBoundaries.insert(connection, boundary);
        LOG.info(
                "audit retention removed events deleted={} up-to-sequence={} cutoff={} boundary={}",
                deleted,
                boundary.sequence(),
                cutoff,
                boundary.number());
        return new RetentionResult(
                deleted,
                Optional.of(boundary),
                "removed rows " + (floor + 1) + " to "
                        + boundary.sequence()
                        + (blocked.isPresent()
                                ? "; row " + blocked.getAsLong() + " is younger than the cutoff or held"
                                : ""));
    }

    /** The first row after {@code floor} that must stay: younger than the cutoff or under an active hold. */
    private static OptionalLong firstKept(Connection connection, long floor, Instant cutoff) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT e.stream_seq FROM audit_events e"
                + " WHERE e.stream_seq > ? AND (e.event_time >= ? OR EXISTS (SELECT 1 FROM legal_holds h"
                + " WHERE h.released_at IS NULL AND e.event_time >= h.covers_from AND e.event_time < h.covers_until))"
                + " ORDER BY e.stream_seq LIMIT 1")) {
            select.setLong(1, floor);
            select.setTimestamp(2, Timestamp.from(cutoff));
            try (ResultSet found = select.executeQuery()) {
                return found.next() ? OptionalLong.of(found.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** The checkpoint with the highest tip after {@code floor} and before {@code blocked}. */
    private static Optional<Checkpoint> lastCheckpointBefore(Connection connection, long floor, OptionalLong blocked)
            throws SQLException {
        long limit = blocked.orElse(Long.MAX_VALUE);
        Optional<Checkpoint> found = Checkpoints.lastBefore(connection, limit);
        return found.filter(checkpoint -> checkpoint.lastSequence() > floor);
    }

    private void requireIntact(long floor, Checkpoint end) {
        VerificationReport report = verifier.verify(floor + 1, end.lastSequence());
        if (!report.intact()) {
            throw new AuditException("audit retention refused: the rows to remove do not verify: "
                    + report.firstBreak().orElseThrow().detail());
        }
    }

    private static long delete(Connection connection, long floor, long last) throws SQLException {
        try (var allow = connection.createStatement()) {
            allow.execute("SET LOCAL faasioflex.audit_retention = 'on'");
        }
        try (PreparedStatement events = connection.prepareStatement(
                        "DELETE FROM audit_events WHERE stream_seq > ? AND stream_seq <= ?");
                PreparedStatement rejected = connection.prepareStatement(
                        "DELETE FROM rejected_messages WHERE stream_seq > ? AND stream_seq <= ?")) {
            events.setLong(1, floor);
            events.setLong(2, last);
            rejected.setLong(1, floor);
            rejected.setLong(2, last);
            rejected.executeUpdate();
            return events.executeUpdate();
        }
    }

    private static RetentionResult nothing(OptionalLong blocked, String why) {
        String explanation = blocked.isPresent()
                ? "nothing removed: row " + blocked.getAsLong() + " is younger than the cutoff or held, and " + why
                : "nothing removed: " + why;
        return new RetentionResult(0, Optional.empty(), explanation);
    }
}
