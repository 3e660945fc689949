package io.faasioflex.platform.apikeys;

import io.faasioflex.platform.api.ApiException;
import io.faasioflex.platform.function.FunctionValidator;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, lists, revokes and checks platform-issued API keys. The whole key leaves this class once, in the answer
 * to {@link #issue}; afterwards only its hash exists. Authorization of these operations is the caller's business
 * (the controller goes through the audited path); this class only keeps keys and checks them.
 */
@Singleton
final class ApiKeyService {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");
    private static final int MAX_DAYS = 3650;

    private final ApiKeyStore store;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    ApiKeyService(ApiKeyStore store) {
        this.store = store;
    }

    /**
     * Creates a key for {@code request}; the answer holds the whole key, which is never shown again.
     *
     * <p>TODO: the role is checked for form only, not against the roles policy data defines (that needs a policy
     * query the engine does not offer yet); a key with an unknown role authenticates and is granted nothing.
     */
    CreatedApiKey issue(ApiKeyRequest request, String createdBy) {
        ApiKeyToken token = ApiKeyToken.generate(random);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ApiKey key = new ApiKey(
                token.id(),
                require("name", request.name(), NAME),
                ApiKey.subjectOf(token.id()),
                FunctionValidator.requireName("namespace", request.namespace()),
                require("role", request.role(), ROLE),
                createdBy,
                now,
                expiry(now, request.expiresInDays()),
                false,
                "",
                null);
        store.create(new StoredApiKey(key, token.hash()));
        LOG.info("API key issued key={} namespace={} role={} by={}", key.id(), key.namespace(), key.role(), createdBy);
        return new CreatedApiKey(token.value(), key);
    }

    List<ApiKey> list() {
        return store.list();
    }

    ApiKey get(String id) {
        return find(id).stored().key();
    }

    /** Revokes the key {@code id}; revoking a revoked key changes nothing. */
    ApiKey revoke(String id, String revokedBy) {
        StoredApiKey.Revision found = find(id);
        ApiKey key = found.stored().key();
        if (key.revoked()) {
            return key;
        }
        ApiKey revoked = key.revokedBy(revokedBy, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        store.update(new StoredApiKey(revoked, found.stored().secretHash()), found.revision());
        LOG.info("API key revoked key={} by={}", id, revokedBy);
        return revoked;
    }

    /** The caller {@code presented} authenticates, if it is a known key with the right secret, active now. */
    Optional<ApiKeyAuthentication> authenticate(String presented) {
        Optional<ApiKeyToken> token = ApiKeyToken.parse(presented);
        if (token.isEmpty()) {
            LOG.debug("API key refused reason=malformed");
            return Optional.empty();
        }
        String id = token.get().id();
        Optional<ApiKey> key = store.find(id)
                .map(StoredApiKey.Revision::stored)
                .filter(stored -> token.get().matches(stored.secretHash()))
                .map(StoredApiKey::key);
        if (key.isEmpty() || !key.get().activeAt(clock.instant())) {
            LOG.debug("API key refused key={} reason={}", id, key.isEmpty() ? "unknown_or_wrong_secret" : "inactive");
            return Optional.empty();
        }
        ApiKey active = key.get();
        return Optional.of(new ApiKeyAuthentication(active.id(), active.subject(), active.namespace(), active.role()));
    }

    private StoredApiKey.Revision find(String id) {
        return Optional.of(id)
                .filter(candidate -> ID.matcher(candidate).matches())
                .flatMap(store::find)
                .orElseThrow(() -> ApiException.notFound("apikey_not_found", "no API key " + id));
    }

    private static String require(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw ApiException.badRequest("invalid_field", field + " must match " + pattern.pattern());
        }
        return value;
    }

    private static Instant expiry(Instant now, Integer days) {
        if (days == null) {
            return null;
        }
        if (days < 1 || days > MAX_DAYS) {
            throw ApiException.badRequest("invalid_field", "expiresInDays must be 1 to " + MAX_DAYS);
        }
        return now.plus(Duration.ofDays(days));
    }
}
