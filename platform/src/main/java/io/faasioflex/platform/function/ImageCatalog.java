package io.faasioflex.platform.function;

/** Tells whether the container engine has, or can pull, an image, and what it knows about it. */
public interface ImageCatalog {

    /**
     * The facts about {@code image}.
     *
     * @throws io.faasioflex.platform.api.ApiException 422 {@code image_unavailable} when the engine neither has
     *     nor can pull it
     */
    ImageFacts inspect(String image);
}
