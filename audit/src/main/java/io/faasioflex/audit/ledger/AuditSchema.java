package io.faasioflex.audit.ledger;

import io.faasioflex.audit.AuditException;
import io.faasioflex.audit.AuditUnavailableException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's PostgreSQL schema, managed by Flyway from {@code classpath:db/migration} ({@code V1__audit_events.sql}
 * and following, in this module).
 *
 * <p>An application that runs Flyway itself (for example through micronaut-flyway with that location) need not call
 * this; it is for roles and tools that have no such set-up.
 */
public final class AuditSchema {

    /** Where the migrations live. */
    public static final String LOCATION = "classpath:db/migration";

    private static final Logger LOG = LoggerFactory.getLogger(AuditSchema.class);

    private AuditSchema() {}

    /**
     * Brings the schema of {@code dataSource} up to date.
     *
     * @return how many migrations were applied now
     */
    public static int migrate(DataSource dataSource) {
        try {
            int applied = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .load()
                    .migrate()
                    .migrationsExecuted;
            LOG.info("audit schema migrated migrations-applied={}", applied);
            return applied;
        } catch (FlywayException e) {
            if (e.getCause() instanceof SQLException sql && Sql.isUnavailable(sql)) {
                throw new AuditUnavailableException("cannot reach the audit database to migrate it", e);
            }
            throw new AuditException("audit schema migration failed: " + e.getMessage(), e);
        }
    }
}
