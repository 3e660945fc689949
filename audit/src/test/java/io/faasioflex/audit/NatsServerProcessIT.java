package io.faasioflex.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.testing.NatsServerProcess;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The test support that other modules' tests rely on. */
class NatsServerProcessIT {

    @Test
    void maxPayloadIsRaisedThroughTheOptions() throws Exception {
        var options = NatsServerProcess.Options.defaults().withMaxPayloadBytes(4 * 1024 * 1024);

        try (var server = NatsServerProcess.start(options);
                var connection = server.connect()) {

            assertThat(connection.getServerInfo().getMaxPayload()).isEqualTo(4 * 1024 * 1024);
            assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
            assertThat(server.url()).isEqualTo("nats://127.0.0.1:" + server.port());
        }
    }

    @Test
    void stopKeepsTheStoreAndCloseDeletesIt() throws Exception {
        var server = NatsServerProcess.start();

        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThat(server.storeDirectory()).isDirectory();

        server.restart();
        assertThat(server.isRunning()).isTrue();

        server.close();
        assertThat(Files.exists(server.storeDirectory())).isFalse();
        assertThat(server.logFile()).isRegularFile();
    }
}
