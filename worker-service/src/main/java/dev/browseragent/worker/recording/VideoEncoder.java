package dev.browseragent.worker.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Encodes a recording's frames into a WebM (VP8) video with ffmpeg, each frame shown for its own duration: the
 * video's timestamps are the frames', so a still page costs one frame however long it stays. VP8 at the real-time
 * speed setting on one thread keeps the encoding short and leaves the other cores to the running tasks.
 */
final class VideoEncoder {

    static final String CONTENT_TYPE = "video/webm";
    /** A video of the maximum duration encodes in well under a minute on one core; beyond this ffmpeg is stuck. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String FFMPEG = "ffmpeg";

    private VideoEncoder() {
    }

    /** The encoder, or why there is none: ffmpeg missing from the PATH, or built without libvpx. */
    static Availability find() {
        Process process;
        try {
            process = new ProcessBuilder(FFMPEG, "-hide_banner", "-encoders").redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Availability(Optional.empty(), "ffmpeg was not found on the PATH (install Debian's ffmpeg"
                    + " package; deploy/local/install-prerequisites does)");
        }
        try (var output = process.getInputStream()) {
            String encoders = new String(output.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return new Availability(Optional.empty(), "ffmpeg did not answer when asked for its encoders");
            }
            return encoders.contains("libvpx") ? new Availability(Optional.of(new VideoEncoder()), "")
                    : new Availability(Optional.empty(), "this ffmpeg has no VP8 encoder (libvpx)");
        } catch (IOException e) {
            return new Availability(Optional.empty(), "ffmpeg could not be asked for its encoders: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Availability(Optional.empty(), "the worker was stopped while it looked for ffmpeg");
        } finally {
            process.destroy();
        }
    }

    /** The encoder when ffmpeg can make recordings; otherwise why not, in words for the log. */
    record Availability(Optional<VideoEncoder> encoder, String missingBecause) {
    }

    /**
     * Writes the video of {@code frames} (JPEG files in one directory, in order), each lasting its duration, to
     * {@code video}: at most {@code maxWidth} × {@code maxHeight} pixels (the viewport, rounded down to even numbers
     * as VP8's colour format needs), each frame scaled to fit and centred.
     */
    void encode(List<Path> frames, List<Long> durationsMillis, int maxWidth, int maxHeight, Path video)
            throws IOException, InterruptedException {
        if (frames.isEmpty() || frames.size() != durationsMillis.size()) {
            throw new IllegalArgumentException("a video needs frames, each with its duration");
        }
        int width = even(maxWidth);
        int height = even(maxHeight);
        Path directory = video.getParent();
        Path list = directory.resolve("frames.ffconcat");
        Files.writeString(list, concatList(frames, durationsMillis));
        Path log = directory.resolve("ffmpeg.log");
        String fit = "scale=%d:%d:force_original_aspect_ratio=decrease,pad=%d:%d:(ow-iw)/2:(oh-ih)/2,format=yuv420p"
                .formatted(width, height, width, height);
        Process process = new ProcessBuilder(FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "concat", "-safe", "0", "-i", list.toString(), "-vf", fit, "-fps_mode", "vfr",
                "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M", "-threads", "1", "-an",
                video.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("ffmpeg did not finish encoding within " + TIMEOUT.toMinutes() + " minutes");
            }
        } finally {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(video)) {
            List<String> lines = Files.readAllLines(log);
            throw new IOException("ffmpeg failed (exit " + process.exitValue() + ")"
                    + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1)));
        }
    }

    static int even(int pixels) {
        return Math.max(2, pixels & ~1);
    }

    /**
     * ffmpeg's concat list: each frame with its duration. The last frame is named twice: the demuxer applies a
     * duration only to a frame that has one after it.
     */
    static String concatList(List<Path> frames, List<Long> durationsMillis) {
        StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
        for (int i = 0; i < frames.size(); i++) {
            list.append("file '").append(frames.get(i).getFileName()).append("'\n")
                    .append(String.format(Locale.ROOT, "duration %.3f%n", durationsMillis.get(i) / 1000.0));
        }
        return list.append("file '").append(frames.get(frames.size() - 1).getFileName()).append("'\n").toString();
    }
}
