package io.faasioflex.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the policy data document: from the jar (the data the policy was built with), from one JSON file
 * holding the whole document, or from a directory laid out the way {@code opa run} reads one.
 *
 * <p>Public so that Java code reading its settings from policy data (the DLP scanner's patterns) reads the very
 * document the policy engine evaluates against.
 */
public final class PolicyData {

    /** Classpath location of the data document the policy was built with. */
    public static final String BUNDLED_RESOURCE = "/io/faasioflex/policy/data.json";

    private PolicyData() {}

    /**
     * The data document built into the jar, as JSON.
     *
     * @throws PolicyUnavailableException if it is missing or not a JSON object
     */
    public static String bundled() {
        try (InputStream in = PolicyData.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new PolicyUnavailableException("policy data " + BUNDLED_RESOURCE + " is not on the classpath");
            }
            return requireObject(Decisions.JSON.readTree(in), BUNDLED_RESOURCE).toString();
        } catch (IOException e) {
            throw new PolicyUnavailableException("policy data " + BUNDLED_RESOURCE + " cannot be read", e);
        }
    }

    /**
     * Reads a file as the whole data document, or merges every {@code *.json} file under a directory at the
     * path of its parent directory ({@code faas/rbac/data.json} becomes {@code data.faas.rbac}), as OPA does.
     *
     * @throws PolicyUnavailableException if the path cannot be read or holds anything but JSON objects
     */
    public static String fromPath(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return merged(path).toString();
            }
            return requireObject(Decisions.JSON.readTree(path.toFile()), path.toString())
                    .toString();
        } catch (IOException | UncheckedIOException e) {
            throw new PolicyUnavailableException("policy data " + path + " cannot be read", e);
        }
    }

    private static ObjectNode merged(Path root) throws IOException {
        var document = Decisions.JSON.createObjectNode();
        for (Path file : jsonFiles(root)) {
            var content = requireObject(Decisions.JSON.readTree(file.toFile()), file.toString());
            var target = document;
            for (Path segment : root.relativize(file.getParent())) {
                target = target.withObjectProperty(segment.toString());
            }
            mergeInto(target, content, file);
        }
        return document;
    }

    private static List<Path> jsonFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".json"))
                    .filter(file -> !hidden(root.relativize(file)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Merges objects key by key; any other clash is an error, as in OPA, rather than a silent overwrite. */
    private static void mergeInto(ObjectNode target, ObjectNode content, Path file) {
        for (var field : content.properties()) {
            var existing = target.get(field.getKey());
            if (existing == null) {
                target.set(field.getKey(), field.getValue());
            } else if (existing.isObject() && field.getValue().isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) field.getValue(), file);
            } else {
                throw new PolicyUnavailableException(
                        "policy data " + file + " redefines key '" + field.getKey() + "' set by another file");
            }
        }
    }

    private static ObjectNode requireObject(JsonNode node, String source) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new PolicyUnavailableException("policy data " + source + " must be a JSON object");
    }
}
