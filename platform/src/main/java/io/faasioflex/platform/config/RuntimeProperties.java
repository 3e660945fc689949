package io.faasioflex.platform.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the manager runs function instances, under {@code faas.runtime.*}.
 *
 * @param dockerHost the container engine's socket
 * @param watchdogBinary the static watchdog mounted read-only into every container
 * @param instancesDir where each instance gets the directory holding its socket
 * @param idleTimeout an instance with no invocation for this long is removed
 * @param queueTimeout how long an invocation waits for a free instance at the function's maximum
 * @param startTimeout how long a new instance may take to answer its health check
 * @param pidsLimit most processes a container may run
 * @param tmpfsMb size of the writable {@code /tmp} in each container
 * @param pullMissingImages whether registration may pull an image the engine does not have
 * @param egressNetwork the engine network joined by functions that egress policy allowed a network
 */
@ConfigurationProperties("faas.runtime")
public record RuntimeProperties(
        @Bindable(defaultValue = "unix:///var/run/docker.sock")
        String dockerHost,

        String watchdogBinary,

        @Bindable(defaultValue = "/tmp/faasioflex/instances")
        String instancesDir,

        @Bindable(defaultValue = "60s") Duration idleTimeout,
        @Bindable(defaultValue = "2s") Duration queueTimeout,
        @Bindable(defaultValue = "10s") Duration startTimeout,
        @Bindable(defaultValue = "64") int pidsLimit,
        @Bindable(defaultValue = "16") int tmpfsMb,
        @Bindable(defaultValue = "true") boolean pullMissingImages,
        @Bindable(defaultValue = "bridge") String egressNetwork) {}
