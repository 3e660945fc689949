package io.faasioflex.audit.verify;

import io.faasioflex.audit.ledger.AuditTrustedKeys;
import io.faasioflex.audit.ledger.Checkpoint;
import io.faasioflex.audit.ledger.Checkpoints;
import io.faasioflex.audit.ledger.LedgerRows;
import io.faasioflex.audit.ledger.RetentionBoundaries;
import io.faasioflex.audit.ledger.RetentionBoundary;
import io.faasioflex.audit.ledger.Sql;
import io.micronaut.serde.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * Re-computes the ledger's hash chain and checks its signed checkpoints, reporting the first broken link.
 *
 * <p>Verification starts from a signed anchor (the chain's start, the retention boundary, or the last checkpoint
 * before the range) and reads rows in stream order through a cursor, so ranges of millions of rows need little
 * memory. It runs in one repeatable-read transaction: a projector writing meanwhile does not disturb it. Checks:
 * every row links to the previous one; its columns rebuild its stored document byte for byte and the document hashes
 * to its hash; every checkpoint is signed by a trusted key, follows the previous one, names the row the chain had
 * reached and counts the rows since; the retention boundary is signed and matches its checkpoint. Checked to the end,
 * the chain must also end where the projector's stored position says, and, when a maximum gap is set, no two
 * checkpoints (nor the last one and now) may be further apart than that.
 */
public final class AuditVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(AuditVerifier.class);
    private static final int FETCH_SIZE = 1_000;

    private final DataSource dataSource;
    private final LedgerRows rows;
    private final AuditTrustedKeys trustedKeys;
    private final Optional<Duration> maxCheckpointGap;
    private final Clock clock;

    /**
     * @param maxCheckpointGap the longest allowed time between checkpoints (the projector's interval plus slack);
     *     empty to skip that check, for example after a known outage
     */
    public AuditVerifier(
            DataSource dataSource,
            ObjectMapper mapper,
            AuditTrustedKeys trustedKeys,
            Optional<Duration> maxCheckpointGap,
            Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.rows = new LedgerRows(mapper);
        this.trustedKeys = Objects.requireNonNull(trustedKeys, "trustedKeys");
        this.maxCheckpointGap = Objects.requireNonNull(maxCheckpointGap, "maxCheckpointGap");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Verifies the whole ledger. */
    public VerificationReport verify() {
        return verify(1, Long.MAX_VALUE);
    }

    /**
     * Verifies stream sequences {@code fromSequence} to {@code toSequence}, both included; a range running past the
     * ledger's last row is verified up to that row.
     *
     * @throws LedgerRangeException when the range starts after the ledger's last row (the chain's start excepted, so
     *     an empty ledger verifies)
     */
    public VerificationReport verify(long fromSequence, long toSequence) {
        if (fromSequence < 1 || toSequence < fromSequence) {
            throw new IllegalArgumentException(
                    "range must satisfy 1 <= from <= to, got " + fromSequence + ".." + toSequence);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            try {
                return verify(connection, fromSequence, toSequence);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot verify the audit ledger", e);
        }
    }

    private VerificationReport verify(Connection connection, long from, long to) throws SQLException {
        requireWithinLedger(connection, from);
        Instant now = clock.instant();
        Optional<RetentionBoundary> boundary = RetentionBoundaries.latest(connection);
        if (boundary.isPresent()) {
            Optional<BrokenLink> broken = BoundaryRules.check(connection, boundary.get(), trustedKeys);
            if (broken.isPresent()) {
                return new VerificationReport(from, to, 0, 0, 0, broken, now);
            }
        }
        Anchor anchor = anchor(connection, from, boundary);
        Optional<Checkpoint> unsigned = anchor.checkpoint().filter(c -> !c.signatureValid(trustedKeys));
        if (unsigned.isPresent()) {
            return new VerificationReport(
                    from,
                    to,
                    0,
                    0,
                    0,
                    Optional.of(new BrokenLink(
                            unsigned.get().lastSequence(),
                            BreakKind.BAD_SIGNATURE,
                            "checkpoint " + unsigned.get().number() + " is not signed by a trusted" + " key")),
                    now);
        }
        long anchorNumber = anchor.checkpoint().map(Checkpoint::number).orElse(0L);
        ChainWalk walk;
        Optional<BrokenLink> broken;
        try (Checkpoints.Cursor checkpoints = Checkpoints.open(connection, anchorNumber, to)) {
            walk = new ChainWalk(
                    anchor, checkpoints, trustedKeys, maxCheckpointGap, hash -> sequenceOf(connection, hash));
            broken = walkRows(connection, walk, anchor.sequence() + 1, to);
            if (broken.isEmpty()) {
                broken = walk.end();
            }
        }
        if (broken.isEmpty()) {
            broken = TailRules.check(connection, walk, to, maxCheckpointGap, now);
        }
        var report = report(anchor.sequence() + 1, to, walk, broken, now);
        LOG.info(
                "audit ledger verified from={} to={} rows={} checkpoints={} intact={}",
                report.fromSequence(),
                to,
                report.rowsChecked(),
                report.checkpointsChecked(),
                report.intact());
        return report;
    }

    /**
     * Refuses a range that starts after the last row. Left alone, the walk would start at the last checkpoint before
     * the range and report the rows after it, none of which were asked for. The last row is the one the projector
     * says it chained when that is further than the table reaches, so a truncated tail is still found, not refused.
     */
    private static void requireWithinLedger(Connection connection, long from) throws SQLException {
        if (from == 1) {
            return;
        }
        long last = lastSequence(connection);
        if (from > last) {
            throw new LedgerRangeException("the range starts at row " + from + ", after the ledger's last row " + last);
        }
    }

    private static long lastSequence(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT GREATEST("
                        + "(SELECT COALESCE(max(stream_seq), 0) FROM audit_events),"
                        + " (SELECT COALESCE(max(chain_seq), 0) FROM projector_state))");
                ResultSet found = select.executeQuery()) {
            return found.next() ? found.getLong(1) : 0;
        }
    }

    /**
     * Where to start: the chain's start or the retention boundary when the range begins there, else the last
     * checkpoint before the range (not before the boundary).
     */
    private static Anchor anchor(Connection connection, long from, Optional<RetentionBoundary> boundary)
            throws SQLException {
        Anchor floor = boundary.isEmpty()
                ? Anchor.genesis()
                : Anchor.at(Checkpoints.byNumber(connection, boundary.get().checkpointNumber())
                        .orElseThrow());
        if (from <= floor.sequence() + 1) {
            return floor;
        }
        long floorNumber = floor.checkpoint().map(Checkpoint::number).orElse(0L);
        return Checkpoints.lastBefore(connection, from)
                .filter(checkpoint -> checkpoint.number() > floorNumber)
                .map(Anchor::at)
                .orElse(floor);
    }

    private Optional<BrokenLink> walkRows(Connection connection, ChainWalk walk, long from, long to)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + LedgerRows.COLUMNS
                + " FROM audit_events e WHERE e.stream_seq BETWEEN ? AND ? ORDER BY e.stream_seq")) {
            select.setFetchSize(FETCH_SIZE);
            select.setLong(1, from);
            select.setLong(2, to);
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    Optional<BrokenLink> broken = walk.row(rows.read(found));
                    if (broken.isPresent()) {
                        return broken;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static OptionalLong sequenceOf(Connection connection, byte[] hash) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT stream_seq FROM audit_events WHERE hash = ? LIMIT 1")) {
            select.setBytes(1, hash);
            try (ResultSet found = select.executeQuery()) {
                return found.next() ? OptionalLong.of(found.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static VerificationReport report(
            long from, long to, ChainWalk walk, Optional<BrokenLink> broken, Instant now) {
        return new VerificationReport(
                from, to, walk.rows(), walk.checkpointsChecked(), walk.unsealedRows(), broken, now);
    }
}
