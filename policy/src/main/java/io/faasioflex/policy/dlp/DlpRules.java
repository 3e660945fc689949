package io.faasioflex.policy.dlp;

import io.faasioflex.policy.PolicyData;
import io.faasioflex.policy.PolicyUnavailableException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scanner's detectors and limits, read from {@code data.faas.dlp} of the policy data document: the same
 * document, from the same place, that the policy engine evaluates {@code faas.dlp} against. An administrator
 * changes patterns and thresholds by editing {@code policy/data/faas/dlp/data.json} (or a copy given as the data
 * path) and reloading; nothing is rebuilt.
 *
 * <p>The regular expressions come from the administrator and are trusted like the rest of the policy: a pattern
 * that backtracks badly slows every invocation down.
 */
public final class DlpRules {

    private final ScanLimits limits;
    private final List<Detector> detectors;
    private final Optional<EntropyRule> entropy;

    DlpRules(ScanLimits limits, List<Detector> detectors, Optional<EntropyRule> entropy) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.detectors = List.copyOf(detectors);
        this.entropy = Objects.requireNonNull(entropy, "entropy");
    }

    /**
     * The rules built into the jar with the policy.
     *
     * @throws PolicyUnavailableException if the bundled data holds no valid DLP rules
     */
    public static DlpRules bundled() {
        return fromDataDocument(PolicyData.bundled());
    }

    /**
     * The rules in a data file holding the whole data document, or in a directory laid out like {@code policy/data}
     * (the DLP rules then live in {@code faas/dlp/*.json}).
     *
     * @throws PolicyUnavailableException if the path cannot be read or holds no valid DLP rules
     */
    public static DlpRules fromPath(Path path) {
        return fromDataDocument(PolicyData.fromPath(path));
    }

    /** The rules from a data path when one is configured, else the bundled ones, as the policy engine does. */
    public static DlpRules load(Optional<Path> dataPath) {
        return dataPath.map(DlpRules::fromPath).orElseGet(DlpRules::bundled);
    }

    /**
     * The rules in a whole data document given as JSON ({@code {"faas": {"dlp": {...}}}}).
     *
     * @throws PolicyUnavailableException if the document holds no valid DLP rules
     */
    public static DlpRules fromDataDocument(String json) {
        return RulesReader.read(json);
    }

    /** The most bytes of a body that are scanned; the rest is reported as unscanned. */
    public int maxScanBytes() {
        return limits.maxScanBytes();
    }

    /** Names of the enabled detectors, in the order they run, the entropy detector last when enabled. */
    public List<String> detectorNames() {
        var names = new java.util.ArrayList<String>();
        detectors.forEach(detector -> names.add(detector.name()));
        entropy.ifPresent(rule -> names.add(rule.name()));
        return List.copyOf(names);
    }

    ScanLimits limits() {
        return limits;
    }

    List<Detector> detectors() {
        return detectors;
    }

    Optional<EntropyRule> entropy() {
        return entropy;
    }
}
