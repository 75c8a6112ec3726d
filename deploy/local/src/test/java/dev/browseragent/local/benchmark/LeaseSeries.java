package dev.browseragent.local.benchmark;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulated workers did during one measured series of {@link LeaseBenchmark}: statements by kind, and for
 * every heartbeat how long after it was due the database confirmed it (waiting for a connection included, as a real
 * worker's heartbeat waits for its pool or PgBouncer) and how long the statement itself took. Thread-safe.
 */
final class LeaseSeries {

    /** The statements counted apart. */
    enum Kind { HEARTBEAT, CREATE, CLAIM, END, STEP, REAPER }

    private final Map<Kind, LongAdder> statements = new ConcurrentHashMap<>();
    private final LongAdder leasesExtended = new LongAdder();
    private final LongAdder leasesLost = new LongAdder();
    private final LongAdder overMargin = new LongAdder();
    private final Map<Kind, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder expiredSeenByReaper = new LongAdder();
    private final AtomicLong longestUnconfirmedNanos = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Samples confirmedNanos = new Samples();
    private final Samples statementNanos = new Samples();

    void executed(Kind kind) {
        statements.computeIfAbsent(kind, ignored -> new LongAdder()).increment();
    }

    /**
     * A heartbeat that came back.
     *
     * @param claims             leases it was sent for
     * @param extended           leases the database extended (the rest lost their claim)
     * @param dueToConfirmed     from when it was due until the answer
     * @param statement          the statement alone
     * @param unconfirmedStretch from the previous confirmed heartbeat's due time until this answer: how long the
     *                           worker went without knowing its leases held
     * @param overSafetyMargin   slower than the safety margin: the real worker's query timeout would have cancelled it
     */
    void heartbeat(int claims, int extended, long dueToConfirmed, long statement, long unconfirmedStretch,
                   boolean overSafetyMargin) {
        executed(Kind.HEARTBEAT);
        leasesExtended.add(extended);
        leasesLost.add(claims - extended);
        confirmedNanos.add(dueToConfirmed);
        statementNanos.add(statement);
        longestUnconfirmedNanos.accumulateAndGet(unconfirmedStretch, Math::max);
        if (overSafetyMargin) {
            overMargin.increment();
        }
    }

    /** A statement of this kind failed (for a heartbeat: the worker would not know whether its leases hold). */
    void failed(Kind kind, Exception e) {
        failures.computeIfAbsent(kind, ignored -> new LongAdder()).increment();
        firstFailure.compareAndSet(null, kind.name().toLowerCase(Locale.ROOT) + ": " + e);
    }

    void expiredSeenByReaper(int rows) {
        expiredSeenByReaper.add(rows);
    }

    long statements(Kind kind) {
        return sum(statements, kind);
    }

    long leasesExtended() {
        return leasesExtended.sum();
    }

    long leasesLost() {
        return leasesLost.sum();
    }

    long overMargin() {
        return overMargin.sum();
    }

    long failures(Kind kind) {
        return sum(failures, kind);
    }

    long failures() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    long expiredSeenByReaper() {
        return expiredSeenByReaper.sum();
    }

    long longestUnconfirmedNanos() {
        return longestUnconfirmedNanos.get();
    }

    /** Due → confirmed, per heartbeat; null when none came back. */
    Latencies confirmed() {
        return confirmedNanos.latencies();
    }

    /** The heartbeat statement alone; null when none came back. */
    Latencies statement() {
        return statementNanos.latencies();
    }

    private static long sum(Map<Kind, LongAdder> counts, Kind kind) {
        LongAdder count = counts.get(kind);
        return count == null ? 0 : count.sum();
    }

    /** Durations appended from many threads. */
    private static final class Samples {

        private long[] nanos = new long[4096];
        private int size;

        synchronized void add(long value) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = value;
        }

        synchronized Latencies latencies() {
            return size == 0 ? null : Latencies.ofNanos(Arrays.copyOf(nanos, size));
        }
    }
}
