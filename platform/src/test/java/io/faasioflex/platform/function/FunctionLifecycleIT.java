package io.faasioflex.platform.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FunctionLifecycleIT {

    private static PlatformHarness platform;
    private static String developer;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start();
        developer = platform.token("dev@example.com", "developer");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void registersAFunctionAsVersionOneAndAuditsIt() {
        ApiResponse response = platform.postJson("/functions/register", developer, Functions.echo("reg-one"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("ETag")).isNotBlank();
        Map<String, Object> spec = spec(response);
        assertThat(spec)
                .containsEntry("name", "reg-one")
                .containsEntry("version", 1)
                .containsEntry("mode", "stdio");
        assertThat(spec).containsEntry("createdBy", "dev@example.com");
        assertThat(actions(response))
                .containsExactly("authz.decision", "spec.decision", "image.decision", "function.register", "api.call");
        AuditEvent registered = event(response, "function.register");
        assertThat(registered.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(registered.target().version()).isEqualTo(1);
        assertThat(registered.actor().subject()).isEqualTo("dev@example.com");
        assertThat(registered.decisionId()).isNotBlank();
    }

    @Test
    void refusesADuplicateRegistrationWithoutChangingTheFirst() {
        platform.register(developer, Functions.echo("dup"));

        ApiResponse second = platform.postJson("/functions", developer, Functions.stdio("dup", "[\"/bin/true\"]", ""));

        assertThat(second.status()).isEqualTo(409);
        assertThat(platform.json(second)).containsEntry("code", "function_exists");
        assertThat(event(second, "function.register").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(spec(platform.get("/functions/dup", developer))).containsEntry("command", List.of("/bin/cat"));
    }

    @Test
    void updateCreatesANewImmutableVersionAndHonoursIfMatch() {
        ApiResponse created = platform.register(developer, Functions.echo("upd"));
        String etag = created.header("ETag");

        ApiResponse updated = platform.putJson(
                "/functions/upd",
                developer,
                Functions.stdio("upd", "[\"/bin/busybox\", \"rev\"]", ""),
                Map.of("If-Match", etag));
        ApiResponse stale = platform.putJson(
                "/functions/upd", developer, Functions.stdio("upd", "[\"/bin/true\"]", ""), Map.of("If-Match", etag));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(spec(updated)).containsEntry("version", 2);
        assertThat(updated.header("ETag")).isNotEqualTo(etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(platform.json(stale)).containsEntry("code", "revision_mismatch");
        assertThat(spec(platform.get("/functions/upd", developer)))
                .containsEntry("version", 2)
                .containsEntry("command", List.of("/bin/busybox", "rev"));
        assertThat(event(updated, "function.update").target().version()).isEqualTo(2);
    }

    @Test
    void ifMatchThatIsNotAStrongEtagOfThisApiIsRefused() {
        platform.register(developer, Functions.echo("etags"));

        for (String etag : new String[] {"\"-1\"", "\"0\"", "W/\"1\"", "garbage"}) {
            ApiResponse response =
                    platform.putJson("/functions/etags", developer, Functions.echo("etags"), Map.of("If-Match", etag));
            assertThat(response.status()).as("If-Match %s", etag).isEqualTo(400);
        }
        assertThat(spec(platform.get("/functions/etags", developer))).containsEntry("version", 1);
    }

    @Test
    void secretsOfADeletedFunctionAreNotInheritedByTheNextOneOfThatName() {
        platform.register(developer, Functions.echo("heir"));
        ApiResponse stored = platform.call(
                "PUT", "/functions/heir/secrets/token", developer, "old-owner".getBytes(), "text/plain", Map.of());
        assertThat(stored.status()).isEqualTo(204);

        platform.delete("/functions/heir", developer);
        platform.register(developer, Functions.echo("heir"));

        assertThat(platform.get("/functions/heir/secrets", developer).text()).doesNotContain("token");
    }

    @Test
    void namespaceInTheQueryAndTheBodyMustAgree() {
        ApiResponse conflicting = platform.postJson(
                "/functions?namespace=team-a",
                developer,
                Functions.echo("ns-clash").replace("{", "{\"namespace\": \"default\", "));

        assertThat(conflicting.status()).isEqualTo(400);
    }

    @Test
    void listsAndReadsFunctions() {
        platform.register(developer, Functions.echo("list-a"));
        platform.register(developer, Functions.echo("list-b"));

        ApiResponse list = platform.get("/functions", developer);
        ApiResponse one = platform.get("/functions/list-a", developer);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).contains("\"list-a\"", "\"list-b\"");
        assertThat(one.status()).isEqualTo(200);
        assertThat(event(one, "function.read").outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void deleteRemovesTheFunctionStopsItsInstancesAndAuditsIt() {
        platform.register(developer, Functions.echo("del"));
        assertThat(platform.post("/functions/del/invoke", developer, "x".getBytes(), "text/plain")
                        .status())
                .isEqualTo(200);
        assertThat(containersOf("default/del")).isNotEmpty();

        ApiResponse deleted = platform.delete("/functions/del", developer);
        ApiResponse after = platform.get("/functions/del", developer);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(event(deleted, "function.delete").outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(after.status()).isEqualTo(404);
        assertThat(platform.json(after)).containsEntry("code", "function_not_found");
        assertThat(platform.postJson("/functions", developer, Functions.echo("del"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void unknownFunctionIsNotFound() {
        ApiResponse response = platform.get("/functions/nobody-here", developer);

        assertThat(response.status()).isEqualTo(404);
        assertThat(platform.json(response))
                .containsEntry("code", "function_not_found")
                .containsEntry("requestId", response.requestId());
        assertThat(event(response, "function.read").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void malformedJsonIsABadRequestAndIsAudited() {
        ApiResponse response = platform.postJson("/functions", developer, "{\"name\": \"x\", ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(platform.json(response)).containsEntry("code", "malformed_json");
        AuditEvent call = event(response, "api.call");
        assertThat(call.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(call.details()).containsEntry("status", "400");
    }

    @Test
    void nameThatIsNotADnsLabelIsRefusedAndNothingIsStored() {
        ApiResponse response = platform.postJson("/functions", developer, Functions.echo("Bad_Name"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(platform.json(response)).containsEntry("code", "invalid_name");
        assertThat(platform.get("/functions", developer).text()).doesNotContain("Bad_Name");
    }

    @Test
    void missingAndInvalidFieldsAreRefused() {
        ApiResponse noImage =
                platform.postJson("/functions", developer, "{\"name\": \"no-image\", \"command\": [\"/bin/cat\"]}");
        ApiResponse noCommand = platform.postJson(
                "/functions", developer, "{\"name\": \"no-cmd\", \"image\": \"" + PlatformHarness.DEMO_IMAGE + "\"}");
        ApiResponse hugeMemory = platform.postJson(
                "/functions", developer, Functions.stdio("huge", "[\"/bin/cat\"]", "\"memoryMb\": 999999"));
        ApiResponse badMode = platform.postJson(
                "/functions",
                developer,
                Functions.echo("mode").replace("\"mode\": \"stdio\"", "\"mode\": \"telepathy\""));

        assertThat(List.of(noImage, noCommand, hugeMemory, badMode))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(400));
        assertThat(platform.json(hugeMemory).get("message").toString()).contains("memoryMb");
        assertThat(platform.get("/functions", developer).text()).doesNotContain("no-image", "no-cmd", "\"huge\"");
    }

    @Test
    void aNumberThatIsNotFiniteIsRefusedInEveryNumericField() {
        String admin = platform.token("ops@example.com", "admin");
        List<String> fields = List.of(
                "\"cpus\": \"NaN\"",
                "\"cpus\": \"Infinity\"",
                "\"cpus\": \"-Infinity\"",
                "\"cpus\": 1e400",
                "\"memoryMb\": \"NaN\"",
                "\"memoryMb\": 1e400",
                "\"timeoutMs\": \"Infinity\"",
                "\"maxInstances\": \"NaN\"",
                "\"concurrency\": \"-Infinity\"",
                "\"httpPort\": \"NaN\"");

        for (String field : fields) {
            ApiResponse response =
                    platform.postJson("/functions", admin, Functions.stdio("non-finite", "[\"/bin/cat\"]", field));

            assertThat(response.status()).as(field).isEqualTo(400);
            assertThat(platform.json(response)).as(field).containsEntry("code", "invalid_field");
        }
        assertThat(platform.get("/functions/non-finite", admin).status()).isEqualTo(404);
    }

    @Test
    void imageFromARegistryPolicyRefusesIsRefusedWithoutAPull() {
        String body = """
                {"name": "ghost", "image": "127.0.0.1:9/faasioflex/missing:1", "mode": "stdio",
                 "command": ["/bin/cat"]}""";

        ApiResponse response = platform.postJson("/functions", developer, body);

        assertThat(response.status()).isEqualTo(403);
        assertThat(platform.json(response)).containsEntry("code", "image_denied");
        assertThat(platform.get("/functions/ghost", developer).status()).isEqualTo(404);
    }

    private static List<Container> containersOf(String function) {
        return platform.context()
                .getBean(DockerClient.class)
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of("faasioflex.function", function))
                .exec();
    }

    private static void awaitNoContainers(String function) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!containersOf(function).isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(containersOf(function))
                .as("containers of deleted function %s", function)
                .isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(ApiResponse response) {
        return (Map<String, Object>) platform.json(response).get("spec");
    }

    private static List<String> actions(ApiResponse response) {
        return platform.auditActions(response);
    }

    private static AuditEvent event(ApiResponse response, String action) {
        return platform.auditEvent(response, action);
    }
}
