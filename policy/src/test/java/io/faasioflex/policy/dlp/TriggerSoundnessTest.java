package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Triggers only narrow where patterns are searched; they must never change what is found. Random documents mixing
 * every kind of sensitive value with look-alikes and noise are scanned with and without triggers.
 */
class TriggerSoundnessTest {

    private static final List<String> VALUES = List.of(
            "4929 1827 3645 5011",
            "4929182736455011",
            "5200456789123453",
            "4929-1827-3645-5010",
            "ES91 2100 0418 4502 0005 1332",
            "GB29NWBK60161331926819",
            "NL91ABNA0417164300",
            "ES9221000418450200051332",
            "alice.smith+tag@mail.example.org",
            "a@b",
            "+34 612 345 678",
            "+1 (415) 555-2671",
            "(415) 555-2671",
            "415-555-2671",
            "912 34 56 78",
            "12345678Z",
            "12345678A",
            "X1234567L",
            "X-1234567-L",
            "123-45-6789",
            "666-45-6789",
            "AKIAG9EDN581U33XTPLP",
            "AIzaPtYgjmUhBel31iEl2hpChYgCfrL1spNxnyV",
            "AccountKey=" + Detect.randomBase64(64, 31),
            "-----BEGIN RSA PRIVATE KEY-----\n" + Detect.randomBase64(60, 32) + "\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\\n" + Detect.randomBase64(60, 33),
            Detect.base64Url("{\"alg\":\"HS256\"}") + "." + Detect.base64Url("{\"sub\":\"x\"}") + ".c2ln",
            Detect.randomBase64(30, 34),
            "2024-05-01T10:00:00Z",
            "1700000000000",
            "10.0.0.254",
            "v1.2.3");
    private static final List<String> SEPARATORS =
            List.of(" ", ", ", "\n", "\": \"", "-", "/", ")", "(", "+", ".", "", "  ", "é", "=", "_", "@");
    private static final List<String> WORDS = List.of("order", "total", "año", "A", "AK", "eyJ", "ey", "x", "12", "7");

    @Test
    void findsTheSameWithAndWithoutTriggers() {
        var triggered = Detect.SCANNER;
        var everywhere = new DlpScanner(DlpRules.fromDataDocument(RulesDocuments.edited(
                dlp -> dlp.get("detectors").forEach(detector -> ((ObjectNode) detector).remove("trigger")))));
        var random = new Random(20240501);

        for (int document = 0; document < 300; document++) {
            var body = randomDocument(random).getBytes(StandardCharsets.UTF_8);

            assertThat(triggered.scan(body).findings())
                    .as("document %d: %s", document, new String(body, StandardCharsets.UTF_8))
                    .isEqualTo(everywhere.scan(body).findings());
        }
    }

    private static String randomDocument(Random random) {
        var out = new StringBuilder();
        for (int part = 0; part < 60; part++) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                out.append(VALUES.get(random.nextInt(VALUES.size())));
            } else if (pick < 7) {
                out.append(WORDS.get(random.nextInt(WORDS.size())));
            } else {
                out.append(random.nextInt(1_000_000_000));
            }
            out.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
        }
        return out.toString();
    }
}
