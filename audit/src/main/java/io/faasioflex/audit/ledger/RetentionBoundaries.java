package io.faasioflex.audit.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/** Reads and writes the {@code retention_boundaries} table on a caller's connection. */
public final class RetentionBoundaries {

    private static final String COLUMNS = "boundary_no, boundary_seq, boundary_hash, checkpoint_no, cutoff,"
            + " deleted_events, created_at, key_id, signature";

    private RetentionBoundaries() {}

    /** Inserts {@code boundary}. */
    public static void insert(Connection connection, RetentionBoundary boundary) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO retention_boundaries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, boundary.number());
            insert.setLong(2, boundary.sequence());
            insert.setBytes(3, boundary.hash());
            insert.setLong(4, boundary.checkpointNumber());
            insert.setTimestamp(5, Timestamp.from(boundary.cutoff()));
            insert.setLong(6, boundary.deletedEvents());
            insert.setTimestamp(7, Timestamp.from(boundary.createdAt()));
            insert.setString(8, boundary.keyId());
            insert.setBytes(9, boundary.signature());
            insert.executeUpdate();
        }
    }

    /** The boundary in force: the one with the highest number, if retention ever removed anything. */
    public static Optional<RetentionBoundary> latest(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM retention_boundaries ORDER BY boundary_no DESC LIMIT 1");
                ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new RetentionBoundary(
                    rows.getLong("boundary_no"),
                    rows.getLong("boundary_seq"),
                    rows.getBytes("boundary_hash"),
                    rows.getLong("checkpoint_no"),
                    rows.getTimestamp("cutoff").toInstant(),
                    rows.getLong("deleted_events"),
                    rows.getTimestamp("created_at").toInstant(),
                    rows.getString("key_id"),
                    rows.getBytes("signature")));
        }
    }
}
