package dev.browseragent.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A webhook endpoint on loopback that records every POST it answers with 200. It can fail its next answers with a
 * 500, hang (never answer) until it is closed, or answer 200 with a body that never ends until the caller hangs up.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One POST as it arrived. */
    public record Received(String body, String timestamp, String signature, Instant at) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean hanging;
    private volatile boolean endless;
    private final AtomicInteger endlessAnswersCut = new AtomicInteger();
    private final AtomicLong endlessBytesSent = new AtomicLong();

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/hook", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers the next {@code count} POSTs with a 500. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** From now on, never answers. */
    public void hang() {
        hanging = true;
    }

    /** From now on, answers 200 with a body written until the caller hangs up. */
    public void answerEndlessly() {
        endless = true;
    }

    /** Endless answers whose caller hung up. */
    public int endlessAnswersCut() {
        return endlessAnswersCut.get();
    }

    /** The bytes of endless answers written so far, all of them together. */
    public long endlessBytesSent() {
        return endlessBytesSent.get();
    }

    public int failedAnswers() {
        return failed.get();
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until a recorded POST matches; returns the recorded POSTs up to and including it. */
    public List<Received> await(Predicate<Received> matching, Duration timeout) {
        try {
            return Awaitility.await("a matching webhook").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> upToFirst(matching), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No matching webhook within " + timeout + "; received: " + received(), e);
        }
    }

    private Optional<List<Received>> upToFirst(Predicate<Received> matching) {
        List<Received> all = received();
        for (int i = 0; i < all.size(); i++) {
            if (matching.test(all.get(i))) {
                return Optional.of(all.subList(0, i + 1));
            }
        }
        return Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (hanging) {
                closed.await(5, TimeUnit.MINUTES);
                return;
            }
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                failed.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            synchronized (this) {
                received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Browser-Use-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-Browser-Use-Signature"), Instant.now()));
            }
            if (endless) {
                answerEndlessly(exchange);
                return;
            }
            exchange.sendResponseHeaders(200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answerEndlessly(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = "endless answer ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                exchange.getResponseBody().write(chunk);
                endlessBytesSent.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            endlessAnswersCut.incrementAndGet();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
