package io.faasioflex.platform.health;

import io.micronaut.serde.annotation.Serdeable;

/** One dependency the health endpoint reports on. */
public interface DependencyCheck {

    String name();

    /** Checks the dependency now; must answer within about a second and never throw. */
    State state();

    /** A dependency's state with a short detail for operators (never a secret). */
    @Serdeable
    record State(boolean up, String detail) {

        public static State up(String detail) {
            return new State(true, detail);
        }

        public static State down(String detail) {
            return new State(false, detail);
        }
    }
}
