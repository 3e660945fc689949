package io.faasioflex.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditStream;
import io.faasioflex.platform.instance.InstancePool;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import io.faasioflex.policy.testing.OpaServerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailClosedIT {

    @Test
    void unreachablePolicyServerRefusesEveryActionWith503() {
        try (OpaServerProcess opa = OpaServerProcess.start();
                PlatformHarness platform = PlatformHarness.start(
                        Map.of("faas.policy.engine", "remote", "faas.policy.remote-url", opa.url()))) {
            String developer = platform.token("dev@example.com", "developer");
            platform.register(developer, Functions.echo("before"));

            opa.stop();
            ApiResponse register = platform.postJson("/functions", developer, Functions.echo("after"));
            ApiResponse invoke = platform.post("/functions/before/invoke", developer, "x".getBytes(), "text/plain");
            ApiResponse read = platform.get("/functions/before", developer);

            assertThat(register.status()).isEqualTo(503);
            assertThat(platform.json(register)).containsEntry("code", "policy_unavailable");
            assertThat(register.header("Retry-After")).isNotBlank();
            assertThat(invoke.status()).isEqualTo(503);
            assertThat(read.status()).isEqualTo(503);
            assertThat(platform.get("/health", null).status()).isEqualTo(503);
            assertThat(platform.auditEvent(register, "authz.decision").reason()).isEqualTo("policy_unavailable");
            assertThat(platform.auditActions(register)).doesNotContain("function.register");
        }
    }

    @Test
    void jetStreamDownRefusesChangesAndInvocationsAndChangesNothing() {
        try (PlatformHarness platform = PlatformHarness.start()) {
            String developer = platform.token("dev@example.com", "developer");
            platform.register(developer, Functions.echo("kept"));

            platform.nats().stop();
            ApiResponse register = platform.postJson("/functions", developer, Functions.echo("lost"));
            ApiResponse invoke = platform.post("/functions/kept/invoke", developer, "x".getBytes(), "text/plain");
            ApiResponse delete = platform.delete("/functions/kept", developer);
            platform.nats().restart();
            awaitReconnected(platform);

            assertThat(register.status()).isEqualTo(503);
            assertThat(invoke.status()).isEqualTo(503);
            assertThat(delete.status()).isEqualTo(503);
            assertThat(platform.get("/functions/lost", developer).status()).isEqualTo(404);
            assertThat(platform.get("/functions/kept", developer).status()).isEqualTo(200);
        }
    }

    @Test
    void fullAuditStreamRefusesChangesReadsAndInvocationsAndRunsNoFunction() throws Exception {
        try (PlatformHarness platform = PlatformHarness.start();
                Connection operator = platform.nats().connect()) {
            String developer = platform.token("dev@example.com", "developer");
            platform.register(developer, Functions.echo("kept"));
            JetStreamManagement streams = operator.jetStreamManagement();
            StreamInfo audit = streams.getStreamInfo(AuditStream.NAME);

            // An operator caps the stream at what it holds: with discard-new, JetStream refuses every further event.
            streams.updateStream(StreamConfiguration.builder(audit.getConfiguration())
                    .maxMessages(audit.getStreamState().getMsgCount())
                    .build());
            ApiResponse register = platform.postJson("/functions", developer, Functions.echo("lost"));
            ApiResponse invoke = platform.post("/functions/kept/invoke", developer, "x".getBytes(), "text/plain");
            ApiResponse read = platform.get("/functions/kept", developer);
            int instancesWhileFull = platform.context()
                    .getBean(InstancePool.class)
                    .instances("default", "kept")
                    .size();
            streams.updateStream(StreamConfiguration.builder(audit.getConfiguration())
                    .maxMessages(-1)
                    .build());

            assertThat(register.status()).isEqualTo(503);
            assertThat(invoke.status()).isEqualTo(503);
            assertThat(platform.json(invoke)).containsEntry("code", "audit_unavailable");
            assertThat(read.status()).isEqualTo(503);
            assertThat(instancesWhileFull).isZero();
            assertThat(platform.get("/functions/lost", developer).status()).isEqualTo(404);
            assertThat(platform.get("/functions/kept", developer).status()).isEqualTo(200);
        }
    }

    private static void awaitReconnected(PlatformHarness platform) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            if (platform.get("/health", null).status() == 200) {
                return;
            }
            sleep();
        }
        throw new AssertionError("platform did not reconnect to NATS");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
