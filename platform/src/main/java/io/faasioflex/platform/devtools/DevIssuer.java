package io.faasioflex.platform.devtools;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away token issuer for local runs and tests: one RSA key, its public JWKS, and signed tokens carrying a
 * subject and roles. It is not an identity provider; production deployments validate tokens from Dex.
 */
public final class DevIssuer {

    public static final String ISSUER = "faasioflex-dev";
    private final RSAKey key;

    private DevIssuer(RSAKey key) {
        this.key = key;
    }

    /** A new issuer with a fresh 2048-bit key. */
    public static DevIssuer generate() {
        try {
            return new DevIssuer(new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString())
                    .generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** An issuer restored from {@link #privateJwk()}. */
    public static DevIssuer fromPrivateJwk(String json) {
        try {
            return new DevIssuer(RSAKey.parse(json));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not an RSA JWK", e);
        }
    }

    /** The private key as a JWK; keep it in a file only its owner can read. */
    public String privateJwk() {
        return key.toJSONString();
    }

    /** The public key set the platform validates tokens against. */
    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A token for {@code subject} holding {@code roles}, valid for {@code ttl} (negative: already expired). */
    public String token(String subject, List<String> roles, Duration ttl) {
        return token(subject, roles, ttl, ISSUER, List.of());
    }

    /** A token naming {@code issuer} and {@code audience} (none when empty), signed by this issuer's key. */
    public String token(String subject, List<String> roles, Duration ttl, String issuer, List<String> audience) {
        return sign(claims(subject, roles, ttl, issuer, audience).build());
    }

    /** A one-hour token whose {@code groups} claim holds {@code groups}, as an identity provider with groups issues. */
    public String tokenWithGroups(String subject, List<String> groups) {
        return sign(claims(subject, List.of(), Duration.ofHours(1), ISSUER, List.of())
                .claim("groups", groups)
                .build());
    }

    private static JWTClaimsSet.Builder claims(
            String subject, List<String> roles, Duration ttl, String issuer, List<String> audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim("email", subject)
                .claim("email_verified", true)
                .claim("roles", roles)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(ttl.isNegative() ? 10 : 0))))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }
}
