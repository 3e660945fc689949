package io.faasioflex.audit.query;

import io.faasioflex.audit.pseudonym.SubjectKeyring;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL condition of a filter, with its parameters. */
final class FilterSql {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();
    private boolean matchesNothing;

    private FilterSql() {}

    /** Translates {@code filter}; resolving its actor needs {@code keyring} and {@code connection}. */
    static FilterSql of(AuditFilter filter, SubjectKeyring keyring, Connection connection) throws SQLException {
        var sql = new FilterSql();
        filter.from().ifPresent(from -> sql.add("e.event_time >= ?", Timestamp.from(from)));
        filter.until().ifPresent(until -> sql.add("e.event_time < ?", Timestamp.from(until)));
        filter.action().ifPresent(action -> sql.add("e.action = ?", action));
        filter.namespace().ifPresent(namespace -> sql.add("e.target_namespace = ?", namespace));
        filter.function().ifPresent(function -> sql.add("e.target_kind = 'function' AND e.target_name = ?", function));
        filter.outcome().ifPresent(outcome -> sql.add("e.outcome = ?", outcome.name()));
        filter.requestId().ifPresent(requestId -> sql.add("e.request_id = ?", requestId));
        if (filter.actor().isPresent()) {
            Optional<String> keyId = keyring.keyIdOf(connection, filter.actor().get());
            sql.matchesNothing = keyId.isEmpty();
            keyId.ifPresent(id -> sql.add("e.actor_key_id = ?", UUID.fromString(id)));
        }
        return sql;
    }

    /** Whether no row can match, so the query need not run. */
    boolean matchesNothing() {
        return matchesNothing;
    }

    /** The conditions joined by AND, after {@code WHERE}, ending with a condition on the cursor. */
    String where() {
        var all = new ArrayList<>(conditions);
        all.add("e.stream_seq > ?");
        return String.join(" AND ", all);
    }

    /** Binds the parameters and then {@code afterSequence}; returns the next free index. */
    int bind(PreparedStatement statement, long afterSequence) throws SQLException {
        int index = 1;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
        statement.setLong(index++, afterSequence);
        return index;
    }

    private void add(String condition, Object parameter) {
        conditions.add(condition);
        parameters.add(parameter);
    }
}
