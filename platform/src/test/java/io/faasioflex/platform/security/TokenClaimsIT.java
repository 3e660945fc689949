package io.faasioflex.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.platform.testing.PlatformHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With issuer and audience configured, a correctly signed token for another issuer or audience is refused. */
class TokenClaimsIT {

    private static final String ISSUER = "https://idp.example.test";
    private static final String AUDIENCE = "faasioflex";

    private static PlatformHarness platform;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start(Map.of(
                "micronaut.security.token.jwt.claims-validators.issuer", ISSUER,
                "micronaut.security.token.jwt.claims-validators.audience", AUDIENCE));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void tokenForThisIssuerAndAudienceIsAccepted() {
        String token = platform.identity().tokenFor(ISSUER, AUDIENCE, "dev@example.com", "developer");

        assertThat(platform.get("/functions", token).status()).isEqualTo(200);
    }

    @Test
    void tokenFromAnotherIssuerIsRefusedThoughItsSignatureIsValid() {
        String token =
                platform.identity().tokenFor("https://other.example.test", AUDIENCE, "dev@example.com", "developer");

        assertThat(platform.get("/functions", token).status()).isEqualTo(401);
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        String token = platform.identity().tokenFor(ISSUER, "another-service", "dev@example.com", "developer");

        assertThat(platform.get("/functions", token).status()).isEqualTo(401);
    }

    @Test
    void tokenWithoutAudienceIsRefused() {
        String token = platform.identity().tokenFor(ISSUER, "", "dev@example.com", "developer");

        assertThat(platform.get("/functions", token).status()).isEqualTo(401);
    }
}
