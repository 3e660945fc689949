package io.faasioflex.platform.instance;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the engine whether it has an image, pulls one when asked to, and reads the image's default command. */
public final class ImageInspector {

    /** How long a pull may take before the image counts as unavailable. */
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(ImageInspector.class);

    private final DockerClient docker;
    private final boolean pullMissingImages;
    private final Duration pullTimeout;

    public ImageInspector(DockerClient docker, boolean pullMissingImages, Duration pullTimeout) {
        this.docker = docker;
        this.pullMissingImages = pullMissingImages;
        this.pullTimeout = pullTimeout;
    }

    /**
     * What the engine knows of {@code image} if it has it; never pulls.
     *
     * @throws InstanceException when the engine cannot be reached at all
     */
    public Optional<ImageCheck> find(String image) {
        return inspect(image, ImageCheck.Availability.LOCAL);
    }

    /**
     * Pulls {@code image} (when pulling is allowed) and inspects it; unavailable with a reason if it cannot.
     *
     * @throws InstanceException when the engine cannot be reached at all
     */
    public ImageCheck pull(String image) {
        if (!pullMissingImages) {
            return ImageCheck.unavailable(image, "image " + image + " is not present and pulling is disabled");
        }
        Optional<String> pullFailure = pullNow(image);
        if (pullFailure.isPresent()) {
            return ImageCheck.unavailable(image, pullFailure.get());
        }
        return inspect(image, ImageCheck.Availability.PULLED)
                .orElseGet(() -> ImageCheck.unavailable(image, "image " + image + " is missing after its pull"));
    }

    private Optional<ImageCheck> inspect(String image, ImageCheck.Availability availability) {
        try {
            InspectImageResponse response = docker.inspectImageCmd(image).exec();
            ContainerConfig config = response.getConfig();
            List<String> repoDigests = response.getRepoDigests();
            if (config == null) {
                return Optional.of(new ImageCheck(image, availability, "", "", List.of(), List.of(), repoDigests));
            }
            return Optional.of(new ImageCheck(
                    image,
                    availability,
                    "",
                    config.getUser(),
                    list(config.getEntrypoint()),
                    list(config.getCmd()),
                    repoDigests));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (DockerException e) {
            return Optional.of(
                    ImageCheck.unavailable(image, "engine refused to inspect " + image + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            throw new InstanceException("container engine unreachable while inspecting image " + image, e);
        }
    }

    /** Pulls the image; empty on success, otherwise why it failed. */
    private Optional<String> pullNow(String image) {
        long started = System.nanoTime();
        var callback = new PullCallback();
        try (callback) {
            ImageReference reference = ImageReference.parse(image);
            var command = docker.pullImageCmd(reference.repository());
            reference.tag().ifPresent(command::withTag);
            command.exec(callback);
            if (!callback.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of("pull of " + image + " did not finish within " + pullTimeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while pulling " + image);
        } catch (IOException | RuntimeException e) {
            callback.failed(e.getMessage());
        }
        if (!callback.error().isEmpty()) {
            LOG.warn("image pull failed image={} error={}", image, callback.error());
            return Optional.of("pull of " + image + " failed: " + callback.error());
        }
        LOG.info("image pulled image={} ms={}", image, (System.nanoTime() - started) / 1_000_000);
        return Optional.empty();
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    /** Collects a pull's first error instead of logging it, and completes on it. */
    private static final class PullCallback extends ResultCallback.Adapter<PullResponseItem> {
        private volatile String error = "";

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                failed(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
            }
        }

        @Override
        public void onError(Throwable throwable) {
            failed(throwable.getMessage());
            onComplete();
        }

        void failed(String message) {
            if (error.isEmpty()) {
                error = message == null || message.isBlank() ? "unknown error" : message;
            }
        }

        String error() {
            return error;
        }
    }

    /** An image reference split the way the engine's pull call wants it: repository, and a tag unless a digest. */
    record ImageReference(String repository, Optional<String> tag) {

        static ImageReference parse(String image) {
            if (image.contains("@")) {
                return new ImageReference(image, Optional.empty());
            }
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            if (colon > slash) {
                return new ImageReference(image.substring(0, colon), Optional.of(image.substring(colon + 1)));
            }
            // Without a tag the engine would pull every tag of the repository; the CLI means "latest".
            return new ImageReference(image, Optional.of("latest"));
        }
    }
}
