package io.faasioflex.audit.query;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditException;
import io.faasioflex.audit.ledger.ChainHash;
import io.faasioflex.audit.ledger.LedgerRows;
import io.faasioflex.audit.ledger.Pseudonym;
import io.faasioflex.audit.ledger.Sql;
import io.faasioflex.audit.ledger.StoredEntry;
import io.faasioflex.audit.pseudonym.ActorIdentity;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Reads the ledger for auditors: filtered pages with a cursor, single events, and a streaming read for exports. The
 * actors' personal fields are unsealed on the way out; those of erased subjects stay empty.
 *
 * <p>Who may call this is the caller's decision (the compliance API asks policy first); this class only reads.
 */
public final class AuditQuery {

    /** The largest page {@link #page} returns. */
    public static final int MAX_PAGE = 1_000;

    private static final int FETCH_SIZE = 500;
    private static final String SELECT = "SELECT " + LedgerRows.COLUMNS + ", k.wrapped_key FROM audit_events e"
            + " LEFT JOIN subject_keys k ON k.key_id = e.actor_key_id";

    private final DataSource dataSource;
    private final LedgerRows rows;
    private final SubjectKeyring keyring;

    public AuditQuery(DataSource dataSource, ObjectMapper mapper, SubjectKeyring keyring) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.rows = new LedgerRows(mapper);
        this.keyring = Objects.requireNonNull(keyring, "keyring");
    }

    /**
     * One page of the rows matching {@code filter}, in stream order.
     *
     * @param afterSequence the cursor: rows after this stream sequence; 0 for the first page
     * @param limit the most rows to return, 1 to {@link #MAX_PAGE}
     */
    public AuditPage page(AuditFilter filter, long afterSequence, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        var found = new ArrayList<AuditRecord>(limit);
        try (Connection connection = dataSource.getConnection()) {
            FilterSql sql = FilterSql.of(filter, keyring, connection);
            if (!sql.matchesNothing()) {
                read(connection, sql, afterSequence, limit, found::add);
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot query the audit ledger", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OptionalLong next =
                found.size() == limit ? OptionalLong.of(found.getLast().sequence()) : OptionalLong.empty();
        return new AuditPage(found, next);
    }

    /** The event with id {@code eventId}. */
    public Optional<AuditRecord> byId(String eventId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT + " WHERE e.event_id = ?")) {
            select.setString(1, eventId);
            try (ResultSet found = select.executeQuery()) {
                return found.next() ? Optional.of(record(found)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot read audit event id=" + eventId, e);
        }
    }

    /**
     * Streams every row matching {@code filter}, in stream order, to {@code sink}, through a server-side cursor: memory
     * stays flat however many rows match.
     *
     * @return how many rows were passed to {@code sink}
     * @throws IOException when {@code sink} fails; the read stops there
     */
    public long forEach(AuditFilter filter, RecordSink sink) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL's driver honours the fetch size only inside a transaction
            connection.setAutoCommit(false);
            try {
                FilterSql sql = FilterSql.of(filter, keyring, connection);
                return sql.matchesNothing() ? 0 : read(connection, sql, 0, 0, sink);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot export the audit ledger", e);
        }
    }

    /** Reads matching rows after {@code afterSequence}, at most {@code limit} (0 for all). */
    private long read(Connection connection, FilterSql sql, long afterSequence, int limit, RecordSink sink)
            throws SQLException, IOException {
        String query = SELECT + " WHERE " + sql.where() + " ORDER BY e.stream_seq" + (limit > 0 ? " LIMIT ?" : "");
        try (PreparedStatement select = connection.prepareStatement(query)) {
            select.setFetchSize(FETCH_SIZE);
            int next = sql.bind(select, afterSequence);
            if (limit > 0) {
                select.setInt(next, limit);
            }
            long count = 0;
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    sink.accept(record(found));
                    count++;
                }
            }
            return count;
        }
    }

    private AuditRecord record(ResultSet found) throws SQLException {
        StoredEntry stored = rows.read(found);
        Pseudonym pseudonym = stored.entry().pseudonym();
        AuditEvent event = stored.entry().event();
        Optional<ActorIdentity> identity =
                keyring.open(pseudonym, Optional.ofNullable(found.getBytes("wrapped_key")), event.id());
        return new AuditRecord(
                stored.sequence(),
                identity.map(who -> withIdentity(event, who)).orElse(event),
                pseudonym.keyId(),
                pseudonym.isPresent() && identity.isEmpty(),
                ChainHash.hex(stored.hash()));
    }

    private static AuditEvent withIdentity(AuditEvent event, ActorIdentity identity) {
        var actor = new Actor(
                identity.subject(),
                event.actor().roles(),
                identity.clientAddress(),
                event.actor().authMethod());
        try {
            return new AuditEvent(
                    event.id(),
                    event.time(),
                    actor,
                    event.action(),
                    event.target(),
                    event.outcome(),
                    event.reason(),
                    event.requestId(),
                    event.decisionId(),
                    event.latencyMicros(),
                    event.requestBytes(),
                    event.responseBytes(),
                    event.findings(),
                    event.details(),
                    event.emitter());
        } catch (RuntimeException e) {
            throw new AuditException("cannot rebuild audit event id=" + event.id(), e);
        }
    }
}
