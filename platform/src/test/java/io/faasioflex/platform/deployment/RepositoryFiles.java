package io.faasioflex.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the repository's deployment files, by path from the repository root, as text, YAML or properties. */
final class RepositoryFiles {

    private final Path root;

    private RepositoryFiles(Path root) {
        this.root = root;
    }

    /** The repository holding the working directory: the first directory upwards with the Maven wrapper. */
    static RepositoryFiles find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no repository root above " + Path.of("").toAbsolutePath());
        }
        return new RepositoryFiles(dir);
    }

    Path resolve(String relative) {
        return root.resolve(relative).normalize();
    }

    boolean exists(String relative) {
        return Files.exists(resolve(relative));
    }

    String text(String relative) {
        try {
            return Files.readString(resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    /** A YAML document as nested maps and lists; only plain data types, no arbitrary objects. */
    Map<String, Object> yaml(String relative) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text(relative));
        return Yamls.map(document, relative);
    }

    /** {@code KEY=value} lines, as in deploy/versions.env, or the same assignments inside a shell script. */
    Properties assignments(String relative) {
        Properties values = new Properties();
        for (String line : text(relative).lines().toList()) {
            int equals = line.indexOf('=');
            if (equals > 0 && line.substring(0, equals).matches("[A-Z][A-Z0-9_]*")) {
                values.setProperty(
                        line.substring(0, equals), line.substring(equals + 1).trim());
            }
        }
        return values;
    }

    /** Every leaf key of a YAML document in dotted form ({@code faas.audit.signing-key-file}). */
    Map<String, Object> flattened(String relative) {
        Map<String, Object> keys = new LinkedHashMap<>();
        flatten("", yaml(relative), keys);
        return keys;
    }

    private static void flatten(String prefix, Map<String, Object> node, Map<String, Object> into) {
        node.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?>) {
                flatten(path, Yamls.map(value, path), into);
            } else {
                into.put(path, Optional.ofNullable(value).orElse(""));
            }
        });
    }

    /** Helpers to walk parsed YAML with the type checks in one place. */
    static final class Yamls {

        private Yamls() {}

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object node, String where) {
            if (node instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
            throw new IllegalStateException(where + " is not a mapping: " + node);
        }

        static Map<String, Object> map(Map<String, Object> parent, String key) {
            return parent.containsKey(key) ? map(parent.get(key), key) : Map.of();
        }

        static List<Object> list(Map<String, Object> parent, String key) {
            Object value = parent.get(key);
            if (value == null) {
                return List.of();
            }
            if (value instanceof List<?> list) {
                return List.copyOf(list);
            }
            return List.of(value);
        }

        static String string(Map<String, Object> parent, String key) {
            Object value = parent.get(key);
            return value == null ? "" : String.valueOf(value);
        }
    }
}
