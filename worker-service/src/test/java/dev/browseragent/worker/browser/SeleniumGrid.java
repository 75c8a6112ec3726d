package dev.browseragent.worker.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real Selenium Grid in standalone mode (router, distributor and one node in one process), started as its own JVM
 * from the classpath the build wrote to {@code target/selenium-grid.classpath}. Its node runs this machine's Chromium
 * through {@code /usr/bin/chromedriver}, with managed downloads, and never runs Selenium Manager.
 */
public final class SeleniumGrid implements AutoCloseable {

    private static final Path CLASSPATH = Path.of("target", "selenium-grid.classpath");
    private static final Path LOG = Path.of("target", "selenium-grid.log");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI url;
    private final HttpClient http = HttpClient.newHttpClient();

    private SeleniumGrid(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    public static SeleniumGrid start() {
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(List.of(java, "-cp", Files.readString(CLASSPATH).strip(),
                    "org.openqa.selenium.grid.Bootstrap", "standalone", "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "--selenium-manager", "false", "--detect-drivers", "false",
                    "--enable-managed-downloads", "true", "--driver-configuration", "display-name=Chromium",
                    "max-sessions=2", "webdriver-executable=/usr/bin/chromedriver",
                    "stereotype={\"browserName\":\"chrome\",\"platformName\":\"linux\"}"))
                    .redirectErrorStream(true)
                    .redirectOutput(LOG.toFile())
                    .start();
            SeleniumGrid grid = new SeleniumGrid(process, URI.create("http://127.0.0.1:" + port));
            grid.awaitReady();
            return grid;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Selenium Grid (see " + LOG + ")", e);
        }
    }

    public URI url() {
        return url;
    }

    /** Sessions the Grid is running now. */
    public int activeSessions() {
        int sessions = 0;
        for (JsonNode node : status().path("nodes")) {
            for (JsonNode slot : node.path("slots")) {
                sessions += slot.path("session").isObject() ? 1 : 0;
            }
        }
        return sessions;
    }

    /**
     * Waits until the Grid reports this many sessions (its status follows a quit a moment later); returns the
     * number it reports at the end of the wait.
     */
    public int awaitActiveSessions(int expected) {
        try {
            return await().atMost(Duration.ofSeconds(10)).until(this::activeSessions, sessions -> sessions == expected);
        } catch (ConditionTimeoutException e) {
            return activeSessions();
        }
    }

    private void awaitReady() {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(this::ready);
        } catch (ConditionTimeoutException e) {
            close();
            throw new IllegalStateException("the Selenium Grid was not ready within " + START_TIMEOUT + " (see " + LOG + ")");
        }
    }

    /** Ready to take sessions; fails at once when the Grid's process has exited. */
    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the Selenium Grid exited with " + process.exitValue() + " (see " + LOG + ")");
        }
        try {
            return status().path("ready").asBoolean();
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    private JsonNode status() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("value");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        // The node's chromedrivers and browsers go with it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
