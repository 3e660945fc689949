package io.faasioflex.platform.function;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the container engine says about an image, as the image policy sees it.
 *
 * @param reference the reference as registered
 * @param registry where the image's content comes from: the registry host the reference names; for a reference
 *     without one, the registry the engine pulled it from ({@code docker.io} when its digest names no host, or when
 *     it would be pulled now); empty for an image built on this engine
 * @param digestPinned whether the reference fixes the content: {@code name@sha256:...} or an image id
 * @param local whether the image was built on this engine: the reference names no registry host and the engine
 *     knows the image under no registry digest
 * @param user the user the image's configuration runs as; empty means root, or not known before a pull
 */
public record ImageFacts(String reference, String registry, boolean digestPinned, boolean local, String user) {

    private static final String DOCKER_HUB = "docker.io";
    private static final Pattern IMAGE_ID = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * The facts of an image the engine has, whose registry digests tell where a host-less reference came from.
     *
     * <p>TODO: the containerd image store gives local builds a digest too, and an image may carry digests of several
     * registries; policy should get every origin, and local builds a positive mark rather than a missing digest.
     */
    public static ImageFacts present(String reference, List<String> repoDigests, String user) {
        String host = registryOf(reference);
        if (!host.isEmpty()) {
            return new ImageFacts(reference, host, pinned(reference), false, user);
        }
        if (repoDigests.isEmpty()) {
            return new ImageFacts(reference, "", pinned(reference), true, user);
        }
        String origin = registryOf(repoDigests.stream().sorted().findFirst().orElseThrow());
        return new ImageFacts(reference, origin.isEmpty() ? DOCKER_HUB : origin, pinned(reference), false, user);
    }

    /** The facts of an image the engine lacks, from its reference alone: where the engine would pull it from. */
    public static ImageFacts absent(String reference) {
        String host = registryOf(reference);
        return new ImageFacts(reference, host.isEmpty() ? DOCKER_HUB : host, pinned(reference), false, "");
    }

    /** The {@code image} object of the image policy's input. */
    public Map<String, Object> toInput() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("reference", reference);
        input.put("registry", registry);
        input.put("digest_pinned", digestPinned);
        input.put("local", local);
        input.put("user", user);
        return input;
    }

    /** The registry host of {@code reference}, or empty when it names none. */
    public static String registryOf(String reference) {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String first = reference.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        return host ? first : "";
    }

    private static boolean pinned(String reference) {
        return reference.contains("@sha256:") || IMAGE_ID.matcher(reference).matches();
    }
}
