package io.faasioflex.platform.nats;

import io.faasioflex.audit.AuditPublisher;
import io.faasioflex.audit.AuditStreamProvisioner;
import io.faasioflex.audit.AuditStreamReader;
import io.faasioflex.audit.JetStreamAuditPublisher;
import io.faasioflex.platform.config.PlatformSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The NATS connection every role shares, and the audit stream on top of it. */
@Factory
final class NatsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(NatsFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    Connection connection(PlatformSettings settings) {
        Options options = Options.builder()
                .server(settings.natsUrl())
                .connectionName("faasioflex-" + settings.instanceId())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionListener(NatsFactory::onEvent)
                .build();
        try {
            Connection connection = Nats.connect(options);
            checkPayloadLimit(connection, settings);
            return connection;
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to NATS at " + settings.natsUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        }
    }

    @Singleton
    AuditPublisher auditPublisher(Connection connection, ObjectMapper json) {
        new AuditStreamProvisioner(connection).provision();
        return new JetStreamAuditPublisher(connection, json);
    }

    @Singleton
    AuditStreamReader auditReader(Connection connection, ObjectMapper json) {
        return new AuditStreamReader(connection, json);
    }

    private static void checkPayloadLimit(Connection connection, PlatformSettings settings) {
        long maxPayload = connection.getServerInfo().getMaxPayload();
        // Headers and framing ride along with the body, so keep a margin below the server's limit.
        if (settings.maxBodyBytes() + 64 * 1024 > maxPayload) {
            throw new IllegalStateException("faas.max-body-bytes=" + settings.maxBodyBytes()
                    + " does not fit NATS max_payload=" + maxPayload
                    + "; raise max_payload in the NATS configuration or lower the body limit");
        }
    }

    private static void onEvent(Connection connection, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED, CLOSED -> LOG.warn("nats connection event={}", event);
            default -> LOG.info("nats connection event={}", event);
        }
    }
}
