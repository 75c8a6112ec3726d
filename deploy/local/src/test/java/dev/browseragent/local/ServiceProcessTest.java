package dev.browseragent.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.browseragent.embedded.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs small shell scripts as stand-ins for the services. */
class ServiceProcessTest {

    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

    @Test
    void outputGoesToTheConsoleWithAPrefixAndToTheLogFile(@TempDir Path directory) throws Exception {
        ServiceProcess service = shell(directory, "echo hello $GREETING_NAME; exit 3");
        service.start();
        service.onExit().get();
        service.stop(Duration.ofSeconds(1));

        assertTrue(console().contains("[demo] hello world"), console());
        assertEquals(List.of("hello world"), Files.readAllLines(directory.resolve("logs/demo.log")));
        assertEquals(List.of("hello world"), service.lastLines());
    }

    @Test
    void anEarlyExitFailsTheReadinessWaitWithTheLastLines(@TempDir Path directory) {
        ServiceProcess service = shell(directory, "echo 'Port 8080 seems to be in use'; exit 1");
        service.start();

        LocalStackException error = assertThrows(LocalStackException.class, () -> service.awaitReady(Duration.ofSeconds(10)));

        assertEquals("demo exited with code 1 before it was ready", error.getMessage());
        assertEquals(List.of("Port 8080 seems to be in use"), error.details());
    }

    @Test
    void stopAlsoEndsTheChildrenOfAServiceThatIgnoresSigterm(@TempDir Path directory) throws Exception {
        // Like a worker with Chromium: a child process, and a parent that does not stop on SIGTERM.
        ServiceProcess service = shell(directory, "trap '' TERM; sleep 300 & echo started; wait");
        service.start();
        awaitLine(service, "started");
        ProcessHandle parent = ProcessHandle.of(service.pid()).orElseThrow();
        List<ProcessHandle> children = parent.descendants().toList();
        assertFalse(children.isEmpty());

        service.stop(Duration.ofMillis(500));

        assertFalse(parent.isAlive());
        children.forEach(child -> assertFalse(child.isAlive(), "left behind: " + child.info()));
    }

    private ServiceProcess shell(Path directory, String script) {
        URI nothingListens = URI.create("http://127.0.0.1:" + FreePorts.find() + "/q/health/ready");
        return new ServiceProcess("demo", List.of("sh", "-c", script), Map.of("GREETING_NAME", "world"), directory,
                directory.resolve("logs/demo.log"), nothingListens, console);
    }

    private static void awaitLine(ServiceProcess service, String line) {
        await("the line " + line).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> service.lastLines().contains(line));
    }

    private String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }
}
