package io.faasioflex.audit.verify;

import io.faasioflex.audit.ledger.ChainHash;
import io.faasioflex.audit.ledger.Checkpoint;
import java.util.Optional;

/**
 * A signed point the verification starts from: the chain's start, a retention boundary or a checkpoint.
 *
 * @param sequence the stream sequence of the row the anchor names, 0 for the chain's start
 * @param hash that row's hash, the genesis hash for the start
 * @param checkpoint the checkpoint at the anchor, which the next checkpoint must follow; empty at the chain's start
 */
record Anchor(long sequence, byte[] hash, Optional<Checkpoint> checkpoint) {

    static Anchor genesis() {
        return new Anchor(0, ChainHash.genesis(), Optional.empty());
    }

    static Anchor at(Checkpoint checkpoint) {
        return new Anchor(checkpoint.lastSequence(), checkpoint.lastHash(), Optional.of(checkpoint));
    }
}
