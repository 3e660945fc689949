package io.faasioflex.audit.pseudonym;

import io.faasioflex.audit.Actor;
import io.faasioflex.audit.ledger.LedgerEntry;
import io.faasioflex.audit.ledger.Pseudonym;
import io.faasioflex.audit.ledger.Sql;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-subject keys that seal the personal fields of events (pseudonymisation), and their erasure.
 *
 * <p>Each subject (an actor's subject, or {@code client:<address>} for an anonymous caller) has one AES-256 key, stored
 * in {@code subject_keys} wrapped by the {@link PseudonymKey} and found by a keyed digest of the subject. An event's
 * subject and client address are sealed together with AES-GCM under that key, bound to the event id. Erasing a
 * subject deletes its wrapped key and its digest: its events stay in the ledger, chained and verifiable, but nobody
 * can read or find them by subject any more. New events of the same subject get a new key.
 *
 * <p>TODO: a database backup taken before an erasure still holds the wrapped key, so erasure is complete only once
 * such backups have expired (or the {@link PseudonymKey} is rotated, which this class does not do yet).
 */
public final class SubjectKeyring {

    private static final Logger LOG = LoggerFactory.getLogger(SubjectKeyring.class);
    private static final String ANONYMOUS_PREFIX = "client:";

    private final DataSource dataSource;
    private final PseudonymKey masterKey;

    public SubjectKeyring(DataSource dataSource, PseudonymKey masterKey) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
    }

    /** The subject whose key seals {@code actor}'s personal fields; empty when it has none. */
    public static Optional<String> keySubject(Actor actor) {
        if (!actor.subject().isEmpty()) {
            return Optional.of(actor.subject());
        }
        if (!actor.clientAddress().isEmpty()) {
            return Optional.of(ANONYMOUS_PREFIX + actor.clientAddress());
        }
        return Optional.empty();
    }

    /**
     * The key of each of {@code subjects}, created when missing, inside the caller's transaction. Keys found are
     * locked against erasure until that transaction ends, so no event is sealed under a key erased meanwhile.
     */
    public Map<String, SubjectKey> keysFor(Connection transaction, Collection<String> subjects) throws SQLException {
        var found = new HashMap<String, SubjectKey>();
        var digests = new HashMap<String, String>();
        for (String subject : new LinkedHashSet<>(subjects)) {
            digests.put(HexFormat.of().formatHex(masterKey.subjectDigest(subject)), subject);
        }
        if (digests.isEmpty()) {
            return found;
        }
        select(transaction, digests, found);
        for (var missing : digests.entrySet()) {
            if (!found.containsKey(missing.getValue())) {
                found.put(missing.getValue(), create(transaction, HexFormat.of().parseHex(missing.getKey())));
            }
        }
        return found;
    }

    /** Seals {@code actor}'s subject and client address under {@code key}, bound to event {@code eventId}. */
    public Pseudonym seal(SubjectKey key, String eventId, Actor actor) {
        byte[] subject = LedgerEntry.storable(actor.subject()).getBytes(StandardCharsets.UTF_8);
        byte[] address = LedgerEntry.storable(actor.clientAddress()).getBytes(StandardCharsets.UTF_8);
        var plaintext = ByteBuffer.allocate(8 + subject.length + address.length)
                .putInt(subject.length)
                .put(subject)
                .putInt(address.length)
                .put(address)
                .array();
        return new Pseudonym(key.keyId(), Aead.seal(key.secret(), plaintext, actorData(eventId)));
    }

    /**
     * Unseals the personal fields of event {@code eventId}.
     *
     * @param wrappedKey the row's {@code subject_keys.wrapped_key}, empty once erased
     * @return the identity; empty when the pseudonym holds none, the key was erased, or the bytes do not open
     */
    public Optional<ActorIdentity> open(Pseudonym pseudonym, Optional<byte[]> wrappedKey, String eventId) {
        if (!pseudonym.isPresent() || wrappedKey.isEmpty()) {
            return Optional.empty();
        }
        return unwrap(pseudonym.keyId(), wrappedKey.get())
                .flatMap(key -> Aead.open(key, pseudonym.sealed(), actorData(eventId)))
                .map(SubjectKeyring::identity);
    }

    /** The id of {@code subject}'s live key, to find its events; empty when it has none or was erased. */
    public Optional<String> keyIdOf(Connection connection, String subject) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT key_id FROM subject_keys WHERE subject_digest = ?")) {
            select.setBytes(1, masterKey.subjectDigest(subject));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getObject(1).toString()) : Optional.empty();
            }
        }
    }

    /**
     * Erases {@code subject}: destroys its key, so its events can no longer be read or found by subject. For an
     * anonymous caller, pass {@code client:<address>}.
     *
     * @return the id of the destroyed key; empty when the subject had no live key
     */
    public Optional<String> eraseSubject(String subject) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement erase = connection.prepareStatement("UPDATE subject_keys SET wrapped_key = NULL,"
                        + " subject_digest = NULL, erased_at = clock_timestamp() WHERE subject_digest = ?"
                        + " RETURNING key_id")) {
            erase.setBytes(1, masterKey.subjectDigest(subject));
            try (ResultSet rows = erase.executeQuery()) {
                Optional<String> keyId =
                        rows.next() ? Optional.of(rows.getObject(1).toString()) : Optional.empty();
                keyId.ifPresent(id -> LOG.info("audit subject erased subject-key={}", id));
                return keyId;
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot erase an audit subject", e);
        }
    }

    private void select(Connection transaction, Map<String, String> digests, Map<String, SubjectKey> found)
            throws SQLException {
        byte[][] wanted =
                digests.keySet().stream().map(HexFormat.of()::parseHex).toArray(byte[][]::new);
        try (PreparedStatement select = transaction.prepareStatement("SELECT key_id, subject_digest, wrapped_key"
                + " FROM subject_keys WHERE subject_digest = ANY(?) FOR SHARE")) {
            select.setArray(1, transaction.createArrayOf("bytea", wanted));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String keyId = rows.getObject("key_id").toString();
                    String subject = digests.get(HexFormat.of().formatHex(rows.getBytes("subject_digest")));
                    SecretKey key = unwrap(keyId, rows.getBytes("wrapped_key"))
                            .orElseThrow(() -> new SQLException("subject key " + keyId + " does not unwrap"));
                    found.put(subject, new SubjectKey(keyId, key));
                }
            }
        }
    }

    private SubjectKey create(Connection transaction, byte[] digest) throws SQLException {
        String keyId = UUID.randomUUID().toString();
        SecretKey key = newKey();
        try (PreparedStatement insert = transaction.prepareStatement(
                "INSERT INTO subject_keys (key_id, subject_digest, wrapped_key) VALUES (?, ?, ?)")) {
            insert.setObject(1, UUID.fromString(keyId));
            insert.setBytes(2, digest);
            insert.setBytes(3, Aead.seal(masterKey.wrappingKey(), key.getEncoded(), wrapData(keyId)));
            insert.executeUpdate();
        }
        return new SubjectKey(keyId, key);
    }

    private Optional<SecretKey> unwrap(String keyId, byte[] wrapped) {
        return Aead.open(masterKey.wrappingKey(), wrapped, wrapData(keyId))
                .map(bytes -> new SecretKeySpec(bytes, "AES"));
    }

    private static ActorIdentity identity(byte[] plaintext) {
        var buffer = ByteBuffer.wrap(plaintext);
        var subject = new byte[buffer.getInt()];
        buffer.get(subject);
        var address = new byte[buffer.getInt()];
        buffer.get(address);
        return new ActorIdentity(
                new String(subject, StandardCharsets.UTF_8), new String(address, StandardCharsets.UTF_8));
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides AES-256", e);
        }
    }

    private static String wrapData(String keyId) {
        return "faasioflex-audit subject-key " + keyId;
    }

    private static String actorData(String eventId) {
        return "faasioflex-audit actor " + eventId;
    }
}
