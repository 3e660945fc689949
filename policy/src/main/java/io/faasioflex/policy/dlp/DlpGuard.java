package io.faasioflex.policy.dlp;

import io.faasioflex.policy.PolicyEngine;
import io.faasioflex.policy.PolicyUnavailableException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inspects an invocation body: scans it, asks the DLP policy ({@code faas/dlp/decision}) what to do with the
 * findings, and redacts when told to. Java finds, policy decides.
 *
 * <p>Every body gets a policy decision, even one with no findings, so every invocation's audit event carries a DLP
 * decision id. Safe for concurrent use.
 */
public final class DlpGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DlpGuard.class);
    private static final byte[] NOTHING = new byte[0];

    private final PolicyEngine engine;
    private final Supplier<DlpRules> source;
    private volatile DlpScanner scanner;

    /** A guard with fixed rules; {@link #reloadRules()} keeps them. */
    public DlpGuard(PolicyEngine engine, DlpRules rules) {
        this(engine, constant(Objects.requireNonNull(rules, "rules")));
    }

    private DlpGuard(PolicyEngine engine, Supplier<DlpRules> source) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.source = source;
        this.scanner = new DlpScanner(source.get());
    }

    /**
     * A guard whose rules come from the same data as the policy engine's: the data path the engine was configured
     * with ({@code PolicyConfig.dataPath()}), else the data built into the jar.
     *
     * @throws PolicyUnavailableException if the rules cannot be read
     */
    public static DlpGuard create(PolicyEngine engine, Optional<Path> dataPath) {
        Objects.requireNonNull(dataPath, "dataPath");
        var guard = new DlpGuard(engine, () -> DlpRules.load(dataPath));
        LOG.info(
                "dlp guard started data={} detectors={}",
                dataPath.map(Path::toString).orElse("classpath"),
                guard.rules().detectorNames());
        return guard;
    }

    /**
     * Scans a body and decides what happens to it.
     *
     * @throws PolicyUnavailableException if the policy cannot decide; the caller answers 503 and passes nothing on
     */
    public DlpResult inspect(DlpContext context, byte[] body) {
        Objects.requireNonNull(context, "context");
        long started = System.nanoTime();
        var scan = scanner.scan(body);
        var findings = scan.counts();

        var decision = engine.decide(PolicyEngine.DLP_ENTRYPOINT, context.toInput(findings, scan.status()));
        var verdict = DlpVerdict.of(decision);
        var result = new DlpResult(verdict, findings, scan.status(), bodyToPass(verdict, body, scan));

        LOG.debug(
                "dlp decision={} direction={} function={}/{} action={} alert={} types={} findings={} scan={} micros={}",
                verdict.decisionId(),
                context.direction().policyName(),
                context.namespace(),
                context.function(),
                verdict.action(),
                verdict.alert(),
                verdict.types(),
                findings,
                scan.status().policyName(),
                (System.nanoTime() - started) / 1_000);
        return result;
    }

    /**
     * Reads the rules again from where {@link #create} found them; later inspections use them. When the new rules
     * cannot be read, the old ones stay and this method throws. Call it together with the wasm engine's
     * {@code reloadData()} so scanner and policy read the same data.
     *
     * <p>TODO: nothing calls this on a file change yet, as for the wasm engine's data; a remote OPA server reloads
     * its own data, so with the remote engine the scanner's rules can lag behind until this is called.
     *
     * @throws PolicyUnavailableException if the rules cannot be read
     */
    public void reloadRules() {
        scanner = new DlpScanner(source.get());
        LOG.info("dlp rules reloaded detectors={}", scanner.rules().detectorNames());
    }

    /** The rules the guard scans with now. */
    public DlpRules rules() {
        return scanner.rules();
    }

    private static byte[] bodyToPass(DlpVerdict verdict, byte[] body, DlpScan scan) {
        return switch (verdict.action()) {
            case ALLOW, ALERT -> body;
            case REDACT -> Redactor.redact(body, scan.findings(), verdict.types());
            case BLOCK -> NOTHING;
        };
    }

    private static Supplier<DlpRules> constant(DlpRules rules) {
        return () -> rules;
    }
}
