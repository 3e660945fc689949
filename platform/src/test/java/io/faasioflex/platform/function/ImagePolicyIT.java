package io.faasioflex.platform.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.LocalResources;
import io.faasioflex.platform.testing.PlatformHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OPA decides on the image at registration from facts the engine reports; the decision is audited. */
class ImagePolicyIT {

    private static final String ROOT_IMAGE = "faasioflex/busybox-root:it";
    private static final String REGISTRY_IMAGE = "registry.example.com/team/echo:1";

    private static PlatformHarness platform;
    private static String developer;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        platform = PlatformHarness.start();
        developer = platform.token("dev@example.com", "developer");
        Path context = Files.createTempDirectory("root-image");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + PlatformHarness.DEMO_IMAGE + "\nUSER root\n");
        // The engine's own CLI: docker-java's build and tag commands need a codec library the platform lacks.
        docker("tag", PlatformHarness.DEMO_IMAGE, REGISTRY_IMAGE);
        docker("build", "-q", "-t", ROOT_IMAGE, context.toString());
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        platform.close();
        docker("rmi", "-f", REGISTRY_IMAGE, ROOT_IMAGE);
    }

    @Test
    void localNonRootImageIsAllowedAndTheDecisionAudited() {
        ApiResponse response = platform.postJson("/functions", developer, Functions.echo("allowed-image"));

        assertThat(response.status()).isEqualTo(201);
        AuditEvent decision = platform.auditEvent(response, "image.decision");
        assertThat(decision.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(decision.decisionId()).isNotBlank();
        assertThat(decision.details()).containsEntry("registry", "local");
    }

    @Test
    void imageThatRunsAsRootIsRefused() {
        ApiResponse response = platform.postJson("/functions", developer, withImage("rooted", ROOT_IMAGE));

        assertThat(response.status()).isEqualTo(403);
        assertThat(platform.json(response)).containsEntry("code", "image_denied");
        assertThat(platform.json(response).get("message").toString()).contains("runs as root");
        assertThat(platform.auditEvent(response, "image.decision").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(platform.get("/functions/rooted", developer).status()).isEqualTo(404);
    }

    @Test
    void registryImageMustBePinnedByDigest() {
        ApiResponse response = platform.postJson("/functions", developer, withImage("unpinned", REGISTRY_IMAGE));

        assertThat(response.status()).isEqualTo(403);
        assertThat(platform.json(response).get("message").toString()).contains("pinned by digest");
    }

    @Test
    void theEngineNeverContactsARegistryPolicyRefuses() throws IOException {
        try (ServerSocket registry = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + registry.getLocalPort();
            registry.setSoTimeout(500);

            ApiResponse response =
                    platform.postJson("/functions", developer, withImage("probe", address + "/probe/x:1"));

            assertThat(response.status()).isEqualTo(403);
            assertThat(platform.json(response)).containsEntry("code", "image_denied");
            assertThat(platform.json(response).get("message").toString())
                    .contains("registry " + address + " is not allowed");
            AuditEvent decision = platform.auditEvent(response, "image.pull.decision");
            assertThat(decision.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(decision.details()).containsEntry("image", address + "/probe/x:1");
            assertThat(platform.auditActions(response)).doesNotContain("image.decision");
            assertThatThrownBy(registry::accept)
                    .as("the engine connected to the refused registry")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anImageFromAnAllowedRegistryIsPulledAndOneThatCannotBeIsUnavailable() throws IOException {
        try (ServerSocket registry = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + registry.getLocalPort();
            Path data = policyDataAllowing(address);
            try (PlatformHarness allowing = PlatformHarness.start(Map.of("faas.policy.data-path", data.toString()))) {
                // Not a registry: the socket takes the engine's connection and closes it, so the pull fails.
                Thread closer = Thread.ofVirtual().start(() -> closeEach(registry));

                ApiResponse response = allowing.postJson(
                        "/functions",
                        allowing.token("dev@example.com", "developer"),
                        withImage("unreachable", address + "/team/fn:1"));

                assertThat(response.status()).isEqualTo(422);
                assertThat(allowing.json(response)).containsEntry("code", "image_unavailable");
                assertThat(allowing.auditEvent(response, "image.pull.decision").outcome())
                        .isEqualTo(Outcome.SUCCESS);
                closer.interrupt();
            } finally {
                LocalResources.deleteRecursively(data);
            }
        }
    }

    @Test
    void anImageIdOfALocalBuildIsALocalImage() throws IOException, InterruptedException {
        String id = dockerOutput("image", "inspect", "--format", "{{.Id}}", PlatformHarness.DEMO_IMAGE);

        ApiResponse response = platform.postJson("/functions", developer, withImage("by-id", id));

        assertThat(response.status()).isEqualTo(201);
        assertThat(platform.auditEvent(response, "image.decision").details()).containsEntry("registry", "local");
    }

    /** The bundled policy data with {@code registry} added to the allowed registries. */
    private static Path policyDataAllowing(String registry) throws IOException {
        Path source = LocalResources.projectRoot().resolve("policy/data");
        Path copy = Files.createTempDirectory("policy-data");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path image = copy.resolve("faas/image/data.json");
        Files.writeString(
                image,
                Files.readString(image)
                        .replace("\"allowed_registries\": [", "\"allowed_registries\": [\"" + registry + "\", "));
        return copy;
    }

    /** Accepts and at once closes every connection until interrupted or the socket closes. */
    private static void closeEach(ServerSocket socket) {
        while (!Thread.currentThread().isInterrupted() && !socket.isClosed()) {
            try (var ignored = socket.accept()) {
                // closed on leaving the block
            } catch (IOException e) {
                // a timeout or the socket closing: look at the loop's condition again
            }
        }
    }

    private static String withImage(String name, String image) {
        return Functions.echo(name).replace(PlatformHarness.DEMO_IMAGE, image);
    }

    private static String dockerOutput(String... arguments) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(arguments)).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor())
                .as("docker %s", String.join(" ", arguments))
                .isZero();
        return output;
    }

    private static List<String> command(String[] arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return command;
    }

    private static void docker(String... arguments) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(command(arguments)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor())
                .as("docker %s: %s", String.join(" ", arguments), output)
                .isZero();
    }
}
