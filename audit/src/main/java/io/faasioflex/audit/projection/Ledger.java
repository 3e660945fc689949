package io.faasioflex.audit.projection;

import io.faasioflex.audit.ledger.LedgerRows;
import javax.sql.DataSource;

/** What the projector writes with: the database and the ways rows, sealed actors and checkpoints are made. */
record Ledger(DataSource dataSource, LedgerRows rows, EventSealer sealer, CheckpointWriter checkpoints) {}
