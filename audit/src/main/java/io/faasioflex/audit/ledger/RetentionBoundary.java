package io.faasioflex.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * The start of the chain after the retention job removed older rows: the removed rows ended at {@code sequence} with
 * hash {@code hash}, which checkpoint {@code checkpointNumber} had signed; the first remaining row must link to it.
 *
 * <p>The signed {@link #statement()} is UTF-8 text in the style of {@link Checkpoint#statement()}:
 *
 * <pre>
 * faasioflex-audit-retention-boundary v1
 * boundary=&lt;number&gt;
 * seq=&lt;last removed stream sequence&gt;
 * hash=&lt;hex of its hash&gt;
 * checkpoint=&lt;number of the checkpoint whose tip it is&gt;
 * cutoff=&lt;events older than this were eligible&gt;
 * deleted=&lt;rows removed by this run&gt;
 * time=&lt;createdAt&gt;
 * key=&lt;signing key id&gt;
 * </pre>
 */
public record RetentionBoundary(
        long number,
        long sequence,
        byte[] hash,
        long checkpointNumber,
        Instant cutoff,
        long deletedEvents,
        Instant createdAt,
        String keyId,
        byte[] signature) {

    public RetentionBoundary {
        Objects.requireNonNull(hash, "hash");
        cutoff = LedgerEntry.storedTime(cutoff);
        createdAt = LedgerEntry.storedTime(createdAt);
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** Builds and signs a boundary. */
    public static RetentionBoundary signed(
            long number,
            Checkpoint checkpoint,
            Instant cutoff,
            long deletedEvents,
            Instant createdAt,
            AuditSigningKey key) {
        var unsigned = new RetentionBoundary(
                number,
                checkpoint.lastSequence(),
                checkpoint.lastHash(),
                checkpoint.number(),
                cutoff,
                deletedEvents,
                createdAt,
                key.keyId(),
                new byte[0]);
        return new RetentionBoundary(
                number,
                unsigned.sequence,
                unsigned.hash,
                unsigned.checkpointNumber,
                unsigned.cutoff,
                deletedEvents,
                unsigned.createdAt,
                key.keyId(),
                key.sign(unsigned.statement()));
    }

    /** The signed bytes (see the type's documentation). */
    public byte[] statement() {
        String text = "faasioflex-audit-retention-boundary v1\n"
                + "boundary=" + number + "\n"
                + "seq=" + sequence + "\n"
                + "hash=" + ChainHash.hex(hash) + "\n"
                + "checkpoint=" + checkpointNumber + "\n"
                + "cutoff=" + Checkpoint.TIME.format(cutoff) + "\n"
                + "deleted=" + deletedEvents + "\n"
                + "time=" + Checkpoint.TIME.format(createdAt) + "\n"
                + "key=" + keyId + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a trusted key signed this boundary. */
    public boolean signatureValid(AuditTrustedKeys keys) {
        return keys.verify(keyId, statement(), signature);
    }
}
