package io.faasioflex.platform.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.faasioflex.platform.config.RuntimeProperties;
import io.faasioflex.platform.health.DependencyCheck;
import io.faasioflex.platform.health.NamedCheck;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;

/** The Docker Engine client the manager runs instances with, and its health check. */
@Factory
final class DockerFactory {

    @Singleton
    @Bean(preDestroy = "close")
    DockerClient docker(RuntimeProperties runtime) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(runtime.dockerHost())
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(runtime.dockerHost()))
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Singleton
    DependencyCheck dockerCheck(DockerClient docker) {
        return new NamedCheck("docker", () -> {
            String version = docker.versionCmd().exec().getVersion();
            return DependencyCheck.State.up("engine " + version);
        });
    }
}
