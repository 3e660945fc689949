package io.faasioflex.platform.instance;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import io.faasioflex.platform.function.FunctionMode;
import io.faasioflex.platform.function.FunctionSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container contract of DESIGN.md as engine settings: no network (unless policy allowed the function egress),
 * no capabilities, no new privileges, a read-only
 * root with a small {@code noexec} tmpfs, user 65534, pids, memory (without swap) and CPU limits, the engine's default
 * seccomp profile (never relaxed here), and the watchdog as the entrypoint. The watchdog is PID 1 and reaps every
 * orphan (a function's server that leaves CGI children behind would otherwise fill the pids limit with zombies), so
 * no engine init is added.
 */
final class HardenedContainer {

    static final String LABEL_MANAGED = "faasioflex.managed";
    static final String LABEL_FUNCTION = "faasioflex.function";
    static final String LABEL_VERSION = "faasioflex.version";
    static final String LABEL_INSTANCE = "faasioflex.instance";
    static final String LABEL_OWNER = "faasioflex.owner";

    static final String USER = "65534:65534";
    static final String WATCHDOG_PATH = "/faas/bin/watchdog";
    static final String RUN_DIR = "/faas/run";
    static final int DEFAULT_HTTP_PORT = 8080;
    static final String NO_NETWORK = "none";

    private HardenedContainer() {}

    /** Applies the whole contract to a create command for {@code instance}. */
    static CreateContainerCmd configure(
            CreateContainerCmd create,
            Instance instance,
            ImageCheck image,
            RuntimeSettings settings,
            Optional<Path> secrets,
            String network) {
        FunctionSpec spec = instance.spec();
        return create.withName(containerName(instance))
                .withUser(USER)
                .withEntrypoint(WATCHDOG_PATH)
                .withCmd(List.of())
                .withEnv(environment(spec, image, settings.maxBodyBytes()))
                .withLabels(labels(spec, instance.id(), settings.ownerId()))
                .withHostConfig(hostConfig(spec, instance, settings, secrets, network));
    }

    static HostConfig hostConfig(FunctionSpec spec, Instance instance, RuntimeSettings settings) {
        return hostConfig(spec, instance, settings, Optional.empty(), NO_NETWORK);
    }

    /**
     * With {@code secrets}, the instance's secret files are mounted read-only at {@code /run/secrets}; {@code network}
     * is {@code none} unless the function's spec was allowed egress. Every other setting is the same either way.
     */
    static HostConfig hostConfig(
            FunctionSpec spec, Instance instance, RuntimeSettings settings, Optional<Path> secrets, String network) {
        List<Bind> binds = new ArrayList<>(List.of(
                new Bind(settings.watchdogBinary().toString(), new Volume(WATCHDOG_PATH), AccessMode.ro),
                new Bind(instance.dir().toString(), new Volume(RUN_DIR), AccessMode.rw)));
        secrets.ifPresent(
                dir -> binds.add(new Bind(dir.toString(), new Volume(SecretFiles.MOUNT_POINT), AccessMode.ro)));
        return HostConfig.newHostConfig()
                // TODO: egress is all or nothing: the egress network reaches whatever it routes to (other hosts on the
                //  bridge, the engine's gateway, metadata addresses); no per-function destination allow-list filters
                // it.
                .withNetworkMode(network)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=" + settings.tmpfsMb() + "m"))
                .withPidsLimit((long) settings.pidsLimit())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs(Math.round(spec.cpus() * 1_000_000_000d))
                .withUlimits(List.of(new Ulimit("nofile", 1024L, 1024L), new Ulimit("core", 0L, 0L)))
                .withLogConfig(
                        new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "1m", "max-file", "1")))
                .withBinds(binds);
    }

    /** The function's own environment first, then the watchdog's settings, which a function cannot override. */
    static List<String> environment(FunctionSpec spec, ImageCheck image, long maxBodyBytes) {
        Map<String, String> env = new LinkedHashMap<>();
        spec.environment().forEach((name, value) -> {
            if (!name.startsWith("FAAS_")) {
                env.put(name, value);
            }
        });
        env.put("FAAS_MODE", spec.mode().name());
        env.put("FAAS_SOCKET", RUN_DIR + "/" + Instance.SOCKET_NAME);
        env.put("FAAS_TIMEOUT_MS", Long.toString(spec.timeoutMs()));
        env.put("FAAS_MAX_BODY_BYTES", Long.toString(maxBodyBytes));
        if (spec.contentType() != null && !spec.contentType().isBlank()) {
            env.put("FAAS_CONTENT_TYPE", spec.contentType());
        }
        if (spec.mode() == FunctionMode.stdio) {
            env.put("FAAS_COMMAND", JsonText.array(spec.command()));
        } else {
            List<String> start = spec.command().isEmpty() ? image.defaultCommand() : spec.command();
            env.put("FAAS_START_COMMAND", JsonText.array(start));
            env.put("FAAS_UPSTREAM", upstream(spec));
        }
        List<String> out = new ArrayList<>(env.size());
        env.forEach((name, value) -> out.add(name + "=" + value));
        return out;
    }

    static Map<String, String> labels(FunctionSpec spec, String instanceId, String ownerId) {
        return Map.of(
                LABEL_MANAGED,
                "true",
                LABEL_FUNCTION,
                spec.qualifiedName(),
                LABEL_VERSION,
                Long.toString(spec.version()),
                LABEL_INSTANCE,
                instanceId,
                LABEL_OWNER,
                ownerId);
    }

    static String containerName(Instance instance) {
        FunctionSpec spec = instance.spec();
        return "faas-" + spec.namespace() + "-" + spec.name() + "-" + instance.id();
    }

    private static String upstream(FunctionSpec spec) {
        int port = spec.httpPort() > 0 ? spec.httpPort() : DEFAULT_HTTP_PORT;
        String path = spec.httpPath() == null || spec.httpPath().isBlank() ? "/" : spec.httpPath();
        return "http://127.0.0.1:" + port + path;
    }
}
