package dev.browseragent.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.browseragent.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Failed authentications per client address, in windows of a minute: an address that presented more unknown keys
 * than {@code browser-agent.auth.max-failures-per-minute} is refused for the rest of its window before any lookup,
 * so guessing keys costs the database nothing and gets nowhere. Bounded: the least recently seen addresses are
 * forgotten first.
 */
@ApplicationScoped
public class FailedAuthentications {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 100_000;

    /** The failures of one address since {@code startNanos}. */
    private record Window(long startNanos, int failures) {
    }

    private final int maxFailures;
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterWrite(WINDOW)
            .build();

    public FailedAuthentications(ApiConfig config) {
        this.maxFailures = config.auth().maxFailuresPerMinute();
    }

    /** The seconds until this address may try again, when it has failed too often; empty when it may try now. */
    public OptionalLong refusedFor(String address) {
        Window window = windows.getIfPresent(address);
        if (window == null || window.failures() < maxFailures) {
            return OptionalLong.empty();
        }
        long left = WINDOW.toNanos() - (System.nanoTime() - window.startNanos());
        return left <= 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(1, Duration.ofNanos(left).toSeconds()));
    }

    /** An unknown key from this address. */
    public void failed(String address) {
        long now = System.nanoTime();
        windows.asMap().merge(address, new Window(now, 1), (current, first) ->
                now - current.startNanos() >= WINDOW.toNanos() ? first : new Window(current.startNanos(), current.failures() + 1));
    }
}
