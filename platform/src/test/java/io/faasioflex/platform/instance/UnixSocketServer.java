package io.faasioflex.platform.instance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A real unix-socket server for unit tests of the client: it reads each request (head and Content-Length body),
 * records it, and writes whatever raw bytes the handler returns, then closes the connection.
 */
final class UnixSocketServer implements AutoCloseable {

    private final Path socket;
    private final ServerSocketChannel server;
    private final Function<Received, byte[]> handler;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    UnixSocketServer(Path socket, Function<Received, byte[]> handler) throws IOException {
        this.socket = socket;
        this.handler = handler;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    Path socket() {
        return socket;
    }

    /** The next request the server read, waiting for it briefly. */
    Received nextRequest() throws InterruptedException {
        return received.poll(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(socket);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            InputStream in = Channels.newInputStream(connection);
            Received request = readRequest(in);
            received.add(request);
            byte[] answer = handler.apply(request);
            connection.write(ByteBuffer.wrap(answer));
        } catch (IOException e) {
            // The client went away; the test sees that from its side.
        }
    }

    private static Received readRequest(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int length = 0;
        String line;
        while (!(line = line(in)).isEmpty()) {
            head.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return new Received(head.toString(StandardCharsets.ISO_8859_1), in.readNBytes(length));
    }

    private static String line(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n' && b >= 0; b = in.read()) {
            out.write(b);
        }
        String text = out.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** What the server read: the head as text (LF separated) and the body. */
    record Received(String head, byte[] body) {}

    /** A raw response: status line, headers (CRLF separated) and body. */
    static byte[] response(String statusAndHeaders, byte[] body) {
        byte[] head = (statusAndHeaders + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
