package io.faasioflex.platform.function;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the container engine says about an image, as the image policy sees it.
 *
 * @param reference the reference as registered
 * @param registry the registry host named in the reference, {@code docker.io} when none is named and the image
 *     was pulled
 * @param digestPinned whether the reference names a digest ({@code @sha256:...})
 * @param local whether the engine already had the image and the reference names no registry (built here)
 * @param user the user the image's configuration runs as; empty means root
 */
public record ImageFacts(String reference, String registry, boolean digestPinned, boolean local, String user) {

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
}
