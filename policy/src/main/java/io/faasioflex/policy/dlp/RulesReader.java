package io.faasioflex.policy.dlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faasioflex.policy.PolicyUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@link DlpRules} from {@code data.faas.dlp}. Anything missing or malformed fails the whole load: a
 * scanner running on half its rules would let data through that the administrator meant to stop.
 */
final class RulesReader {

    private static final JsonMapper JSON = new JsonMapper();

    private RulesReader() {}

    static DlpRules read(String dataDocument) {
        try {
            var dlp = JSON.readTree(dataDocument).at("/faas/dlp");
            if (!dlp.isObject()) {
                throw new IllegalArgumentException("the data document has no object at faas.dlp");
            }
            var ibanLengths = ibanLengths(dlp.path("iban_lengths"));
            return new DlpRules(
                    limits(dlp.path("scanner")), detectors(dlp.path("detectors"), ibanLengths), entropy(dlp));
        } catch (IOException | IllegalArgumentException e) {
            throw new PolicyUnavailableException("DLP rules in data.faas.dlp are invalid: " + e.getMessage(), e);
        }
    }

    private static ScanLimits limits(JsonNode scanner) {
        return new ScanLimits(
                requiredInt(scanner, "max_scan_bytes", "scanner"),
                required(scanner, "skip_binary", "scanner").asBoolean(),
                requiredInt(scanner, "binary_sniff_bytes", "scanner"),
                required(scanner, "binary_control_ratio", "scanner").asDouble());
    }

    private static List<Detector> detectors(JsonNode list, Map<String, Integer> ibanLengths) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("detectors must be an array, in the order they run");
        }
        var detectors = new ArrayList<Detector>();
        for (var node : list) {
            if (node.path("enabled").asBoolean(false)) {
                detectors.add(detector(node, ibanLengths));
            }
        }
        return detectors;
    }

    private static Detector detector(JsonNode node, Map<String, Integer> ibanLengths) {
        var name = requiredText(node, "name", "detector");
        var where = "detector '" + name + "'";
        var patterns = new ArrayList<Pattern>();
        for (var pattern : required(node, "patterns", where)) {
            patterns.add(compile(pattern.asText(), where));
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException(where + " has no patterns");
        }
        var validator = Validator.named(requiredText(node, "validator", where), ibanLengths);
        return new Detector(name, requiredText(node, "type", where), validator, patterns, trigger(node, where));
    }

    /**
     * {@code {"digits": n, "contiguous": bool, ...}} or {@code {"literals": [...], ...}}, with {@code before} and
     * {@code after}; none means everywhere.
     */
    private static Trigger trigger(JsonNode detector, String where) {
        var node = detector.path("trigger");
        if (node.isMissingNode() || node.isNull()) {
            return new Trigger.Everywhere();
        }
        int before = requiredInt(node, "before", where + " trigger");
        int after = requiredInt(node, "after", where + " trigger");
        if (node.has("digits")) {
            int digits = requiredInt(node, "digits", where + " trigger");
            return new Trigger.Digits(digits, node.path("contiguous").asBoolean(false), before, after);
        }
        var literals = new ArrayList<String>();
        required(node, "literals", where + " trigger").forEach(literal -> literals.add(literal.asText()));
        return new Trigger.Literals(literals, before, after);
    }

    private static Optional<EntropyRule> entropy(JsonNode dlp) {
        var node = dlp.path("entropy");
        if (!node.path("enabled").asBoolean(false)) {
            return Optional.empty();
        }
        return Optional.of(new EntropyRule(
                requiredText(node, "name", "entropy"),
                requiredText(node, "type", "entropy"),
                tokenChars(requiredText(node, "token_chars", "entropy")),
                requiredInt(node, "min_length", "entropy"),
                requiredInt(node, "max_length", "entropy"),
                required(node, "threshold", "entropy").asDouble()));
    }

    private static boolean[] tokenChars(String classBody) {
        try {
            return EntropyRule.charClass(classBody);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "entropy token_chars is not a character class: " + e.getDescription(), e);
        }
    }

    private static Map<String, Integer> ibanLengths(JsonNode node) {
        var lengths = new HashMap<String, Integer>();
        for (var entry : node.properties()) {
            lengths.put(entry.getKey(), entry.getValue().asInt());
        }
        return Map.copyOf(lengths);
    }

    private static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + " has an invalid pattern: " + e.getDescription(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + " needs '" + field + "'");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field, String where) {
        var value = required(node, field, where);
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(where + " needs '" + field + "' as a non-empty string");
        }
        return value.textValue();
    }

    private static int requiredInt(JsonNode node, String field, String where) {
        var value = required(node, field, where);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(where + " needs '" + field + "' as an integer");
        }
        return value.intValue();
    }
}
