package io.faasioflex.audit.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/** Reads and writes the {@code checkpoints} table on a caller's connection (and so in the caller's transaction). */
public final class Checkpoints {

    private static final String COLUMNS =
            "checkpoint_no, last_seq, last_hash, event_count, created_at, prev_digest, key_id, signature";

    private Checkpoints() {}

    /** Inserts {@code checkpoint}. */
    public static void insert(Connection connection, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO checkpoints (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, checkpoint.number());
            insert.setLong(2, checkpoint.lastSequence());
            insert.setBytes(3, checkpoint.lastHash());
            insert.setLong(4, checkpoint.eventCount());
            insert.setTimestamp(5, Timestamp.from(checkpoint.createdAt()));
            insert.setBytes(6, checkpoint.previousDigest());
            insert.setString(7, checkpoint.keyId());
            insert.setBytes(8, checkpoint.signature());
            insert.executeUpdate();
        }
    }

    /** The checkpoint with the highest number. */
    public static Optional<Checkpoint> latest(Connection connection) throws SQLException {
        return first(connection, "SELECT " + COLUMNS + " FROM checkpoints ORDER BY checkpoint_no DESC LIMIT 1");
    }

    /** The checkpoint numbered {@code number}. */
    public static Optional<Checkpoint> byNumber(Connection connection, long number) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM checkpoints WHERE checkpoint_no = ?")) {
            select.setLong(1, number);
            return single(select);
        }
    }

    /** The last checkpoint (highest number) whose tip lies before {@code sequence}. */
    public static Optional<Checkpoint> lastBefore(Connection connection, long sequence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM checkpoints WHERE last_seq < ? ORDER BY checkpoint_no DESC LIMIT 1")) {
            select.setLong(1, sequence);
            return single(select);
        }
    }

    /**
     * Opens a cursor over the checkpoints numbered above {@code afterNumber} whose tip is at most {@code maxSequence},
     * by number, reading a thousand at a time. Needs a transaction (auto-commit off) to stream.
     */
    public static Cursor open(Connection connection, long afterNumber, long maxSequence) throws SQLException {
        PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM checkpoints WHERE checkpoint_no > ? AND last_seq <= ? ORDER BY checkpoint_no");
        try {
            select.setFetchSize(1_000);
            select.setLong(1, afterNumber);
            select.setLong(2, maxSequence);
            return new Cursor(select, select.executeQuery());
        } catch (SQLException e) {
            select.close();
            throw e;
        }
    }

    private static Optional<Checkpoint> first(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            return single(select);
        }
    }

    private static Optional<Checkpoint> single(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
        }
    }

    private static Checkpoint read(ResultSet rows) throws SQLException {
        return new Checkpoint(
                rows.getLong("checkpoint_no"),
                rows.getLong("last_seq"),
                rows.getBytes("last_hash"),
                rows.getLong("event_count"),
                rows.getTimestamp("created_at").toInstant(),
                rows.getBytes("prev_digest"),
                rows.getString("key_id"),
                rows.getBytes("signature"));
    }

    /** Checkpoints in order, one at a time, with a look at the next. */
    public static final class Cursor implements AutoCloseable {

        private final PreparedStatement statement;
        private final ResultSet rows;
        private Optional<Checkpoint> next;

        private Cursor(PreparedStatement statement, ResultSet rows) throws SQLException {
            this.statement = statement;
            this.rows = rows;
            this.next = advance();
        }

        /** The next checkpoint, without consuming it. */
        public Optional<Checkpoint> peek() {
            return next;
        }

        /** Consumes and returns the next checkpoint. */
        public Checkpoint take() throws SQLException {
            Checkpoint taken = next.orElseThrow();
            next = advance();
            return taken;
        }

        @Override
        public void close() throws SQLException {
            statement.close();
        }

        private Optional<Checkpoint> advance() throws SQLException {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
        }
    }
}
