package io.faasioflex.platform.instance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small HTTP/1.1 client over a unix domain socket, enough to talk to a watchdog: one request per connection with
 * {@code Connection: close}, a Content-Length request body, and a response framed by Content-Length, chunked coding
 * or the end of the stream. Every exchange has a deadline, enforced by closing the channel when it passes, and the
 * response is bounded.
 *
 * <p>Java's HttpClient cannot connect to a unix socket, and Apache HttpClient 5.5, the version docker-java 3.7.1
 * brings, has no public API for one (it arrived in 5.6).
 */
final class UnixSocketHttpClient implements AutoCloseable {

    private static final int MAX_LINE_BYTES = 8 * 1024;
    private static final int MAX_HEADERS = 100;

    private final long maxBodyBytes;
    private final ScheduledThreadPoolExecutor deadlines;

    UnixSocketHttpClient(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            var thread = new Thread(runnable, "faas-socket-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Sends one request and reads the whole response within {@code timeout}.
     *
     * @throws ConnectException when nothing listens on the socket, so the request was not delivered
     * @throws SocketTimeoutException when the deadline passed, delivered or not
     * @throws TooLargeException when the response body exceeds the bound
     * @throws IOException on any other failure of the exchange, including a malformed response
     */
    Response send(Path socket, Request request, Duration timeout) throws IOException {
        var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        var expired = new AtomicBoolean();
        ScheduledFuture<?> closer;
        try {
            closer = deadlines.schedule(
                    () -> expire(channel, expired), Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            channel.close();
            throw new IOException("the client is closed", e);
        }
        try (channel) {
            connect(channel, socket);
            write(channel, request);
            return read(new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024));
        } catch (IOException e) {
            if (expired.get()) {
                throw (IOException) new SocketTimeoutException(
                                "no complete answer on " + socket + " within " + timeout.toMillis() + " ms")
                        .initCause(e);
            }
            throw e;
        } finally {
            closer.cancel(false);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    private static void expire(SocketChannel channel, AtomicBoolean expired) {
        expired.set(true);
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing only wakes the blocked exchange; there is nothing to recover here.
        }
    }

    private static void connect(SocketChannel channel, Path socket) throws IOException {
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            var refused = new ConnectException("cannot connect to " + socket + ": " + e.getMessage());
            throw (ConnectException) refused.initCause(e);
        }
    }

    private static void write(SocketChannel channel, Request request) throws IOException {
        var head = new StringBuilder()
                .append(request.method())
                .append(' ')
                .append(request.target())
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (request.body().length > 0 || !request.method().equals("GET")) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        request.headers()
                .forEach((name, value) ->
                        head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        ByteBuffer[] buffers = {
            ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)), ByteBuffer.wrap(request.body())
        };
        while (buffers[0].hasRemaining() || buffers[1].hasRemaining()) {
            channel.write(buffers);
        }
    }

    private Response read(InputStream in) throws IOException {
        int status;
        Map<String, String> headers;
        do {
            status = parseStatus(line(in));
            headers = parseHeaders(in);
        } while (status >= 100 && status < 200);
        return new Response(status, headers, readBody(in, headers, status));
    }

    private byte[] readBody(InputStream in, Map<String, String> headers, int status) throws IOException {
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        String coding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (coding.endsWith("chunked")) {
            return readChunked(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            return readExactly(in, parseLength(length));
        }
        return readToEnd(in);
    }

    private byte[] readExactly(InputStream in, long length) throws IOException {
        if (length > maxBodyBytes) {
            throw new TooLargeException("response body of " + length + " bytes exceeds " + maxBodyBytes);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new ProtocolException("response ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    private byte[] readToEnd(InputStream in) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length > maxBodyBytes) {
            throw new TooLargeException("response body exceeds " + maxBodyBytes + " bytes");
        }
        return body;
    }

    private byte[] readChunked(InputStream in) throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int extension = sizeLine.indexOf(';');
            long size = parseHex(
                    extension < 0
                            ? sizeLine.strip()
                            : sizeLine.substring(0, extension).strip());
            if (size == 0) {
                parseHeaders(in); // the trailer section, ignored
                return body.toByteArray();
            }
            if (body.size() + size > maxBodyBytes) {
                throw new TooLargeException("chunked response body exceeds " + maxBodyBytes + " bytes");
            }
            body.write(readExactly(in, size));
            if (!line(in).isEmpty()) {
                throw new ProtocolException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private static int parseStatus(String line) throws ProtocolException {
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new ProtocolException("malformed status line");
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw (ProtocolException) new ProtocolException("malformed status code").initCause(e);
        }
    }

    private static Map<String, String> parseHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            if (headers.size() >= MAX_HEADERS) {
                throw new ProtocolException("response has more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed header line");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            String previous = headers.putIfAbsent(name, value);
            if (previous != null && name.equals("content-length") && !previous.equals(value)) {
                throw new ProtocolException("conflicting Content-Length headers");
            }
        }
        return headers;
    }

    private static long parseLength(String value) throws ProtocolException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw new ProtocolException("malformed Content-Length");
        }
        return Long.parseLong(value);
    }

    private static long parseHex(String value) throws ProtocolException {
        try {
            if (value.isEmpty() || value.length() > 15) {
                throw new NumberFormatException(value);
            }
            return Long.parseLong(value, 16);
        } catch (NumberFormatException e) {
            throw (ProtocolException) new ProtocolException("malformed chunk size").initCause(e);
        }
    }

    /** One CRLF- or LF-terminated line of the head or of the chunked framing, without its terminator. */
    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new ProtocolException("connection closed in the middle of the response framing");
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new ProtocolException("response line exceeds " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** A request; header names and values are checked so no caller can inject a header or a second request. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {

        private static final Set<String> FRAMING_HEADERS =
                Set.of("host", "connection", "content-length", "transfer-encoding", "expect", "upgrade");

        Request {
            requireToken(method);
            if (!target.startsWith("/") || target.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("request target must be an absolute path without spaces");
            }
            headers.forEach((name, value) -> {
                requireToken(name);
                if (FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("header " + name + " is set by the client itself");
                }
                if (value.chars().anyMatch(c -> (c < ' ' && c != '\t') || c >= 0x7f)) {
                    throw new IllegalArgumentException("header " + name + " has a control or non-ASCII character");
                }
            });
            headers = Map.copyOf(headers);
        }

        static Request get(String target) {
            return new Request("GET", target, Map.of(), new byte[0]);
        }

        static Request post(String target, Map<String, String> headers, byte[] body) {
            return new Request("POST", target, headers, body);
        }

        private static void requireToken(String token) {
            if (token.isEmpty()
                    || !token.chars().allMatch(c -> c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new IllegalArgumentException("not an HTTP token: " + token);
            }
        }
    }

    /** A response; header names are lower case, and the first of repeated headers wins. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** The response body exceeded the client's bound. */
    static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }
}
