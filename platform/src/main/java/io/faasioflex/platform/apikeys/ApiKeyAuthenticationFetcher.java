package io.faasioflex.platform.apikeys;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.reactivestreams.Publisher;

/**
 * Authenticates a request that carries a platform-issued API key, as {@code Authorization: ApiKey <key>} or, when
 * there is no {@code Authorization} header, as {@code X-Api-Key: <key>}. Runs beside the JWT fetcher inside
 * micronaut-security's filter, so every security rule applies to key holders as to token holders; an unknown,
 * wrong, revoked or expired key authenticates nobody and the request ends as any unauthenticated one (401).
 *
 * <p>TODO: a refused key leaves its {@code api.call} event anonymous; recording the presented key's id (public,
 * never the secret) would let the anomaly role see guessing aimed at one key.
 */
@Singleton
final class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    static final String HEADER = "X-Api-Key";
    private static final String SCHEME = "ApiKey ";

    // A provider: the service opens its KV bucket when first created, which must not happen on the event loop.
    private final Provider<ApiKeyService> keys;
    private final Executor blocking;

    ApiKeyAuthenticationFetcher(Provider<ApiKeyService> keys, @Named(TaskExecutors.BLOCKING) Executor blocking) {
        this.keys = keys;
        this.blocking = blocking;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        Optional<String> presented = presentedKey(request);
        if (presented.isEmpty()) {
            return Publishers.empty();
        }
        // The lookup reads the KV bucket: off the event loop.
        CompletableFuture<Authentication> checked = new CompletableFuture<>();
        blocking.execute(() -> {
            try {
                checked.complete(keys.get().authenticate(presented.get()).orElse(null));
            } catch (RuntimeException e) {
                checked.completeExceptionally(e);
            }
        });
        return Publishers.fromCompletableFuture(checked);
    }

    // A request with a bearer token and an X-Api-Key header is the bearer token's: one credential per request, so
    // two fetchers never race to name the caller.
    private static Optional<String> presentedKey(HttpRequest<?> request) {
        Optional<String> authorization = request.getHeaders().getAuthorization();
        if (authorization.isPresent()) {
            String value = authorization.get();
            return value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                    ? Optional.of(value.substring(SCHEME.length()))
                    : Optional.empty();
        }
        return request.getHeaders().findFirst(HEADER);
    }
}
