package io.faasioflex.platform.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The tamper-evident audit ledger in PostgreSQL, under {@code faas.audit.*}. Keys are secrets: give them as files
 * readable only by the platform (or as environment variables), never in a committed configuration file.
 *
 * @param signingKeyFile Ed25519 private key (PEM, Base64 or DER PKCS#8) that signs checkpoints
 * @param signingKey the same key as Base64 PKCS#8, when no file is given
 * @param pseudonymKeyFile file holding the Base64 32-byte master secret that wraps per-subject keys
 * @param pseudonymKey the same secret inline, when no file is given
 * @param checkpointEveryEvents sign a checkpoint after this many events
 * @param checkpointInterval sign a checkpoint at least this often, even with no event
 * @param retention remove events older than this (0 keeps everything); legal holds always win
 * @param retentionCheck how often the retention job runs
 * @param maxCheckpointGap verification reports a gap between checkpoints longer than this as a break
 */
@ConfigurationProperties("faas.audit")
public record LedgerSettings(
        @Bindable(defaultValue = "") String signingKeyFile,
        @Bindable(defaultValue = "") String signingKey,
        @Bindable(defaultValue = "") String pseudonymKeyFile,
        @Bindable(defaultValue = "") String pseudonymKey,
        @Bindable(defaultValue = "1000") int checkpointEveryEvents,
        @Bindable(defaultValue = "10s") Duration checkpointInterval,
        @Bindable(defaultValue = "0s") Duration retention,
        @Bindable(defaultValue = "1h") Duration retentionCheck,
        @Bindable(defaultValue = "1m") Duration maxCheckpointGap) {}
