package io.faasioflex.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.faasioflex.platform.function.FunctionMode;
import io.faasioflex.platform.function.FunctionSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scale to zero, leftovers of a crashed process, and shutdown, against the real engine. */
class InstanceLifecycleIT {

    private static final FunctionSpec ECHO = TestSpecs.stdio("echo", "/bin/cat");

    private static DockerClient docker;

    @BeforeAll
    static void connect() throws Exception {
        docker = InstanceTestSupport.docker();
        InstanceTestSupport.ensureDemoImage(docker);
    }

    @AfterAll
    static void disconnect() throws Exception {
        docker.close();
    }

    @Test
    void anIdleInstanceIsRemovedAfterTheIdleTimeout() throws Exception {
        var events = new RecordingListener();
        var settings = InstanceTestSupport.settings("idle-it").withIdleTimeout(Duration.ofMillis(600));
        try (var pool = new InstancePool(docker, settings, events)) {
            var result = pool.invoke(ECHO, invocation());

            assertThat(events.awaitEvent("stopped " + result.instanceId() + " idle", Duration.ofSeconds(5)))
                    .isTrue();
            assertThat(pool.instances("test", "echo")).isEmpty();
            assertThat(InstanceTestSupport.containersOf(docker, settings)).isEmpty();
            assertThat(settings.instancesDir().resolve(result.instanceId())).doesNotExist();
        }
    }

    @Test
    void aNewPoolRemovesTheLeftoversOfItsOwnerOnly() {
        var settings = InstanceTestSupport.settings("leftover-it");
        var other = InstanceTestSupport.settings("leftover-other-it");
        var crashed = new InstancePool(docker, settings, InstanceListener.none());
        var neighbour = new InstancePool(docker, other, InstanceListener.none());
        String leftover = crashed.invoke(ECHO, invocation()).instanceId();
        neighbour.invoke(ECHO, invocation());

        try (var restarted = new InstancePool(docker, settings, InstanceListener.none())) {

            assertThat(InstanceTestSupport.containersOf(docker, settings)).isEmpty();
            assertThat(Files.exists(settings.instancesDir().resolve(leftover))).isFalse();
            assertThat(InstanceTestSupport.containersOf(docker, other)).hasSize(1);
        } finally {
            neighbour.close();
            crashed.close();
        }
    }

    @Test
    void closeStopsBusyAndIdleInstancesAndRefusesFurtherWork() throws Exception {
        var events = new RecordingListener();
        var settings = InstanceTestSupport.settings("close-it");
        var pool = new InstancePool(docker, settings, events);
        FunctionSpec slow = TestSpecs.withLimits(TestSpecs.stdio("slow", "/bin/sleep", "5"), 64, 1, 1, 10_000);
        pool.invoke(ECHO, invocation());
        var busy = Thread.ofVirtual().start(() -> pool.invoke(slow, invocation()));
        awaitInstances(pool, "slow");

        pool.close();
        busy.join(5_000);

        assertThat(InstanceTestSupport.containersOf(docker, settings)).isEmpty();
        assertThat(events.events())
                .filteredOn(event -> event.endsWith(" shutdown"))
                .hasSize(2);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> pool.invoke(ECHO, invocation())))
                .isInstanceOf(InstanceException.class);
    }

    @Test
    void anInstanceThatNeverBecomesReadyFailsToStartAndLeavesNothingBehind() {
        var settings = InstanceTestSupport.settings("start-it").withStartTimeout(Duration.ofMillis(1500));
        FunctionSpec exits = TestSpecs.spec("exits", 1, FunctionMode.http, List.of("/bin/false"), 1, 1, 1000);
        FunctionSpec hangs = TestSpecs.spec("hangs", 1, FunctionMode.http, List.of("/bin/sleep", "60"), 1, 1, 1000);
        try (var pool = new InstancePool(docker, settings, InstanceListener.none())) {

            assertThatThrownBy(() -> pool.invoke(exits, invocation()))
                    .isInstanceOf(InstanceStartException.class)
                    .hasMessageContaining("exited with code");
            assertThatThrownBy(() -> pool.invoke(hangs, invocation()))
                    .isInstanceOf(InstanceStartException.class)
                    .hasMessageContaining("not ready within 1500 ms");

            assertThat(InstanceTestSupport.containersOf(docker, settings)).isEmpty();
            assertThat(pool.instances("test", "exits")).isEmpty();
            assertThat(pool.instances("test", "hangs")).isEmpty();
        }
    }

    private static void awaitInstances(InstancePool pool, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline
                && pool.instances("test", name).stream()
                        .noneMatch(info -> info.state().equals("ready"))) {
            Thread.sleep(20);
        }
    }

    private static Invocation invocation() {
        return new Invocation("lifecycle", "ping".getBytes(StandardCharsets.UTF_8), "text/plain");
    }
}
