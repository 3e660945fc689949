package io.faasioflex.audit.projection;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.ledger.CanonicalForm;
import io.faasioflex.audit.ledger.ChainHash;
import io.faasioflex.audit.ledger.Checkpoint;
import io.faasioflex.audit.ledger.LedgerEntry;
import io.faasioflex.audit.ledger.LedgerRows;
import io.faasioflex.audit.ledger.Sql;
import io.faasioflex.audit.pseudonym.SubjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of stream messages into the ledger in one transaction: rows in stream order, chained, the projector's
 * new position and, when due, a signed checkpoint. Commits or changes nothing.
 *
 * <p>Messages at or below the stored position were applied before (a redelivery) and are skipped. A gap before the
 * batch (messages still held by a crashed predecessor) is filled by reading those messages directly from the stream,
 * so the chain never skips a sequence and never waits for a redelivery.
 */
final class BatchApplier {

    private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);

    private final DataSource dataSource;
    private final LedgerRows rows;
    private final EventSealer sealer;
    private final CheckpointWriter checkpoints;
    private final StreamFeed feed;
    private final ProjectorSettings settings;
    private final Clock clock;

    BatchApplier(Ledger ledger, StreamFeed feed, ProjectorSettings settings, Clock clock) {
        this.dataSource = ledger.dataSource();
        this.rows = ledger.rows();
        this.sealer = ledger.sealer();
        this.checkpoints = ledger.checkpoints();
        this.feed = feed;
        this.settings = settings;
        this.clock = clock;
    }

    /** Applies {@code batch}; writes a checkpoint when enough events accumulated or {@code checkpointDue}. */
    Applied apply(List<StreamMessage> batch, boolean checkpointDue) {
        try {
            return transaction(batch, checkpointDue, Map.of());
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw Sql.failure("cannot project audit events", e);
            }
            LOG.warn(
                    "audit batch refused by PostgreSQL, applying its messages one by one messages={}", batch.size(), e);
            return applyOneByOne(batch, checkpointDue);
        }
    }

    private Applied applyOneByOne(List<StreamMessage> batch, boolean checkpointDue) {
        Applied last = Applied.NOTHING;
        for (StreamMessage message : batch) {
            try {
                last = transaction(List.of(message), false, Map.of());
            } catch (SQLException e) {
                if (!isDataError(e)) {
                    throw Sql.failure("cannot project audit events", e);
                }
                last = rejectAlone(message, e);
            }
        }
        return checkpointDue ? applyUnchecked(List.of(), true) : last;
    }

    private Applied rejectAlone(StreamMessage message, SQLException refusal) {
        LOG.error("audit event refused by PostgreSQL, kept as rejected sequence={}", message.sequence(), refusal);
        try {
            return transaction(
                    List.of(message),
                    false,
                    Map.of(message.sequence(), "refused by PostgreSQL: " + refusal.getMessage()));
        } catch (SQLException e) {
            throw Sql.failure("cannot record refused audit message sequence=" + message.sequence(), e);
        }
    }

    private Applied applyUnchecked(List<StreamMessage> batch, boolean checkpointDue) {
        try {
            return transaction(batch, checkpointDue, Map.of());
        } catch (SQLException e) {
            throw Sql.failure("cannot project audit events", e);
        }
    }

    private Applied transaction(List<StreamMessage> batch, boolean checkpointDue, Map<Long, String> forcedRejects)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Applied applied = write(connection, batch, checkpointDue, forcedRejects);
                connection.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private Applied write(
            Connection connection, List<StreamMessage> batch, boolean checkpointDue, Map<Long, String> forcedRejects)
            throws SQLException {
        ProjectorState state = ProjectorState.lock(connection);
        List<StreamMessage> ordered = inOrder(batch, state.appliedSequence());
        var events = decode(ordered, forcedRejects);
        Set<String> stored = Rejections.storedIds(connection, events.values());
        Map<String, SubjectKey> keys = sealer.keysFor(connection, events.values());

        var chain = new ChainAppender(connection, state);
        try (PreparedStatement insertEvent = connection.prepareStatement(LedgerRows.INSERT);
                PreparedStatement insertRejected = connection.prepareStatement(Rejections.INSERT)) {
            for (StreamMessage message : ordered) {
                AuditEvent event = events.get(message.sequence());
                String rejection = Rejections.reason(message, event, stored, forcedRejects);
                if (rejection.isEmpty()) {
                    chain.append(insertEvent, sealer.entry(message.sequence(), event, keys));
                } else {
                    Rejections.bind(insertRejected, message, rejection);
                }
            }
            insertEvent.executeBatch();
            insertRejected.executeBatch();
        }
        return finish(connection, chain, ordered, checkpointDue);
    }

    private Applied finish(
            Connection connection, ChainAppender chain, List<StreamMessage> ordered, boolean checkpointDue)
            throws SQLException {
        long applied = ordered.isEmpty()
                ? chain.start.appliedSequence()
                : ordered.getLast().sequence();
        if (checkpointDue && chain.checkpoint.isEmpty()) {
            chain.checkpoint();
        }
        new ProjectorState(applied, chain.sequence, chain.hash, chain.sinceCheckpoint).save(connection);
        return new Applied(applied, chain.count, ordered.size() - chain.count, chain.checkpoint);
    }

    /** The batch's new messages in stream order, gaps since {@code applied} filled from the stream. */
    private List<StreamMessage> inOrder(List<StreamMessage> batch, long applied) {
        var bySequence = new TreeMap<Long, StreamMessage>();
        batch.stream().filter(m -> m.sequence() > applied).forEach(m -> bySequence.putIfAbsent(m.sequence(), m));
        if (bySequence.isEmpty()) {
            return List.of();
        }
        var ordered = new ArrayList<StreamMessage>(bySequence.size());
        for (long sequence = applied + 1; sequence <= bySequence.lastKey(); sequence++) {
            StreamMessage message = bySequence.get(sequence);
            ordered.add(message != null ? message : readMissing(sequence));
        }
        return ordered;
    }

    private StreamMessage readMissing(long sequence) {
        LOG.debug("filling audit stream gap from the stream sequence={}", sequence);
        return feed.read(sequence).orElseGet(() -> new StreamMessage(sequence, "", new byte[0], Optional.empty()));
    }

    private Map<Long, AuditEvent> decode(List<StreamMessage> ordered, Map<Long, String> forcedRejects) {
        var events = new LinkedHashMap<Long, AuditEvent>();
        for (StreamMessage message : ordered) {
            if (!forcedRejects.containsKey(message.sequence())) {
                sealer.decode(message).ifPresent(event -> events.put(message.sequence(), event));
            }
        }
        return events;
    }

    private static boolean isDataError(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("22") || state.startsWith("23");
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback of an audit batch failed", e);
        }
    }

    /** Extends the chain row by row, remembering its tip, and signs a checkpoint every N rows. */
    private final class ChainAppender {

        private final Connection connection;
        private final ProjectorState start;
        private long sequence;
        private byte[] hash;
        private int count;
        private long sinceCheckpoint;
        private Optional<Checkpoint> checkpoint = Optional.empty();

        ChainAppender(Connection connection, ProjectorState start) {
            this.connection = connection;
            this.start = start;
            this.sequence = start.chainSequence();
            this.hash = start.chainHash();
            this.sinceCheckpoint = start.eventsSinceCheckpoint();
        }

        void append(PreparedStatement insert, LedgerEntry entry) throws SQLException {
            byte[] document = CanonicalForm.of(entry);
            byte[] next = ChainHash.next(hash, document);
            rows.bindInsert(insert, entry, document, hash, next);
            insert.addBatch();
            hash = next;
            sequence = entry.sequence();
            count++;
            sinceCheckpoint++;
            if (sinceCheckpoint >= settings.checkpointEveryEvents()) {
                checkpoint();
            }
        }

        void checkpoint() throws SQLException {
            var tip = new ProjectorState(sequence, sequence, hash, sinceCheckpoint);
            checkpoint = Optional.of(checkpoints.write(connection, tip, clock.instant()));
            sinceCheckpoint = 0;
        }
    }

    /**
     * What one application did.
     *
     * @param appliedSequence the projector's position afterwards
     * @param chained rows added to the chain
     * @param rejected messages consumed without a row
     * @param checkpoint the checkpoint written, if one was due
     */
    record Applied(long appliedSequence, int chained, int rejected, Optional<Checkpoint> checkpoint) {

        static final Applied NOTHING = new Applied(0, 0, 0, Optional.empty());
    }
}
