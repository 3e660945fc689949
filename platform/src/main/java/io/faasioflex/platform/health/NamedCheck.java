package io.faasioflex.platform.health;

import java.util.function.Supplier;

/** A check made of a name and a probe. */
public record NamedCheck(String name, Supplier<DependencyCheck.State> probe) implements DependencyCheck {

    @Override
    public State state() {
        try {
            return probe.get();
        } catch (RuntimeException e) {
            return State.down(e.getClass().getSimpleName());
        }
    }
}
