package io.faasioflex.platform.auditlog;

import io.faasioflex.audit.ledger.AuditSchema;
import io.faasioflex.audit.ledger.AuditSigningKey;
import io.faasioflex.audit.projection.ProjectionLagProbe;
import io.faasioflex.audit.pseudonym.PseudonymKey;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.faasioflex.audit.query.AuditExport;
import io.faasioflex.audit.query.AuditQuery;
import io.faasioflex.audit.retention.AuditRetention;
import io.faasioflex.audit.retention.LegalHolds;
import io.faasioflex.audit.verify.AuditVerifier;
import io.faasioflex.platform.config.LedgerSettings;
import io.faasioflex.platform.health.DependencyCheck;
import io.faasioflex.platform.health.NamedCheck;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgreSQL audit ledger: schema, keys, queries, verification, legal holds and retention. */
@Factory
final class LedgerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerFactory.class);

    @Singleton
    LedgerDatabase ledgerDatabase(DataSource dataSource) {
        int applied = AuditSchema.migrate(dataSource);
        LOG.info("audit ledger schema ready migrations-applied={}", applied);
        return new LedgerDatabase(dataSource);
    }

    @Singleton
    AuditSigningKey signingKey(LedgerSettings settings) {
        if (!settings.signingKeyFile().isBlank()) {
            return AuditSigningKey.fromFile(Path.of(settings.signingKeyFile()));
        }
        if (!settings.signingKey().isBlank()) {
            return AuditSigningKey.fromPkcs8Base64(settings.signingKey());
        }
        throw new IllegalStateException("faas.audit.signing-key-file (or signing-key) must name the Ed25519 key "
                + "that signs audit checkpoints; deploy/services.sh generates one");
    }

    @Singleton
    SubjectKeyring subjectKeyring(LedgerDatabase ledger, LedgerSettings settings) {
        return new SubjectKeyring(ledger.dataSource(), PseudonymKey.fromBase64(pseudonymSecret(settings)));
    }

    @Singleton
    AuditQuery auditQuery(LedgerDatabase ledger, ObjectMapper json, SubjectKeyring keyring) {
        return new AuditQuery(ledger.dataSource(), json, keyring);
    }

    @Singleton
    AuditExport auditExport(AuditQuery query) {
        return new AuditExport(query);
    }

    @Singleton
    AuditVerifier auditVerifier(
            LedgerDatabase ledger, ObjectMapper json, AuditSigningKey key, LedgerSettings settings) {
        return new AuditVerifier(
                ledger.dataSource(),
                json,
                key.trustedKeys(),
                Optional.of(settings.maxCheckpointGap()),
                Clock.systemUTC());
    }

    @Singleton
    LegalHolds legalHolds(LedgerDatabase ledger) {
        return new LegalHolds(ledger.dataSource(), Clock.systemUTC());
    }

    @Singleton
    AuditRetention auditRetention(LedgerDatabase ledger, ObjectMapper json, AuditSigningKey key) {
        return new AuditRetention(ledger.dataSource(), json, key, key.trustedKeys(), Clock.systemUTC());
    }

    @Singleton
    ProjectionLagProbe projectionLag(Connection nats, LedgerDatabase ledger) {
        return new ProjectionLagProbe(nats, ledger.dataSource());
    }

    /** The projection's lag behind the stream; down when PostgreSQL cannot be read. */
    @Singleton
    DependencyCheck projectionCheck(ProjectionLagProbe probe) {
        return new NamedCheck("audit-ledger", () -> {
            var lag = probe.measure();
            return DependencyCheck.State.up("projection lag events=" + lag.events());
        });
    }

    private static String pseudonymSecret(LedgerSettings settings) {
        if (!settings.pseudonymKeyFile().isBlank()) {
            try {
                return Files.readString(Path.of(settings.pseudonymKeyFile())).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read faas.audit.pseudonym-key-file", e);
            }
        }
        if (!settings.pseudonymKey().isBlank()) {
            return settings.pseudonymKey();
        }
        throw new IllegalStateException("faas.audit.pseudonym-key-file (or pseudonym-key) must hold the secret that "
                + "protects actor identities in the ledger; deploy/services.sh generates one");
    }
}
