package io.faasioflex.platform.instance;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What instances get beyond the container contract's defaults.
 *
 * @param secrets the secrets of each function, delivered as read-only files at {@code /run/secrets}
 * @param secretsDir a memory-backed host directory (tmpfs) under which each instance gets {@code <instanceId>/secrets};
 *     it must not be on disk, since the plaintext lives there while the instance runs
 * @param egressNetwork the engine network joined by functions whose spec was allowed egress
 */
public record InstanceProvisions(SecretSource secrets, Path secretsDir, String egressNetwork) {

    public InstanceProvisions {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(secretsDir, "secretsDir");
        if (egressNetwork == null || egressNetwork.isBlank() || egressNetwork.equals("none")) {
            throw new IllegalArgumentException("egressNetwork must name an engine network other than none");
        }
    }

    /** No secrets; egress through the engine's default bridge. */
    public static InstanceProvisions defaults() {
        return new InstanceProvisions(SecretSource.NONE, Path.of("/dev/shm/faasioflex"), "bridge");
    }
}
