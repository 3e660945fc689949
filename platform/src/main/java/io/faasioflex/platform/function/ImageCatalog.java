package io.faasioflex.platform.function;

import java.util.Optional;

/** Tells whether the container engine has, or can pull, an image. */
public interface ImageCatalog {

    /** Empty when the image can run; otherwise why it cannot, fit to show the caller. */
    Optional<String> unavailableReason(String image);
}
