package dev.browseragent.worker.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Session recordings (docs/workers.md, "Recordings"): a WebM video of each run's browser session, encoded by ffmpeg
 * from Chromium's screencast. Env: {@code BROWSER_AGENT_RECORDING_*}.
 */
public interface RecordingConfig {

    /**
     * Whether each run's browser session is recorded. On by default, as v1 offers recordings; a worker without
     * ffmpeg records nothing whatever this says, and says so once at start.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The most frames a second the video keeps: a page that repaints faster (an animation) has its frames merged,
     * the latest one shown. 2 shows each of an agent's steps (seconds apart with a real model) and keeps a long run's
     * frames on disk and the encoding small; each frame Chromium paints costs the step it paints during (at 4 a
     * second the typical page's step took about 15 ms longer than at 2: docs/benchmarks.md, "Session recordings").
     */
    @WithDefault("2")
    int maxFrameRate();

    /**
     * How much of a run is recorded, from the end of its first step: the video ends there, and the frames of a
     * longer run are not kept. Bounds the frames on disk during the run and the video's size.
     */
    @WithDefault("15m")
    Duration maxDuration();
}
