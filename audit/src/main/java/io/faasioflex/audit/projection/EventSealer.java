package io.faasioflex.audit.projection;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.ledger.LedgerEntry;
import io.faasioflex.audit.ledger.Pseudonym;
import io.faasioflex.audit.pseudonym.SubjectKey;
import io.faasioflex.audit.pseudonym.SubjectKeyring;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Turns stream messages into ledger entries: decodes the event and seals its actor's personal fields. */
final class EventSealer {

    private final ObjectMapper mapper;
    private final SubjectKeyring keyring;

    EventSealer(ObjectMapper mapper, SubjectKeyring keyring) {
        this.mapper = mapper;
        this.keyring = keyring;
    }

    /** The event in {@code message}; empty when it is not a valid audit event. */
    Optional<AuditEvent> decode(StreamMessage message) {
        if (message.data().length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(mapper.readValue(message.data(), AuditEvent.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The keys that seal the actors of {@code events}, created where missing, in the caller's transaction. */
    Map<String, SubjectKey> keysFor(Connection transaction, Collection<AuditEvent> events) throws SQLException {
        var subjects = events.stream()
                .map(event -> SubjectKeyring.keySubject(event.actor()))
                .flatMap(Optional::stream)
                .toList();
        return keyring.keysFor(transaction, subjects);
    }

    /** The ledger entry of {@code event} at {@code sequence}, its personal fields sealed with a key of {@code keys}. */
    LedgerEntry entry(long sequence, AuditEvent event, Map<String, SubjectKey> keys) {
        Pseudonym pseudonym = SubjectKeyring.keySubject(event.actor())
                .map(keys::get)
                .map(key -> keyring.seal(key, LedgerEntry.storable(event.id()), event.actor()))
                .orElse(Pseudonym.NONE);
        return LedgerEntry.of(sequence, event, pseudonym);
    }
}
