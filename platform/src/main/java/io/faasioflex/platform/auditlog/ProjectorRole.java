package io.faasioflex.platform.auditlog;

import io.faasioflex.audit.ledger.AuditSigningKey;
import io.faasioflex.audit.projection.AuditProjector;
import io.faasioflex.audit.projection.ProjectorSettings;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.faasioflex.audit.retention.AuditRetention;
import io.faasioflex.platform.config.LedgerSettings;
import io.faasioflex.platform.config.PlatformSettings;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector role: projects the {@code AUDIT} stream into the PostgreSQL ledger with its hash chain and signed
 * checkpoints, and runs the retention job. Any number of processes may run it; they share one durable consumer.
 */
@Singleton
final class ProjectorRole {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectorRole.class);

    private final PlatformSettings platform;
    private final LedgerSettings ledger;
    private final AuditProjector projector;
    private final AuditRetention retention;
    private ScheduledExecutorService retentionJob;

    ProjectorRole(
            PlatformSettings platform,
            LedgerSettings ledger,
            Connection nats,
            LedgerDatabase database,
            ObjectMapper json,
            SubjectKeyring keyring,
            AuditSigningKey key,
            AuditRetention retention) {
        this.platform = platform;
        this.ledger = ledger;
        this.retention = retention;
        ProjectorSettings settings = ProjectorSettings.defaults()
                .withCheckpoints(ledger.checkpointEveryEvents(), ledger.checkpointInterval());
        this.projector =
                new AuditProjector(nats, database.dataSource(), json, keyring, key, settings, Clock.systemUTC());
    }

    @EventListener
    void start(StartupEvent event) {
        if (!platform.runs("projector")) {
            return;
        }
        projector.start();
        if (!ledger.retention().isZero()) {
            retentionJob = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().factory());
            long every = ledger.retentionCheck().toSeconds();
            retentionJob.scheduleWithFixedDelay(this::applyRetention, every, every, TimeUnit.SECONDS);
        }
        LOG.info("projector role started retention={}", ledger.retention());
    }

    @PreDestroy
    void stop() {
        if (retentionJob != null) {
            retentionJob.shutdownNow();
        }
        projector.close();
    }

    private void applyRetention() {
        try {
            var result = retention.apply(ledger.retention());
            LOG.info("audit retention deleted={} {}", result.deletedEvents(), result.explanation());
        } catch (RuntimeException e) {
            LOG.error("audit retention failed", e);
        }
    }
}
