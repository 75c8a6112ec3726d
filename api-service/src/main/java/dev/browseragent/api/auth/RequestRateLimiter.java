package dev.browseragent.api.auth;

import dev.browseragent.api.auth.AccountPlan;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-account request rate of the plan ({@code requests_per_minute}), as a token bucket per account kept in
 * this api-service instance: with N replicas behind a load balancer an account gets up to N times its rate. A
 * few lines of arithmetic; a distributed limiter would cost a round trip per request.
 */
@ApplicationScoped
public class RequestRateLimiter {

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one request from the account's allowance: empty when allowed, else the seconds until it would be. */
    public OptionalLong acquire(AccountPlan plan) {
        Bucket bucket = buckets.computeIfAbsent(plan.accountId(), id -> new Bucket(plan.requestsPerMinute()));
        return bucket.take(plan.requestsPerMinute(), System.nanoTime());
    }

    /** Full at the start; refills continuously at the plan's rate up to one minute's worth. */
    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int perMinute) {
            tokens = perMinute;
        }

        synchronized OptionalLong take(int perMinute, long now) {
            tokens = Math.min(perMinute, tokens + (double) (now - refilledAt) * perMinute / NANOS_PER_MINUTE);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            if (perMinute <= 0) {
                return OptionalLong.of(60);
            }
            double secondsToNext = (1 - tokens) * 60.0 / perMinute;
            return OptionalLong.of((long) Math.ceil(secondsToNext));
        }
    }
}
