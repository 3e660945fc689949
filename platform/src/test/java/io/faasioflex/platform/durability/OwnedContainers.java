package io.faasioflex.platform.durability;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Function containers on the local Docker Engine, by the platform process that labelled them as their owner. */
final class OwnedContainers implements AutoCloseable {

    private static final String ENGINE = "unix:///var/run/docker.sock";
    private static final String OWNER_LABEL = "faasioflex.owner";

    private final DockerClient docker;

    OwnedContainers() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(ENGINE)
                .build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(ENGINE))
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        this.docker = DockerClientImpl.getInstance(config, http);
    }

    /** Ids of the containers, running or not, that {@code owner} created. */
    List<String> of(String owner) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(OWNER_LABEL, owner)).exec().stream()
                .map(Container::getId)
                .toList();
    }

    /** Force-removes what {@code owner} left behind; the safety net after a failed test. */
    void removeAll(String owner) {
        for (String id : of(owner)) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException e) {
                // removed meanwhile by the platform itself
            }
        }
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
