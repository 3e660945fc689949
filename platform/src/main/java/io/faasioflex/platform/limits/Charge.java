package io.faasioflex.platform.limits;

/**
 * What one call costs against one limit.
 *
 * @param limit the limit charged
 * @param cost tokens taken: 1 for a call, the body's size for {@link Limit#BODY_BYTES}
 */
public record Charge(Limit limit, long cost) {

    /** One call against {@code limit}. */
    public static Charge one(Limit limit) {
        return new Charge(limit, 1);
    }
}
