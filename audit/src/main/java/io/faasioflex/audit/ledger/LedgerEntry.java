package io.faasioflex.audit.ledger;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Target;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One row of the audit ledger: an event at its stream sequence, as stored.
 *
 * <p>The stored event differs from the published one in three ways, all deterministic: the actor's subject and client
 * address are blank (they live, encrypted, in the {@link Pseudonym}); the time is truncated to microseconds, the
 * precision of PostgreSQL's {@code timestamptz}; and text is made storable, U+0000 and unpaired surrogates becoming
 * U+FFFD, since PostgreSQL text cannot hold them.
 *
 * @param sequence the event's stream sequence in {@code AUDIT}
 * @param event the stored event
 * @param pseudonym the sealed personal fields
 */
public record LedgerEntry(long sequence, AuditEvent event, Pseudonym pseudonym) {

    public LedgerEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("stream sequence starts at 1, got " + sequence);
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(pseudonym, "pseudonym");
    }

    /** The stored form of {@code published} at {@code sequence}, its personal fields replaced by {@code pseudonym}. */
    public static LedgerEntry of(long sequence, AuditEvent published, Pseudonym pseudonym) {
        return new LedgerEntry(sequence, storable(published), pseudonym);
    }

    /** Truncates {@code time} to the precision the ledger keeps. */
    public static Instant storedTime(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    /** Replaces what PostgreSQL text cannot hold (U+0000, unpaired surrogates) with U+FFFD. */
    public static String storable(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static AuditEvent storable(AuditEvent e) {
        Actor actor = new Actor(
                "",
                e.actor().roles().stream().map(LedgerEntry::storable).toList(),
                "",
                storable(e.actor().authMethod()));
        Target target = new Target(
                storable(e.target().kind()),
                storable(e.target().namespace()),
                storable(e.target().name()),
                e.target().version());
        return new AuditEvent(
                storable(e.id()),
                storedTime(e.time()),
                actor,
                e.action(),
                target,
                e.outcome(),
                storable(e.reason()),
                storable(e.requestId()),
                storable(e.decisionId()),
                e.latencyMicros(),
                e.requestBytes(),
                e.responseBytes(),
                storableKeys(e.findings(), count -> count),
                storableKeys(e.details(), LedgerEntry::storable),
                storable(e.emitter()));
    }

    private static <V> Map<String, V> storableKeys(Map<String, V> map, Function<V, V> values) {
        var out = new TreeMap<String, V>();
        map.forEach((key, value) -> out.put(storable(key), values.apply(value)));
        return out;
    }
}
