package io.faasioflex.policy.dlp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** Runs the bundled rules over test text and shows what they found; test support only. */
final class Detect {

    static final DlpScanner SCANNER = new DlpScanner(DlpRules.bundled());

    private Detect() {}

    /** Every finding as {@code type=value}, in order: tests may look at values, nothing else ever does. */
    static List<String> in(String text) {
        var body = text.getBytes(StandardCharsets.UTF_8);
        return SCANNER.scan(body).findings().stream()
                .map(finding -> finding.type() + "="
                        + new String(body, finding.start(), finding.length(), StandardCharsets.UTF_8))
                .toList();
    }

    /** Base64 of {@code bytes} random bytes from a fixed seed, so the samples are the same on every run. */
    static String randomBase64(int bytes, long seed) {
        var data = new byte[bytes];
        new Random(seed).nextBytes(data);
        return Base64.getEncoder().encodeToString(data);
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
