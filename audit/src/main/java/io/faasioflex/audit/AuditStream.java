package io.faasioflex.audit;

/** Names of the JetStream stream that holds audit events (see "Names on NATS" in DESIGN.md). */
public final class AuditStream {

    /** The stream's name. */
    public static final String NAME = "AUDIT";

    /** The subjects the stream captures. */
    public static final String SUBJECTS = "audit.>";

    private static final String SUBJECT_PREFIX = "audit.";

    private AuditStream() {}

    /** The subject an event with {@code action} is published on, for example {@code audit.function.register}. */
    public static String subject(String action) {
        return SUBJECT_PREFIX + action;
    }
}
