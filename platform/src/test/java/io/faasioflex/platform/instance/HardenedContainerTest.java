package io.faasioflex.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.platform.function.FunctionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HardenedContainerTest {

    private final RuntimeSettings settings = new RuntimeSettings(
            Path.of("/opt/faas/watchdog"),
            Path.of("/tmp/faas-test"),
            Duration.ofSeconds(60),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            64,
            16,
            "owner-1",
            false);

    @Test
    void stdioFunctionsGetTheirArgvAsJsonAndCannotOverrideWatchdogSettings() {
        FunctionSpec spec = new FunctionSpec(
                "ns",
                "f",
                3,
                "img",
                io.faasioflex.platform.function.FunctionMode.stdio,
                List.of("/bin/sh", "-c", "echo \"hi\"\n"),
                Map.of("FAAS_MODE", "http", "A", "1"),
                64,
                0.5,
                2000,
                1,
                1,
                8080,
                "/",
                "text/plain",
                java.time.Instant.now(),
                "me",
                "internal",
                false);

        List<String> env = HardenedContainer.environment(spec, ImageCheck.unavailable("img", "unused"), 4096);

        assertThat(env)
                .contains(
                        "A=1",
                        "FAAS_MODE=stdio",
                        "FAAS_TIMEOUT_MS=2000",
                        "FAAS_CONTENT_TYPE=text/plain",
                        "FAAS_SOCKET=/faas/run/watchdog.sock",
                        "FAAS_MAX_BODY_BYTES=4096",
                        "FAAS_COMMAND=[\"/bin/sh\",\"-c\",\"echo \\\"hi\\\"\\n\"]");
        assertThat(env).filteredOn(entry -> entry.startsWith("FAAS_MODE=")).hasSize(1);
    }

    @Test
    void httpFunctionsWithoutACommandStartTheImageEntrypointAndCommand() {
        FunctionSpec spec = TestSpecs.withVersion(TestSpecs.http("web"), 1);
        FunctionSpec noCommand = new FunctionSpec(
                spec.namespace(),
                spec.name(),
                1,
                spec.image(),
                spec.mode(),
                List.of(),
                Map.of(),
                64,
                0.5,
                1000,
                1,
                1,
                9000,
                "/api",
                "",
                spec.createdAt(),
                "me",
                "internal",
                false);
        var image = new ImageCheck(
                "img", ImageCheck.Availability.LOCAL, "", "", List.of("/serve"), List.of("-v"), List.of());

        List<String> env = HardenedContainer.environment(noCommand, image, 4096);

        assertThat(env)
                .contains(
                        "FAAS_MODE=http",
                        "FAAS_START_COMMAND=[\"/serve\",\"-v\"]",
                        "FAAS_UPSTREAM=http://127.0.0.1:9000/api");
        assertThat(env).noneMatch(entry -> entry.startsWith("FAAS_CONTENT_TYPE="));
    }

    @Test
    void hostConfigCarriesTheWholeContract() {
        FunctionSpec spec = TestSpecs.stdio("f", "cat");
        var instance = new Instance(spec, settings.instancesDir());

        var host = HardenedContainer.hostConfig(spec, instance, settings);

        assertThat(host.getNetworkMode()).isEqualTo("none");
        assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(host.getCapAdd()).isNull();
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getTmpFs()).containsEntry("/tmp", "rw,noexec,nosuid,nodev,size=16m");
        assertThat(host.getPidsLimit()).isEqualTo(64L);
        assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024).isEqualTo(host.getMemorySwap());
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getBinds())
                .extracting(bind -> bind.getPath() + ":" + bind.getVolume().getPath() + ":" + bind.getAccessMode())
                .containsExactly(
                        "/opt/faas/watchdog:/faas/bin/watchdog:ro",
                        "/tmp/faas-test/" + instance.id() + ":/faas/run:rw");
    }

    @Test
    void egressChangesTheNetworkAndNothingElseAndSecretsAreMountedReadOnly() {
        FunctionSpec spec = TestSpecs.stdio("f", "cat");
        var instance = new Instance(spec, settings.instancesDir());
        var secrets = Path.of("/dev/shm/faas-test/" + instance.id() + "/secrets");

        var host = HardenedContainer.hostConfig(spec, instance, settings, java.util.Optional.of(secrets), "egress-net");

        assertThat(host.getNetworkMode()).isEqualTo("egress-net");
        assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getBinds())
                .extracting(bind -> bind.getPath() + ":" + bind.getVolume().getPath() + ":" + bind.getAccessMode())
                .contains(secrets + ":/run/secrets:ro");
    }

    @Test
    void labelsNameFunctionVersionInstanceAndOwner() {
        var labels = HardenedContainer.labels(TestSpecs.stdio("f", "cat"), "0123456789ab", "owner-1");

        assertThat(labels)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "faasioflex.managed", "true",
                        "faasioflex.function", "test/f",
                        "faasioflex.version", "1",
                        "faasioflex.instance", "0123456789ab",
                        "faasioflex.owner", "owner-1"));
    }
}
