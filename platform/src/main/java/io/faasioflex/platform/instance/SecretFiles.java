package io.faasioflex.platform.instance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an instance's secrets as files into {@code <secretsDir>/<instanceId>/secrets} on a host tmpfs, for a
 * read-only bind mount at {@code /run/secrets}, and removes them when the instance stops. Files are 0400 and the
 * directory 0500, both owned by the container's user 65534; a platform that is not root cannot hand them over and
 * makes them 0444 and 0555 instead, under a per-instance directory only it may enter on the host.
 */
final class SecretFiles {

    static final String MOUNT_POINT = "/run/secrets";
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
    private static final String CONTAINER_USER = "65534";

    private final SecretSource source;
    private final Path root;

    SecretFiles(SecretSource source, Path root) {
        this.source = source;
        this.root = root;
    }

    /** Writes the function's secrets; empty (and nothing written) when it has none. */
    Optional<Path> write(Instance instance) {
        Map<String, byte[]> secrets = source.secretsOf(instance.spec());
        if (secrets.isEmpty()) {
            return Optional.empty();
        }
        Path dir = root.resolve(instance.id()).resolve("secrets");
        try {
            createPrivate(root);
            createPrivate(dir.getParent());
            createPrivate(dir);
            for (Map.Entry<String, byte[]> secret : secrets.entrySet()) {
                writeFile(dir.resolve(secret.getKey()), secret.getValue());
            }
            handOver(dir, "r-x------", "r-xr-xr-x");
            return Optional.of(dir);
        } catch (IOException e) {
            remove(instance.id());
            throw new UncheckedIOException("cannot write the secret files of instance " + instance.id(), e);
        }
    }

    /** Deletes the instance's secret files, if any; never throws. */
    void remove(String instanceId) {
        Path dir = root.resolve(instanceId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path)) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
                }
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete secret files instance={} error={}", instanceId, e.toString());
        }
    }

    /** Writes one file that only its owner can read until it is handed to the container's user. */
    private static void writeFile(Path file, byte[] value) throws IOException {
        Files.write(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        handOver(file, "r--------", "r--r--r--");
    }

    /** Gives {@code path} to user 65534 with {@code ownMode}; a platform that may not, opens it with sharedMode. */
    private static void handOver(Path path, String ownMode, String sharedMode) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(path, users.lookupPrincipalByName(CONTAINER_USER));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(ownMode));
        } catch (IOException | SecurityException e) {
            LOG.debug("cannot hand a secret file to the container user path={} error={}", path, e.toString());
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(sharedMode));
        }
    }

    private static void createPrivate(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}
