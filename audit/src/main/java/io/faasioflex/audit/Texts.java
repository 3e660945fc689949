package io.faasioflex.audit;

/** Small text helpers shared by the event records. */
final class Texts {

    private Texts() {}

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
