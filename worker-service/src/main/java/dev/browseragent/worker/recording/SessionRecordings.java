package dev.browseragent.worker.recording;

import dev.browseragent.worker.agent.SessionHooks;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.Screencast;
import dev.browseragent.worker.config.RecordingConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records each run's browser session as a video: subscribes to the session's screencast once the agent's first step is
 * done (beside any live viewer: the screencast serves both) and, when the agent is done with it, encodes the
 * frames and hands the video to the {@link RecordingStore}. The temporary frames are deleted whatever happens; a
 * recording that fails costs the task nothing but its video. Off when the setting says so or ffmpeg is missing.
 */
@ApplicationScoped
public class SessionRecordings implements SessionHooks {

    private static final Logger LOG = Logger.getLogger(SessionRecordings.class);

    private final RecordingConfig config;
    private final RecordingStore store;
    private final Optional<VideoEncoder> encoder;
    /** Why recordings are off, for the log at start; empty when they are on. */
    private final String offBecause;
    private final Map<UUID, Recording> recordings = new ConcurrentHashMap<>();

    public SessionRecordings(RecordingConfig config, RecordingStore store) {
        if (config.maxFrameRate() < 1 || config.maxDuration().isNegative() || config.maxDuration().isZero()) {
            throw new IllegalArgumentException("browser-agent.recording.max-frame-rate must be at least 1 and"
                    + " browser-agent.recording.max-duration longer than zero");
        }
        this.config = config;
        this.store = store;
        if (config.enabled()) {
            VideoEncoder.Availability found = VideoEncoder.find();
            this.encoder = found.encoder();
            this.offBecause = found.missingBecause();
        } else {
            this.encoder = Optional.empty();
            this.offBecause = "browser-agent.recording.enabled is false";
        }
    }

    void announce(@Observes StartupEvent started) {
        if (encoder.isEmpty() && config.enabled()) {
            LOG.warnf("Session recordings are off: %s; tasks run unrecorded", offBecause);
        } else if (encoder.isEmpty()) {
            LOG.infof("Session recordings are off: %s", offBecause);
        } else {
            LOG.infof("Session recordings are on: at most %d frames a second, the first %d s of each run",
                    config.maxFrameRate(), config.maxDuration().toSeconds());
        }
    }

    /** Whether this worker records its runs. */
    public boolean recording() {
        return encoder.isPresent();
    }

    /**
     * Starts the recording once the first step is done: before it, the tab is empty (the first step's observation
     * shows nothing) or the first page is loading, and a screencast starting beside that first navigation slowed it
     * by about 90 ms (docs/benchmarks.md, the worker tier).
     */
    @Override
    public void firstStepDone(UUID taskId, BrowserSession session) {
        if (encoder.isEmpty()) {
            return;
        }
        Screencast screencast = session.screencast();
        try {
            Recording recording = Recording.start("recording-" + taskId + "-", screencast.pageWidth(),
                    screencast.pageHeight(), config.maxFrameRate(), config.maxDuration());
            recordings.put(taskId, recording);
            screencast.subscribe(recording);
        } catch (IOException e) {
            LOG.warnf("Task %s is not recorded: its frames have no temporary directory (%s)", taskId, e.getMessage());
        } catch (RuntimeException e) {
            // A recording is never worth a task: the run goes on unrecorded.
            Recording started = recordings.remove(taskId);
            if (started != null) {
                screencast.unsubscribe(started);
                started.close();
            }
            LOG.warnf("Task %s is not recorded: %s", taskId, e.getMessage());
        }
    }

    @Override
    public void detach(UUID taskId, BrowserSession session) {
        Recording recording = recordings.remove(taskId);
        if (recording == null) {
            return;
        }
        session.screencast().unsubscribe(recording);
        try (recording) {
            Optional<Recording.Video> video = recording.finish(encoder.orElseThrow());
            if (video.isPresent()) {
                store.save(taskId, video.get().file(), video.get().length());
            } else {
                LOG.infof("Task %s has no recording: its browser painted no frame", taskId);
            }
        } catch (IOException | RuntimeException e) {
            // The run's end is written whatever became of its recording.
            LOG.warnf("Task %s: its recording could not be made: %s", taskId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only an abandoned run is interrupted; it keeps no recording anyway
            LOG.infof("Task %s: its recording is not kept, the run was abandoned", taskId);
        }
    }
}
