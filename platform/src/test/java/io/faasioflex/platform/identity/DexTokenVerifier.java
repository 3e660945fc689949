package io.faasioflex.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Set;

/**
 * Verifies a token the way a resource server should trust Dex: RS256 signature by a key from Dex's JWKS,
 * exact issuer, the expected audience, unexpired, with a subject.
 */
final class DexTokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    DexTokenVerifier(String jwksUrl, String issuer, String audience) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys(jwksUrl)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "iat", "exp")));
    }

    /** The verified claims; throws {@link TokenRejectedException} for any token that must not be trusted. */
    JWTClaimsSet verify(String token) {
        try {
            return processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new TokenRejectedException(e);
        }
    }

    private static JWKSource<SecurityContext> keys(String jwksUrl) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUrl).toURL())
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + jwksUrl, e);
        }
    }

    /** The token failed parsing, signature or claim checks; the cause says which. */
    static final class TokenRejectedException extends RuntimeException {

        TokenRejectedException(Exception cause) {
            super("token rejected: " + cause.getMessage(), cause);
        }
    }
}
