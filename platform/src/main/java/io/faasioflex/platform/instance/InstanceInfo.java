package io.faasioflex.platform.instance;

import java.time.Instant;

/**
 * A snapshot of one instance, for the API, the scaler and operators.
 *
 * @param instanceId the pool's identifier, also the container label {@code faasioflex.instance}
 * @param function {@code namespace/name}
 * @param version the function version the instance runs
 * @param containerId the engine's container id; empty while the container is being created
 * @param state {@code starting}, {@code ready} or {@code retiring}
 * @param inFlight invocations running now
 * @param concurrency invocations the instance may run at once
 * @param startedAt when the pool began starting the instance
 * @param lastUsedAt when the instance last finished an invocation (its start time before the first)
 * @param invocations invocations served so far
 */
public record InstanceInfo(
        String instanceId,
        String function,
        long version,
        String containerId,
        String state,
        int inFlight,
        int concurrency,
        Instant startedAt,
        Instant lastUsedAt,
        long invocations) {}
