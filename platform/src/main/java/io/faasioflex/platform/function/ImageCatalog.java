package io.faasioflex.platform.function;

import java.util.Optional;

/** What the container engine knows about images, and pulling the ones it lacks. */
public interface ImageCatalog {

    /** The facts about {@code image} if the engine already has it; never contacts a registry. */
    Optional<ImageFacts> find(String image);

    /**
     * Pulls {@code image} and returns its facts. Call only once policy allowed the pull ({@code faas/image/pull}).
     *
     * @throws io.faasioflex.platform.api.ApiException 422 {@code image_unavailable} when the engine cannot pull it
     */
    ImageFacts pull(String image);
}
