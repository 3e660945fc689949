package io.faasioflex.audit.projection;

import io.faasioflex.audit.ledger.Sql;
import io.nats.client.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Measures the projection's lag from NATS and PostgreSQL, in any role: the stream's last sequence minus the projector's
 * stored position.
 */
public final class ProjectionLagProbe {

    private final StreamFeed feed;
    private final DataSource dataSource;

    public ProjectionLagProbe(Connection nats, DataSource dataSource) {
        this(new StreamFeed(Objects.requireNonNull(nats, "nats"), ProjectorSettings.defaults()), dataSource);
    }

    ProjectionLagProbe(StreamFeed feed, DataSource dataSource) {
        this.feed = feed;
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Reads both positions now.
     *
     * @throws io.faasioflex.audit.AuditUnavailableException when NATS or PostgreSQL cannot be reached
     */
    public ProjectionLag measure() {
        long applied = appliedSequence();
        return new ProjectionLag(feed.lastSequence(), applied);
    }

    private long appliedSequence() {
        try (var connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT applied_seq FROM projector_state WHERE id = 1");
                ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw Sql.failure("cannot read the audit projector's position", e);
        }
    }
}
