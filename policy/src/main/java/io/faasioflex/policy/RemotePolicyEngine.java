package io.faasioflex.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an OPA server through its Data API: {@code POST {baseUrl}/v1/data/{entrypoint}} with
 * {@code {"input": ...}}.
 *
 * <p>Each decision is bounded by the timeout from sending the request to reading the whole answer. The
 * decision id is OPA's {@code decision_id} when the server has decision logging on, so audit events and
 * OPA's decision log share it; otherwise a fresh UUID.
 *
 * <p>TODO: no bearer token or client certificate towards OPA yet; run the server on loopback or a private
 * network until its authentication is configured here.
 */
public final class RemotePolicyEngine implements PolicyEngine {

    /** Default bound of one decision. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(RemotePolicyEngine.class);

    private final String dataApi;
    private final Duration timeout;
    private final HttpClient client;
    private volatile boolean closed;

    /**
     * Creates an engine for the OPA server at {@code baseUrl}, such as {@code http://127.0.0.1:8181}.
     *
     * @throws IllegalArgumentException if the URL is not http(s) or the timeout is not positive
     */
    public RemotePolicyEngine(URI baseUrl, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        requireHttp(baseUrl);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("policy timeout must be positive, got " + timeout);
        }
        this.dataApi = stripTrailingSlash(baseUrl.toString()) + "/v1/data/";
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        LOG.info("policy engine started engine=remote url={} timeoutMs={}", baseUrl, timeout.toMillis());
    }

    @Override
    public PolicyDecision decide(String entrypoint, Map<String, Object> input) {
        Decisions.requireEntrypoint(entrypoint);
        if (closed) {
            throw new PolicyUnavailableException("policy engine is closed");
        }
        var body = Decisions.toJson(Map.of("input", Objects.requireNonNull(input, "input")), entrypoint);

        long started = System.nanoTime();
        var response = send(entrypoint, body);
        var decision = toDecision(entrypoint, response);

        LOG.debug(
                "policy decision={} engine=remote entrypoint={} allowed={} micros={}",
                decision.decisionId(),
                entrypoint,
                decision.allowed(),
                (System.nanoTime() - started) / 1_000);
        return decision;
    }

    @Override
    public void close() {
        closed = true;
        client.shutdownNow();
    }

    private HttpResponse<byte[]> send(String entrypoint, String body) {
        var request = HttpRequest.newBuilder(URI.create(dataApi + entrypoint))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        // TODO: the answer's size is not capped; the OPA server is operator-run and trusted, but a cap
        // would bound memory if it misbehaved.
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw unavailable(entrypoint, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                // The client's own request timeout and the wait above race; either way the answer was too late.
                throw unavailable(entrypoint, "no answer within " + timeout.toMillis() + " ms", e.getCause());
            }
            throw unavailable(entrypoint, "request failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable(entrypoint, "interrupted", e);
        }
    }

    private PolicyDecision toDecision(String entrypoint, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw unavailable(entrypoint, "OPA answered status " + response.statusCode(), null);
        }
        JsonNode answer;
        try {
            answer = Decisions.JSON.readTree(response.body());
        } catch (IOException e) {
            throw unavailable(entrypoint, "OPA answered malformed JSON", e);
        }
        if (answer == null || !answer.isObject()) {
            throw unavailable(entrypoint, "OPA answered something other than a JSON object", null);
        }
        var decisionId = answer.path("decision_id");
        return Decisions.fromResult(
                entrypoint,
                answer.path("result"),
                decisionId.isTextual() && !decisionId.textValue().isBlank()
                        ? decisionId.textValue()
                        : Decisions.newDecisionId());
    }

    private PolicyUnavailableException unavailable(String entrypoint, String what, Throwable cause) {
        var message = "OPA server " + dataApi + " cannot decide entrypoint " + entrypoint + ": " + what;
        LOG.warn("policy evaluation failed engine=remote entrypoint={} reason={}", entrypoint, what);
        return new PolicyUnavailableException(message, cause);
    }

    private static void requireHttp(URI baseUrl) {
        var scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("OPA URL must be http(s)://host[:port], got " + baseUrl);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
