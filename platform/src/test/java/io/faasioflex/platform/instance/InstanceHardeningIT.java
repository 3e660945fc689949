package io.faasioflex.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.faasioflex.platform.function.FunctionSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The container contract, read back from the engine and from inside a running function. */
class InstanceHardeningIT {

    private static final FunctionSpec SHELL =
            TestSpecs.withLimits(TestSpecs.stdio("hardened", "/bin/sh", "-s"), 48, 1, 2, 5_000);

    private static DockerClient docker;
    private static InstancePool pool;
    private static InspectContainerResponse container;
    private static RuntimeSettings settings;

    @BeforeAll
    static void startAnInstance() throws Exception {
        docker = InstanceTestSupport.docker();
        InstanceTestSupport.ensureDemoImage(docker);
        settings = InstanceTestSupport.settings("hardening-it");
        pool = new InstancePool(docker, settings, InstanceListener.none());
        pool.invoke(SHELL, run("true"));
        container = docker.inspectContainerCmd(
                        pool.instances("test", "hardened").getFirst().containerId())
                .exec();
    }

    @AfterAll
    static void closePool() {
        pool.close();
        assertThat(InstanceTestSupport.containersOf(docker, settings)).isEmpty();
    }

    @Test
    void theContainerHasNoNetwork() {
        assertThat(host().getNetworkMode()).isEqualTo("none");
        assertThat(container.getNetworkSettings().getNetworks()).containsOnlyKeys("none");
    }

    @Test
    void everyCapabilityIsDroppedAndNoneAdded() {
        assertThat(host().getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(host().getCapAdd()).isNullOrEmpty();
        assertThat(host().getPrivileged()).isFalse();
    }

    @Test
    void noNewPrivilegesAndTheDefaultSeccompProfileApply() {
        assertThat(host().getSecurityOpts()).contains("no-new-privileges");
        assertThat(host().getSecurityOpts())
                .noneMatch(option -> option.replace('=', ':').startsWith("seccomp:"));
        assertThat(host().getSecurityOpts()).noneMatch(option -> option.contains("unconfined"));
    }

    @Test
    void theRootFilesystemIsReadOnlyWithASmallTmpfs() {
        assertThat(host().getReadonlyRootfs()).isTrue();
        assertThat(host().getTmpFs()).containsKey("/tmp");
        assertThat(host().getTmpFs().get("/tmp")).contains("noexec", "nosuid", "size=16m");
    }

    @Test
    void theFunctionRunsAsNobodyWithinLimits() {
        assertThat(container.getConfig().getUser()).isEqualTo("65534:65534");
        assertThat(host().getPidsLimit()).isEqualTo(64L);
        assertThat(host().getMemory()).isEqualTo(48L * 1024 * 1024);
        assertThat(host().getMemorySwap()).isEqualTo(48L * 1024 * 1024);
        assertThat(host().getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(container.getConfig().getEntrypoint()).containsExactly("/faas/bin/watchdog");
    }

    @Test
    void insideTheKernelReportsNoCapabilitiesNoNewPrivilegesAndSeccompFiltering() {
        String status = text(pool.invoke(SHELL, run("cat /proc/self/status")));

        assertThat(status).containsPattern("(?m)^CapEff:\\s+0000000000000000$");
        assertThat(status).containsPattern("(?m)^CapBnd:\\s+0000000000000000$");
        assertThat(status).containsPattern("(?m)^NoNewPrivs:\\s+1$");
        assertThat(status).containsPattern("(?m)^Seccomp:\\s+2$");
        assertThat(status).containsPattern("(?m)^Uid:\\s+65534\\s+65534\\s+65534\\s+65534$");
    }

    @Test
    void insideTheRootIsReadOnlyTmpIsNotExecutableAndThereIsNoNetwork() {
        String report = text(pool.invoke(SHELL, run("""
                touch /etc/probe 2>/dev/null && echo root-writable || echo root-read-only
                cp /bin/busybox /tmp/bb && (/tmp/bb true 2>/dev/null && echo tmp-exec || echo tmp-noexec)
                rm -f /tmp/bb
                ls /sys/class/net
                """)));

        assertThat(report).contains("root-read-only", "tmp-noexec").doesNotContain("root-writable", "tmp-exec\n");
        assertThat(report.lines().filter(line -> !line.startsWith("root-") && !line.startsWith("tmp-")))
                .containsExactly("lo");
    }

    @Test
    void theFunctionCannotReplaceItsSocketOrWriteToTheHostDirectory() {
        String report = text(pool.invoke(SHELL, run("""
                ln -sf /faas/run/elsewhere /faas/run/watchdog.sock 2>/dev/null && echo socket-replaced || echo socket-kept
                touch /faas/run/filler 2>/dev/null && echo dir-writable || echo dir-sealed
                """)));

        assertThat(report).contains("socket-kept", "dir-sealed").doesNotContain("socket-replaced", "dir-writable");
        assertThat(text(pool.invoke(SHELL, run("echo still-served")))).contains("still-served");
    }

    private static HostConfig host() {
        return container.getHostConfig();
    }

    private static Invocation run(String script) {
        return new Invocation("hardening", script.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private static String text(InvocationResult result) {
        assertThat(result.errorCode()).as("function error").isEmpty();
        return new String(result.body(), StandardCharsets.UTF_8);
    }
}
