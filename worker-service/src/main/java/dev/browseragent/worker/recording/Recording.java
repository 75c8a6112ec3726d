package dev.browseragent.worker.recording;

import dev.browseragent.worker.browser.Screencast;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One run's recording in progress: a subscriber of the session's screencast that keeps the frames the
 * {@link FrameTimeline} keeps, as JPEG files in a temporary directory of its own, until {@link #finish} encodes them.
 * The latest frame stays in memory until the next one is kept (a frame painted soon after may still replace it), so
 * each kept frame is written once, off the screencast's thread, which must not wait.
 */
final class Recording implements Screencast.Subscriber, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Recording.class);
    /** How long {@link #finish} waits for the last frames to reach the disk. */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(30);

    private final Path directory;
    private final int width;
    private final int height;
    private final FrameTimeline timeline;
    private final ExecutorService writer;
    private final Duration frameInterval;
    /** The latest kept frame, not yet written: guarded by this. */
    private byte[] latest;
    private boolean stopped;
    private volatile IOException writeFailure;

    /** @param width the session's viewport, the frames' largest size: Chromium paints them at most that large */
    private Recording(Path directory, int width, int height, FrameTimeline timeline, Duration frameInterval) {
        this.frameInterval = frameInterval;
        this.directory = directory;
        this.width = width;
        this.height = height;
        this.timeline = timeline;
        this.writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "recording-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A recording of a viewport of this size, its frames in a new temporary directory. */
    static Recording start(String name, int width, int height, int maxFrameRate, Duration maxDuration)
            throws IOException {
        return new Recording(Files.createTempDirectory(name), width, height,
                new FrameTimeline(maxFrameRate, maxDuration, System.nanoTime()),
                Duration.ofSeconds(1).dividedBy(maxFrameRate));
    }

    /** No more frames than the frame rate kept: Chromium need not paint the others (a live viewer may still want them). */
    @Override
    public Duration frameInterval() {
        return frameInterval;
    }

    @Override
    public synchronized void frame(byte[] jpeg, int pageWidth, int pageHeight) {
        if (stopped) {
            return;
        }
        switch (timeline.place(System.nanoTime())) {
            case NEXT -> {
                if (latest != null) {
                    save(timeline.frames() - 2, latest);
                }
                latest = jpeg;
            }
            case REPLACE_LATEST -> latest = jpeg;
            case DROP -> {
                // Past the maximum duration: the video ends there.
            }
        }
    }

    @Override
    public void page(String url, String title) {
        // The video shows the page; its address is in the task's steps.
    }

    /**
     * Stops taking frames and encodes the video into the recording's directory: its file and its length, or empty
     * when no frame was painted.
     */
    Optional<Video> finish(VideoEncoder encoder) throws IOException, InterruptedException {
        long endedAt;
        synchronized (this) {
            stopped = true;
            endedAt = System.nanoTime();
            if (latest != null) {
                save(timeline.frames() - 1, latest);
                latest = null;
            }
        }
        writer.shutdown();
        if (!writer.awaitTermination(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("the recording's frames were not written within " + WRITE_WAIT.toSeconds() + " s");
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
        if (timeline.frames() == 0) {
            return Optional.empty();
        }
        List<Path> frames = IntStream.range(0, timeline.frames()).mapToObj(this::framePath).toList();
        Path video = directory.resolve("recording.webm");
        encoder.encode(frames, timeline.durationsMillis(endedAt), width, height, video);
        return Optional.of(new Video(video, timeline.length(endedAt), timeline.frames()));
    }

    /** An encoded recording: the file (deleted with the recording), how long it plays, its number of frames. */
    record Video(Path file, Duration length, int frames) {
    }

    /** Deletes the frames and the video, whatever happened. */
    @Override
    public void close() {
        writer.shutdownNow();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("Could not delete a recording's temporary files in %s: %s", directory, e.getMessage());
        }
    }

    private void save(int index, byte[] jpeg) {
        writer.execute(() -> {
            try {
                Files.write(framePath(index), jpeg);
            } catch (IOException e) {
                if (writeFailure == null) {
                    writeFailure = e;
                }
            }
        });
    }

    private Path framePath(int index) {
        return directory.resolve("frame-%06d.jpg".formatted(index));
    }
}
