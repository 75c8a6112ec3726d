package dev.browseragent.worker.recording;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When each kept frame of a recording starts and how long it lasts. Chromium's screencast sends a frame only when
 * the page repaints, so a frame lasts until the next one (a still page is one long frame), the last one until the
 * recording ends, and the first one from the recording's start (the page as first painted, which is how it looked
 * while the screencast started): the video then runs exactly as long as the session was recorded. Frames closer together than the frame-rate cap
 * allows replace the latest kept one (its start stays, its picture becomes the newest), so a fast animation costs at
 * most the cap while the video still ends on the page as it was last painted. Frames painted after the maximum
 * duration are not kept, and the last frame ends there.
 * <p>
 * Times are {@link System#nanoTime()} readings. Not thread-safe: one writer places the frames in the order painted.
 */
final class FrameTimeline {

    /** What to do with a frame just painted. */
    enum Placement {
        /** Keep it as the next frame of the video. */
        NEXT,
        /** Put its picture in place of the latest kept frame's, which keeps its start. */
        REPLACE_LATEST,
        /** Leave it out: the recording has reached its maximum duration. */
        DROP
    }

    private final long minIntervalNanos;
    private final long maxDurationNanos;
    private final long startedAtNanos;
    private final List<Long> starts = new ArrayList<>();

    /** @param startedAtNanos when the recording started: the video's time 0 */
    FrameTimeline(int maxFrameRate, Duration maxDuration, long startedAtNanos) {
        if (maxFrameRate < 1) {
            throw new IllegalArgumentException("The recording's frame rate must be at least 1 a second");
        }
        this.minIntervalNanos = 1_000_000_000L / maxFrameRate;
        this.maxDurationNanos = maxDuration.toNanos();
        this.startedAtNanos = startedAtNanos;
    }

    Placement place(long paintedAtNanos) {
        if (paintedAtNanos - startedAtNanos >= maxDurationNanos) {
            return Placement.DROP;
        }
        if (starts.isEmpty()) {
            starts.add(paintedAtNanos);
            return Placement.NEXT;
        }
        if (paintedAtNanos - starts.get(starts.size() - 1) < minIntervalNanos) {
            return Placement.REPLACE_LATEST;
        }
        starts.add(paintedAtNanos);
        return Placement.NEXT;
    }

    /** The number of frames kept. */
    int frames() {
        return starts.size();
    }

    /**
     * How long each kept frame lasts, in whole milliseconds, for a recording that ended at {@code endedAtNanos}.
     * Each frame's start is rounded on the video's millisecond clock rather than each duration, so the durations add
     * up to the recording's length without drift; every frame lasts at least a millisecond.
     */
    List<Long> durationsMillis(long endedAtNanos) {
        List<Long> durations = new ArrayList<>();
        if (starts.isEmpty()) {
            return durations;
        }
        long end = Math.min(endedAtNanos, startedAtNanos + maxDurationNanos);
        long previousOffset = 0;
        for (int i = 0; i < starts.size(); i++) {
            long until = i + 1 < starts.size() ? starts.get(i + 1) : Math.max(end, starts.get(i));
            long offset = Math.round((until - startedAtNanos) / 1e6);
            durations.add(Math.max(1, offset - previousOffset));
            previousOffset = Math.max(offset, previousOffset + 1);
        }
        return durations;
    }

    /** The recording's length: from its start to its end, bounded by the maximum duration; zero without frames. */
    Duration length(long endedAtNanos) {
        return Duration.ofMillis(durationsMillis(endedAtNanos).stream().mapToLong(Long::longValue).sum());
    }
}
