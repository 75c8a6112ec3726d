package dev.browseragent.worker.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The HTTP client under every LangChain4j provider model: retries a call that got a 429, a 5xx or a network error,
 * with exponential back-off that honours the server's {@code Retry-After}. Hand-written because LangChain4j's own
 * retry sees only the status code (its {@link HttpException} carries no headers), so it cannot honour
 * {@code Retry-After}; sending is the JDK's {@code java.net.http} client.
 */
final class RetryingHttpClient implements HttpClient {

    private static final Logger LOG = Logger.getLogger(RetryingHttpClient.class);

    /**
     * Carries the settings to the provider model's builder, which calls {@link #build()}; every model of a provider
     * gets the same client, so they share its connections.
     */
    static final class Builder implements HttpClientBuilder {

        private final int maxRetries;
        private final Duration backoff;
        private final Duration maxBackoff;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(120);
        private HttpClient client;

        Builder(int maxRetries, Duration backoff, Duration maxBackoff) {
            this.maxRetries = maxRetries;
            this.backoff = backoff;
            this.maxBackoff = maxBackoff;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            if (timeout != null) {
                connectTimeout = timeout;
            }
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            if (timeout != null) {
                readTimeout = timeout;
            }
            return this;
        }

        @Override
        public synchronized HttpClient build() {
            if (client == null) {
                client = new RetryingHttpClient(this);
            }
            return client;
        }
    }

    private final java.net.http.HttpClient http;
    private final Builder settings;

    private RetryingHttpClient(Builder settings) {
        this.settings = settings;
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(settings.connectTimeout).build();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(toJdk(request), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt >= settings.maxRetries) {
                    throw new UncheckedIOException(e);
                }
                pause(attempt, Optional.empty(), "a network error (" + e.getClass().getSimpleName() + ")");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the model call was interrupted", e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return SuccessfulHttpResponse.builder()
                        .statusCode(status)
                        .headers(response.headers().map())
                        .body(response.body())
                        .build();
            }
            boolean retryable = status == 429 || status >= 500;
            if (!retryable || attempt >= settings.maxRetries) {
                throw new HttpException(status, response.body());
            }
            pause(attempt, response.headers().firstValue("Retry-After"), "HTTP " + status);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        // Only streaming chat models call this; the agent builds none.
        throw new UnsupportedOperationException("the worker's model clients do not stream");
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(settings.readTimeout);
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        java.net.http.HttpRequest.BodyPublisher body = request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body());
        return builder.method(request.method().name(), body).build();
    }

    private void pause(int attempt, Optional<String> retryAfter, String reason) {
        Duration exponential = settings.backoff.multipliedBy(1L << Math.min(attempt, 16));
        Duration wait = retryAfter.flatMap(RetryingHttpClient::parseRetryAfter).orElse(exponential);
        if (wait.compareTo(settings.maxBackoff) > 0) {
            wait = settings.maxBackoff;
        }
        LOG.infof("The model server answered %s; trying again in %d ms", reason, wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the model call was interrupted", e);
        }
    }

    /** {@code Retry-After} is either seconds or an HTTP date. */
    static Optional<Duration> parseRetryAfter(String value) {
        String text = value.strip();
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(text) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
