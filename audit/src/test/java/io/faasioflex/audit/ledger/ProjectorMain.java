package io.faasioflex.audit.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.faasioflex.audit.projection.AuditProjector;
import io.faasioflex.audit.projection.ProjectorSettings;
import io.faasioflex.audit.pseudonym.PseudonymKey;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Nats;
import java.time.Clock;
import java.time.Duration;

/**
 * A projector in a process of its own, for the test that kills one with SIGKILL. Arguments: NATS URL, JDBC URL,
 * user, password, signing key (PKCS#8 Base64), pseudonymisation key (Base64), batch size. Runs until killed.
 */
public final class ProjectorMain {

    private ProjectorMain() {}

    public static void main(String[] args) throws Exception {
        var config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setUsername(args[2]);
        config.setPassword(args[3]);
        config.setMaximumPoolSize(2);
        var settings = ProjectorSettings.defaults()
                .withBatchSize(Integer.parseInt(args[6]))
                .withAckWait(Duration.ofSeconds(5));
        var projector = new AuditProjector(
                Nats.connect(args[0]),
                new HikariDataSource(config),
                ObjectMapper.getDefault(),
                new SubjectKeyring(new HikariDataSource(config), PseudonymKey.fromBase64(args[5])),
                AuditSigningKey.fromPkcs8Base64(args[4]),
                settings,
                Clock.systemUTC());
        projector.start();
        Thread.sleep(Duration.ofMinutes(10));
    }
}
