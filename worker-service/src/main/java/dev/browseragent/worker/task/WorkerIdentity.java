package dev.browseragent.worker.task;

import dev.browseragent.worker.config.LiveConfig;
import dev.browseragent.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who this worker is to the tasks it claims: the name it writes into {@code tasks.worker_id} (configured, or host name
 * plus process id), and the address where it serves their live view, written by the claim too.
 */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;
    private final LiveConfig live;
    private volatile String liveAddress;

    public WorkerIdentity(WorkerConfig config, LiveConfig live) {
        this.id = config.id().orElseGet(WorkerIdentity::hostAndPid);
        this.live = live;
        this.liveAddress = advertised(live.port());
    }

    public String id() {
        return id;
    }

    /** Where the API replicas reach this worker's live view: {@code http://host:port}. */
    public String liveAddress() {
        return liveAddress;
    }

    /** The live view's server is listening on this port (the configured one, or the free one it took for 0). */
    public void liveViewListening(int port) {
        liveAddress = advertised(port);
    }

    private String advertised(int port) {
        return live.advertisedUrl().map(url -> url.replaceAll("/+$", "")).orElseGet(() -> {
            String host;
            try {
                InetAddress bound = InetAddress.getByName(live.host());
                host = bound.isLoopbackAddress() ? bound.getHostAddress()
                        : bound.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : live.host();
            } catch (UnknownHostException e) {
                host = live.host();
            }
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        });
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
