package io.faasioflex.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.audit.testing.NatsServerProcess;
import io.micronaut.serde.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher, provisioner and reader against a real nats-server. */
class JetStreamAuditPublisherIT {

    private static final ObjectMapper MAPPER = ObjectMapper.getDefault();

    private static NatsServerProcess nats;
    private static Connection connection;
    private static JetStreamAuditPublisher publisher;
    private static AuditStreamReader reader;

    @BeforeAll
    static void startNats() {
        nats = NatsServerProcess.start();
        connection = nats.connect();
        new AuditStreamProvisioner(connection).provision();
        publisher = new JetStreamAuditPublisher(connection, MAPPER);
        reader = new AuditStreamReader(connection, MAPPER);
    }

    @AfterAll
    static void stopNats() throws InterruptedException {
        connection.close();
        nats.close();
    }

    @Test
    void aPublishedEventIsReadBackWithAllFields() throws Exception {
        AuditEvent event = eventOfRequest(uniqueRequestId());

        publisher.publishAndAwait(event);

        List<StoredAuditEvent> stored = reader.readByRequestId(event.requestId(), 1, 10);
        assertThat(stored).singleElement().satisfies(found -> {
            assertThat(found.event()).isEqualTo(event);
            assertThat(found.sequence()).isEqualTo(reader.lastSequence());
        });
        assertThat(reader.read(stored.getFirst().sequence(), 5))
                .extracting(StoredAuditEvent::event)
                .containsExactly(event);
        assertThat(management()
                        .getLastMessage(AuditStream.NAME, "audit.function.register")
                        .getSeq())
                .isEqualTo(stored.getFirst().sequence());
    }

    @Test
    void readingLeavesNoDurableConsumerBehind() throws Exception {
        publisher.publishAndAwait(eventOfRequest(uniqueRequestId()));

        reader.read(1, 10);
        reader.readByRequestId("no-such-request", 1, 10);

        assertThat(management().getConsumers(AuditStream.NAME))
                .extracting(ConsumerInfo::getConsumerConfiguration)
                .allSatisfy(consumer -> assertThat(consumer.getDurable()).isNull());
    }

    @Test
    void theStreamRefusesPurgeAndMessageDeletion() throws Exception {
        AuditEvent event = eventOfRequest(uniqueRequestId());
        publisher.publishAndAwait(event);
        long sequence =
                reader.readByRequestId(event.requestId(), 1, 1).getFirst().sequence();
        JetStreamManagement management = management();

        assertThatThrownBy(() -> management.purgeStream(AuditStream.NAME)).isInstanceOf(JetStreamApiException.class);
        assertThatThrownBy(() -> management.deleteMessage(AuditStream.NAME, sequence))
                .isInstanceOf(JetStreamApiException.class);
        assertThatThrownBy(() -> management.deleteMessage(AuditStream.NAME, sequence, false))
                .isInstanceOf(JetStreamApiException.class);

        assertThat(reader.read(sequence, 1)).extracting(StoredAuditEvent::event).containsExactly(event);
    }

    @Test
    void publishingTheSameEventTwiceStoresItOnce() {
        AuditEvent event = eventOfRequest(uniqueRequestId());
        long before = reader.lastSequence();

        publisher.publishAndAwait(event);
        publisher.publishAndAwait(event);

        assertThat(reader.lastSequence()).isEqualTo(before + 1);
        assertThat(reader.readByRequestId(event.requestId(), 1, 10)).hasSize(1);
    }

    @Test
    void manyEventsInFlightAreAllStoredInOrderAndReadPageByPage() {
        String requestId = uniqueRequestId();
        long first = reader.lastSequence() + 1;
        var futures = new ArrayList<CompletableFuture<Void>>();
        var events = new ArrayList<AuditEvent>();
        for (int i = 0; i < 600; i++) {
            AuditEvent event = eventOfRequest(requestId);
            events.add(event);
            futures.add(publisher.publish(event));
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

        assertThat(reader.read(first, 1_000))
                .extracting(StoredAuditEvent::event)
                .containsExactlyElementsOf(events);
        assertThat(reader.read(first + 100, 300))
                .hasSize(300)
                .first()
                .satisfies(stored -> assertThat(stored.sequence()).isEqualTo(first + 100));
        assertThat(reader.readByRequestId(requestId, first + 590, 5)).hasSize(5);
        assertThat(reader.read(reader.lastSequence() + 1, 10)).isEmpty();
    }

    @Test
    void provisioningAgainChangesNothingAndTheStreamIsAppendOnly() throws Exception {
        assertThat(new AuditStreamProvisioner(connection).provision())
                .isEqualTo(AuditStreamProvisioner.Result.UNCHANGED);

        StreamConfiguration configuration =
                management().getStreamInfo(AuditStream.NAME).getConfiguration();
        assertThat(configuration.getSubjects()).containsExactly("audit.>");
        assertThat(configuration.getStorageType()).isEqualTo(StorageType.File);
        assertThat(configuration.getDenyDelete()).isTrue();
        assertThat(configuration.getDenyPurge()).isTrue();
        assertThat(configuration.getAllowRollup()).isFalse();
        assertThat(configuration.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
        assertThat(configuration.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(configuration.getReplicas()).isEqualTo(1);
        assertThat(configuration.getMaxAge()).isEqualTo(Duration.ZERO);
        assertThat(configuration.getMaxMsgs()).isEqualTo(-1);
    }

    @Test
    void provisioningBringsAnExistingLaxStreamInLine() throws Exception {
        try (var server = NatsServerProcess.start();
                var lax = server.connect()) {
            lax.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name(AuditStream.NAME)
                            .subjects("audit.>")
                            .storageType(StorageType.File)
                            .build());

            var result = new AuditStreamProvisioner(lax, Duration.ofMinutes(5), 1).provision();

            assertThat(result).isEqualTo(AuditStreamProvisioner.Result.UPDATED);
            StreamConfiguration configuration =
                    lax.jetStreamManagement().getStreamInfo(AuditStream.NAME).getConfiguration();
            assertThat(configuration.getDenyDelete()).isTrue();
            assertThat(configuration.getDenyPurge()).isTrue();
            assertThat(configuration.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(5));
        }
    }

    @Test
    void provisioningRefusesAStreamInMemory() throws Exception {
        try (var server = NatsServerProcess.start();
                var other = server.connect()) {
            other.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name(AuditStream.NAME)
                            .subjects("audit.>")
                            .storageType(StorageType.Memory)
                            .build());

            assertThatThrownBy(() -> new AuditStreamProvisioner(other).provision())
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("file storage");
        }
    }

    @Test
    void publishAndAwaitFailsQuicklyWhenTheServerIsDown() throws Exception {
        try (var server = NatsServerProcess.start();
                var own = server.connect()) {
            new AuditStreamProvisioner(own).provision();
            var ownPublisher = new JetStreamAuditPublisher(own, MAPPER, Duration.ofSeconds(5));
            ownPublisher.publishAndAwait(eventOfRequest(uniqueRequestId()));

            server.stop();
            long start = System.nanoTime();

            assertThatThrownBy(() -> ownPublisher.publishAndAwait(eventOfRequest(uniqueRequestId())))
                    .isInstanceOf(AuditUnavailableException.class);
            // well before the acknowledgement timeout: the publisher notices the lost connection
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void publishingWithoutTheStreamFails() throws Exception {
        try (var server = NatsServerProcess.start();
                var own = server.connect()) {
            var ownPublisher = new JetStreamAuditPublisher(own, MAPPER, Duration.ofMillis(500));

            assertThatThrownBy(() -> ownPublisher.publishAndAwait(eventOfRequest(uniqueRequestId())))
                    .isInstanceOf(AuditUnavailableException.class);
        }
    }

    @Test
    void eventsSurviveAServerRestart() throws Exception {
        try (var server = NatsServerProcess.start();
                var own = server.connect()) {
            new AuditStreamProvisioner(own).provision();
            var ownPublisher = new JetStreamAuditPublisher(own, MAPPER);
            AuditEvent before = eventOfRequest(uniqueRequestId());
            ownPublisher.publishAndAwait(before);

            server.restart();
            awaitConnected(own);
            AuditEvent after = eventOfRequest(uniqueRequestId());
            ownPublisher.publishAndAwait(after);

            assertThat(new AuditStreamReader(own, MAPPER).read(1, 10))
                    .extracting(StoredAuditEvent::event)
                    .containsExactly(before, after);
        }
    }

    private static void awaitConnected(Connection connection) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (connection.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }

    private static JetStreamManagement management() throws Exception {
        return connection.jetStreamManagement();
    }

    private static String uniqueRequestId() {
        return "req-" + UUID.randomUUID();
    }

    private static AuditEvent eventOfRequest(String requestId) {
        return AuditEvent.builder("function.register")
                .actor(new Actor("alice", List.of("developer", "viewer"), "127.0.0.1", "jwt"))
                .target(Target.function("team-a", "resize", 7))
                .success()
                .requestId(requestId)
                .decisionId("decision-" + requestId)
                .latencyMicros(1234)
                .sizes(100, 200)
                .finding("email", 2)
                .detail("http.method", "PUT")
                .detail("http.path", "/v1/functions/team-a/resize")
                .emitter("platform-test")
                .build();
    }
}
