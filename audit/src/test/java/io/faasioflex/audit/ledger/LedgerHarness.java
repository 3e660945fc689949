package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditStream;
import io.faasioflex.audit.AuditStreamProvisioner;
import io.faasioflex.audit.JetStreamAuditPublisher;
import io.faasioflex.audit.Target;
import io.faasioflex.audit.projection.AuditProjector;
import io.faasioflex.audit.projection.ProjectorSettings;
import io.faasioflex.audit.pseudonym.PseudonymKey;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.faasioflex.audit.testing.NatsServerProcess;
import io.faasioflex.audit.testing.PostgresProcess;
import io.faasioflex.audit.verify.AuditVerifier;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A real nats-server and PostgreSQL for ledger tests, with a fresh database and a fresh {@code AUDIT} stream per test
 * ({@link #reset()}), and helpers to publish events, run projectors, verify and tamper.
 */
final class LedgerHarness implements AutoCloseable {

    static final ObjectMapper MAPPER = ObjectMapper.getDefault();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    final NatsServerProcess nats;
    final PostgresProcess postgres;
    final Connection connection;
    final AuditSigningKey signingKey = AuditSigningKey.generate();
    final String pseudonymKeyBase64 = PseudonymKey.newBase64();
    final PseudonymKey pseudonymKey = PseudonymKey.fromBase64(pseudonymKeyBase64);
    private final List<AutoCloseable> perTest = new ArrayList<>();
    HikariDataSource dataSource;
    String database;
    JetStreamAuditPublisher publisher;

    LedgerHarness() {
        nats = NatsServerProcess.start();
        postgres = PostgresProcess.start();
        connection = nats.connect();
    }

    /** A fresh database (migrated) and a fresh, empty audit stream. */
    void reset() throws IOException, JetStreamApiException {
        closePerTest();
        database = "ledger_" + DATABASES.incrementAndGet();
        postgres.createDatabase(database);
        dataSource = dataSource(database);
        AuditSchema.migrate(dataSource);
        var management = connection.jetStreamManagement();
        if (management.getStreamNames().contains(AuditStream.NAME)) {
            management.deleteStream(AuditStream.NAME);
        }
        new AuditStreamProvisioner(connection).provision();
        publisher = new JetStreamAuditPublisher(connection, MAPPER);
        perTest.add(publisher);
        perTest.add(dataSource);
    }

    HikariDataSource dataSource(String database) {
        var config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl(database));
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    SubjectKeyring keyring() {
        return new SubjectKeyring(dataSource, pseudonymKey);
    }

    AuditProjector projector(ProjectorSettings settings) {
        return projector(connection, settings);
    }

    AuditProjector projector(Connection nats, ProjectorSettings settings) {
        var projector =
                new AuditProjector(nats, dataSource, MAPPER, keyring(), signingKey, settings, Clock.systemUTC());
        perTest.add(projector);
        return projector;
    }

    static ProjectorSettings fastSettings() {
        return ProjectorSettings.defaults().withBatchSize(100).withAckWait(Duration.ofSeconds(5));
    }

    AuditVerifier verifier() {
        return new AuditVerifier(dataSource, MAPPER, signingKey.trustedKeys(), Optional.empty(), Clock.systemUTC());
    }

    /** Publishes {@code count} sample events and waits for their acknowledgements. */
    List<AuditEvent> publish(int count) {
        var events = new ArrayList<AuditEvent>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(i));
        }
        return publish(events);
    }

    /** Publishes {@code events} and waits for their acknowledgements. */
    List<AuditEvent> publish(List<AuditEvent> events) {
        var acknowledged = new ArrayList<CompletableFuture<Void>>(events.size());
        for (AuditEvent event : events) {
            acknowledged.add(publisher.publish(event));
        }
        CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).join();
        return events;
    }

    /** Runs a projector until the whole stream is in the ledger, then stops it. */
    void project(ProjectorSettings settings) {
        try (AuditProjector projector = projector(settings)) {
            projector.start();
            awaitProjected(Duration.ofSeconds(30));
        }
    }

    static AuditEvent event(int i) {
        return AuditEvent.builder(i % 3 == 0 ? "function.register" : "function.invoke")
                .actor(new Actor("user-" + (i % 5), List.of("developer"), "127.0.0." + (1 + i % 7), "jwt"))
                .target(Target.function("team-" + (i % 2), "fn-" + (i % 4), 1 + i % 3))
                .outcome(
                        i % 10 == 9 ? io.faasioflex.audit.Outcome.DENIED : io.faasioflex.audit.Outcome.SUCCESS,
                        i % 10 == 9 ? "policy says no" : "")
                .requestId("req-" + i)
                .decisionId("dec-" + i)
                .latencyMicros(100 + i)
                .sizes(10L * i, 20L * i)
                .finding(i % 4 == 0 ? "email" : "none", i % 4)
                .detail("method", "POST")
                .detail("path", "/functions/fn-" + (i % 4))
                .emitter("test-instance")
                .build();
    }

    long count(String sql) throws SQLException {
        try (var c = dataSource.getConnection();
                var rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    long streamLastSequence() throws IOException, JetStreamApiException {
        return connection
                .jetStreamManagement()
                .getStreamInfo(AuditStream.NAME)
                .getStreamState()
                .getLastSequence();
    }

    /** Runs {@code statements} as the table owner with the ledger's append-only triggers disabled: an attacker. */
    void tamper(String... statements) throws SQLException {
        try (var c = dataSource.getConnection();
                var statement = c.createStatement()) {
            c.setAutoCommit(false);
            statement.execute("ALTER TABLE audit_events DISABLE TRIGGER USER");
            statement.execute("ALTER TABLE checkpoints DISABLE TRIGGER USER");
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("ALTER TABLE audit_events ENABLE TRIGGER USER");
            statement.execute("ALTER TABLE checkpoints ENABLE TRIGGER USER");
            c.commit();
        }
    }

    static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("condition not met within " + timeout)
                    .isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Waits until the projection has consumed the whole stream. */
    void awaitProjected(Duration timeout) {
        await(timeout, () -> {
            try {
                return count("SELECT applied_seq FROM projector_state") == streamLastSequence();
            } catch (SQLException | IOException | JetStreamApiException e) {
                return false;
            }
        });
    }

    private void closePerTest() {
        for (AutoCloseable closeable : perTest.reversed()) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the test is over; a failure to close must not hide its result
            }
        }
        perTest.clear();
    }

    @Override
    public void close() throws InterruptedException {
        closePerTest();
        connection.close();
        nats.close();
        postgres.close();
    }
}
