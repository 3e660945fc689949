package io.faasioflex.platform.testing;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.AuditStreamReader;
import io.faasioflex.audit.StoredAuditEvent;
import io.faasioflex.audit.ledger.AuditSigningKey;
import io.faasioflex.audit.pseudonym.PseudonymKey;
import io.faasioflex.audit.testing.NatsServerProcess;
import io.faasioflex.audit.testing.PostgresProcess;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole platform for integration tests: a real nats-server with JetStream, a JWKS endpoint with a test key, and
 * the Micronaut application with every role, talking to the real Docker Engine. Calls go over real HTTP.
 */
public final class PlatformHarness implements AutoCloseable {

    public static final String DEMO_IMAGE = "faasioflex/busybox-demo:1";

    private final NatsServerProcess nats;
    private final PostgresProcess postgres;
    private final JwksServer jwks;
    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private PlatformHarness(NatsServerProcess nats, PostgresProcess postgres, JwksServer jwks, EmbeddedServer server) {
        this.nats = nats;
        this.postgres = postgres;
        this.jwks = jwks;
        this.server = server;
    }

    public static PlatformHarness start() {
        return start(Map.of());
    }

    /** Starts everything; {@code overrides} are configuration properties such as {@code faas.policy.engine}. */
    public static PlatformHarness start(Map<String, Object> overrides) {
        NatsServerProcess nats =
                NatsServerProcess.start(NatsServerProcess.Options.defaults().withMaxPayloadBytes(8L * 1024 * 1024));
        PostgresProcess postgres = PostgresProcess.start();
        JwksServer jwks = JwksServer.start();
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", postgres.jdbcUrl());
        properties.put("datasources.default.username", postgres.user());
        properties.put("datasources.default.password", postgres.password());
        properties.put("faas.audit.signing-key-file", "");
        properties.put("faas.audit.signing-key", AuditSigningKey.generate().privateKeyPkcs8Base64());
        properties.put("faas.audit.pseudonym-key-file", "");
        properties.put("faas.audit.pseudonym-key", PseudonymKey.newBase64());
        properties.put("faas.audit.checkpoint-interval", "1s");
        properties.put("micronaut.server.port", -1);
        properties.put("faas.nats-url", nats.url());
        properties.put("faas.instance-id", "it-" + Long.toHexString(System.nanoTime()));
        properties.put("micronaut.security.token.jwt.signatures.jwks.issuer.url", jwks.url());
        properties.put("faas.runtime.watchdog-binary", Binaries.watchdog().toString());
        properties.put("faas.runtime.idle-timeout", "30s");
        // A key for function secrets of its own, so no test depends on ~/.cache/faasioflex/keys existing.
        properties.put("faas.secrets.key-file", "");
        if (overrides.keySet().stream().noneMatch(key -> key.startsWith("faas.secrets.keys."))) {
            properties.put("faas.secrets.keys.harness", randomKey());
        }
        properties.putAll(overrides);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
        return new PlatformHarness(nats, postgres, jwks, server);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public NatsServerProcess nats() {
        return nats;
    }

    public PostgresProcess postgres() {
        return postgres;
    }

    public JwksServer identity() {
        return jwks;
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public String token(String subject, String... roles) {
        return jwks.token(subject, roles);
    }

    public ApiResponse get(String path, String token) {
        return call("GET", path, token, null, null, Map.of());
    }

    public ApiResponse delete(String path, String token) {
        return call("DELETE", path, token, null, null, Map.of());
    }

    public ApiResponse postJson(String path, String token, String json) {
        return call("POST", path, token, json.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
    }

    public ApiResponse putJson(String path, String token, String json, Map<String, String> headers) {
        return call("PUT", path, token, json.getBytes(StandardCharsets.UTF_8), "application/json", headers);
    }

    public ApiResponse post(String path, String token, byte[] body, String contentType) {
        return call("POST", path, token, body, contentType, Map.of());
    }

    /** Any request; a null token sends none. */
    public ApiResponse call(
            String method, String path, String token, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Registers a function from a JSON body and fails the test unless the platform accepted it. */
    public ApiResponse register(String token, String json) {
        ApiResponse response = postJson("/functions", token, json);
        if (response.status() != 201) {
            throw new AssertionError("registration refused: " + response.status() + " " + response.text());
        }
        return response;
    }

    /** The audit events recorded for one request, in stream order. */
    public List<AuditEvent> auditEvents(String requestId) {
        AuditStreamReader reader = context().getBean(AuditStreamReader.class);
        return reader.readByRequestId(requestId, 1, 10_000).stream()
                .map(StoredAuditEvent::event)
                .toList();
    }

    /** The actions of the events recorded for the request that produced {@code response}. */
    public List<String> auditActions(ApiResponse response) {
        return auditEvents(response.requestId()).stream()
                .map(AuditEvent::action)
                .toList();
    }

    /** The first event of {@code action} recorded for the request that produced {@code response}. */
    public AuditEvent auditEvent(ApiResponse response, String action) {
        return auditEvents(response.requestId()).stream()
                .filter(event -> event.action().equals(action))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " event for request " + response.requestId()));
    }

    /** Parses a JSON body into a map, for assertions. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> json(ApiResponse response) {
        try {
            return context().getBean(JsonMapper.class).readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
        jwks.close();
        nats.close();
        postgres.close();
    }
}
