package io.faasioflex.audit.verify;

import io.faasioflex.audit.ledger.AuditTrustedKeys;
import io.faasioflex.audit.ledger.ChainHash;
import io.faasioflex.audit.ledger.Checkpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** What a checkpoint's statement must satisfy on its own and next to its predecessor. */
final class CheckpointRules {

    private CheckpointRules() {}

    /**
     * Checks the signature, that {@code checkpoint} directly follows {@code previous} (number and digest), that time
     * moved forward, and that the pause since {@code previous} is within {@code maxGap}.
     *
     * @param previous the checkpoint before, empty when {@code checkpoint} must be the first
     */
    static Optional<BrokenLink> statement(
            Checkpoint checkpoint, Optional<Checkpoint> previous, AuditTrustedKeys keys, Optional<Duration> maxGap) {
        long at = checkpoint.lastSequence();
        String name = "checkpoint " + checkpoint.number();
        if (!checkpoint.signatureValid(keys)) {
            return broken(
                    at,
                    BreakKind.BAD_SIGNATURE,
                    name + " is not signed by a trusted key (key id " + checkpoint.keyId() + ")");
        }
        long expectedNumber = previous.map(p -> p.number() + 1).orElse(1L);
        byte[] expectedDigest = previous.map(Checkpoint::digest).orElseGet(ChainHash::genesis);
        if (checkpoint.number() != expectedNumber || !Arrays.equals(checkpoint.previousDigest(), expectedDigest)) {
            return broken(
                    at,
                    BreakKind.MISSING_CHECKPOINT,
                    name + " does not follow checkpoint " + (expectedNumber - 1)
                            + ": a checkpoint between them is missing or was replaced");
        }
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        Checkpoint before = previous.get();
        if (checkpoint.lastSequence() < before.lastSequence()
                || !checkpoint.createdAt().isAfter(before.createdAt())) {
            return broken(
                    at,
                    BreakKind.REORDERED,
                    name + " goes back in sequence or time from checkpoint " + before.number());
        }
        Duration pause = Duration.between(before.createdAt(), checkpoint.createdAt());
        if (maxGap.isPresent() && pause.compareTo(maxGap.get()) > 0) {
            return broken(
                    at,
                    BreakKind.MISSING_CHECKPOINT,
                    "no checkpoint for " + pause + " between checkpoints " + before.number() + " and "
                            + checkpoint.number() + " (at most " + maxGap.get() + " allowed)");
        }
        return Optional.empty();
    }

    private static Optional<BrokenLink> broken(long sequence, BreakKind kind, String detail) {
        return Optional.of(new BrokenLink(sequence, kind, detail));
    }
}
