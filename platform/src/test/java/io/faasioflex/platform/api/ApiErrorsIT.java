package io.faasioflex.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Errors are one JSON shape whose message names the input and the rule it broke, never a class of the platform or of
 * its libraries; a failure inside the platform is a 500 with a message that tells nothing of it, logged once with
 * its request id.
 */
class ApiErrorsIT {

    private static final Pattern INTERNALS =
            Pattern.compile("io\\.faasioflex|io\\.micronaut|com\\.fasterxml|java\\.|Jackson|StreamRead|Exception|`");

    private static PlatformHarness platform;
    private static String developer;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start();
        developer = platform.token("dev@example.com", "developer");
        platform.register(developer, Functions.echo("echo"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void jsonNestedTooDeeplyIsABadRequestLoggedWithoutAStackTrace() {
        String body = execute("[".repeat(70) + "]".repeat(70));

        Captured captured = capture(() -> platform.postJson("/functions/execute", developer, body));

        ApiResponse response = captured.response();
        assertThat(response.status()).isEqualTo(400);
        assertThat(platform.json(response))
                .containsEntry("code", "malformed_json")
                .containsEntry("requestId", response.requestId());
        assertThat(message(response)).contains("deeper than 64 levels").doesNotContainPattern(INTERNALS);
        assertThat(captured.lines()).noneMatch(line -> line.getThrowableProxy() != null);
        assertThat(captured.lines().stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.WARN)))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void jsonNestedWithinTheLimitIsPassedOn() {
        String nested = "[".repeat(60) + "]".repeat(60);

        ApiResponse response = platform.postJson("/functions/execute", developer, execute(nested));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo(nested);
    }

    @Test
    void unreadableBodiesAreBadRequestsWhoseMessagesNameNoInternals() {
        Map<String, String> codes = Map.of(
                "{\"name\": ",
                "malformed_json",
                "{\"name\": \"echo\", }",
                "malformed_json",
                execute("[".repeat(2000) + "]".repeat(2000)),
                "malformed_json",
                spec("\"memoryMb\": \"NaN\""),
                "invalid_field",
                spec("\"timeoutMs\": \"Infinity\""),
                "invalid_field",
                spec("\"maxInstances\": 1e400"),
                "invalid_field",
                spec("\"mode\": \"telepathy\""),
                "invalid_field",
                spec("\"environment\": {\"A\": [1, 2]}"),
                "invalid_field");

        codes.forEach((body, code) -> {
            String path = body.contains("\"image\"") ? "/functions" : "/functions/execute";
            ApiResponse response = platform.postJson(path, developer, body);

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(platform.json(response)).as(body).containsEntry("code", code);
            assertThat(message(response)).as(body).doesNotContainPattern(INTERNALS);
        });
    }

    @Test
    void aFieldTheSpecDoesNotKnowIsRefusedAndNamedInsteadOfFallingBackToADefault() {
        ApiResponse response = platform.postJson("/functions", developer, spec("\"timeoutMS\": 100"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(platform.json(response)).containsEntry("code", "invalid_field");
        assertThat(message(response)).contains("timeoutMS").doesNotContainPattern(INTERNALS);
        assertThat(platform.get("/functions/typed", developer).status()).isEqualTo(404);
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        ApiResponse response = platform.postJson("/functions", developer, spec("\"memoryMb\": \"NaN\""));

        assertThat(message(response)).contains("memoryMb");
    }

    @Test
    void anUnexpectedFailureIsA500WithAGenericMessageLoggedOnceWithItsRequestId() throws SQLException {
        String auditor = platform.token("audit@example.com", "auditor");

        sql("ALTER TABLE legal_holds RENAME TO legal_holds_away");
        Captured captured;
        try {
            captured = capture(() -> platform.get("/audit/legal-holds", auditor));
        } finally {
            sql("ALTER TABLE legal_holds_away RENAME TO legal_holds");
        }

        ApiResponse response = captured.response();
        assertThat(response.status()).isEqualTo(500);
        assertThat(platform.json(response))
                .containsEntry("code", "internal_error")
                .containsEntry("message", ApiErrorResponses.INTERNAL_MESSAGE)
                .containsEntry("requestId", response.requestId());
        List<ILoggingEvent> traces = captured.lines().stream()
                .filter(line -> line.getThrowableProxy() != null)
                .toList();
        assertThat(traces).hasSize(1);
        assertThat(traces.getFirst().getLevel()).isEqualTo(Level.ERROR);
        assertThat(traces.getFirst().getFormattedMessage()).contains("request=" + response.requestId());
        assertThat(platform.get("/audit/legal-holds", auditor).status()).isEqualTo(200);
    }

    private static String execute(String payload) {
        return "{\"name\": \"echo\", \"payload\": " + payload + "}";
    }

    private static String spec(String field) {
        return """
                {"name": "typed", "image": "%s", "command": ["/bin/cat"], %s}""".formatted(PlatformHarness.DEMO_IMAGE, field);
    }

    private static String message(ApiResponse response) {
        return String.valueOf(platform.json(response).get("message"));
    }

    private static void sql(String statement) throws SQLException {
        var postgres = platform.postgres();
        try (Connection connection =
                        DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    /** Runs {@code call} while every line the platform logs is kept. */
    private static Captured capture(Supplier<ApiResponse> call) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            ApiResponse response = call.get();
            return new Captured(response, List.copyOf(appender.list));
        } finally {
            root.detachAppender(appender);
        }
    }

    private record Captured(ApiResponse response, List<ILoggingEvent> lines) {}
}
