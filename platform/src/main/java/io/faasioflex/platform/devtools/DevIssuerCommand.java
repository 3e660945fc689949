package io.faasioflex.platform.devtools;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the development issuer, used by {@code deploy/demo.sh}:
 *
 * <pre>
 *   serve &lt;dir&gt; &lt;port&gt;         create or reuse the key in dir, serve its JWKS at 127.0.0.1:port/dex/keys
 *   token &lt;dir&gt; &lt;subject&gt; &lt;role&gt;...  print a one-hour token signed by the key in dir
 * </pre>
 */
public final class DevIssuerCommand {

    private DevIssuerCommand() {}

    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("serve")) {
            serve(load(Path.of(args[1])), Integer.parseInt(args[2]));
        } else if (args.length >= 4 && args[0].equals("token")) {
            List<String> roles = Arrays.asList(args).subList(3, args.length);
            System.out.println(load(Path.of(args[1])).token(args[2], roles, Duration.ofHours(1)));
        } else {
            System.err.println("usage: serve <dir> <port> | token <dir> <subject> <role>...");
            System.exit(2);
        }
    }

    private static DevIssuer load(Path dir) throws IOException {
        Path file = dir.resolve("issuer-key.json");
        if (Files.exists(file)) {
            return DevIssuer.fromPrivateJwk(Files.readString(file));
        }
        Files.createDirectories(dir);
        DevIssuer issuer = DevIssuer.generate();
        Files.writeString(file, issuer.privateJwk());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return issuer;
    }

    private static void serve(DevIssuer issuer, int port) throws IOException {
        byte[] jwks = issuer.jwks().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/dex/keys", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
        System.out.println("dev issuer serving JWKS at http://127.0.0.1:" + port + "/dex/keys");
    }
}
