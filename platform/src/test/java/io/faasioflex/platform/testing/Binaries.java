package io.faasioflex.platform.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates binaries that deploy/bootstrap.sh builds into the cache directory. */
public final class Binaries {

    private Binaries() {}

    public static Path binDir() {
        String dir = System.getProperty("faas.bin.dir", System.getenv("FAAS_BIN_DIR"));
        return dir == null ? Path.of(System.getProperty("user.home"), ".cache", "faasioflex", "bin") : Path.of(dir);
    }

    public static Path watchdog() {
        Path watchdog = binDir().resolve("watchdog");
        if (!Files.isExecutable(watchdog)) {
            throw new IllegalStateException("no watchdog at " + watchdog + "; run deploy/bootstrap.sh first");
        }
        return watchdog;
    }
}
