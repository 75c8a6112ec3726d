package dev.browseragent.worker.config;

import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Where this worker serves the live view of the tasks it runs (docs/live-view.md): a WebSocket that only the API
 * replicas are meant to reach, which relay it to the viewer. Env: {@code BROWSER_AGENT_LIVE_*}.
 */
public interface LiveConfig {

    /** The interface the live view's server listens on; every interface by default, as the API reaches it over the network. */
    @WithDefault("0.0.0.0")
    String host();

    /** The live view's port (0: any free port); next to the management interface's 9001 by default. */
    @WithDefault("9002")
    int port();

    /**
     * The address the API replicas reach this worker's live view at ({@code http://host:port}), written into each task
     * this worker claims. In Kubernetes: the pod's IP (the downward API). Default: this machine's address and the
     * live view's port ({@code 127.0.0.1} when {@code host} is a loopback address).
     */
    Optional<String> advertisedUrl();

    /**
     * The most frames a second a live viewer gets; Chromium paints no more while only viewers (and a recording)
     * watch. An animating page at 30 frames a second kept a whole core busy (docs/benchmarks.md, the live view).
     */
    @WithDefault("15")
    int maxFrameRate();
}
