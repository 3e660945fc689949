package io.faasioflex.platform.instance;

import java.util.List;

/**
 * Whether the engine can run an image, and what the image runs by default.
 *
 * @param image the reference that was checked
 * @param availability present locally, pulled just now, or unavailable
 * @param reason why the image is unavailable, fit to show the caller; empty when it is available
 * @param user the image's configured user; empty when none (the pool runs every container as 65534:65534 anyway)
 * @param entrypoint the image's entrypoint; empty when none or unavailable
 * @param cmd the image's command; empty when none or unavailable
 * @param repoDigests the registry references the engine knows the image by ({@code host/repo@sha256:...}); empty
 *     for an image built on this engine and never pulled or pushed
 */
public record ImageCheck(
        String image,
        Availability availability,
        String reason,
        String user,
        List<String> entrypoint,
        List<String> cmd,
        List<String> repoDigests) {

    public ImageCheck {
        reason = reason == null ? "" : reason;
        user = user == null ? "" : user;
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
    }

    static ImageCheck unavailable(String image, String reason) {
        return new ImageCheck(image, Availability.UNAVAILABLE, reason, "", List.of(), List.of(), List.of());
    }

    /** Whether a container can be created from the image now. */
    public boolean available() {
        return availability != Availability.UNAVAILABLE;
    }

    /** The image's entrypoint followed by its command: what a container runs when no command is given. */
    public List<String> defaultCommand() {
        return java.util.stream.Stream.concat(entrypoint.stream(), cmd.stream()).toList();
    }

    /** How the image came to be (or not be) available. */
    public enum Availability {
        /** The engine already had the image. */
        LOCAL,
        /** The engine pulled the image during the check. */
        PULLED,
        /** The engine does not have the image and could not pull it. */
        UNAVAILABLE
    }
}
