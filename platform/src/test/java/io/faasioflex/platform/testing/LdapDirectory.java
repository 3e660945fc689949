package io.faasioflex.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.InitialDirContext;

/**
 * A real OpenLDAP server (Debian's {@code slapd}, installed by deploy/bootstrap.sh) holding the directory of
 * deploy/ldap/directory.ldif, for one test class. The directory is loaded with {@code slapadd} into a temporary
 * directory before the server starts; the server is read-only, answers only on a free loopback port, and lets
 * nobody but {@link #READER_DN} read entries (people may only bind to prove their password).
 */
public final class LdapDirectory implements AutoCloseable {

    public static final String BASE_DN = "dc=example,dc=com";
    /** The read-only account Dex's LDAP connector searches with. */
    public static final String READER_DN = "cn=dex,ou=services," + BASE_DN;
    /** Demo-only, documented in deploy/ldap/directory.ldif. */
    public static final String READER_PASSWORD = "dex-demo-bind-password";

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
    private static final String DIRECTORY_LDIF = "deploy/ldap/directory.ldif";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final int port;

    private LdapDirectory(Process process, Path workDir, int port) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
    }

    /** Loads deploy/ldap/directory.ldif, starts slapd and waits until the reader account can read the base entry. */
    public static LdapDirectory start() {
        if (!Files.isExecutable(SLAPD) || !Files.isExecutable(SLAPADD)) {
            throw new IllegalStateException("no slapd at " + SLAPD + "; run deploy/bootstrap.sh (Debian's slapd)");
        }
        Path workDir = loaded(LocalResources.projectRoot().resolve(DIRECTORY_LDIF));
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return serve(workDir);
            } catch (IllegalStateException e) {
                // A free port can be taken between probing and binding; another port usually works.
                last = e;
            }
        }
        LocalResources.deleteRecursively(workDir);
        throw last;
    }

    /** {@code 127.0.0.1:<port>}, the form Dex's LDAP connector takes as its {@code host}. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    public String url() {
        return "ldap://" + hostAndPort();
    }

    /** slapd's own output (errors only), for diagnosing a failed test. */
    public String log() {
        try {
            return Files.readString(workDir.resolve("slapd.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        LocalResources.deleteRecursively(workDir);
    }

    /** A temporary directory holding slapd.conf and the database, loaded from {@code ldif} by slapadd. */
    private static Path loaded(Path ldif) {
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("faas-ldap-");
            Files.createDirectory(workDir.resolve("data"));
            Files.writeString(workDir.resolve("slapd.conf"), configuration(workDir));
            load(workDir, ldif);
            return workDir;
        } catch (IOException e) {
            deleteIfCreated(workDir);
            throw new UncheckedIOException("cannot load " + ldif + " for slapd", e);
        } catch (RuntimeException e) {
            deleteIfCreated(workDir);
            throw e;
        }
    }

    /** Starts slapd over the loaded database on a free port; stops it again unless it answers. */
    private static LdapDirectory serve(Path workDir) {
        int port;
        Process process;
        try {
            port = LocalResources.freePort();
            process = new ProcessBuilder(
                            SLAPD.toString(),
                            "-f",
                            workDir.resolve("slapd.conf").toString(),
                            "-h",
                            "ldap://127.0.0.1:" + port + "/",
                            "-d",
                            "none")
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("slapd.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SLAPD, e);
        }

        LdapDirectory directory = new LdapDirectory(process, workDir, port);
        return LocalResources.awaitReady(
                directory, "slapd on " + directory.url(), directory::awaitReady, directory::stop, directory::log);
    }

    /**
     * One mdb database under {@link #BASE_DN} with no administrator: writes are refused, anonymous binds too, and
     * passwords serve only to authenticate.
     */
    private static String configuration(Path workDir) {
        return """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                pidfile %1$s/slapd.pid
                modulepath /usr/lib/ldap
                moduleload back_mdb
                disallow bind_anon
                require authc

                database mdb
                suffix "%2$s"
                directory %1$s/data
                maxsize 16777216
                readonly on
                access to attrs=userPassword
                    by anonymous auth
                    by * none
                access to *
                    by dn.exact="%3$s" read
                    by * none
                """.formatted(workDir, BASE_DN, READER_DN);
    }

    private static void load(Path workDir, Path ldif) throws IOException {
        Path output = workDir.resolve("slapadd.log");
        Process slapadd = new ProcessBuilder(
                        SLAPADD.toString(),
                        "-q",
                        "-f",
                        workDir.resolve("slapd.conf").toString(),
                        "-l",
                        ldif.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!slapadd.waitFor(30, TimeUnit.SECONDS) || slapadd.exitValue() != 0) {
                slapadd.destroyForcibly();
                throw new IllegalStateException("slapadd could not load " + ldif + ":\n" + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slapadd.destroyForcibly();
            throw new IllegalStateException("interrupted while loading " + ldif, e);
        }
    }

    private void stop() {
        LocalResources.stop(process);
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited with status " + process.exitValue());
            }
            if (baseEntryReadable()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no answer within " + START_TIMEOUT);
    }

    /** Binds as the reader and reads the base entry: the server answers and the directory is loaded. */
    private boolean baseEntryReadable() {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        environment.put(Context.PROVIDER_URL, url());
        environment.put(Context.SECURITY_AUTHENTICATION, "simple");
        environment.put(Context.SECURITY_PRINCIPAL, READER_DN);
        environment.put(Context.SECURITY_CREDENTIALS, READER_PASSWORD);
        environment.put("com.sun.jndi.ldap.connect.timeout", "1000");
        try {
            InitialDirContext context = new InitialDirContext(environment);
            try {
                return context.getAttributes(BASE_DN).size() > 0;
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            return false; // not listening yet
        }
    }

    private static void deleteIfCreated(Path dir) {
        if (dir != null) {
            LocalResources.deleteRecursively(dir);
        }
    }

    /**
     * A person of deploy/ldap/directory.ldif. Passwords are demo-only.
     *
     * @param uid the entry's {@code uid}, which Dex's LDAP connector takes as the user id
     */
    public record Person(String email, String password, String uid) {

        /** In team-a-developers. */
        public static final Person CAROL = new Person("carol@example.com", "carol-demo-password", "carol");
        /** In platform-admins and team-a-developers. */
        public static final Person PAULA = new Person("paula@example.com", "paula-demo-password", "paula");
        /** In finance-analysts, a group policy data binds to nothing. */
        public static final Person DAN = new Person("dan@example.com", "dan-demo-password", "dan");

        /** The {@code sub} Dex puts in this person's tokens when they log in through its LDAP connector. */
        public String subject() {
            return DexProcess.subject(uid, DexProcess.LDAP_CONNECTOR_ID);
        }
    }
}
