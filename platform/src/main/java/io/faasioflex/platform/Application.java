package io.faasioflex.platform;

import io.micronaut.runtime.Micronaut;

/** Starts the platform with every role in one process. */
public final class Application {

    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
