package io.faasioflex.platform.health;

import io.micronaut.context.annotation.Factory;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;
import java.io.IOException;

/** Health of the NATS connection and of JetStream behind it. */
@Factory
final class NatsChecks {

    @Singleton
    DependencyCheck nats(Connection connection) {
        return new NamedCheck(
                "nats",
                () -> connection.getStatus() == Connection.Status.CONNECTED
                        ? DependencyCheck.State.up(connection.getConnectedUrl())
                        : DependencyCheck.State.down(connection.getStatus().name()));
    }

    @Singleton
    DependencyCheck jetstream(Connection connection) {
        return new NamedCheck("jetstream", () -> {
            try {
                var info = connection.jetStreamManagement().getStreamInfo("AUDIT");
                return DependencyCheck.State.up(
                        "audit stream messages=" + info.getStreamState().getMsgCount());
            } catch (IOException | JetStreamApiException | IllegalStateException e) {
                return DependencyCheck.State.down(e.getClass().getSimpleName());
            }
        });
    }
}
