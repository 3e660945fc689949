package io.faasioflex.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.faasioflex.policy.AccessRequest.Resource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the remote engine reads answers and fails closed on bad ones. A tiny loopback HTTP stub plays the
 * server here only to produce answers a real OPA would not give; decisions are proven against real OPA in
 * {@link RemotePolicyEngineIT}.
 */
class RemotePolicyEngineTest {

    private static final AccessRequest INVOKE =
            new AccessRequest("alice", List.of("invoker"), "function.invoke", Resource.function("default", "echo"));

    private HttpServer stub;

    @AfterEach
    void stopStub() {
        if (stub != null) {
            stub.stop(0);
        }
    }

    @Test
    void postsTheInputToTheDataApiOfTheEntrypoint() throws IOException {
        var seen = new AtomicReference<String>();
        var url = serve(200, "{\"result\": {\"allow\": true, \"reason\": \"ok\"}}", seen);

        try (var engine = new RemotePolicyEngine(url, Duration.ofMillis(500))) {
            engine.authorize(INVOKE);
        }

        assertThat(seen.get())
                .startsWith("POST /v1/data/faas/authz/decision ")
                .contains("{\"input\":{\"subject\":\"alice\",\"roles\":[\"invoker\"]");
    }

    @Test
    void takesTheDecisionIdFromOpaWhenItGivesOne() throws IOException {
        var url = serve(200, "{\"decision_id\": \"opa-42\", \"result\": {\"allow\": false, \"reason\": \"no\"}}", null);

        try (var engine = new RemotePolicyEngine(url, Duration.ofMillis(500))) {
            var decision = engine.authorize(INVOKE);

            assertThat(decision.decisionId()).isEqualTo("opa-42");
            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).isEqualTo("no");
        }
    }

    @Test
    void generatesADecisionIdWhenOpaGivesNone() throws IOException {
        var url = serve(200, "{\"result\": {\"allow\": true}}", null);

        try (var engine = new RemotePolicyEngine(url, Duration.ofMillis(500))) {
            var decision = engine.authorize(INVOKE);

            assertThat(UUID.fromString(decision.decisionId())).isNotNull();
            assertThat(decision.reason()).isEmpty();
        }
    }

    @Test
    void deniesWhenAllowIsNotLiterallyTrue() throws IOException {
        var url = serve(200, "{\"result\": {\"allow\": \"true\"}}", null);

        try (var engine = new RemotePolicyEngine(url, Duration.ofMillis(500))) {
            assertThat(engine.authorize(INVOKE).allowed()).isFalse();
        }
    }

    @Test
    void failsClosedOnAServerError() throws IOException {
        assertUnavailable(serve(500, "{\"code\": \"internal_error\"}", null), "status 500");
    }

    @Test
    void failsClosedOnMalformedJson() throws IOException {
        assertUnavailable(serve(200, "{\"result\": ", null), "malformed JSON");
    }

    @Test
    void failsClosedOnAnUndefinedDecision() throws IOException {
        assertUnavailable(serve(200, "{}", null), "undefined");
    }

    @Test
    void failsClosedOnANonObjectDecision() throws IOException {
        assertUnavailable(serve(200, "{\"result\": true}", null), "expected an object");
    }

    @Test
    void failsClosedWithinTheTimeoutWhenTheServerNeverAnswers() throws IOException {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                var engine = new RemotePolicyEngine(
                        URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(200))) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> engine.authorize(INVOKE))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void failsClosedWhenNothingListens() throws IOException {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertUnavailable(URI.create("http://127.0.0.1:" + port), "request failed");
    }

    @Test
    void rejectsAUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new RemotePolicyEngine(URI.create("file:///etc/passwd"), Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertUnavailable(URI url, String message) {
        try (var engine = new RemotePolicyEngine(url, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> engine.authorize(INVOKE))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining(message);
        }
    }

    private URI serve(int status, String body, AtomicReference<String> seen) throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            var request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (seen != null) {
                seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + request);
            }
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        stub.start();
        return URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
    }
}
