package io.faasioflex.audit.verify;

import io.faasioflex.audit.ledger.Checkpoint;
import io.faasioflex.audit.ledger.Checkpoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks at the end of the chain, when the verification reached it: the chain ends where the projector's stored
 * position says (a truncated or extended tail that no checkpoint covers yet), and the last checkpoint is recent.
 */
final class TailRules {

    private TailRules() {}

    static Optional<BrokenLink> check(
            Connection connection, ChainWalk walk, long to, Optional<Duration> maxGap, Instant now)
            throws SQLException {
        try (PreparedStatement select =
                        connection.prepareStatement("SELECT chain_seq, chain_hash FROM projector_state WHERE id = 1");
                ResultSet state = select.executeQuery()) {
            if (!state.next() || to < state.getLong(1)) {
                return Optional.empty();
            }
            Optional<BrokenLink> broken = position(walk, state.getLong(1), state.getBytes(2));
            return broken.isPresent() ? broken : recency(connection, walk, maxGap, now);
        }
    }

    private static Optional<BrokenLink> position(ChainWalk walk, long chainSequence, byte[] chainHash) {
        long tip = walk.tipSequence();
        if (tip < chainSequence) {
            return Optional.of(new BrokenLink(
                    tip + 1,
                    BreakKind.DELETED,
                    "the projector chained up to row " + chainSequence + " but the ledger ends at row " + tip));
        }
        if (tip > chainSequence) {
            return Optional.of(new BrokenLink(
                    chainSequence + 1,
                    BreakKind.INSERTED,
                    "the ledger holds rows up to " + tip + " but the projector chained only up to row "
                            + chainSequence));
        }
        if (!Arrays.equals(walk.tipHash(), chainHash)) {
            return Optional.of(new BrokenLink(
                    tip, BreakKind.ALTERED, "row " + tip + " is not the row the projector chained last"));
        }
        return Optional.empty();
    }

    private static Optional<BrokenLink> recency(
            Connection connection, ChainWalk walk, Optional<Duration> maxGap, Instant now) throws SQLException {
        if (maxGap.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> last = Checkpoints.latest(connection).map(Checkpoint::createdAt);
        if (last.isPresent() && Duration.between(last.get(), now).compareTo(maxGap.get()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new BrokenLink(
                walk.tipSequence(),
                BreakKind.MISSING_CHECKPOINT,
                "no checkpoint since " + last.map(Instant::toString).orElse("the start") + ", more than " + maxGap.get()
                        + " ago"));
    }
}
