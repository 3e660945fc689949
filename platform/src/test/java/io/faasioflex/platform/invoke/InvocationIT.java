package io.faasioflex.platform.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InvocationIT {

    private static PlatformHarness platform;
    private static String developer;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start(
                Map.of("faas.max-body-bytes", 1_048_576, "micronaut.server.max-request-size", 1_048_576));
        developer = platform.token("dev@example.com", "developer");
        platform.register(developer, Functions.echo("echo"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void stdioFunctionReturnsItsOutputByteForByte() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        ApiResponse response = platform.post("/functions/echo/invoke", developer, body, "application/octet-stream");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        AuditEvent invoked = platform.auditEvent(response, "function.invoke");
        assertThat(invoked.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(invoked.latencyMicros()).isPositive();
        assertThat(invoked.requestBytes()).isEqualTo(256);
        assertThat(invoked.responseBytes()).isEqualTo(256);
        assertThat(platform.auditActions(response))
                .containsSubsequence("authz.decision", "function.invoke", "api.call");
    }

    @Test
    void httpFunctionAnswersThroughItsOwnServer() {
        platform.register(developer, Functions.httpEcho("web"));

        ApiResponse response = platform.post(
                "/functions/web/invoke", developer, "hello over http".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("hello over http");
        assertThat(response.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void executeTakesTheFunctionNameAndPayloadFromJson() {
        ApiResponse text = platform.postJson(
                "/functions/execute", developer, "{\"name\": \"echo\", \"payload\": \"plain words\"}");
        ApiResponse json = platform.postJson(
                "/functions/execute", developer, "{\"name\": \"echo\", \"payload\": {\"a\": [1, 2]}}");

        assertThat(text.status()).isEqualTo(200);
        assertThat(text.text()).isEqualTo("plain words");
        assertThat(json.text()).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void firstInvocationStartsAnInstanceAndTheNextReusesIt() {
        platform.register(developer, Functions.echo("warm"));

        ApiResponse cold = platform.post("/functions/warm/invoke", developer, "1".getBytes(), "text/plain");
        ApiResponse warm = platform.post("/functions/warm/invoke", developer, "2".getBytes(), "text/plain");

        assertThat(cold.header("X-Faas-Cold-Start")).isEqualTo("true");
        assertThat(warm.header("X-Faas-Cold-Start")).isEqualTo("false");
        assertThat(warm.header("X-Faas-Instance")).isEqualTo(cold.header("X-Faas-Instance"));
        assertThat(platform.auditEvents(cold.requestId()).stream().map(AuditEvent::action))
                .contains("instance.start");
    }

    @Test
    void concurrentInvocationsSpreadOverInstancesUpToTheLimit() throws Exception {
        platform.register(
                developer,
                Functions.stdio(
                        "slow", "[\"/bin/sh\", \"-c\", \"sleep 1; cat\"]", "\"maxInstances\": 2, \"concurrency\": 1"));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<ApiResponse>> calls = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            byte[] body = ("call-" + i).getBytes();
            calls.add(callers.submit(() -> platform.post("/functions/slow/invoke", developer, body, "text/plain")));
        }
        List<ApiResponse> responses = new ArrayList<>();
        for (Future<ApiResponse> call : calls) {
            responses.add(call.get());
        }
        callers.shutdown();

        List<ApiResponse> served =
                responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(served.stream().map(r -> r.header("X-Faas-Instance")).distinct())
                .hasSizeLessThanOrEqualTo(2);
        assertThat(served.stream().map(r -> r.header("X-Faas-Instance")).distinct())
                .hasSize(2);
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(200, 503));
        responses.stream()
                .filter(r -> r.status() == 503)
                .forEach(r -> assertThat(r.header("Retry-After")).isNotBlank());
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() {
        byte[] body = new byte[1_048_577];

        ApiResponse response = platform.post("/functions/echo/invoke", developer, body, "application/octet-stream");

        assertThat(response.status()).isEqualTo(413);
        assertThat(platform.json(response)).containsEntry("code", "body_too_large");
        assertThat(platform.auditEvent(response, "api.call").details()).containsEntry("status", "413");
    }

    @Test
    void outputOverTheLimitIsOneErrorWhateverItsSize() {
        platform.register(
                developer,
                Functions.stdio(
                        "flood",
                        "[\"/bin/sh\", \"-c\", \"head -c \\\"$(cat)\\\" /dev/zero\"]",
                        "\"timeoutMs\": 10000"));

        for (String bytes : List.of("1048577", "20000000")) {
            ApiResponse response = platform.post(
                    "/functions/flood/invoke", developer, bytes.getBytes(StandardCharsets.UTF_8), "text/plain");

            assertThat(response.status()).as(bytes).isEqualTo(502);
            assertThat(platform.json(response))
                    .as(bytes)
                    .containsEntry("code", "function_response_too_large")
                    .containsEntry("message", "the function's response exceeds the limit of 1048576 bytes");
        }
        assertThat(environmentOf("default/flood")).contains("FAAS_MAX_BODY_BYTES=1048576");
    }

    @Test
    void functionThatExitsNonZeroIsABadGateway() {
        platform.register(developer, Functions.stdio("fails", "[\"/bin/sh\", \"-c\", \"exit 3\"]", ""));

        ApiResponse response = platform.post("/functions/fails/invoke", developer, new byte[0], "text/plain");

        assertThat(response.status()).isEqualTo(502);
        assertThat(platform.json(response)).containsEntry("code", "function_exit");
        AuditEvent invoked = platform.auditEvent(response, "function.invoke");
        assertThat(invoked.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(invoked.reason()).isEqualTo("function_exit");
        assertThat(platform.auditEvent(response, "api.call").reason()).isEqualTo("function_exit");
    }

    @Test
    void functionThatExceedsItsMemoryIsABadGateway() {
        // sort holds its whole input in memory, and /dev/zero never ends: the memory limit stops it.
        String hog = "[\"/bin/busybox\", \"sort\", \"/dev/zero\"]";
        platform.register(developer, Functions.stdio("hog", hog, "\"memoryMb\": 32"));

        ApiResponse response = platform.post("/functions/hog/invoke", developer, new byte[0], "text/plain");

        assertThat(response.status()).isEqualTo(502);
        assertThat(platform.json(response).get("code")).isIn("function_crash", "function_exit");
    }

    @Test
    void functionThatRunsPastItsTimeoutIsAGatewayTimeout() {
        platform.register(developer, Functions.stdio("sleepy", "[\"/bin/sleep\", \"30\"]", "\"timeoutMs\": 1000"));

        ApiResponse response = platform.post("/functions/sleepy/invoke", developer, new byte[0], "text/plain");

        assertThat(response.status()).isEqualTo(504);
        assertThat(platform.json(response)).containsEntry("code", "function_timeout");
        assertThat(platform.post("/functions/sleepy/invoke", developer, new byte[0], "text/plain")
                        .status())
                .isEqualTo(504);
    }

    @Test
    void unknownFunctionIsNotFound() {
        ApiResponse response = platform.post("/functions/missing/invoke", developer, "x".getBytes(), "text/plain");

        assertThat(response.status()).isEqualTo(404);
        assertThat(platform.json(response)).containsEntry("code", "function_not_found");
    }

    /** The environment the engine started the function's container with. */
    private static List<String> environmentOf(String function) {
        DockerClient docker = platform.context().getBean(DockerClient.class);
        List<Container> containers = docker.listContainersCmd()
                .withLabelFilter(Map.of("faasioflex.function", function))
                .exec();
        assertThat(containers).isNotEmpty();
        return List.of(docker.inspectContainerCmd(containers.getFirst().getId())
                .exec()
                .getConfig()
                .getEnv());
    }
}
