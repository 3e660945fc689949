package io.faasioflex.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.platform.function.FunctionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FunctionInstancesTest {

    private static final Duration NO_WAIT = Duration.ofMillis(1);

    private final FunctionInstances instances = new FunctionInstances("test/f", Path.of("/tmp/unused"));
    private final List<Instance> superseded = new ArrayList<>();

    @Test
    void reservesANewInstanceThenReusesItOnceReady() {
        FunctionSpec spec = TestSpecs.withLimits(TestSpecs.stdio("f", "cat"), 64, 2, 1, 1000);

        var first = instances.acquire(spec, NO_WAIT, superseded);
        instances.ready(first.instance());
        instances.release(first.instance());
        var second = instances.acquire(spec, NO_WAIT, superseded);

        assertThat(first.cold()).isTrue();
        assertThat(second.cold()).isFalse();
        assertThat(second.instance()).isSameAs(first.instance());
    }

    @Test
    void startsUpToTheMaximumThenRefusesAfterTheQueueTimeout() {
        FunctionSpec spec = TestSpecs.withLimits(TestSpecs.stdio("f", "cat"), 64, 2, 1, 1000);

        var a = instances.acquire(spec, NO_WAIT, superseded);
        var b = instances.acquire(spec, NO_WAIT, superseded);

        assertThat(a.instance()).isNotSameAs(b.instance());
        assertThatThrownBy(() -> instances.acquire(spec, Duration.ofMillis(50), superseded))
                .isInstanceOf(CapacityExhaustedException.class)
                .hasMessageContaining("test/f");
    }

    @Test
    void aWaitingInvocationTakesTheSlotThatIsGivenBack() throws Exception {
        FunctionSpec spec = TestSpecs.withLimits(TestSpecs.stdio("f", "cat"), 64, 1, 1, 1000);
        var busy = instances.acquire(spec, NO_WAIT, superseded);
        instances.ready(busy.instance());

        var waiting = CompletableFuture.supplyAsync(() -> instances.acquire(spec, Duration.ofSeconds(5), superseded));
        Thread.sleep(50);
        instances.release(busy.instance());

        assertThat(waiting.get(5, TimeUnit.SECONDS).instance()).isSameAs(busy.instance());
    }

    @Test
    void drainingHandsOverIdleInstancesNowAndBusyOnesWhenTheyFinishWhileNewWorkGetsAFreshOne() {
        FunctionSpec spec = TestSpecs.withLimits(TestSpecs.stdio("f", "cat"), 64, 2, 1, 1000);
        var idle = instances.acquire(spec, NO_WAIT, superseded);
        var busy = instances.acquire(spec, NO_WAIT, superseded);
        instances.ready(idle.instance());
        instances.ready(busy.instance());
        instances.release(idle.instance());

        List<Instance> stoppedNow = instances.drain();
        var fresh = instances.acquire(spec, NO_WAIT, superseded);

        assertThat(stoppedNow).containsExactly(idle.instance());
        assertThat(fresh.cold()).as("a drained instance takes no new work").isTrue();
        assertThat(fresh.instance()).isNotSameAs(busy.instance());
        assertThat(instances.release(busy.instance())).contains(busy.instance());
        assertThat(instances.infos()).hasSize(1);
    }

    @Test
    void aNewerVersionRetiresIdleOlderInstancesAndBusyOnesWhenTheyFinish() {
        FunctionSpec v1 = TestSpecs.withLimits(TestSpecs.stdio("f", "cat"), 64, 3, 1, 1000);
        FunctionSpec v2 = TestSpecs.withVersion(v1, 2);
        var idle = instances.acquire(v1, NO_WAIT, superseded);
        var busy = instances.acquire(v1, NO_WAIT, superseded);
        instances.ready(idle.instance());
        instances.ready(busy.instance());
        instances.release(idle.instance());

        var fresh = instances.acquire(v2, NO_WAIT, superseded);

        assertThat(fresh.cold()).isTrue();
        assertThat(superseded).containsExactly(idle.instance());
        assertThat(instances.release(busy.instance())).contains(busy.instance());
        assertThat(instances.infos()).extracting(InstanceInfo::version).containsExactly(2L);
    }

    @Test
    void idleInstancesAreTakenOutButBusyAndStartingOnesStay() {
        FunctionSpec spec = TestSpecs.withLimits(TestSpecs.stdio("f", "cat"), 64, 3, 1, 1000);
        var idle = instances.acquire(spec, NO_WAIT, superseded);
        var busy = instances.acquire(spec, NO_WAIT, superseded);
        instances.acquire(spec, NO_WAIT, superseded);
        instances.ready(idle.instance());
        instances.ready(busy.instance());
        instances.release(idle.instance());

        var taken = instances.takeIdle(java.time.Instant.now().plusSeconds(1));

        assertThat(taken).containsExactly(idle.instance());
        assertThat(instances.infos()).hasSize(2);
    }

    @Test
    void removingTwiceStopsOnce() {
        FunctionSpec spec = TestSpecs.stdio("f", "cat");
        var lease = instances.acquire(spec, NO_WAIT, superseded);

        assertThat(instances.remove(lease.instance())).isTrue();
        assertThat(instances.remove(lease.instance())).isFalse();
        assertThat(instances.release(lease.instance())).isEmpty();
    }
}
