package dev.browseragent.api.auth;

import dev.browseragent.api.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The one check of an API key, whichever way a request comes in (the v1 API's {@link ApiKeyFilter}, the MCP
 * endpoint's route filter): the key the request presents, the failed-authentication limit of the client's address,
 * the key's account and that account's request rate. A refusal is an {@link ApiException}: 401 for a missing or
 * unknown key, 429 with the seconds to wait.
 */
@ApplicationScoped
public class ApiKeyAuthentication {

    public static final String UNAUTHORIZED = "Invalid or missing API key";
    static final String KEY_HEADER = "X-Browser-Use-API-Key";

    private final ApiKeyLookup keys;
    private final RequestRateLimiter rateLimiter;
    private final FailedAuthentications failures;

    public ApiKeyAuthentication(ApiKeyLookup keys, RequestRateLimiter rateLimiter, FailedAuthentications failures) {
        this.keys = keys;
        this.rateLimiter = rateLimiter;
        this.failures = failures;
    }

    /**
     * The account whose key the request presents, as {@code Authorization: Bearer <key>} or
     * {@code X-Browser-Use-API-Key: <key>} (the official SDKs send both), once one request is taken from its rate.
     *
     * @param header the request's value of a header, or null
     * @param address the client's address, which failed attempts are counted against
     */
    public Uni<AccountPlan> authenticate(UnaryOperator<String> header, String address) {
        String key = presentedKey(header);
        if (key == null) {
            return Uni.createFrom().failure(new ApiException(401, UNAUTHORIZED));
        }
        OptionalLong refusedFor = failures.refusedFor(address);
        if (refusedFor.isPresent()) {
            return Uni.createFrom().failure(ApiException.tooManyRequests(
                    "Too many requests with an invalid API key from this address", refusedFor.getAsLong()));
        }
        return keys.byKeyHash(ApiKeys.hash(key)).map(plan -> accept(plan, address));
    }

    private AccountPlan accept(Optional<AccountPlan> plan, String address) {
        if (plan.isEmpty()) {
            failures.failed(address);
            throw new ApiException(401, UNAUTHORIZED);
        }
        OptionalLong retryAfter = rateLimiter.acquire(plan.get());
        if (retryAfter.isPresent()) {
            throw ApiException.tooManyRequests("Too many requests: the plan allows "
                    + plan.get().requestsPerMinute() + " requests a minute", retryAfter.getAsLong());
        }
        return plan.get();
    }

    private static String presentedKey(UnaryOperator<String> header) {
        String authorization = header.apply("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            if (!key.isEmpty()) {
                return key;
            }
        }
        String keyHeader = header.apply(KEY_HEADER);
        return keyHeader == null || keyHeader.isBlank() ? null : keyHeader.trim();
    }
}
