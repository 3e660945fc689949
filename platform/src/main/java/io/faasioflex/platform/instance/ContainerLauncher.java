package io.faasioflex.platform.instance;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, starts and removes the containers of instances, and their per-instance directories. */
final class ContainerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);
    private static final long READY_POLL_MILLIS = 3;
    private static final long LIVENESS_POLL_MILLIS = 250;

    private final DockerClient docker;
    private final RuntimeSettings settings;
    private final ImageInspector images;
    private final WatchdogClient watchdog;
    private final SecretFiles secrets;
    private final String egressNetwork;

    ContainerLauncher(
            DockerClient docker,
            RuntimeSettings settings,
            ImageInspector images,
            WatchdogClient watchdog,
            SecretFiles secrets,
            String egressNetwork) {
        this.docker = docker;
        this.settings = settings;
        this.images = images;
        this.watchdog = watchdog;
        this.secrets = secrets;
        this.egressNetwork = egressNetwork;
    }

    /**
     * Creates and starts the instance's container and waits until its watchdog is healthy.
     *
     * @throws InstanceStartException on any failure, after removing whatever was created
     */
    void start(Instance instance) {
        ImageCheck image = checkImage(instance);
        try {
            createDir(instance.dir());
            Optional<Path> secretFiles = secrets.write(instance);
            var create = docker.createContainerCmd(instance.spec().image());
            String network = instance.spec().egress() ? egressNetwork : HardenedContainer.NO_NETWORK;
            instance.containerId(HardenedContainer.configure(create, instance, image, settings, secretFiles, network)
                    .exec()
                    .getId());
            requireNotStopped(instance);
            docker.startContainerCmd(instance.containerId()).exec();
            awaitReady(instance);
            seal(instance);
            requireNotStopped(instance);
        } catch (RuntimeException e) {
            remove(instance);
            if (e instanceof InstanceStartException start) {
                throw start;
            }
            throw new InstanceStartException(
                    "cannot start an instance of " + instance.spec().qualifiedName() + " from image "
                            + instance.spec().image() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Kills and removes the container (if any) and deletes the instance's directory; never throws. */
    void remove(Instance instance) {
        removeContainer(instance.containerId());
        deleteDir(instance.dir());
        secrets.remove(instance.id());
    }

    /** Removes containers left by an earlier run, per {@link RuntimeSettings#leftovers()}; returns how many. */
    int removeLeftovers() {
        Map<String, String> filter = new HashMap<>(Map.of(HardenedContainer.LABEL_MANAGED, "true"));
        if (settings.leftovers() == RuntimeSettings.LeftoverScope.OWNER) {
            filter.put(HardenedContainer.LABEL_OWNER, settings.ownerId());
        }
        List<Container> leftovers = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(filter)
                .exec();
        for (Container container : leftovers) {
            removeContainer(container.getId());
            String instanceId = container.getLabels().getOrDefault(HardenedContainer.LABEL_INSTANCE, "");
            if (Instance.ID.matcher(instanceId).matches()) {
                deleteDir(settings.instancesDir().resolve(instanceId));
                secrets.remove(instanceId);
            }
        }
        return leftovers.size();
    }

    /**
     * The image as the engine has it. An instance never pulls: images are pulled at registration, once policy allowed
     * the pull, so a missing one (pruned, or a manager on another engine) fails the start instead of being fetched
     * from wherever its name points.
     *
     * <p>TODO: pin the image id resolved at registration in the spec and start containers from it, so a tag moved
     * afterwards, or a manager on another engine, cannot run other content; such a manager cannot start it at all yet.
     */
    private ImageCheck checkImage(Instance instance) {
        ImageCheck image;
        try {
            String reference = instance.spec().image();
            image = images.find(reference)
                    .orElseGet(() -> ImageCheck.unavailable(
                            reference,
                            "image " + reference + " is not present on this engine; instances never pull (register"
                                    + " the function again to pull it through policy)"));
        } catch (InstanceException e) {
            throw new InstanceStartException(
                    "cannot start " + instance.spec().qualifiedName() + ": " + e.getMessage(), e);
        }
        if (!image.available()) {
            throw new InstanceStartException("cannot start " + instance.spec().qualifiedName() + ": " + image.reason());
        }
        return image;
    }

    /** The pool may stop an instance while it starts (retire, close); then whoever sees it last removes it. */
    private static void requireNotStopped(Instance instance) {
        if (instance.isStopped()) {
            throw new InstanceStartException("instance " + instance.id() + " of "
                    + instance.spec().qualifiedName() + " was stopped while starting");
        }
    }

    private void awaitReady(Instance instance) {
        long started = System.nanoTime();
        long deadline = started + settings.startTimeout().toNanos();
        long nextLivenessCheck = started + LIVENESS_POLL_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (Files.exists(instance.socket()) && watchdog.healthy(instance.socket())) {
                return;
            }
            if (System.nanoTime() > nextLivenessCheck) {
                requireRunning(instance);
                nextLivenessCheck = System.nanoTime() + LIVENESS_POLL_MILLIS * 1_000_000;
            }
            pause(READY_POLL_MILLIS);
        }
        throw new InstanceStartException(
                "the watchdog of " + instance.spec().qualifiedName() + " instance=" + instance.id()
                        + " was not ready within " + settings.startTimeout().toMillis() + " ms");
    }

    private void requireRunning(Instance instance) {
        InspectContainerResponse.ContainerState state =
                docker.inspectContainerCmd(instance.containerId()).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw new InstanceStartException("the container of "
                    + instance.spec().qualifiedName() + " instance="
                    + instance.id() + " exited with code " + state.getExitCodeLong() + " before its watchdog was"
                    + " ready" + (state.getOOMKilled() == Boolean.TRUE ? " (out of memory)" : ""));
        }
    }

    private void removeContainer(String containerId) {
        if (containerId.isEmpty()) {
            return;
        }
        try {
            docker.removeContainerCmd(containerId)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException | ConflictException e) {
            // Already gone, or the engine is removing it already.
        } catch (RuntimeException e) {
            LOG.warn("cannot remove container container={} error={}", containerId, e.toString());
        }
    }

    /**
     * Once the watchdog has made its socket, the function (the same uid) must not be able to swap it for a link
     * to another socket on the host, nor add files on the host's disk: the directory becomes read-only to it.
     */
    private static void seal(Instance instance) {
        try {
            Files.setPosixFilePermissions(instance.dir(), PosixFilePermissions.fromString("r-xr-xr-x"));
            var socket = Files.readAttributes(
                    instance.socket(), java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!socket.isOther()) {
                throw new InstanceStartException("the watchdog socket of "
                        + instance.spec().qualifiedName() + " instance=" + instance.id() + " is not a socket");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal the instance directory " + instance.dir(), e);
        }
    }

    private void createDir(Path dir) {
        try {
            Path parent = dir.getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(
                        parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.createDirectory(dir);
            // The watchdog runs as 65534 and must create its socket here; the umask would otherwise narrow the mode.
            // Sealed read-only once the socket exists (seal). TODO: until then (http mode starts the function's
            //  server at once) the function could still write here, on the host's disk.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the instance directory " + dir, e);
        }
    }

    private static void deleteDir(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete instance directory dir={} error={}", dir, e.toString());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceStartException("interrupted while waiting for a watchdog", e);
        }
    }
}
