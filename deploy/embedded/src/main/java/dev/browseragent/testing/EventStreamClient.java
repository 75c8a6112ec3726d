package dev.browseragent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Reads a {@code text/event-stream} response as a browser's {@code EventSource} would: {@code id}, {@code event} and
 * {@code data} fields, an event at each blank line, comments skipped. For tests of the API's event stream.
 */
public final class EventStreamClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EventStreamClient() {
    }

    /** One event; {@code name} is {@code message} when the stream gave none. */
    public record Event(String id, String name, String data) {
    }

    /** The response's status and the events read: every one until the stream ended, or the first {@code limit}. */
    public record Reading(int status, String contentType, List<Event> events, boolean ended) {
    }

    /**
     * Opens the stream with the headers given (an API key, {@code Last-Event-ID}) and reads events until it ends or
     * {@code limit} have come, then closes the connection.
     *
     * @throws AssertionError when neither happens within {@code timeout}
     */
    public static Reading read(URI uri, Map<String, String> headers, int limit, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        List<Event> events = new CopyOnWriteArrayList<>();
        try (Stream<String> lines = response.body()) {
            CompletableFuture<Boolean> reading = CompletableFuture.supplyAsync(() -> parse(lines.iterator(), events, limit));
            try {
                boolean ended = reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Reading(response.statusCode(), contentType, List.copyOf(events), ended);
            } catch (TimeoutException e) {
                throw new AssertionError("The stream " + uri + " gave " + events.size() + " events in " + timeout
                        + " and neither ended nor reached " + limit + ": " + events);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Reading " + uri, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Adds events until the stream ends (true) or {@code limit} were read (false). */
    private static boolean parse(Iterator<String> lines, List<Event> events, int limit) {
        String id = null;
        String name = null;
        StringBuilder data = null;
        while (events.size() < limit) {
            if (!lines.hasNext()) {
                return true;
            }
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(id, name == null ? "message" : name, data.toString()));
                }
                id = null;
                name = null;
                data = null;
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> {
                    }
                }
            }
        }
        return false;
    }
}
