package dev.browseragent.worker.recording;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.browseragent.worker.recording.FrameTimeline.Placement.DROP;
import static dev.browseragent.worker.recording.FrameTimeline.Placement.NEXT;
import static dev.browseragent.worker.recording.FrameTimeline.Placement.REPLACE_LATEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameTimelineTest {

    private static final long MS = 1_000_000L;
    /** An arbitrary nanoTime origin: the timeline works with differences only. */
    private static final long T0 = 987_654_321_000L;

    @Test
    void eachFrameLastsUntilTheNextAndTheLastUntilTheRecordingEnds() {
        FrameTimeline timeline = new FrameTimeline(4, Duration.ofMinutes(15), T0);
        timeline.place(T0);
        timeline.place(T0 + 1_000 * MS);
        timeline.place(T0 + 1_250 * MS);

        // A page that stops repainting at 1.25 s is still on screen when the run ends at 9 s.
        assertEquals(List.of(1_000L, 250L, 7_750L), timeline.durationsMillis(T0 + 9_000 * MS));
        assertEquals(Duration.ofSeconds(9), timeline.length(T0 + 9_000 * MS));
    }

    @Test
    void theFirstFrameIsShownFromTheRecordingsStartThoughItCameLater() {
        FrameTimeline timeline = new FrameTimeline(4, Duration.ofMinutes(15), T0);
        timeline.place(T0 + 300 * MS); // the screencast's first paint, 300 ms after subscribing
        timeline.place(T0 + 2_000 * MS);

        assertEquals(List.of(2_000L, 1_000L), timeline.durationsMillis(T0 + 3_000 * MS));
    }

    @Test
    void aSingleFrameOfAStillPageLastsTheWholeRecording() {
        FrameTimeline timeline = new FrameTimeline(4, Duration.ofMinutes(15), T0);
        timeline.place(T0);

        assertEquals(List.of(42_000L), timeline.durationsMillis(T0 + 42_000 * MS));
    }

    @Test
    void framesFasterThanTheCapReplaceTheLatestKeptFrameWhichKeepsItsStart() {
        FrameTimeline timeline = new FrameTimeline(4, Duration.ofMinutes(15), T0); // one frame per 250 ms
        assertEquals(NEXT, timeline.place(T0));
        assertEquals(REPLACE_LATEST, timeline.place(T0 + 16 * MS));
        assertEquals(REPLACE_LATEST, timeline.place(T0 + 249 * MS));
        assertEquals(NEXT, timeline.place(T0 + 250 * MS));
        assertEquals(REPLACE_LATEST, timeline.place(T0 + 400 * MS));

        assertEquals(2, timeline.frames());
        assertEquals(List.of(250L, 750L), timeline.durationsMillis(T0 + 1_000 * MS));
    }

    @Test
    void aSixtyFramesASecondAnimationKeepsAtMostTheCap() {
        FrameTimeline timeline = new FrameTimeline(4, Duration.ofMinutes(15), T0);
        for (long frame = 0; frame < 600; frame++) { // 10 s at 60 frames a second
            timeline.place(T0 + frame * 1_000_000_000L / 60);
        }
        assertEquals(40, timeline.frames());
        assertEquals(Duration.ofSeconds(10), timeline.length(T0 + 10_000 * MS));
    }

    @Test
    void framesPastTheMaximumDurationAreDroppedAndTheVideoEndsThere() {
        FrameTimeline timeline = new FrameTimeline(4, Duration.ofSeconds(10), T0);
        timeline.place(T0);
        timeline.place(T0 + 9_000 * MS);
        assertEquals(DROP, timeline.place(T0 + 10_000 * MS));
        assertEquals(DROP, timeline.place(T0 + 11_000 * MS));

        assertEquals(List.of(9_000L, 1_000L), timeline.durationsMillis(T0 + 60_000 * MS));
        assertEquals(Duration.ofSeconds(10), timeline.length(T0 + 60_000 * MS));
    }

    @Test
    void roundedDurationsAddUpToTheRecordingsLengthWithoutDrift() {
        FrameTimeline timeline = new FrameTimeline(1000, Duration.ofMinutes(15), T0);
        for (int frame = 0; frame < 1_000; frame++) { // every 1.4 ms: each rounds down to 1 ms on its own
            timeline.place(T0 + frame * 1_400_000L);
        }
        long end = T0 + 1_400 * MS;

        assertEquals(1_400L, timeline.durationsMillis(end).stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aRecordingThatEndsAtItsLastFrameStillShowsThatFrame() {
        FrameTimeline timeline = new FrameTimeline(4, Duration.ofMinutes(15), T0);
        timeline.place(T0);
        timeline.place(T0 + 500 * MS);

        assertEquals(List.of(500L, 1L), timeline.durationsMillis(T0 + 500 * MS));
    }

    @Test
    void aRecordingWithoutFramesHasNoDurations() {
        assertEquals(List.of(), new FrameTimeline(4, Duration.ofMinutes(15), T0).durationsMillis(T0));
    }

    @Test
    void theFrameRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FrameTimeline(0, Duration.ofMinutes(15), T0));
    }
}
