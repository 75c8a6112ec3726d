package dev.browseragent.worker.lease;

import dev.browseragent.model.lifecycle.RunClaim;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * This worker's hold on one attempt of a task, kept by {@link LeaseKeeper}, and the control the API has over the run:
 * the run calls {@link #checkpoint()} before each model call and each step's actions, which waits while the task is
 * paused and ends the run once it is abandoned (stopped, taken away, or out of time).
 */
public final class Lease implements AutoCloseable {

    private final RunClaim claim;
    private final Thread runThread;
    private final Consumer<Lease> onClose;
    private final long claimedAtNanos = System.nanoTime();
    /** Until when (this JVM's monotonic clock) the database is known to hold the lease. */
    private volatile long confirmedUntilNanos;
    private long pausedSinceNanos;
    private boolean paused;
    /** A person held the browser during a pause, and the run has not yet been told (it reads the page again). */
    private boolean personActed;
    private String abandonedBecause;
    private boolean handingBack;
    /** Set once the run is over: its thread may be running another task by then. */
    private boolean closed;

    Lease(RunClaim claim, Thread runThread, Duration leaseDuration, Consumer<Lease> onClose) {
        this.claim = claim;
        this.runThread = runThread;
        this.onClose = onClose;
        this.confirmedUntilNanos = claimedAtNanos + leaseDuration.toNanos();
    }

    public RunClaim claim() {
        return claim;
    }

    /**
     * Waits while the task is paused; returns at once while it runs.
     *
     * @throws Abandoned once the run must end without writing anything more
     */
    public synchronized void checkpoint() {
        while (paused && abandonedBecause == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (abandonedBecause != null) {
            throw new Abandoned(claim, abandonedBecause);
        }
    }

    /** True once the run must end without writing anything more. */
    public synchronized boolean isAbandoned() {
        return abandonedBecause != null;
    }

    /** Why the run was abandoned, or null. */
    public synchronized String abandonedBecause() {
        return abandonedBecause;
    }

    /** True when the worker gives the task up because it is shutting down: the task goes back to the queue. */
    public synchronized boolean isHandingBack() {
        return handingBack;
    }

    /** How long this attempt has run, pauses included. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - claimedAtNanos);
    }

    /**
     * The database extended the lease by {@code leaseDuration} in a statement sent at {@code sentAtNanos}: it runs
     * out no earlier than that plus the duration, whatever the two machines' wall clocks say.
     */
    void confirmed(long sentAtNanos, Duration leaseDuration) {
        confirmedUntilNanos = Math.max(confirmedUntilNanos, sentAtNanos + leaseDuration.toNanos());
    }

    /** Whether the lease may have run out by {@code nanos} (this JVM's monotonic clock) as far as is known. */
    boolean unconfirmedAt(long nanos) {
        return nanos - confirmedUntilNanos >= 0;
    }

    /**
     * Marks the task paused (from the first heartbeat that sees it), by a person holding the browser or not, and says
     * for how long it has been.
     */
    synchronized Duration pause(boolean byPerson) {
        if (!paused) {
            paused = true;
            pausedSinceNanos = System.nanoTime();
        }
        personActed |= byPerson;
        return Duration.ofNanos(System.nanoTime() - pausedSinceNanos);
    }

    /**
     * True once, after a pause during which a person held the browser: what the run read of the page before the
     * pause may be stale.
     */
    public synchronized boolean takePersonActed() {
        boolean told = personActed && !paused;
        if (told) {
            personActed = false;
        }
        return told;
    }

    synchronized void resume() {
        if (paused) {
            paused = false;
            notifyAll();
        }
    }

    synchronized void handBack() {
        handingBack = abandonedBecause == null;
        abandon("this worker is shutting down");
    }

    /**
     * Ends the run: waiting checkpoints throw, and a model call or page load in progress is interrupted; once the
     * run has closed its lease, its thread may be running another task and is left alone.
     */
    synchronized void abandon(String because) {
        if (abandonedBecause != null) {
            return;
        }
        abandonedBecause = because;
        notifyAll();
        if (!closed) {
            runThread.interrupt();
        }
    }

    /**
     * Ends the lease as its run returns, on the run's thread. A heartbeat that finds the task ended or taken over just
     * then must not interrupt the next task that thread runs: no interrupt reaches the thread after this, and one that
     * came too late for the run is cleared.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (Thread.currentThread() == runThread) {
                Thread.interrupted();
            }
        }
        onClose.accept(this);
    }

    /** Thrown into the run once its lease is abandoned; ends the run without writing a result. */
    public static final class Abandoned extends RuntimeException {

        public Abandoned(RunClaim claim, String because) {
            super("Task " + claim.taskId() + " attempt " + claim.attempt() + " abandoned: " + because, null, false, false);
        }
    }
}
