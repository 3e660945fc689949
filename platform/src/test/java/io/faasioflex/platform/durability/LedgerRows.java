package io.faasioflex.platform.durability;

import io.faasioflex.audit.testing.PostgresProcess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the PostgreSQL ledger behind the platform's back, as an auditor with read access to the database would, to
 * count events per request without paging through the API for hundreds of requests.
 */
final class LedgerRows {

    private final PostgresProcess postgres;

    LedgerRows(PostgresProcess postgres) {
        this.postgres = postgres;
    }

    /** One ledger row, reduced to what the durability checks look at. */
    record Row(long sequence, String eventId, String action, String outcome) {

        @Override
        public String toString() {
            return sequence + ":" + action + "/" + outcome;
        }
    }

    /** The rows of every request whose id starts with {@code prefix}, by request id, each list in stream order. */
    Map<String, List<Row>> byRequest(String prefix) {
        String sql = "SELECT request_id, stream_seq, event_id, action, outcome FROM audit_events"
                + " WHERE request_id LIKE ? ORDER BY stream_seq";
        Map<String, List<Row>> rows = new HashMap<>();
        query(
                sql,
                List.of(prefix.replace("_", "\\_") + "%"),
                result -> rows.computeIfAbsent(result.getString(1), id -> new ArrayList<>())
                        .add(new Row(
                                result.getLong(2), result.getString(3), result.getString(4), result.getString(5))));
        return rows;
    }

    /** Event ids stored more than once, with their count: always empty while the unique constraint stands. */
    List<String> repeatedEventIds() {
        List<String> repeated = new ArrayList<>();
        query(
                "SELECT event_id, count(*) FROM audit_events GROUP BY event_id HAVING count(*) > 1",
                List.of(),
                result -> repeated.add(result.getString(1) + " x" + result.getLong(2)));
        return repeated;
    }

    /** Stream messages the projector kept aside: invalid, or a second message carrying a stored event id. */
    List<String> rejectedMessages() {
        List<String> rejected = new ArrayList<>();
        query(
                "SELECT stream_seq, subject, reason FROM rejected_messages ORDER BY stream_seq",
                List.of(),
                result -> rejected.add(result.getLong(1) + " " + result.getString(2) + " " + result.getString(3)));
        return rejected;
    }

    /** The stream sequence up to which the projector has applied the stream. */
    long appliedSequence() {
        long[] applied = {0};
        query(
                "SELECT applied_seq FROM projector_state WHERE id = 1",
                List.of(),
                result -> applied[0] = result.getLong(1));
        return applied[0];
    }

    private void query(String sql, List<String> parameters, RowConsumer consumer) {
        try (Connection connection = postgres.connect(PostgresProcess.DEFAULT_DATABASE);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    consumer.accept(result);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + sql, e);
        }
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }
}
