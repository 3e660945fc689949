package io.faasioflex.audit.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The projector's position, the single row of {@code projector_state}.
 *
 * @param appliedSequence last stream sequence consumed (chained or rejected)
 * @param chainSequence stream sequence of the chain's tip, 0 while the chain is empty
 * @param chainHash hash of the chain's tip
 * @param eventsSinceCheckpoint rows chained since the last checkpoint
 */
record ProjectorState(long appliedSequence, long chainSequence, byte[] chainHash, long eventsSinceCheckpoint) {

    private static final String SELECT =
            "SELECT applied_seq, chain_seq, chain_hash, events_since_checkpoint FROM projector_state WHERE id = 1";

    /** Reads the state without locking it. */
    static ProjectorState read(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            return single(select);
        }
    }

    /** Reads and locks the state until the end of the caller's transaction, serialising writers. */
    static ProjectorState lock(Connection transaction) throws SQLException {
        try (PreparedStatement select = transaction.prepareStatement(SELECT + " FOR UPDATE")) {
            return single(select);
        }
    }

    void save(Connection transaction) throws SQLException {
        try (PreparedStatement update = transaction.prepareStatement("UPDATE projector_state SET applied_seq = ?,"
                + " chain_seq = ?, chain_hash = ?, events_since_checkpoint = ?, updated_at = clock_timestamp()"
                + " WHERE id = 1")) {
            update.setLong(1, appliedSequence);
            update.setLong(2, chainSequence);
            update.setBytes(3, chainHash);
            update.setLong(4, eventsSinceCheckpoint);
            update.executeUpdate();
        }
    }

    private static ProjectorState single(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("projector_state has no row; is the audit schema migrated?");
            }
            return new ProjectorState(rows.getLong(1), rows.getLong(2), rows.getBytes(3), rows.getLong(4));
        }
    }
}
