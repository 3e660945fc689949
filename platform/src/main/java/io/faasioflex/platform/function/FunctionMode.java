package io.faasioflex.platform.function;

import io.micronaut.serde.annotation.Serdeable;

/** How the watchdog inside a function container serves an invocation. */
@Serdeable
public enum FunctionMode {
    /** Forward each invocation to the function's own HTTP server on the container's loopback. */
    http,
    /** Run the function's command per invocation: body on stdin, stdout as the response body. */
    stdio
}
