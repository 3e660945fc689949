package io.faasioflex.platform.instance;

import static io.faasioflex.platform.testing.LocalResources.projectRoot;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.faasioflex.platform.testing.Binaries;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The real Docker Engine, the demo image and the watchdog for the instance ITs. */
final class InstanceTestSupport {

    private InstanceTestSupport() {}

    static DockerClient docker() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock")
                .build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create("unix:///var/run/docker.sock"))
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Settings with an owner id of its own, so parallel test classes never remove each other's containers. */
    static RuntimeSettings settings(String prefix) {
        String owner = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return RuntimeSettings.defaults(owner)
                .withWatchdogBinary(Binaries.watchdog())
                .withIdleTimeout(Duration.ofSeconds(60));
    }

    /** Builds the demo image with the project's script when the engine lacks it. */
    static void ensureDemoImage(DockerClient docker) throws IOException, InterruptedException {
        try {
            docker.inspectImageCmd(TestSpecs.DEMO_IMAGE).exec();
            return;
        } catch (NotFoundException e) {
            // Built below.
        }
        Path script = projectRoot().resolve("deploy/images/build-demo-images.sh");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no " + TestSpecs.DEMO_IMAGE + " and no " + script + " to build it");
        }
        Process build = new ProcessBuilder(script.toString()).inheritIO().start();
        if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new IllegalStateException(script + " did not build " + TestSpecs.DEMO_IMAGE);
        }
    }

    /** The containers that carry this pool's owner label, running or not. */
    static List<Container> containersOf(DockerClient docker, RuntimeSettings settings) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(HardenedContainer.LABEL_OWNER, settings.ownerId()))
                .exec();
    }
}
