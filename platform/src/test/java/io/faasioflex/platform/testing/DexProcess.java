package io.faasioflex.platform.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real Dex identity provider (built by deploy/build-dex.sh) on a free loopback port, configured from
 * {@code dex/config.yaml.template} with the demo users and the {@code faasioflex} client, for one test class.
 * Logs in through Dex's own token endpoint, the way a script or the web console would.
 *
 * <p>{@link #start()} checks passwords against the static demo users; {@link #startWithLdap(LdapDirectory)} against
 * the people of an {@link LdapDirectory}, whose groups then reach the tokens' {@code groups} claim.
 */
public final class DexProcess implements AutoCloseable {

    public static final String CLIENT_ID = "faasioflex";
    public static final String CLIENT_SECRET = "faasioflex-demo-secret";
    /** Every scope Dex knows for the password grant except offline_access (no refresh token). */
    public static final String DEFAULT_SCOPE = "openid email profile groups";
    /** The connector of the static demo users; part of their tokens' subject. */
    public static final String LOCAL_CONNECTOR_ID = "local";
    /** The connector {@link #startWithLdap(LdapDirectory)} configures; part of its users' subject. */
    public static final String LDAP_CONNECTOR_ID = "ldap";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final String issuer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DexProcess(Process process, Path workDir, String issuer) {
        this.process = process;
        this.workDir = workDir;
        this.issuer = issuer;
    }

    /** Starts the cached Dex binary and waits until its discovery document is served. */
    public static DexProcess start() {
        return start(LOCAL_CONNECTOR_ID, "");
    }

    /**
     * Starts Dex with the LDAP connector of {@code dex/ldap-connector.yaml.template} as its password connector,
     * pointed at {@code directory}: people log in with their e-mail address and LDAP password, and the groups whose
     * {@code member} is their entry become the {@code groups} claim (with the {@code groups} scope).
     */
    public static DexProcess startWithLdap(LdapDirectory directory) {
        String connectors =
                resource("/dex/ldap-connector.yaml.template").replace("@LDAP_HOST@", directory.hostAndPort());
        return start(LDAP_CONNECTOR_ID, connectors);
    }

    /**
     * The {@code sub} Dex puts in a user's tokens: base64url (no padding) of the protobuf message
     * {@code {1: userId, 2: connectorId}}, so the same user id through another connector is another subject.
     */
    public static String subject(String userId, String connectorId) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        byte[] connector = connectorId.getBytes(StandardCharsets.UTF_8);
        if (user.length > 127 || connector.length > 127) {
            throw new IllegalArgumentException(
                    "user and connector ids must fit in 127 bytes each (one-byte lengths): " + userId);
        }
        byte[] message = new byte[4 + user.length + connector.length];
        message[0] = 0x0a;
        message[1] = (byte) user.length;
        System.arraycopy(user, 0, message, 2, user.length);
        message[2 + user.length] = 0x12;
        message[3 + user.length] = (byte) connector.length;
        System.arraycopy(connector, 0, message, 4 + user.length, connector.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(message);
    }

    private static DexProcess start(String passwordConnector, String connectors) {
        Path binary = Binaries.binDir().resolve("dex");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no dex at " + binary + "; run deploy/build-dex.sh first");
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(binary, passwordConnector, connectors);
            } catch (IllegalStateException e) {
                // A free port can be taken between probing and binding; another port usually works.
                last = e;
            }
        }
        throw last;
    }

    public String issuer() {
        return issuer;
    }

    public String jwksUrl() {
        return issuer + "/keys";
    }

    public String tokenUrl() {
        return issuer + "/token";
    }

    public String discoveryUrl() {
        return issuer + "/.well-known/openid-configuration";
    }

    /** Logs in with the password grant and returns the ID token; throws {@link LoginRefusedException} if refused. */
    public String passwordLogin(String email, String password, String scope) {
        return passwordGrant(email, password, scope).idToken();
    }

    /** The password grant for the {@code faasioflex} client: ID token and access token, both JWTs. */
    public Tokens passwordGrant(String email, String password, String scope) {
        TokenResponse response = requestToken(
                Map.of("grant_type", "password", "username", email, "password", password, "scope", scope),
                CLIENT_ID,
                CLIENT_SECRET);
        return response.tokens();
    }

    /**
     * The client-credentials grant for a confidential client.
     *
     * <p>TODO: Dex v2.41 (the newest the proxy serves here) refuses it with {@code unsupported_grant_type};
     * it works once deploy/build-dex.sh pins a Dex with that grant (upstream dexidp/dex#4583) and the template
     * lists it under {@code oauth2.grantTypes}.
     */
    public String clientCredentials(String clientId, String clientSecret, String scope) {
        return requestToken(Map.of("grant_type", "client_credentials", "scope", scope), clientId, clientSecret)
                .tokens()
                .accessToken();
    }

    /** Any request to the token endpoint, authenticated with HTTP Basic as the given client. */
    public TokenResponse requestToken(Map<String, String> form, String clientId, String clientSecret) {
        String credentials = encode(clientId) + ":" + encode(clientSecret);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                .build();
        HttpResponse<String> response = send(request);
        return new TokenResponse(response.statusCode(), parse(response.body()));
    }

    /** Dex's own log (JSON lines), for diagnosing a failed test. */
    public String log() {
        try {
            return Files.readString(workDir.resolve("dex.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        LocalResources.stop(process);
        LocalResources.deleteRecursively(workDir);
    }

    private static DexProcess startOnce(Path binary, String passwordConnector, String connectors) {
        Path workDir;
        String issuer;
        Process process;
        try {
            workDir = Files.createTempDirectory("faas-dex-");
            String address = "127.0.0.1:" + LocalResources.freePort();
            issuer = "http://" + address + "/dex";
            Path config = workDir.resolve("config.yaml");
            String configuration = resource("/dex/config.yaml.template")
                    .replace("@ISSUER@", issuer)
                    .replace("@HTTP_ADDRESS@", address)
                    .replace("@PASSWORD_CONNECTOR@", passwordConnector)
                    .replace("@CONNECTORS@", connectors);
            Files.writeString(config, configuration);
            process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("dex.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        }

        DexProcess dex = new DexProcess(process, workDir, issuer);
        return LocalResources.awaitReady(dex, "dex on " + issuer, dex::awaitReady, dex::close, dex::log);
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(discoveryUrl()))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dex exited with status " + process.exitValue());
            }
            if (discoveryServed(request)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no discovery document within " + START_TIMEOUT);
    }

    private boolean discoveryServed(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && issuer.equals(parse(response.body()).get("issuer"));
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("request to dex failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling dex", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DexProcess.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + name, e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("dex answered with something other than a JSON object: " + json, e);
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The tokens of a successful grant; both are RS256 JWTs signed by a key in {@link #jwksUrl()}. */
    public record Tokens(String idToken, String accessToken, long expiresInSeconds) {}

    /** The token endpoint's answer: HTTP status and JSON body. */
    public record TokenResponse(int status, Map<String, Object> body) {

        public boolean granted() {
            return status == 200 && body.containsKey("access_token");
        }

        public String error() {
            return String.valueOf(body.getOrDefault("error", ""));
        }

        /** The tokens, or {@link LoginRefusedException} carrying Dex's status and OAuth error code. */
        public Tokens tokens() {
            if (!granted()) {
                throw new LoginRefusedException(status, error());
            }
            Object expiresIn = body.getOrDefault("expires_in", 0);
            return new Tokens(
                    String.valueOf(body.getOrDefault("id_token", "")),
                    String.valueOf(body.get("access_token")),
                    ((Number) expiresIn).longValue());
        }
    }

    /** Dex refused a grant: wrong password, unknown user, wrong client secret or an unsupported grant. */
    public static final class LoginRefusedException extends RuntimeException {

        private final int status;
        private final String error;

        public LoginRefusedException(int status, String error) {
            super("dex refused the grant: status=" + status + " error=" + error);
            this.status = status;
            this.error = error;
        }

        public int status() {
            return status;
        }

        public String error() {
            return error;
        }
    }

    /**
     * A demo user of dex/config.yaml.template and deploy/dex/config.yaml. Passwords are demo-only.
     *
     * @param userId the static user id, which fixes the token's subject
     */
    public record DemoUser(String email, String password, String userId) {

        public static final DemoUser ADMIN =
                new DemoUser("admin@example.com", "admin-demo-password", "39687869-9149-47fd-b7f0-a2815754ddbd");
        public static final DemoUser DEVELOPER = new DemoUser(
                "developer@example.com", "developer-demo-password", "8b74c4fc-5579-4e25-ac46-a80d30b90301");
        public static final DemoUser INVOKER =
                new DemoUser("invoker@example.com", "invoker-demo-password", "166bd228-a20a-4f7e-accf-5d224ec5706e");
        public static final DemoUser AUDITOR =
                new DemoUser("auditor@example.com", "auditor-demo-password", "294f82b5-9089-4c3b-b99c-df3f2f36aaae");

        /** The {@code sub} Dex puts in this user's tokens, from the static connector {@code local}. */
        public String subject() {
            return DexProcess.subject(userId, LOCAL_CONNECTOR_ID);
        }
    }
}
