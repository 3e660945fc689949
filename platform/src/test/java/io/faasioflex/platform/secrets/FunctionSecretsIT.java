package io.faasioflex.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secrets are sealed in KV, listed by name, audited without values, and reach only their function, as files. */
class FunctionSecretsIT {

    private static final String VALUE = "s3cret-" + UUID.randomUUID();
    private static final Path HOST_DIR = Path.of("/dev/shm/faasioflex-it-" + Long.toHexString(System.nanoTime()));

    private static PlatformHarness platform;
    private static String developer;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start(Map.of(
                "faas.secrets.keys.a1", SecretCipherTest.newKey(),
                "faas.secrets.key-file", "",
                "faas.secrets.host-dir", HOST_DIR.toString()));
        developer = platform.token("dev@example.com", "developer");
    }

    @AfterAll
    static void stop() throws IOException {
        platform.close();
        // Closing the platform stopped every instance, so only the empty root is left.
        Files.deleteIfExists(HOST_DIR);
    }

    @Test
    void functionReadsItsSecretFromAFileAndTheHostCopyGoesWithTheInstance() throws IOException {
        platform.register(developer, stdio("reader", "cat /run/secrets/greeting"));
        assertThat(putSecret("reader", "greeting", VALUE).status()).isEqualTo(204);

        ApiResponse invoked = invoke("reader");

        assertThat(invoked.status()).isEqualTo(200);
        assertThat(invoked.text()).isEqualTo(VALUE);
        Path instanceDir = instanceDirHolding("greeting");
        Path file = instanceDir.resolve("secrets").resolve("greeting");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("r--------"));
        assertThat(Files.getOwner(file).getName()).isIn("65534", "nobody");
        assertThat(platform.delete("/functions/reader", developer).status()).isEqualTo(204);
        awaitGone(instanceDir);
    }

    @Test
    void rotatingOrDeletingASecretReplacesTheWarmInstanceForTheNextInvocation() {
        platform.register(developer, stdio("rotating", "cat /run/secrets/token 2>/dev/null || printf gone"));
        putSecret("rotating", "token", "first-" + VALUE);
        ApiResponse first = invoke("rotating");
        assertThat(first.text()).isEqualTo("first-" + VALUE);
        assertThat(invoke("rotating").header("X-Faas-Instance")).isEqualTo(first.header("X-Faas-Instance"));

        assertThat(putSecret("rotating", "token", "second-" + VALUE).status()).isEqualTo(204);
        ApiResponse rotated = invoke("rotating");
        assertThat(platform.delete("/functions/rotating/secrets/token", developer)
                        .status())
                .isEqualTo(204);
        ApiResponse deleted = invoke("rotating");

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.text()).isEqualTo("second-" + VALUE);
        assertThat(rotated.header("X-Faas-Instance")).isNotEqualTo(first.header("X-Faas-Instance"));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.text()).isEqualTo("gone");
    }

    @Test
    void anInvocationRunningWhenItsSecretRotatesFinishesOnItsInstance() throws Exception {
        platform.register(developer, stdio("draining", "sleep 2; cat /run/secrets/token"));
        putSecret("draining", "token", "old-" + VALUE);
        ApiResponse warm = invoke("draining");
        assertThat(warm.status()).isEqualTo(200);

        CompletableFuture<ApiResponse> running = CompletableFuture.supplyAsync(() -> invoke("draining"));
        Thread.sleep(500);
        assertThat(putSecret("draining", "token", "new-" + VALUE).status()).isEqualTo(204);
        ApiResponse after = invoke("draining");
        ApiResponse during = running.get(30, TimeUnit.SECONDS);

        assertThat(during.status()).as("the running invocation is not cut off").isEqualTo(200);
        assertThat(during.text()).isEqualTo("old-" + VALUE);
        assertThat(during.header("X-Faas-Instance")).isEqualTo(warm.header("X-Faas-Instance"));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.text()).isEqualTo("new-" + VALUE);
        assertThat(after.header("X-Faas-Instance")).isNotEqualTo(warm.header("X-Faas-Instance"));
    }

    @Test
    void namesAreCheckedBeforePolicyOrTheStoreSeeThem() {
        ApiResponse badFunction = platform.call(
                "PUT", "/functions/%C3%A9cho/secrets/token", developer, VALUE.getBytes(), "text/plain", Map.of());
        ApiResponse badSecret = platform.delete("/functions/echo/secrets/a*b", developer);
        ApiResponse repeated = platform.get("/functions/echo/secrets?namespace=default&namespace=other", developer);

        assertThat(badFunction.status()).isEqualTo(400);
        assertThat(badSecret.status()).isEqualTo(400);
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(platform.json(repeated)).containsEntry("code", "invalid_name");
        assertThat(platform.auditActions(badSecret)).containsExactly("api.call");
    }

    @Test
    void secretIsNeverAnEnvironmentVariable() {
        platform.register(developer, stdio("dumper", "env; ls /run/secrets"));
        putSecret("dumper", "token", VALUE);

        ApiResponse invoked = invoke("dumper");

        assertThat(invoked.status()).isEqualTo(200);
        assertThat(invoked.text()).contains("token").doesNotContain(VALUE);
    }

    @Test
    void storedEntryHoldsCiphertextAndTheKeyIdOnly() throws Exception {
        platform.register(developer, Functions.echo("sealed"));
        putSecret("sealed", "password", VALUE);

        byte[] stored;
        try (Connection nats = Nats.connect(platform.nats().url())) {
            stored =
                    nats.keyValue("faas_secrets").get("default.sealed.password").getValue();
        }

        String text = new String(stored, StandardCharsets.UTF_8);
        assertThat(text).contains("\"keyId\":\"a1\"").doesNotContain(VALUE);
    }

    @Test
    void listingNamesSecretsWithoutValuesAndAuditNamesWithoutValues() {
        platform.register(developer, Functions.echo("listed"));
        ApiResponse written = putSecret("listed", "api-key", VALUE);
        putSecret("listed", "db_password", VALUE);

        ApiResponse listed = platform.get("/functions/listed/secrets", developer);

        assertThat(listed.status()).isEqualTo(200);
        assertThat(platform.json(listed)).containsEntry("names", List.of("api-key", "db_password"));
        assertThat(listed.text()).doesNotContain(VALUE);
        AuditEvent write = platform.auditEvent(written, "secret.write");
        assertThat(write.details()).containsEntry("secret", "api-key");
        assertThat(write.target().name()).isEqualTo("listed/api-key");
        assertThat(platform.auditEvents(written.requestId()))
                .allSatisfy(event -> assertThat(event.toString()).doesNotContain(VALUE));
        assertThat(platform.auditEvent(listed, "secret.read").outcome().name()).isEqualTo("SUCCESS");
    }

    @Test
    void deletedSecretIsGone() {
        platform.register(developer, Functions.echo("forgetful"));
        putSecret("forgetful", "temporary", VALUE);

        ApiResponse deleted = platform.delete("/functions/forgetful/secrets/temporary", developer);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(platform.auditEvent(deleted, "secret.delete").details()).containsEntry("secret", "temporary");
        assertThat(platform.json(platform.get("/functions/forgetful/secrets", developer)))
                .containsEntry("names", List.of());
        assertThat(platform.delete("/functions/forgetful/secrets/temporary", developer)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void badNamesOversizedValuesUnknownFunctionsAndOtherRolesAreRefused() {
        platform.register(developer, Functions.echo("strict"));

        assertThat(putSecret("strict", "dots.are.separators", VALUE).status()).isEqualTo(400);
        assertThat(putSecret("strict", "big", "x".repeat(65_537)).status()).isEqualTo(413);
        assertThat(putSecret("nowhere", "token", VALUE).status()).isEqualTo(404);
        String invoker = platform.token("caller@example.com", "invoker");
        assertThat(platform.get("/functions/strict/secrets", invoker).status()).isEqualTo(403);
    }

    private static ApiResponse putSecret(String function, String name, String value) {
        return platform.call(
                "PUT",
                "/functions/" + function + "/secrets/" + name,
                developer,
                value.getBytes(StandardCharsets.UTF_8),
                "text/plain",
                Map.of());
    }

    private static ApiResponse invoke(String function) {
        return platform.post("/functions/" + function + "/invoke", developer, new byte[0], "text/plain");
    }

    private static String stdio(String name, String script) {
        return Functions.stdio(name, "[\"/bin/sh\", \"-c\", \"" + script + "\"]", "\"timeoutMs\": 5000");
    }

    private static Path instanceDirHolding(String secret) throws IOException {
        try (Stream<Path> dirs = Files.list(HOST_DIR)) {
            List<Path> holding = dirs.filter(
                            dir -> Files.exists(dir.resolve("secrets").resolve(secret)))
                    .toList();
            assertThat(holding).hasSize(1);
            return holding.get(0);
        }
    }

    private static void awaitGone(Path dir) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(dir) && System.nanoTime() < deadline) {
            sleep();
        }
        assertThat(dir)
                .as("secret files left on the host after the instance stopped")
                .doesNotExist();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
