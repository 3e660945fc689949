package io.faasioflex.platform.limits;

/** The limits a principal is held to, each with its own token bucket. */
public enum Limit {
    /** API calls of any kind. */
    REQUESTS("requests"),
    /** Function invocations, on top of {@link #REQUESTS}. */
    INVOCATIONS("invocations"),
    /** Bytes of request bodies. */
    BODY_BYTES("request body bytes"),
    /** Refused authentications from one client address. */
    REFUSALS("refused authentications");

    private final String description;

    Limit(String description) {
        this.description = description;
    }

    /** What the limit counts, for error messages. */
    public String description() {
        return description;
    }
}
