package dev.browseragent.local.benchmark;

import java.util.Arrays;
import java.util.Collection;

/** The durations of one measured series, in milliseconds, and the percentiles the report shows. */
final class Latencies {

    private final double[] sortedMillis;

    private Latencies(double[] millis) {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no durations measured");
        }
        this.sortedMillis = millis.clone();
        Arrays.sort(sortedMillis);
    }

    static Latencies ofNanos(long[] nanos) {
        return new Latencies(Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray());
    }

    static Latencies ofMillis(Collection<Double> millis) {
        return new Latencies(millis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Nearest rank: the smallest duration that at least {@code percent} % of the series do not exceed. */
    double percentile(double percent) {
        int rank = (int) Math.ceil(percent / 100 * sortedMillis.length);
        return sortedMillis[Math.max(rank, 1) - 1];
    }

    double max() {
        return sortedMillis[sortedMillis.length - 1];
    }
}
