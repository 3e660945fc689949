package io.faasioflex.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.faasioflex.platform.identity.DexTokenVerifier.TokenRejectedException;
import io.faasioflex.platform.testing.DexProcess;
import io.faasioflex.platform.testing.DexProcess.DemoUser;
import java.text.ParseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which Dex-shaped tokens a verifier built on Dex's JWKS, issuer and client id must refuse. Two independent
 * Dex processes stand for the trusted provider and a foreign one with its own keys.
 */
class DexTokenVerificationIT {

    private static DexProcess trusted;
    private static DexProcess foreign;
    private static DexTokenVerifier verifier;

    @BeforeAll
    static void startDex() {
        trusted = DexProcess.start();
        foreign = DexProcess.start();
        verifier = new DexTokenVerifier(trusted.jwksUrl(), trusted.issuer(), DexProcess.CLIENT_ID);
    }

    @AfterAll
    static void stopDex() {
        if (trusted != null) {
            trusted.close();
        }
        if (foreign != null) {
            foreign.close();
        }
    }

    @Test
    void tokenOfAnotherDexIsRefused() {
        String token = login(foreign);

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void tokenWhoseClaimsWereAlteredIsRefused() throws ParseException {
        SignedJWT original = SignedJWT.parse(login(trusted));
        JWTClaimsSet forged = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
                .claim("email", "admin@example.com")
                .subject(DemoUser.ADMIN.subject())
                .build();
        String tampered = original.getHeader().toBase64URL() + "."
                + Base64URL.encode(forged.toString()) + "."
                + original.getSignature();

        assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void unsignedTokenWithAlgNoneIsRefused() throws ParseException {
        JWTClaimsSet claims = SignedJWT.parse(login(trusted)).getJWTClaimsSet();
        String unsigned = new PlainJWT(claims).serialize();

        assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        DexTokenVerifier otherClient = new DexTokenVerifier(trusted.jwksUrl(), trusted.issuer(), "another-client");

        assertThatThrownBy(() -> otherClient.verify(login(trusted))).isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void tokenExpectedFromAnotherIssuerIsRefused() {
        DexTokenVerifier otherIssuer =
                new DexTokenVerifier(trusted.jwksUrl(), "http://127.0.0.1:1/dex", DexProcess.CLIENT_ID);

        assertThatThrownBy(() -> otherIssuer.verify(login(trusted))).isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void untouchedTokenOfTheTrustedDexIsAccepted() {
        JWTClaimsSet claims = verifier.verify(login(trusted));

        assertThat(claims.getSubject()).isEqualTo(DemoUser.DEVELOPER.subject());
    }

    private static String login(DexProcess dex) {
        return dex.passwordLogin(DemoUser.DEVELOPER.email(), DemoUser.DEVELOPER.password(), DexProcess.DEFAULT_SCOPE);
    }
}
