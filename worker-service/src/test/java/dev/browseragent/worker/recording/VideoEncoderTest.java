package dev.browseragent.worker.recording;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real ffmpeg, as the worker runs it (deploy/local/install-prerequisites installs it). */
class VideoEncoderTest {

    @TempDir
    Path directory;

    @Test
    void theVideoLastsAsLongAsItsFramesAndFitsTheViewportRoundedToEvenPixels() throws Exception {
        VideoEncoder encoder = VideoEncoder.find().encoder().orElseThrow();
        List<Path> frames = List.of(frame("a", Color.RED, 1000, 500), frame("b", Color.GREEN, 801, 601),
                frame("c", Color.BLUE, 801, 601));
        Path video = directory.resolve("recording.webm");

        encoder.encode(frames, List.of(1_000L, 500L, 4_500L), 801, 601, video);

        String probe = probe(video);
        assertTrue(probe.contains("codec_name=vp8"), probe);
        assertTrue(probe.contains("width=800") && probe.contains("height=600"), probe);
        double seconds = Double.parseDouble(probe.lines().filter(line -> line.startsWith("duration="))
                .reduce((first, last) -> last).orElseThrow().substring("duration=".length()));
        // The last frame is named twice in the list; ffmpeg gives that copy one frame time of its own.
        assertEquals(6.0, seconds, 0.1, probe);
    }

    @Test
    void theConcatListGivesEachFrameItsDurationAndNamesTheLastTwice() {
        assertEquals("""
                ffconcat version 1.0
                file 'frame-000000.jpg'
                duration 1.000
                file 'frame-000001.jpg'
                duration 0.025
                file 'frame-000001.jpg'
                """, VideoEncoder.concatList(List.of(Path.of("/tmp/r/frame-000000.jpg"),
                Path.of("/tmp/r/frame-000001.jpg")), List.of(1_000L, 25L)));
    }

    private Path frame(String name, Color color, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        Path file = directory.resolve(name + ".jpg");
        ImageIO.write(image, "jpeg", file.toFile());
        return file;
    }

    private static String probe(Path video) throws Exception {
        Process process = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height:format=duration", "-of", "default=nw=1", video.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
