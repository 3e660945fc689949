package io.faasioflex.platform.deployment;

import io.faasioflex.platform.deployment.RepositoryFiles.Yamls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deployment files parsed once: docker-compose.yml, the gateway's and Dex's configuration, the NATS
 * configuration and the platform's application.yml, with the few derived values the checks compare.
 */
final class DeploymentFiles {

    static final String APPLICATION_YML = "platform/src/main/resources/application.yml";

    /** Framework keys docker-compose.yml sets that application.yml only shows commented out (TenancyIT sets them). */
    private static final List<String> COMMENTED_KEYS = List.of(
            "micronaut.security.token.jwt.claims-validators.issuer",
            "micronaut.security.token.jwt.claims-validators.audience");

    private static final Pattern CONTROLLER = Pattern.compile("@Controller\\(\"([^\"]+)\"\\)");
    private static final Pattern NATS_LISTEN = Pattern.compile("(?m)^listen:\\s*\\S*:(\\d+)\\s*$");
    private static final Pattern BODY_SIZE = Pattern.compile("(\\d+)([kKmM]?)");

    final RepositoryFiles files = RepositoryFiles.find();
    final Map<String, Object> compose = files.yaml("docker-compose.yml");
    final Map<String, ComposeService> services = ComposeService.all(compose);
    final Map<String, Object> dex = files.yaml("deploy/dex/config.compose.yaml");
    final Map<String, Object> localDex = files.yaml("deploy/dex/config.yaml");
    final Map<String, Object> gateway = files.yaml("deploy/apisix/apisix.yaml");
    final Map<String, Object> gatewayConfig = files.yaml("deploy/apisix/config.yaml");
    final Map<String, Object> settings = files.flattened(APPLICATION_YML);

    ComposeService service(String name) {
        ComposeService service = services.get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /**
     * The paths the platform serves, as the prefixes of its controllers ({@code @Controller("/functions")}) and of
     * its static OpenAPI document; {@code /health} excluded, which the gateway does not publish.
     */
    List<String> platformApiPaths() {
        String sources = "platform/src/main/java";
        try (Stream<Path> walk = Files.walk(files.resolve(sources))) {
            List<String> paths =
                    new ArrayList<>(walk.filter(file -> file.toString().endsWith("Controller.java"))
                            .map(file -> CONTROLLER.matcher(files.text(
                                    sources + "/" + files.resolve(sources).relativize(file))))
                            .filter(Matcher::find)
                            .map(matcher -> matcher.group(1))
                            .filter(path -> !path.equals("/health"))
                            .distinct()
                            .toList());
            String openApi = String.valueOf(settings.get("micronaut.router.static-resources.openapi.mapping"));
            paths.add(openApi.replace("/**", ""));
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + sources, e);
        }
    }

    /** The other services that share at least one network with the named one. */
    List<String> neighbours(String name) {
        List<String> networks = service(name).networks();
        return services.values().stream()
                .filter(other -> !other.name().equals(name))
                .filter(other -> other.networks().stream().anyMatch(networks::contains))
                .map(ComposeService::name)
                .toList();
    }

    /** The port a {@code host:port} listen address names. */
    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** An nginx size ({@code 6m}, {@code 512k}, {@code 1024}) in bytes. */
    static long nginxSize(String size) {
        Matcher matcher = BODY_SIZE.matcher(size.trim());
        if (!matcher.matches()) {
            throw new AssertionError("not an nginx size: " + size);
        }
        long number = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> number * 1024;
            case "m" -> number * 1024 * 1024;
            default -> number;
        };
    }

    /** The client port in deploy/nats/nats-server.conf. */
    int natsClientPort() {
        Matcher matcher = NATS_LISTEN.matcher(files.text("deploy/nats/nats-server.conf"));
        if (!matcher.find()) {
            throw new AssertionError("deploy/nats/nats-server.conf has no listen address");
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The argument that follows {@code flag} in a service's command. */
    String argumentAfter(ComposeService service, String flag) {
        List<String> arguments = service.commandArguments();
        int index = arguments.indexOf(flag);
        if (index < 0 || index + 1 >= arguments.size()) {
            throw new AssertionError(service.name() + " has no " + flag + " argument: " + arguments);
        }
        return arguments.get(index + 1);
    }

    String dexIssuer() {
        return Yamls.string(dex, "issuer");
    }

    /** The single static client of the compose Dex. */
    Map<String, Object> dexClient() {
        List<Object> clients = Yamls.list(dex, "staticClients");
        if (clients.size() != 1) {
            throw new AssertionError("expected one static client in Dex, found " + clients);
        }
        return Yamls.map(clients.getFirst(), "staticClients[0]");
    }

    /** E-mail, user id and hash of each static user of a Dex configuration. */
    static List<String> dexUsers(Map<String, Object> config) {
        List<String> users = new ArrayList<>();
        for (Object entry : Yamls.list(config, "staticPasswords")) {
            Map<String, Object> user = Yamls.map(entry, "staticPasswords");
            users.add(String.join(
                    " ", Yamls.string(user, "email"), Yamls.string(user, "userID"), Yamls.string(user, "hash")));
        }
        return users;
    }

    Map<String, Object> gatewayService(String id) {
        return Yamls.list(gateway, "services").stream()
                .map(entry -> Yamls.map(entry, "services"))
                .filter(entry -> id.equals(Yamls.string(entry, "id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("apisix.yaml has no service " + id));
    }

    List<Map<String, Object>> gatewayRoutes() {
        return Yamls.list(gateway, "routes").stream()
                .map(entry -> Yamls.map(entry, "routes"))
                .toList();
    }

    /** The plugins a route runs: its own and its service's. */
    Map<String, Object> pluginsOf(Map<String, Object> route) {
        String serviceId = Yamls.string(route, "service_id");
        Map<String, Object> plugins = new LinkedHashMap<>(Yamls.map(route, "plugins"));
        if (!serviceId.isEmpty()) {
            plugins.putAll(Yamls.map(gatewayService(serviceId), "plugins"));
        }
        return plugins;
    }

    /** The names of every plugin apisix.yaml configures, on services, routes and global rules. */
    List<String> gatewayPluginsInUse() {
        List<String> names = new ArrayList<>();
        for (String section : List.of("services", "routes", "global_rules")) {
            for (Object entry : Yamls.list(gateway, section)) {
                names.addAll(Yamls.map(Yamls.map(entry, section), "plugins").keySet());
            }
        }
        return names.stream().distinct().toList();
    }

    /** The gateway's token check: the openid-connect plugin of the service in front of the platform. */
    Map<String, Object> gatewayTokenCheck() {
        return Yamls.map(Yamls.map(gatewayService("platform-api"), "plugins"), "openid-connect");
    }

    /** The platform's configuration keys: those of application.yml and the framework keys it leaves commented. */
    List<String> configurationKeys() {
        List<String> keys = new ArrayList<>(settings.keySet());
        keys.addAll(COMMENTED_KEYS);
        return keys;
    }

    /** A pinned version without its leading v ({@code v2.14.5} is released as image tag 2.14.5). */
    static String release(Properties versions, String key) {
        return versions.getProperty(key).replaceFirst("^v", "");
    }

    /** The environment variable Micronaut maps to a key: upper case, dots and dashes as underscores. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
