package dev.browseragent.worker.live;

import dev.browseragent.worker.agent.SessionHooks;
import dev.browseragent.worker.browser.BrowserSession;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browsers of the tasks this worker runs, by task, while their agent has them: what a live viewer may watch. When
 * a task's run lets its browser go, its viewers are disconnected.
 */
@ApplicationScoped
public class LiveSessions implements SessionHooks {

    private final Map<UUID, Watched> sessions = new ConcurrentHashMap<>();

    /** A task's browser and the viewers watching it. */
    record Watched(BrowserSession session, Set<LiveViewer> viewers) {
    }

    @Override
    public void attach(UUID taskId, BrowserSession session) {
        sessions.put(taskId, new Watched(session, ConcurrentHashMap.newKeySet()));
    }

    @Override
    public void detach(UUID taskId, BrowserSession session) {
        Watched watched = sessions.remove(taskId);
        if (watched != null) {
            watched.viewers().forEach(viewer -> viewer.end("The task's run has ended"));
        }
    }

    /** The task's browser, while its run has it. */
    Optional<Watched> watched(UUID taskId) {
        return Optional.ofNullable(sessions.get(taskId));
    }
}
