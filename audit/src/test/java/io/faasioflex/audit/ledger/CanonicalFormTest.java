package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.audit.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical stored form and the chain hash are fixed byte for byte: verification depends on it. */
class CanonicalFormTest {

    private static final AuditEvent EVENT = new AuditEvent(
            "0b7e6a52-2f7c-4d1e-9a51-1d6f2f1f0c11",
            Instant.parse("2026-03-01T10:15:30.123456789Z"),
            new Actor("alice", List.of("developer", "auditor"), "10.1.2.3", "jwt"),
            "function.invoke",
            Target.function("team-a", "resize", 3),
            Outcome.DENIED,
            "quota \"exceeded\"\n",
            "req-1",
            "dec-1",
            1500,
            10,
            0,
            Map.of("iban", 2, "email", 1),
            Map.of("path", "/f/résumé", "method", "POST"),
            "node-1");

    @Test
    void theCanonicalFormOfAnEntryIsExactlyThis() {
        var entry = LedgerEntry.of(7, EVENT, new Pseudonym("6d1c3b6e-0000-4000-8000-000000000001", new byte[] {1, 2}));

        String form = new String(CanonicalForm.of(entry), StandardCharsets.UTF_8);

        assertThat(form)
                .isEqualTo("{\"action\":\"function.invoke\",\"actor\":{\"authMethod\":\"jwt\","
                        + "\"roles\":[\"developer\",\"auditor\"],\"sealed\":\"AQI=\","
                        + "\"subjectKey\":\"6d1c3b6e-0000-4000-8000-000000000001\"},\"decisionId\":\"dec-1\","
                        + "\"details\":{\"method\":\"POST\",\"path\":\"/f/résumé\"},\"emitter\":\"node-1\","
                        + "\"findings\":{\"email\":1,\"iban\":2},\"id\":\"0b7e6a52-2f7c-4d1e-9a51-1d6f2f1f0c11\","
                        + "\"latencyMicros\":1500,\"outcome\":\"DENIED\",\"reason\":\"quota \\\"exceeded\\\"\\u000a\","
                        + "\"requestBytes\":10,\"requestId\":\"req-1\",\"responseBytes\":0,\"seq\":7,"
                        + "\"target\":{\"kind\":\"function\",\"name\":\"resize\",\"namespace\":\"team-a\",\"version\":3},"
                        + "\"time\":\"2026-03-01T10:15:30.123456Z\",\"v\":1}");
        assertThat(form).doesNotContain("alice").doesNotContain("10.1.2.3");
    }

    @Test
    void storingReplacesWhatPostgresCannotHold() {
        assertThat(LedgerEntry.storable("a\u0000b\uD800c\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uD83D\uDE00");
        assertThat(LedgerEntry.storedTime(Instant.parse("2026-01-01T00:00:00.999999999Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.999999Z"));
    }

    @Test
    void theChainHashIsSha256OfThePreviousHashAndTheDocument() throws Exception {
        byte[] document = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
        var sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(new byte[32]);
        sha256.update(document);

        assertThat(ChainHash.next(ChainHash.genesis(), document)).isEqualTo(sha256.digest());
    }

    @Test
    void canonicalJsonSortsKeysAndEscapesOnlyWhatItMust() {
        assertThat(CanonicalJson.text(Map.of("b", List.of(1L, true), "a", "\\/\t€", "B", Map.of())))
                .isEqualTo("{\"B\":{},\"a\":\"\\\\/\\u0009€\",\"b\":[1,true]}");
        assertThatThrownBy(() -> CanonicalJson.text(List.of(1.5))).isInstanceOf(IllegalArgumentException.class);
    }
}
