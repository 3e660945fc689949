package io.faasioflex.platform.deployment;

import static io.faasioflex.platform.testing.LocalResources.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.platform.deployment.ComposeService.Mount;
import io.faasioflex.policy.testing.OpaServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OPA service of docker-compose.yml, run for real with the pinned OPA binary: its own command line from the
 * compose file, with each mounted container path read from the repository and its address moved to a loopback
 * port. It must answer the platform's decisions and refuse every change of policy or data over its API.
 */
class OpaComposeServiceIT {

    private static final String ADMIN_READS = """
            {"input": {"subject": "admin@example.com", "roles": [], "action": "function.read",
             "resource": {"kind": "function", "namespace": "default", "name": "echo"}}}""";
    private static final String STRANGER_READS = ADMIN_READS.replace("admin@example.com", "stranger@example.com");
    private static final String PERMISSIVE_POLICY = "package faas.authz\n\ndecision := {\"allow\": true}\n";

    private static Process opa;
    private static Path log;
    private static URI url;
    private static HttpClient http;

    @BeforeAll
    static void startTheComposeCommandLine() throws IOException, InterruptedException {
        int port = freePort();
        url = URI.create("http://127.0.0.1:" + port);
        log = Files.createTempFile("opa-compose-", ".log");
        opa = new ProcessBuilder(localCommand(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        awaitHealthy();
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        if (opa != null) {
            opa.destroy();
            opa.waitFor();
        }
        if (http != null) {
            http.close();
        }
        Files.deleteIfExists(log);
    }

    @Test
    void answersThePlatformsDecisionsFromTheProjectsPolicyAndData() throws Exception {
        assertThat(send("POST", "/v1/data/faas/authz/decision", ADMIN_READS)).contains("\"allow\":true");
        assertThat(send("POST", "/v1/data/faas/authz/decision", STRANGER_READS)).contains("\"allow\":false");
    }

    @Test
    void refusesToReplaceOrChangePoliciesAndDataOverItsApi() throws Exception {
        assertThat(status("PUT", "/v1/policies/takeover", PERMISSIVE_POLICY)).isEqualTo(401);
        assertThat(status("PUT", "/v1/data/faas/tenancy", "{\"bindings\": []}")).isEqualTo(401);
        assertThat(status("PATCH", "/v1/data/faas/rbac", "[]")).isEqualTo(401);
        assertThat(status("DELETE", "/v1/policies/takeover", "")).isEqualTo(401);

        assertThat(send("POST", "/v1/data/faas/authz/decision", STRANGER_READS)).contains("\"allow\":false");
    }

    @Test
    void doesNotListPoliciesOrRunAdHocQueries() throws Exception {
        assertThat(status("GET", "/v1/policies", "")).isEqualTo(401);
        assertThat(status("POST", "/v1/query", "{\"query\": \"data\"}")).isEqualTo(401);
    }

    @Test
    void servesNoTestRules() throws Exception {
        assertThat(send("POST", "/v1/data/faas/authz_test", "{}")).doesNotContain("\"result\"");
    }

    /** The compose command with OPA's binary first, mounted paths mapped back to the repository. */
    private static List<String> localCommand(int port) {
        DeploymentFiles deployment = new DeploymentFiles();
        ComposeService service = deployment.service("opa");
        List<String> command =
                new ArrayList<>(List.of(OpaServerProcess.opaBinary().toString()));
        for (String argument : service.commandArguments()) {
            command.add(localArgument(argument, service, deployment, port));
        }
        return command;
    }

    private static String localArgument(String argument, ComposeService service, DeploymentFiles files, int port) {
        if (argument.startsWith("0.0.0.0:")) {
            return "127.0.0.1:" + port;
        }
        return service.mounts().stream()
                .filter(mount -> mount.inRepository() && mount.target().equals(argument))
                .map(Mount::source)
                .map(source -> files.files.resolve(source).toString())
                .findFirst()
                .orElse(argument);
    }

    private static String send(String method, String path, String body) throws IOException, InterruptedException {
        var response = http.send(request(method, path, body), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
        return response.body().replace(" ", "");
    }

    private static int status(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(request(method, path, body), BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(url.resolve(path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .build();
    }

    private static void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!opa.isAlive()) {
                throw new IllegalStateException("opa exited: " + Files.readString(log));
            }
            try {
                if (status("GET", "/health", "") == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("opa did not become healthy: " + Files.readString(log));
    }
}
