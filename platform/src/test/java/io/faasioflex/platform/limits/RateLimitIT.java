package io.faasioflex.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.PlatformHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

// Rates are low (one call a second) so that the time the calls themselves take refills no token in a burst. The
// refusal throttle is keyed by client address, which every test shares (loopback), so its test runs last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitIT {

    private static PlatformHarness platform;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start(Map.of(
                "faas.limits.requests-per-second", "1",
                "faas.limits.request-burst", "5",
                "faas.limits.invocations-per-second", "0.5",
                "faas.limits.invocation-burst", "2",
                "faas.limits.body-bytes-per-second", "1000",
                "faas.limits.body-burst-bytes", "2000",
                "faas.limits.refusals-per-second", "0.2",
                "faas.limits.refusal-burst", "3"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    @Order(1)
    void burstBeyondTheLimitIsRefusedWith429RetryAfterAndAnAuditedReason() {
        String alice = platform.token("alice@example.com", "developer");

        List<ApiResponse> calls = callsUntilRefused(alice);
        ApiResponse refused = calls.getLast();

        assertThat(calls.subList(0, calls.size() - 1))
                .hasSizeGreaterThanOrEqualTo(5)
                .allMatch(call -> call.status() == 200);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(platform.json(refused))
                .containsEntry("code", "rate_limited")
                .containsEntry("requestId", refused.requestId());
        AuditEvent call = platform.auditEvent(refused, "api.call");
        assertThat(call.details()).containsEntry("status", "429");
        assertThat(call.reason()).isEqualTo("rate_limited");
        assertThat(call.actor().subject()).isEqualTo("alice@example.com");
    }

    @Test
    @Order(2)
    void anotherPrincipalIsUnaffected() {
        String carol = platform.token("carol@example.com", "developer");
        String dave = platform.token("dave@example.com", "developer");
        ApiResponse refused = callsUntilRefused(carol).getLast();

        assertThat(refused.status()).isEqualTo(429);
        assertThat(platform.get("/functions", dave).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void bucketRefillsAfterTheRetryAfterTime() throws InterruptedException {
        String erin = platform.token("erin@example.com", "developer");
        ApiResponse refused = callsUntilRefused(erin).getLast();

        Thread.sleep(Long.parseLong(refused.header("Retry-After")) * 1_000);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(platform.get("/functions", erin).status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void invocationsHaveAStricterLimitOfTheirOwn() {
        String frank = platform.token("frank@example.com", "developer");

        ApiResponse first = platform.post("/functions/absent/invoke", frank, new byte[0], "text/plain");
        ApiResponse second =
                platform.post("/functions/absent/invoke?namespace=default", frank, new byte[0], "text/plain");
        ApiResponse third = platform.postJson("/functions/execute", frank, "{\"name\": \"absent\"}");
        ApiResponse listed = platform.get("/functions", frank);

        assertThat(List.of(first.status(), second.status())).doesNotContain(429);
        assertThat(third.status()).isEqualTo(429);
        assertThat(platform.json(third).get("message").toString()).contains("invocations");
        assertThat(listed.status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void requestBodyBytesAreLimited() {
        String grace = platform.token("grace@example.com", "developer");
        String body = "{\"name\": \"" + "x".repeat(1_500) + "\"}";

        ApiResponse first = platform.postJson("/functions", grace, body);
        ApiResponse second = platform.postJson("/functions", grace, body);

        assertThat(first.status()).isNotEqualTo(429);
        assertThat(second.status()).isEqualTo(429);
        assertThat(platform.json(second).get("message").toString()).contains("request body bytes");
    }

    @Test
    @Order(6)
    void healthIsNeverLimited() {
        List<Integer> statuses = statuses(30, "/health", null);

        assertThat(statuses).doesNotContain(429);
    }

    @Test
    @Order(7)
    void addressWithTooManyRefusedTokensIsThrottledBeforeItsTokenIsRead() {
        String forged = platform.identity().forgedToken("mallory@example.com", "admin");

        List<Integer> statuses = statuses(3, "/functions", forged);
        ApiResponse throttled = platform.get("/functions", forged);

        assertThat(statuses).containsOnly(401);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isEqualTo("5");
        AuditEvent call = platform.auditEvent(throttled, "api.call");
        assertThat(call.reason()).isEqualTo("rate_limited");
        assertThat(call.actor().subject()).isEmpty();
    }

    // Calls until the first 429, at most 20 times: a slow call may let the bucket regain a token meanwhile.
    private static List<ApiResponse> callsUntilRefused(String token) {
        List<ApiResponse> calls = new ArrayList<>();
        do {
            calls.add(platform.get("/functions", token));
        } while (calls.getLast().status() != 429 && calls.size() < 20);
        return calls;
    }

    private static List<Integer> statuses(int calls, String path, String token) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            statuses.add(platform.get(path, token).status());
        }
        return statuses;
    }
}
