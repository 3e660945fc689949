package io.faasioflex.platform.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * Settings of this platform process, under {@code faas.*} in {@code application.yml}; every key can be overridden
 * by an environment variable ({@code FAAS_NATS_URL} for {@code faas.nats-url}, and so on).
 *
 * @param instanceId identifies this process in audit events and container labels
 * @param roles the roles this process runs: {@code api}, {@code manager}
 * @param natsUrl where NATS with JetStream listens
 * @param maxBodyBytes largest request or response body of an invocation; must stay below NATS's max_payload
 * @param invokeGrace time added to a function's timeout for queueing and cold start when waiting for a manager
 * @param defaultNamespace the namespace used when a request names none
 */
@ConfigurationProperties("faas")
public record PlatformSettings(
        @Bindable(defaultValue = "") String instanceId,
        @Bindable(defaultValue = "api,manager") List<String> roles,
        @Bindable(defaultValue = "nats://127.0.0.1:4222") String natsUrl,
        @Bindable(defaultValue = "6291456") long maxBodyBytes,
        @Bindable(defaultValue = "15s") Duration invokeGrace,
        @Bindable(defaultValue = "default") String defaultNamespace) {

    public PlatformSettings {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = hostName();
        }
    }

    public boolean runs(String role) {
        return roles.contains(role);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "faasioflex";
        }
    }
}
