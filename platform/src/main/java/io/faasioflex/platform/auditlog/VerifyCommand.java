package io.faasioflex.platform.auditlog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.faasioflex.audit.ledger.AuditSigningKey;
import io.faasioflex.audit.ledger.AuditTrustedKeys;
import io.faasioflex.audit.verify.AuditVerifier;
import io.faasioflex.audit.verify.LedgerRangeException;
import io.faasioflex.audit.verify.VerificationReport;
import io.micronaut.serde.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies the audit ledger from the command line, without a running platform, for an auditor holding only read
 * access to the database and the published public key:
 *
 * <pre>
 *   FAAS_AUDIT_DB_PASSWORD=… java -cp faasioflex-platform.jar io.faasioflex.platform.auditlog.VerifyCommand \
 *       --jdbc-url jdbc:postgresql://127.0.0.1:5433/faasioflex --user faasioflex \
 *       --public-key &lt;Base64 from GET /audit/public-key&gt; [--public-key …] [--from N] [--to N] [--max-gap 1m]
 * </pre>
 *
 * {@code --signing-key-file} may stand in for {@code --public-key} on the platform's own host. Exit status: 0 intact,
 * 1 broken, 2 usage error (a range starting after the ledger's last row included).
 */
public final class VerifyCommand {

    private VerifyCommand() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.jdbcUrl);
        config.setUsername(options.user);
        config.setPassword(System.getenv().getOrDefault("FAAS_AUDIT_DB_PASSWORD", ""));
        config.setMaximumPoolSize(2);
        config.setReadOnly(true);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            AuditVerifier verifier = new AuditVerifier(
                    dataSource, ObjectMapper.getDefault(), options.keys(), options.maxGap, Clock.systemUTC());
            VerificationReport report = verifier.verify(options.from, options.to);
            System.out.println(report.summary());
            System.exit(report.intact() ? 0 : 1);
        } catch (LedgerRangeException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** The parsed command line. */
    private static final class Options {
        private String jdbcUrl = "jdbc:postgresql://127.0.0.1:5433/faasioflex";
        private String user = "faasioflex";
        private final List<String> publicKeys = new ArrayList<>();
        private String signingKeyFile = "";
        private long from = 1;
        private long to = Long.MAX_VALUE;
        private Optional<Duration> maxGap = Optional.empty();

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--jdbc-url" -> options.jdbcUrl = value;
                    case "--user" -> options.user = value;
                    case "--public-key" -> options.publicKeys.add(value);
                    case "--signing-key-file" -> options.signingKeyFile = value;
                    case "--from" -> options.from = Long.parseLong(value);
                    case "--to" -> options.to = Long.parseLong(value);
                    case "--max-gap" -> options.maxGap = Optional.of(Duration.parse("PT" + value.toUpperCase()));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0 || (options.publicKeys.isEmpty() && options.signingKeyFile.isEmpty())) {
                throw new IllegalArgumentException(
                        "usage: --public-key <base64> (or --signing-key-file <pem>) [--jdbc-url U] [--user U] "
                                + "[--from N] [--to N] [--max-gap 1m]; password in FAAS_AUDIT_DB_PASSWORD");
            }
            return options;
        }

        AuditTrustedKeys keys() {
            if (!publicKeys.isEmpty()) {
                return AuditTrustedKeys.fromBase64(publicKeys);
            }
            return AuditSigningKey.fromFile(Path.of(signingKeyFile)).trustedKeys();
        }
    }
}
