package io.faasioflex.platform.deployment;

import io.faasioflex.platform.deployment.RepositoryFiles.Yamls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One service of docker-compose.yml, read from its parsed YAML in either of compose's short and long forms. */
record ComposeService(String name, Map<String, Object> definition) {

    private static final Pattern SECRET_PATH = Pattern.compile("/run/secrets/([A-Za-z0-9_.-]+)");

    static Map<String, ComposeService> all(Map<String, Object> compose) {
        Map<String, ComposeService> services = new LinkedHashMap<>();
        Yamls.map(compose, "services")
                .forEach((name, definition) ->
                        services.put(name, new ComposeService(name, Yamls.map(definition, name))));
        return services;
    }

    String image() {
        return Yamls.string(definition, "image");
    }

    /** The image's tag, the part after the last colon. */
    String imageTag() {
        String image = image();
        return image.substring(image.lastIndexOf(':') + 1);
    }

    Map<String, String> environment() {
        Object environment = definition.get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(String.valueOf(key), String.valueOf(value)));
        } else {
            for (Object entry : Yamls.list(definition, "environment")) {
                String[] parts = String.valueOf(entry).split("=", 2);
                variables.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return variables;
    }

    /** Entry point and command as one line, {@code $$} read as compose does ({@code $}), to look for paths in. */
    String commandLine() {
        return Stream.concat(Yamls.list(definition, "entrypoint").stream(), Yamls.list(definition, "command").stream())
                .map(String::valueOf)
                .collect(Collectors.joining(" "))
                .replace("$$", "$");
    }

    List<String> commandArguments() {
        return Yamls.list(definition, "command").stream().map(String::valueOf).toList();
    }

    List<Mount> mounts() {
        return Yamls.list(definition, "volumes").stream().map(Mount::of).toList();
    }

    /** The compose secrets this service reads: {@code /run/secrets/<name>} in its command or environment. */
    List<String> secretsRead() {
        String text = commandLine() + " " + environment().values();
        return SECRET_PATH
                .matcher(text)
                .results()
                .map(match -> match.group(1))
                .distinct()
                .toList();
    }

    /** The compose secrets granted to this service. */
    List<String> secrets() {
        return Yamls.list(definition, "secrets").stream().map(String::valueOf).toList();
    }

    List<String> networks() {
        Object networks = definition.get("networks");
        if (networks instanceof Map<?, ?> map) {
            return map.keySet().stream().map(String::valueOf).toList();
        }
        return Yamls.list(definition, "networks").stream().map(String::valueOf).toList();
    }

    List<String> ports() {
        return Yamls.list(definition, "ports").stream().map(String::valueOf).toList();
    }

    /** Each service this one waits for, with the condition it waits on. */
    Map<String, String> dependsOn() {
        return Yamls.map(definition, "depends_on").entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        entry -> Yamls.string(Yamls.map(entry.getValue(), entry.getKey()), "condition")));
    }

    Map<String, Object> limits() {
        return Yamls.map(Yamls.map(Yamls.map(definition, "deploy"), "resources"), "limits");
    }

    List<String> healthcheckTest() {
        return Yamls.list(Yamls.map(definition, "healthcheck"), "test").stream()
                .map(String::valueOf)
                .toList();
    }

    /** A volume: its host path or volume name, where the container sees it, and whether it is read-only. */
    record Mount(String source, String target, boolean readOnly) {

        static Mount of(Object volume) {
            if (volume instanceof Map<?, ?>) {
                Map<String, Object> spec = Yamls.map(volume, "volume");
                return new Mount(
                        Yamls.string(spec, "source"),
                        Yamls.string(spec, "target"),
                        Boolean.parseBoolean(Yamls.string(spec, "read_only")));
            }
            String[] parts = String.valueOf(volume).split(":");
            return new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro"));
        }

        /** A path of the repository (./...), as opposed to a host path or a named volume. */
        boolean inRepository() {
            return source.startsWith("./");
        }
    }
}
