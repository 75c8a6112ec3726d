package dev.browseragent.api.config;

import dev.browseragent.model.secret.EncryptionSettings;
import dev.browseragent.model.settings.DatabaseSettings;
import dev.browseragent.model.settings.KafkaSettings;
import dev.browseragent.model.settings.ManagementSettings;
import dev.browseragent.model.storage.StorageSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The api-service's own settings; environment variables use the {@code BROWSER_AGENT_} form of each key. */
@ConfigMapping(prefix = "browser-agent")
public interface ApiConfig {

    /**
     * An API key ({@code bu_...}) that is made valid at start for the bootstrap account, so a fresh install is
     * usable at once. Env: {@code BROWSER_AGENT_BOOTSTRAP_API_KEY}. No default: without it no key exists.
     */
    Optional<String> bootstrapApiKey();

    /**
     * Model names accepted in {@code llm_model} besides the v1 ones, for models the operator serves (the
     * worker maps each to a provider's model). Env: {@code BROWSER_AGENT_EXTRA_MODELS}, comma-separated.
     */
    Optional<List<String>> extraModels();

    /**
     * The token of the admin API ({@code Authorization: Bearer <token>} on {@code /admin/...}). Env:
     * {@code BROWSER_AGENT_ADMIN_TOKEN}. No default: without it the admin API answers 404.
     */
    Optional<String> adminToken();

    /**
     * The address clients reach this service at; every handed-out URL (files, screenshots, GIF, uploads,
     * {@code public_share_url}) starts with it. Env: {@code BROWSER_AGENT_PUBLIC_BASE_URL}.
     */
    @WithDefault("http://127.0.0.1:8080")
    String publicBaseUrl();

    /**
     * The HMAC-SHA256 key that signs handed-out URLs. Unset: a random key per start, so URLs do not survive a
     * restart and replicas refuse each other's; set it (the same on every replica) in production. Env:
     * {@code BROWSER_AGENT_URL_SIGNING_KEY}.
     */
    Optional<String> urlSigningKey();

    /** How long a handed-out URL works. Env: {@code BROWSER_AGENT_SIGNED_URL_TTL}. */
    @WithDefault("1h")
    Duration signedUrlTtl();

    /**
     * Let webhooks (and, in the worker, the browser) reach loopback and private addresses, as local development and
     * tests need. Env {@code BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS}.
     */
    @WithDefault("false")
    boolean allowPrivateNetworks();

    /** The key ring task secrets are sealed with. */
    EncryptionSettings encryption();

    /** Where file bytes and images live. */
    Storage storage();

    /** Webhook deliveries. */
    Webhooks webhooks();

    /** Scheduled tasks. */
    Schedules schedules();

    /** Idempotency-Key and submission request ids. */
    Idempotency idempotency();

    /** API keys. */
    Auth auth();

    /** Admission of created tasks to running slots. */
    Admission admission();

    /** What tasks and steps cost, in cents. */
    Pricing pricing();

    /** The synchronous search endpoints ({@code /simple-search}, {@code /search-url}). */
    Search search();

    /** A task's event stream ({@code /task/{id}/stream}). */
    Stream stream();

    interface Stream {
        /**
         * How often an open stream reads its task's new events (one small indexed query each time): the longest an
         * event waits before it is sent.
         */
        @WithDefault("250ms")
        Duration pollInterval();

        /** A stream with nothing to send for this long sends a comment, so that proxies keep it open. */
        @WithDefault("15s")
        Duration keepAlive();
    }

    interface Search {
        /**
         * How long a search request waits for its answer; past it the search is stopped and the request answered
         * with a 504.
         */
        @WithDefault("120s")
        Duration timeout();

        /** How often a waiting search request looks at its task (one small query each time). */
        @WithDefault("250ms")
        Duration pollInterval();
    }

    interface Auth {
        /**
         * How long a key's account and plan are remembered; a revoked key or a changed plan takes effect on
         * other replicas after at most this long.
         */
        @WithDefault("5s")
        Duration cacheTtl();

        /**
         * The most key lookups remembered at once, unknown keys included: a client sending random keys evicts the
         * oldest answers instead of growing the heap.
         */
        @WithDefault("10000")
        int cacheMaxKeys();

        /**
         * Unknown keys one client address may present in a minute; past it the address is refused (429) for the
         * rest of the minute before any lookup. The address is the one the API sees: behind a proxy, turn on
         * Quarkus's forwarded-address handling so it is the client's.
         */
        @WithDefault("60")
        int maxFailuresPerMinute();
    }

    interface Admission {
        /** How often created tasks are dispatched to free slots besides right after each run-task. */
        @WithDefault("1s")
        Duration interval();

        /** The most tasks one admission pass dispatches. */
        @WithDefault("500")
        int batchSize();
    }

    interface Pricing {
        /** The price of a started task. */
        @WithDefault("1")
        BigDecimal taskCents();

        /** The price of a step by model name; application.properties holds the defaults of the v1 plans. */
        Map<String, BigDecimal> stepCents();

        /** The price of a step of a model that {@link #stepCents()} does not name. */
        @WithDefault("1")
        BigDecimal otherStepCents();
    }

    /** PostgreSQL; Quarkus's datasource keys are mapped from these in application.properties. */
    Database database();

    /** Kafka; the messaging keys are mapped from these in application.properties. */
    KafkaSettings kafka();

    /** The HTTP server of the API (the public port). */
    Http http();

    /** The management interface: {@code /q/health} and {@code /q/metrics}, apart from the public port. */
    ManagementSettings management();

    /** The transactional outbox relay. */
    Outbox outbox();

    /** The MCP server at {@code /mcp}. */
    Mcp mcp();

    interface Mcp {
        /**
         * The longest {@code run_task} waits for its task to end when asked to ({@code wait_for_result}); then it
         * answers the task as it stands, still running. Below the 60 seconds MCP clients commonly give a tool call
         * (the official SDKs' default request timeout), so the answer arrives before the client gives up.
         */
        @WithDefault("50s")
        Duration maxWait();
    }

    interface Outbox {
        /**
         * How often the relay looks for rows to publish besides right after each run-task (the scheduler's
         * smallest interval is one second).
         */
        @WithDefault("1s")
        Duration pollInterval();

        /** The most rows one relay pass publishes. */
        @WithDefault("100")
        int batchSize();

        /**
         * Times the broker may refuse a row for itself (too large, invalid topic) before the row is parked; a broker
         * that is away counts nothing.
         */
        @WithDefault("5")
        int maxAttempts();
    }

    interface Database extends DatabaseSettings {

        /**
         * Connections of the reactive pool that serves every request. A burst's commits wait for the WAL flush, and
         * one flush serves every commit waiting then, so the pool must be large enough for commits to share flushes;
         * with many more connections, the requests crowd the database's cores instead. On 2 cores, 16 served bursts
         * of 64 requests best (docs/benchmarks-history.md, run-task at b59820c).
         */
        @WithDefault("16")
        int poolSize();
    }


    interface Http {

        /** The address to listen on; {@code 0.0.0.0} is every interface. */
        @WithDefault("0.0.0.0")
        String host();

        /** The public port: the v1 API, files, the share page and the OpenAPI document; nothing of management. */
        @WithDefault("8080")
        int port();

        /** The largest request body accepted; bigger ones get a 413. */
        @WithDefault("1048576")
        int maxBodyBytes();
    }

    interface Storage extends StorageSettings {

        /**
         * Connections of the JDBC pool, which serves the PostgreSQL backend's reads and writes of file bytes (off
         * the event loop) besides the migrations at start.
         */
        @WithDefault("8")
        int jdbcPoolSize();
    }

    interface Webhooks {

        /** How long one POST may take, connection included, before it counts as failed. */
        @WithDefault("10s")
        Duration timeout();

        /** Retries after a failed first attempt (non-2xx answer, timeout, refused connection); 5 as in v1. */
        @WithDefault("5")
        int maxRetries();

        /** The wait before the first retry; each further retry waits twice as long. */
        @WithDefault("1s")
        Duration retryBackoff();

        /**
         * Deliveries one account may have in flight at once (each task's own deliveries are always sent one at a
         * time, in order). Bounds what a slow endpoint can hold; other accounts never wait for it.
         */
        @WithDefault("4")
        int maxInFlightPerAccount();

        /** How long delivered and given-up deliveries stay visible before they are deleted. */
        @WithDefault("7d")
        Duration retention();

        /** How often due deliveries (retries) are looked for, besides right after each new event. */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * The most bytes of an endpoint's answer that are read (and thrown away: only its status counts); past them
         * the connection is closed, so an endpoint answering endlessly holds neither memory nor the delivery.
         */
        @WithDefault("65536")
        long maxResponseBytes();
    }

    interface Schedules {

        /** How often each replica looks for due scheduled runs (a run starts at most this late). */
        @WithDefault("10s")
        String pollInterval();

        /** The most due runs one look starts; the rest wait for the next look. */
        @WithDefault("100")
        int batchSize();
    }

    interface Idempotency {

        /**
         * How long an Idempotency-Key or a submission's request id is remembered: the same key within this window
         * gives the same task, after it a new one.
         */
        @WithDefault("24h")
        Duration retention();

        /** How often expired keys (and webhook deliveries past {@code webhooks.retention}) are deleted. */
        @WithDefault("10m")
        Duration cleanupInterval();
    }
}
