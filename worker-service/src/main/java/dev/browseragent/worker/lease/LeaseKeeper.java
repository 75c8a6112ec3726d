package dev.browseragent.worker.lease;

import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.worker.agent.RunClaims;
import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.config.WorkerConfig;
import dev.browseragent.worker.repository.TaskRepository;
import dev.browseragent.worker.repository.TaskRepository.HeldTask;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heartbeats for the tasks this worker runs: every {@code heartbeat-interval}, and at once when the API notifies a
 * request ({@link ControlRequests}), it extends each lease and reads what the API asks of the task. A {@code paused} task halts at its next checkpoint (browser and lease kept); a resumed one
 * goes on; a task that is no longer this attempt's (stopped, reaped) is abandoned at once: its model call or page
 * load is interrupted and its browser closed. A pause longer than {@code max-pause} stops the task, and a run longer
 * than {@code max-run-time} fails it, each with a reason.
 */
@ApplicationScoped
public class LeaseKeeper implements RunClaims {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final TaskRepository tasks;
    private final BrowserPool browsers;
    private final WorkerConfig config;
    private final Map<UUID, Lease> held = new ConcurrentHashMap<>();

    /**
     * @throws IllegalStateException when the safety margin leaves no heartbeat time within the lease: every run would
     *                               be given up at once
     */
    public LeaseKeeper(TaskRepository tasks, BrowserPool browsers, WorkerConfig config) {
        if (config.effectiveLeaseSafetyMargin().plus(config.heartbeatInterval()).compareTo(config.leaseDuration()) >= 0) {
            throw new IllegalStateException("browser-agent.worker.lease-safety-margin ("
                    + describe(config.effectiveLeaseSafetyMargin()) + ") plus heartbeat-interval ("
                    + describe(config.heartbeatInterval()) + ") must be shorter than lease-duration ("
                    + describe(config.leaseDuration()) + "), or every run is given up as it starts");
        }
        this.tasks = tasks;
        this.browsers = browsers;
        this.config = config;
    }

    /** Starts keeping the lease of a task this worker just claimed; the calling thread is the one that runs it. */
    public Lease hold(RunClaim claim) {
        Lease lease = new Lease(claim, Thread.currentThread(), config.leaseDuration(),
                closed -> held.remove(closed.claim().taskId(), closed));
        held.put(claim.taskId(), lease);
        return lease;
    }

    @Override
    public Optional<RunClaim> of(UUID taskId) {
        return Optional.ofNullable(held.get(taskId)).map(Lease::claim);
    }

    /** The leases held now. */
    public Collection<Lease> held() {
        return List.copyOf(held.values());
    }

    /**
     * Hands every run back (shutdown, after the grace period): each is interrupted, its browser closed, and its
     * task returned to the queue unless the agent already has its result.
     */
    public void handBackAll() {
        List<Lease> leases = List.copyOf(held.values());
        leases.forEach(Lease::handBack);
        leases.forEach(lease -> browsers.discard(lease.claim().taskId()));
    }

    private void abandon(Lease lease, String because) {
        lease.abandon(because);
        browsers.discard(lease.claim().taskId());
    }

    /**
     * Extends the leases of every run in one statement, then acts on what the client asks of each. A run being
     * handed back is still this attempt's until its thread returns the task to the queue or, when the agent already
     * had its result (closing the browser can take seconds), writes that result: its lease is extended too, or the
     * result would be refused and the task run again.
     */
    @Scheduled(every = "${browser-agent.worker.heartbeat-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void heartbeat() {
        List<Lease> beating = held.values().stream()
                .filter(lease -> lease.isHandingBack() || !lease.isAbandoned()).toList();
        if (beating.isEmpty()) {
            return;
        }
        long sentAt = System.nanoTime();
        Map<UUID, HeldTask> statuses;
        try {
            statuses = tasks.heartbeat(beating.stream().map(Lease::claim).toList(), config.leaseDuration(),
                    config.effectiveLeaseSafetyMargin());
        } catch (SQLException e) {
            // closeUnconfirmed() gives the runs up if this lasts until their leases may run out.
            LOG.warnf("Could not extend the leases of %d tasks: %s", beating.size(), e.getMessage());
            return;
        }
        for (Lease lease : beating) {
            HeldTask status = statuses.get(lease.claim().taskId());
            if (status != null) {
                lease.confirmed(sentAt, config.leaseDuration());
            }
            if (!lease.isHandingBack()) {
                act(lease, status);
            }
        }
    }

    /**
     * Beats at once when this worker holds the task: the client just asked something of it ({@link ControlRequests}).
     * A heartbeat under way finishes first; the scheduled ones go on as before.
     */
    void beatFor(UUID taskId) {
        if (held.containsKey(taskId)) {
            heartbeat();
        }
    }

    /**
     * Gives up, and kills the browser of, each run whose lease may run out within the safety margin without the
     * database having confirmed it: the reaper may then hand the task to another worker, and two browsers must never
     * act on one task. A job of its own, so that a heartbeat stuck on the database does not hold it up.
     */
    @Scheduled(every = "${browser-agent.worker.heartbeat-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeUnconfirmed() {
        long horizon = System.nanoTime() + config.effectiveLeaseSafetyMargin().toNanos();
        for (Lease lease : held.values()) {
            if (!lease.isAbandoned() && lease.unconfirmedAt(horizon)) {
                LOG.warnf("Task %s: its lease could not be extended in time; its browser is closed and the task left"
                        + " to the reaper", lease.claim().taskId());
                abandon(lease, "its lease could not be extended before it ran out");
            }
        }
    }

    private void act(Lease lease, HeldTask status) {
        if (status == null) {
            LOG.infof("Task %s is no longer held by this worker (stopped or taken over); abandoning it",
                    lease.claim().taskId());
            abandon(lease, "the task was stopped or taken over");
        } else if (lease.age().compareTo(config.maxRunTime()) > 0) {
            endByWorker(lease, TaskStatus.FAILED, "The task ran longer than the limit of " + describe(config.maxRunTime())
                    + " and was ended");
        } else if (status.status() == TaskStatus.PAUSED) {
            Duration paused = lease.pause(status.controlled());
            if (paused.compareTo(config.maxPause()) > 0) {
                endByWorker(lease, TaskStatus.STOPPED, "The task was paused for longer than "
                        + describe(config.maxPause()) + " and was stopped; its browser was closed");
            }
        } else {
            lease.resume();
        }
    }

    private void endByWorker(Lease lease, TaskStatus status, String reason) {
        try {
            tasks.finish(lease.claim(), status, null, reason);
            LOG.infof("Task %s %s: %s", lease.claim().taskId(), status.wireName(), reason);
        } catch (SQLException e) {
            LOG.warnf("Could not end task %s (%s): %s", lease.claim().taskId(), reason, e.getMessage());
            return;
        }
        abandon(lease, reason);
    }

    private static String describe(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + " ms";
        }
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
