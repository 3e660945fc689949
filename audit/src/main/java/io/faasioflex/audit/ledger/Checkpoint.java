package io.faasioflex.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A signed statement about the chain: at {@code createdAt}, its tip was the row at {@code lastSequence} with hash
 * {@code lastHash}, and {@code eventCount} rows were chained since the previous checkpoint.
 *
 * <p>The signed {@link #statement()} is UTF-8 text, one {@code name=value} per line, each line ending in a newline:
 *
 * <pre>
 * faasioflex-audit-checkpoint v1
 * checkpoint=&lt;number, 1 for the first&gt;
 * last-seq=&lt;stream sequence of the chain's tip, 0 before the first row&gt;
 * last-hash=&lt;hex of the tip's hash&gt;
 * count=&lt;rows chained since the previous checkpoint&gt;
 * time=&lt;createdAt, yyyy-MM-ddTHH:mm:ss.ffffffZ&gt;
 * previous=&lt;hex of SHA-256 of the previous checkpoint's statement, 64 zeros for the first&gt;
 * key=&lt;signing key id&gt;
 * </pre>
 *
 * @param number position in the sequence of checkpoints, without gaps
 * @param lastSequence the chain's tip, 0 while the chain is empty
 * @param lastHash the tip's hash (the genesis hash while the chain is empty)
 * @param eventCount rows chained since the previous checkpoint
 * @param createdAt when it was written, to the microsecond
 * @param previousDigest {@link #digest()} of the previous checkpoint, zeros for the first
 * @param keyId id of the signing key
 * @param signature Ed25519 signature over {@link #statement()}
 */
public record Checkpoint(
        long number,
        long lastSequence,
        byte[] lastHash,
        long eventCount,
        Instant createdAt,
        byte[] previousDigest,
        String keyId,
        byte[] signature) {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    public Checkpoint {
        Objects.requireNonNull(lastHash, "lastHash");
        createdAt = LedgerEntry.storedTime(createdAt);
        Objects.requireNonNull(previousDigest, "previousDigest");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** Builds and signs a checkpoint. */
    public static Checkpoint signed(
            long number,
            long lastSequence,
            byte[] lastHash,
            long eventCount,
            Instant createdAt,
            byte[] previousDigest,
            AuditSigningKey key) {
        var unsigned = new Checkpoint(
                number, lastSequence, lastHash, eventCount, createdAt, previousDigest, key.keyId(), new byte[0]);
        return new Checkpoint(
                number,
                lastSequence,
                lastHash,
                eventCount,
                unsigned.createdAt,
                previousDigest,
                key.keyId(),
                key.sign(unsigned.statement()));
    }

    /** The signed bytes (see the type's documentation). */
    public byte[] statement() {
        String text = "faasioflex-audit-checkpoint v1\n"
                + "checkpoint=" + number + "\n"
                + "last-seq=" + lastSequence + "\n"
                + "last-hash=" + ChainHash.hex(lastHash) + "\n"
                + "count=" + eventCount + "\n"
                + "time=" + TIME.format(createdAt) + "\n"
                + "previous=" + ChainHash.hex(previousDigest) + "\n"
                + "key=" + keyId + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 of the statement; the next checkpoint names it. */
    public byte[] digest() {
        return ChainHash.digest(statement());
    }

    /** Whether a trusted key signed this checkpoint. */
    public boolean signatureValid(AuditTrustedKeys keys) {
        return keys.verify(keyId, statement(), signature);
    }
}
