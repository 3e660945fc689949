package io.faasioflex.audit.retention;

import io.faasioflex.audit.ledger.LedgerEntry;
import io.faasioflex.audit.ledger.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Places, releases and lists legal holds on ranges of audit events. */
public final class LegalHolds {

    private static final Logger LOG = LoggerFactory.getLogger(LegalHolds.class);
    private static final String COLUMNS =
            "hold_id, reason, covers_from, covers_until, placed_by, placed_at, released_by, released_at";

    private final DataSource dataSource;
    private final Clock clock;

    public LegalHolds(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Places a hold on events with {@code coversFrom <= time < coversUntil}. */
    public LegalHold place(String reason, Instant coversFrom, Instant coversUntil, String placedBy) {
        if (!coversFrom.isBefore(coversUntil)) {
            throw new IllegalArgumentException(
                    "a legal hold must cover a time range, got " + coversFrom + " to " + coversUntil);
        }
        var hold = new LegalHold(
                UUID.randomUUID().toString(),
                reason,
                coversFrom,
                coversUntil,
                placedBy,
                LedgerEntry.storedTime(clock.instant()),
                Optional.empty(),
                Optional.empty());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO legal_holds (hold_id, reason,"
                        + " covers_from, covers_until, placed_by, placed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, UUID.fromString(hold.id()));
            insert.setString(2, reason);
            insert.setTimestamp(3, Timestamp.from(coversFrom));
            insert.setTimestamp(4, Timestamp.from(coversUntil));
            insert.setString(5, placedBy);
            insert.setTimestamp(6, Timestamp.from(hold.placedAt()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw Sql.failure("cannot place a legal hold", e);
        }
        LOG.info("legal hold placed hold={} from={} until={}", hold.id(), coversFrom, coversUntil);
        return hold;
    }

    /** Releases the active hold {@code holdId}; returns whether there was one. */
    public boolean release(String holdId, String releasedBy) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE legal_holds SET released_by = ?,"
                        + " released_at = ? WHERE hold_id = ? AND released_at IS NULL")) {
            update.setString(1, releasedBy);
            update.setTimestamp(2, Timestamp.from(clock.instant()));
            update.setObject(3, UUID.fromString(holdId));
            boolean released = update.executeUpdate() == 1;
            if (released) {
                LOG.info("legal hold released hold={}", holdId);
            }
            return released;
        } catch (SQLException e) {
            throw Sql.failure("cannot release legal hold " + holdId, e);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every hold, active and released, newest first. */
    public List<LegalHold> list() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT " + COLUMNS + " FROM legal_holds ORDER BY placed_at DESC");
                ResultSet rows = select.executeQuery()) {
            var holds = new ArrayList<LegalHold>();
            while (rows.next()) {
                holds.add(read(rows));
            }
            return holds;
        } catch (SQLException e) {
            throw Sql.failure("cannot list legal holds", e);
        }
    }

    private static LegalHold read(ResultSet rows) throws SQLException {
        Timestamp releasedAt = rows.getTimestamp("released_at");
        return new LegalHold(
                rows.getObject("hold_id").toString(),
                rows.getString("reason"),
                rows.getTimestamp("covers_from").toInstant(),
                rows.getTimestamp("covers_until").toInstant(),
                rows.getString("placed_by"),
                rows.getTimestamp("placed_at").toInstant(),
                Optional.ofNullable(rows.getString("released_by")),
                Optional.ofNullable(releasedAt).map(Timestamp::toInstant));
    }
}
