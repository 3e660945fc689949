package io.faasioflex.platform.testing;

import com.sun.net.httpserver.HttpServer;
import io.faasioflex.platform.devtools.DevIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Serves a test issuer's JWKS on loopback and signs tokens with its key, the way an identity provider would. */
public final class JwksServer implements AutoCloseable {

    private final DevIssuer issuer = DevIssuer.generate();
    private final HttpServer server;

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    public static JwksServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            JwksServer jwks = new JwksServer(server);
            server.createContext("/keys", exchange -> {
                byte[] body = jwks.issuer.jwks().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/keys";
    }

    public String token(String subject, String... roles) {
        return issuer.token(subject, List.of(roles), Duration.ofMinutes(30));
    }

    /** A token signed by this server's key that names {@code issuer} and {@code audience}. */
    public String tokenFor(String issuer, String audience, String subject, String... roles) {
        List<String> audiences = audience.isEmpty() ? List.of() : List.of(audience);
        return this.issuer.token(subject, List.of(roles), Duration.ofMinutes(30), issuer, audiences);
    }

    /** A token whose {@code groups} claim holds {@code groups} and which asserts no roles. */
    public String groupToken(String subject, String... groups) {
        return issuer.tokenWithGroups(subject, List.of(groups));
    }

    public String expiredToken(String subject, String... roles) {
        return issuer.token(subject, List.of(roles), Duration.ofMinutes(-5));
    }

    /** A well-formed token signed by a key the platform has never seen. */
    public String forgedToken(String subject, String... roles) {
        return DevIssuer.generate().token(subject, List.of(roles), Duration.ofMinutes(30));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
