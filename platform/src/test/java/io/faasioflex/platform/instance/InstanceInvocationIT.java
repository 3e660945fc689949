package io.faasioflex.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.faasioflex.platform.function.FunctionMode;
import io.faasioflex.platform.function.FunctionSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invocations through the pool against the real Docker Engine, the real watchdog and the demo image. */
class InstanceInvocationIT {

    private static DockerClient docker;
    private static RuntimeSettings settings;
    private static InstancePool pool;
    private static final RecordingListener events = new RecordingListener();

    /** Runs its body as a shell script, so one container serves many kinds of behaviour. */
    private static final FunctionSpec SHELL =
            TestSpecs.withLimits(TestSpecs.stdio("shell", "/bin/sh", "-s"), 32, 1, 4, 5_000);

    @BeforeAll
    static void startPool() throws Exception {
        docker = InstanceTestSupport.docker();
        InstanceTestSupport.ensureDemoImage(docker);
        settings = InstanceTestSupport.settings("invocation-it").withQueueTimeout(Duration.ofMillis(300));
        pool = new InstancePool(docker, settings, events);
    }

    @AfterAll
    static void closePool() throws Exception {
        pool.close();
        assertThat(InstanceTestSupport.containersOf(docker, settings)).isEmpty();
        events.events().stream()
                .filter(event -> event.startsWith("started "))
                .map(event -> settings.instancesDir().resolve(event.substring("started ".length())))
                .forEach(dir -> assertThat(dir).doesNotExist());
        docker.close();
    }

    @Test
    void stdioEchoesTheBodyByteForByte() {
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body);
        for (int i = 0; i < 256; i++) {
            body[i] = (byte) i;
        }

        var result = pool.invoke(TestSpecs.stdio("echo", "/bin/cat"), invocation(body));

        assertThat(result.errorCode()).isEmpty();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.contentType()).isEqualTo("application/octet-stream");
        assertThat(result.body()).isEqualTo(body);
    }

    @Test
    void httpModeForwardsToTheFunctionsOwnServer() {
        byte[] body = "through the CGI script\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

        var result = pool.invoke(TestSpecs.http("web"), invocation(body));

        assertThat(result.errorCode()).isEmpty();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo(body);
    }

    @Test
    void manyInvocationsOfAForkingServerStayWithinThePidsLimit() {
        // busybox httpd leaves each CGI process to PID 1, the watchdog; unless it reaps them, zombies fill the limit.
        FunctionSpec web = TestSpecs.http("forking");
        byte[] body = "again".getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 2 * settings.pidsLimit(); i++) {
            var result = pool.invoke(web, invocation(body));
            assertThat(result.errorCode()).as("invocation %d", i).isEmpty();
        }
    }

    @Test
    void httpModeWithoutACommandStartsTheImagesOwnEntrypointAndCommand() {
        FunctionSpec web = TestSpecs.http("image-default");
        FunctionSpec imageDefault = new FunctionSpec(
                web.namespace(),
                web.name(),
                1,
                web.image(),
                web.mode(),
                List.of(),
                Map.of(),
                64,
                0.5,
                5_000,
                1,
                2,
                8080,
                "/cgi-bin/echo",
                "",
                web.createdAt(),
                "tester",
                "internal",
                false);

        var result = pool.invoke(imageDefault, new Invocation("r", "plain".getBytes(StandardCharsets.UTF_8), "text/x"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.contentType()).isEqualTo("text/x");
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("plain");
    }

    @Test
    void aColdStartIsFollowedByWarmReuseOfTheSameInstance() {
        FunctionSpec spec = TestSpecs.stdio("warm", "/bin/cat");

        var cold = pool.invoke(spec, invocation("one"));
        var warm = pool.invoke(spec, invocation("two"));

        assertThat(cold.coldStart()).isTrue();
        assertThat(warm.coldStart()).isFalse();
        assertThat(warm.instanceId()).isEqualTo(cold.instanceId());
        assertThat(new String(warm.body(), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(events.events()).contains("started " + cold.instanceId());
        assertThat(pool.instances("test", "warm")).singleElement().satisfies(info -> {
            assertThat(info.state()).isEqualTo("ready");
            assertThat(info.invocations()).isEqualTo(2);
        });
    }

    @Test
    void parallelInvocationsUseUpToMaxInstancesAndTheRestGiveUpAfterTheQueueTimeout() throws Exception {
        FunctionSpec slow =
                TestSpecs.withLimits(TestSpecs.stdio("slow", "/bin/sh", "-c", "sleep 1.5; cat"), 64, 2, 1, 5_000);
        List<Future<InvocationResult>> calls = new ArrayList<>();

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                calls.add(executor.submit(() -> pool.invoke(slow, invocation("x"))));
            }
        }

        List<InvocationResult> served = new ArrayList<>();
        List<Throwable> refused = new ArrayList<>();
        for (Future<InvocationResult> call : calls) {
            try {
                served.add(call.get());
            } catch (ExecutionException e) {
                refused.add(e.getCause());
            }
        }
        assertThat(served)
                .hasSize(2)
                .allSatisfy(result -> assertThat(result.status()).isEqualTo(200));
        assertThat(served).extracting(InvocationResult::instanceId).doesNotHaveDuplicates();
        assertThat(refused).singleElement().isInstanceOf(CapacityExhaustedException.class);
    }

    @Test
    void aNonZeroExitIsAFunctionErrorAndTheInstanceStaysInService() {
        var failed = pool.invoke(SHELL, invocation("echo oops >&2; exit 3"));
        var next = pool.invoke(SHELL, invocation("echo fine"));

        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.errorCode()).isEqualTo("exit");
        assertThat(new String(failed.body(), StandardCharsets.UTF_8)).contains("\"error\"");
        assertThat(next.errorCode()).isEmpty();
        assertThat(new String(next.body(), StandardCharsets.UTF_8)).isEqualTo("fine\n");
        assertThat(next.instanceId()).isEqualTo(failed.instanceId());
    }

    @Test
    void aMemoryHogCrashesOnlyItsOwnInvocation() {
        var crashed = pool.invoke(SHELL, invocation("exec awk 'BEGIN { s = \"x\"; while (1) s = s s }'"));
        var next = pool.invoke(SHELL, invocation("echo alive"));

        assertThat(crashed.status()).isEqualTo(502);
        assertThat(crashed.errorCode()).isEqualTo("crash");
        assertThat(new String(next.body(), StandardCharsets.UTF_8)).isEqualTo("alive\n");
    }

    @Test
    void theWatchdogStopsAFunctionThatRunsPastItsTimeout() {
        FunctionSpec sleepy = TestSpecs.withLimits(TestSpecs.stdio("sleepy", "/bin/sleep", "10"), 64, 1, 1, 400);
        long started = System.nanoTime();

        var result = pool.invoke(sleepy, invocation(""));

        assertThat(result.status()).isEqualTo(504);
        assertThat(result.errorCode()).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void thePlatformKillsAnInstanceWhoseWatchdogDoesNotAnswerInTime() throws Exception {
        FunctionSpec spec = TestSpecs.withLimits(TestSpecs.stdio("frozen", "/bin/cat"), 64, 1, 1, 300);
        var warm = pool.invoke(spec, invocation("warm up"));
        String container = pool.instances("test", "frozen").getFirst().containerId();
        docker.pauseContainerCmd(container).exec();

        var result = pool.invoke(spec, invocation("no answer"));

        assertThat(result.status()).isEqualTo(504);
        assertThat(result.errorCode()).isEqualTo("timeout");
        assertThat(result.instanceId()).isEqualTo(warm.instanceId());
        assertThat(events.awaitEvent("stopped " + warm.instanceId() + " timeout", Duration.ofSeconds(5)))
                .isTrue();
        assertThat(pool.instances("test", "frozen")).isEmpty();
        assertThat(containersOfFunction("frozen")).isEmpty();
    }

    @Test
    void aKilledInstanceIsReplacedByTheNextInvocation() throws Exception {
        FunctionSpec spec = TestSpecs.stdio("mortal", "/bin/cat");
        var first = pool.invoke(spec, invocation("before"));
        docker.killContainerCmd(pool.instances("test", "mortal").getFirst().containerId())
                .exec();

        var after = pool.invoke(spec, invocation("after"));

        assertThat(after.errorCode()).isEmpty();
        assertThat(new String(after.body(), StandardCharsets.UTF_8)).isEqualTo("after");
        assertThat(after.instanceId()).isNotEqualTo(first.instanceId());
        assertThat(after.coldStart()).isTrue();
        assertThat(events.events()).contains("stopped " + first.instanceId() + " died");
    }

    @Test
    void retireRemovesEveryContainerOfTheFunction() {
        FunctionSpec spec = TestSpecs.stdio("doomed", "/bin/cat");
        var result = pool.invoke(spec, invocation("x"));

        pool.retire("test", "doomed", StopReasons.DELETED);

        assertThat(pool.instances("test", "doomed")).isEmpty();
        assertThat(containersOfFunction("doomed")).isEmpty();
        assertThat(events.events()).contains("stopped " + result.instanceId() + " deleted");
    }

    @Test
    void aNewerVersionSupersedesTheInstancesOfTheOlderOne() throws Exception {
        FunctionSpec v1 = TestSpecs.spec("versioned", 1, FunctionMode.stdio, List.of("/bin/cat"), 2, 1, 5_000);
        var old = pool.invoke(v1, invocation("v1"));

        var fresh = pool.invoke(TestSpecs.withVersion(v1, 2), invocation("v2"));

        assertThat(fresh.instanceId()).isNotEqualTo(old.instanceId());
        assertThat(events.awaitEvent("stopped " + old.instanceId() + " superseded", Duration.ofSeconds(5)))
                .isTrue();
        assertThat(pool.instances("test", "versioned"))
                .extracting(InstanceInfo::version)
                .containsExactly(2L);
    }

    @Test
    void aMissingImageIsReportedAndStartsNothingAndAnInstanceNeverPullsIt() throws IOException {
        try (ServerSocket registry = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            registry.setSoTimeout(300);
            String missing = "127.0.0.1:" + registry.getLocalPort() + "/faasioflex/missing:1";

            assertMissingImageStartsNothing(missing);
            assertThatThrownBy(registry::accept)
                    .as("an instance start contacted the image's registry")
                    .isInstanceOf(SocketTimeoutException.class);
            registry.close();
            ImageCheck pulled = pool.pullImage(missing);
            assertThat(pulled.available()).isFalse();
            assertThat(pulled.availability()).isEqualTo(ImageCheck.Availability.UNAVAILABLE);
            assertThat(pulled.reason()).contains(missing);
        }
    }

    private void assertMissingImageStartsNothing(String missing) {
        FunctionSpec spec = new FunctionSpec(
                "test",
                "ghost",
                1,
                missing,
                FunctionMode.stdio,
                List.of("/bin/cat"),
                Map.of(),
                64,
                0.5,
                1000,
                1,
                1,
                8080,
                "/",
                "",
                java.time.Instant.now(),
                "tester",
                "internal",
                false);

        assertThatThrownBy(() -> pool.invoke(spec, invocation("x")))
                .isInstanceOf(InstanceStartException.class)
                .hasMessageContaining("test/ghost")
                .hasMessageContaining("not present on this engine");
        assertThat(containersOfFunction("ghost")).isEmpty();
        assertThat(pool.instances("test", "ghost")).isEmpty();
    }

    @Test
    void aPresentImageIsReportedWithItsConfiguration() {
        ImageCheck check = pool.findImage(TestSpecs.DEMO_IMAGE).orElseThrow();

        assertThat(check.available()).isTrue();
        assertThat(check.availability()).isEqualTo(ImageCheck.Availability.LOCAL);
        assertThat(check.reason()).isEmpty();
        assertThat(check.repoDigests()).as("built on this engine, never pulled").isEmpty();
        assertThat(pool.findImage("faasioflex/never-built:1")).isEmpty();
    }

    private static List<com.github.dockerjava.api.model.Container> containersOfFunction(String name) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(
                        HardenedContainer.LABEL_OWNER,
                        settings.ownerId(),
                        HardenedContainer.LABEL_FUNCTION,
                        "test/" + name))
                .exec();
    }

    private static Invocation invocation(String body) {
        return invocation(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Invocation invocation(byte[] body) {
        return new Invocation("req-" + System.nanoTime(), body, "application/octet-stream");
    }
}
