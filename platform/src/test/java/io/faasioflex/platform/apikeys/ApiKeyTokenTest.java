package io.faasioflex.platform.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeyTokenTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedKeyParsesBackToItself() {
        ApiKeyToken token = ApiKeyToken.generate(random);

        assertThat(ApiKeyToken.parse(token.value())).contains(token);
        assertThat(token.value()).matches("ffx_[0-9a-f]{24}_[A-Za-z0-9_-]{43}");
    }

    @Test
    void hashMatchesOnlyItsOwnSecretAndId() {
        ApiKeyToken token = ApiKeyToken.generate(random);
        ApiKeyToken other = ApiKeyToken.generate(random);

        assertThat(token.matches(token.hash())).isTrue();
        assertThat(new ApiKeyToken(token.id(), other.secret()).matches(token.hash()))
                .isFalse();
        assertThat(new ApiKeyToken(other.id(), token.secret()).matches(token.hash()))
                .isFalse();
        assertThat(token.matches("not base64!")).isFalse();
        assertThat(token.hash()).doesNotContain(token.secret());
    }

    @Test
    void anythingButTheIssuedFormIsRefused() {
        String valid = ApiKeyToken.generate(random).value();

        assertThat(ApiKeyToken.parse("")).isEmpty();
        assertThat(ApiKeyToken.parse("Bearer " + valid)).isEmpty();
        assertThat(ApiKeyToken.parse(valid + "A")).isEmpty();
        assertThat(ApiKeyToken.parse(valid.toUpperCase())).isEmpty();
        assertThat(ApiKeyToken.parse(valid.replace("ffx_", "ffy_"))).isEmpty();
    }

    @Test
    void textFormNeverShowsTheSecret() {
        ApiKeyToken token = ApiKeyToken.generate(random);

        assertThat(token.toString()).contains(token.id()).doesNotContain(token.secret());
    }

    @Test
    void keyIsActiveUntilItExpiresOrIsRevoked() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        ApiKey key = new ApiKey(
                "id", "n", "apikey:id", "team-a", "invoker", "ops", now, now.plusSeconds(60), false, "", null);

        assertThat(key.activeAt(now.plusSeconds(59))).isTrue();
        assertThat(key.activeAt(now.plusSeconds(60))).isFalse();
        assertThat(key.revokedBy("ops", now).activeAt(now)).isFalse();
    }
}
