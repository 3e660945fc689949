package io.faasioflex.platform.instance;

import static io.faasioflex.platform.instance.UnixSocketServer.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.platform.instance.UnixSocketHttpClient.Request;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketHttpClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final UnixSocketHttpClient client = new UnixSocketHttpClient(1024);
    private int servers;

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void sendsOneRequestPerConnectionAndReadsAContentLengthBody() throws Exception {
        try (var server = server(request -> response("HTTP/1.1 200 OK\r\nContent-Length: 2", bytes("ok")))) {

            var answer = client.send(server.socket(), Request.get("/healthz"), TIMEOUT);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(bytes("ok"));
            assertThat(server.nextRequest().head())
                    .startsWith("GET /healthz HTTP/1.1\n")
                    .contains("Host: localhost\n", "Connection: close\n");
        }
    }

    @Test
    void passesBinaryBodiesThroughByteForByte() throws Exception {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        try (var server = server(request -> response(
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + request.body().length,
                request.body()))) {

            var answer =
                    client.send(server.socket(), Request.post("/invoke", Map.of("Content-Type", "x/y"), body), TIMEOUT);

            assertThat(answer.body()).isEqualTo(body);
            assertThat(answer.header("Content-Type")).contains("application/octet-stream");
            assertThat(server.nextRequest().head()).contains("Content-Length: 256\n", "Content-Type: x/y\n");
        }
    }

    @Test
    void decodesAChunkedBodyAndSkipsInterimResponses() throws Exception {
        String raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 502 Bad Gateway\r\nX-Faas-Error: crash\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n";
        try (var server = server(request -> response(raw.substring(0, raw.length() - 2), new byte[0]))) {

            var answer = client.send(server.socket(), Request.get("/invoke"), TIMEOUT);

            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.header("x-faas-error")).contains("crash");
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        }
    }

    @Test
    void readsAnUnframedBodyToTheEndOfTheStream() throws Exception {
        try (var server = server(request -> response("HTTP/1.1 200 OK", bytes("until close")))) {

            var answer = client.send(server.socket(), Request.get("/"), TIMEOUT);

            assertThat(answer.body()).isEqualTo(bytes("until close"));
        }
    }

    @Test
    void refusesABodyBeyondTheBound() throws Exception {
        try (var big = server(request -> response("HTTP/1.1 200 OK\r\nContent-Length: 2000", new byte[2000]));
                var unframed = server(request -> response("HTTP/1.1 200 OK", new byte[2000]))) {

            assertThatThrownBy(() -> client.send(big.socket(), Request.get("/"), TIMEOUT))
                    .isInstanceOf(UnixSocketHttpClient.TooLargeException.class);
            assertThatThrownBy(() -> client.send(unframed.socket(), Request.get("/"), TIMEOUT))
                    .isInstanceOf(UnixSocketHttpClient.TooLargeException.class);
        }
    }

    @Test
    void givesUpAtTheDeadlineWhenTheServerNeverAnswers() throws Exception {
        try (var server = server(request -> sleepThen(3_000, new byte[0]))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> client.send(server.socket(), Request.get("/"), Duration.ofMillis(200)))
                    .isInstanceOf(SocketTimeoutException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void reportsAMissingListenerAsNotConnected() throws Exception {
        Path stale = dir.resolve("stale.sock");
        new UnixSocketServer(stale, request -> new byte[0]).close();
        Files.createFile(stale);

        assertThatThrownBy(() -> client.send(dir.resolve("absent.sock"), Request.get("/"), TIMEOUT))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> client.send(stale, Request.get("/"), TIMEOUT)).isInstanceOf(ConnectException.class);
    }

    @Test
    void rejectsAMalformedResponse() throws Exception {
        try (var server = server(request -> bytes("SSH-2.0-nope\r\n\r\n"))) {

            assertThatThrownBy(() -> client.send(server.socket(), Request.get("/"), TIMEOUT))
                    .isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void refusesHeadersThatCouldSmuggleARequest() {
        assertThatThrownBy(() -> Request.post("/invoke", Map.of("Content-Type", "a/b\r\nX-Evil: 1"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.post("/invoke", Map.of("Content-Length", "0"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.get("/a b")).isInstanceOf(IllegalArgumentException.class);
    }

    private UnixSocketServer server(Function<UnixSocketServer.Received, byte[]> handler) throws Exception {
        return new UnixSocketServer(dir.resolve("server-" + servers++ + ".sock"), handler);
    }

    private static byte[] sleepThen(long millis, byte[] answer) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answer;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
