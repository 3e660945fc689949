package io.faasioflex.audit.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.faasioflex.audit.AuditStreamProvisioner;
import io.faasioflex.audit.JetStreamAuditPublisher;
import io.faasioflex.audit.projection.AuditProjector;
import io.faasioflex.audit.projection.ProjectorSettings;
import io.faasioflex.audit.pseudonym.PseudonymKey;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.faasioflex.audit.query.AuditExport;
import io.faasioflex.audit.query.AuditFilter;
import io.faasioflex.audit.query.AuditQuery;
import io.faasioflex.audit.query.ExportFormat;
import io.faasioflex.audit.testing.NatsServerProcess;
import io.faasioflex.audit.testing.PostgresProcess;
import io.faasioflex.audit.verify.AuditVerifier;
import io.faasioflex.audit.verify.VerificationReport;
import io.nats.client.Connection;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Measures the audit pipeline on this machine (not a test; run it by hand, see audit/LEDGER.md): events per second
 * into JetStream, through the projector into PostgreSQL, projection lag p50/p99 under a paced load, then export and
 * verification speed. Runs once with JetStream's default file sync and once with {@code sync_interval: always}.
 * PostgreSQL runs with its durable defaults (fsync on). Everything is on loopback and bounded in count and time.
 *
 * <p>Arguments (all optional): burst events (default 50000), paced seconds (default 20).
 */
public final class AuditBenchmark {

    private static final int IN_FLIGHT = 2_000;

    private AuditBenchmark() {}

    public static void main(String[] args) throws Exception {
        int burst = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int pacedSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.printf(
                "audit benchmark: %d cores, burst %d events, paced load %d s%n",
                Runtime.getRuntime().availableProcessors(), burst, pacedSeconds);
        run("nats default sync (2 min)", NatsServerProcess.Options.defaults(), burst, pacedSeconds);
        Path config = Files.createTempFile("nats-sync-always", ".conf");
        Files.writeString(config, "jetstream {\n  sync_interval: always\n}\n");
        run(
                "nats sync_interval: always",
                NatsServerProcess.Options.defaults().withExtraArgs("-c", config.toString()),
                burst,
                pacedSeconds);
        Files.delete(config);
    }

    private static void run(String label, NatsServerProcess.Options natsOptions, int burst, int pacedSeconds)
            throws Exception {
        System.out.printf("%n== %s, PostgreSQL fsync on ==%n", label);
        try (var nats = NatsServerProcess.start(natsOptions);
                var postgres = PostgresProcess.start(PostgresProcess.Options.durableDefaults());
                Connection connection = nats.connect();
                HikariDataSource dataSource = pool(postgres)) {
            AuditSchema.migrate(dataSource);
            new AuditStreamProvisioner(connection).provision();
            var publisher = new JetStreamAuditPublisher(connection, LedgerHarness.MAPPER);
            var signingKey = AuditSigningKey.generate();
            var keyring = new SubjectKeyring(dataSource, PseudonymKey.generate());

            double published = publishBurst(publisher, burst);
            System.out.printf(
                    Locale.ROOT, "into JetStream (burst, %d in flight): %,.0f events/s%n", IN_FLIGHT, published);

            try (var projector = new AuditProjector(
                    connection,
                    dataSource,
                    LedgerHarness.MAPPER,
                    keyring,
                    signingKey,
                    ProjectorSettings.defaults(),
                    Clock.systemUTC())) {
                long start = System.nanoTime();
                projector.start();
                awaitProjected(projector);
                double drained = burst / seconds(start);
                System.out.printf(Locale.ROOT, "through the projector (draining the burst): %,.0f events/s%n", drained);

                double rate = 0.7 * Math.min(published, drained);
                long before = applied(dataSource);
                double achieved = publishPaced(publisher, rate, pacedSeconds);
                awaitProjected(projector);
                System.out.printf(
                        Locale.ROOT,
                        "paced load: asked %,.0f events/s, sent %,.0f events/s for %d s%n",
                        rate,
                        achieved,
                        pacedSeconds);
                printLag(dataSource, before);
            }
            measureExportAndVerify(dataSource, keyring, signingKey);
        }
    }

    private static double publishBurst(JetStreamAuditPublisher publisher, int count) {
        var permits = new Semaphore(IN_FLIGHT);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            permits.acquireUninterruptibly();
            publisher.publish(LedgerHarness.event(i)).whenComplete((ok, error) -> permits.release());
        }
        permits.acquireUninterruptibly(IN_FLIGHT);
        return count / seconds(start);
    }

    private static double publishPaced(JetStreamAuditPublisher publisher, double rate, int seconds)
            throws InterruptedException {
        var permits = new Semaphore(IN_FLIGHT);
        var ackMicros = new long[(int) (rate * seconds * 1.2) + IN_FLIGHT];
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        int sent = 0;
        while (System.nanoTime() < end && sent < ackMicros.length) {
            long wait = start + (long) (sent * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            permits.acquireUninterruptibly();
            int index = sent++;
            long sentAt = System.nanoTime();
            publisher.publish(LedgerHarness.event(index)).whenComplete((ok, error) -> {
                ackMicros[index] = (System.nanoTime() - sentAt) / 1_000;
                permits.release();
            });
        }
        permits.acquireUninterruptibly(IN_FLIGHT);
        double achieved = sent / seconds(start);
        long[] sorted = Arrays.copyOf(ackMicros, sent);
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "publish acknowledgement under paced load: p50 %.1f ms, p99 %.1f ms%n",
                sorted[sent / 2] / 1000.0,
                sorted[(int) (sent * 0.99)] / 1000.0);
        return achieved;
    }

    private static void printLag(HikariDataSource dataSource, long afterSequence) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement("SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),"
                        + " percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag) FROM (SELECT"
                        + " extract(epoch FROM projected_at - event_time) * 1000 AS lag FROM audit_events"
                        + " WHERE stream_seq > ?) l")) {
            select.setLong(1, afterSequence);
            try (var rows = select.executeQuery()) {
                rows.next();
                System.out.printf(
                        Locale.ROOT,
                        "projection lag over %d events (event time to row written):"
                                + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        rows.getLong(1),
                        rows.getDouble(2),
                        rows.getDouble(3),
                        rows.getDouble(4));
            }
        }
    }

    private static void measureExportAndVerify(
            HikariDataSource dataSource, SubjectKeyring keyring, AuditSigningKey signingKey) throws Exception {
        var query = new AuditQuery(dataSource, LedgerHarness.MAPPER, keyring);
        long start = System.nanoTime();
        long rows = new AuditExport(query).write(AuditFilter.all(), ExportFormat.OCSF, OutputStream.nullOutputStream());
        System.out.printf(
                Locale.ROOT,
                "OCSF export: %,d rows at %,.0f rows/s (max heap %d MiB)%n",
                rows,
                rows / seconds(start),
                Runtime.getRuntime().maxMemory() >> 20);

        var verifier = new AuditVerifier(
                dataSource, LedgerHarness.MAPPER, signingKey.trustedKeys(), Optional.empty(), Clock.systemUTC());
        start = System.nanoTime();
        VerificationReport report = verifier.verify();
        System.out.printf(
                Locale.ROOT,
                "verification: %,d rows, %d checkpoints at %,.0f rows/s, intact=%s%n",
                report.rowsChecked(),
                report.checkpointsChecked(),
                report.rowsChecked() / seconds(start),
                report.intact());
    }

    private static void awaitProjected(AuditProjector projector) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (projector.lag().events() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("projector did not catch up within 5 minutes");
            }
            Thread.sleep(20);
        }
    }

    private static long applied(HikariDataSource dataSource) throws SQLException {
        try (var c = dataSource.getConnection();
                var rows = c.createStatement().executeQuery("SELECT applied_seq FROM projector_state")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static HikariDataSource pool(PostgresProcess postgres) {
        var config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
