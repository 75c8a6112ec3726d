package dev.browseragent.model.lifecycle;

import dev.browseragent.model.TaskStatus;

import java.util.EnumSet;
import java.util.Set;

import static dev.browseragent.model.TaskStatus.CREATED;
import static dev.browseragent.model.TaskStatus.FAILED;
import static dev.browseragent.model.TaskStatus.FINISHED;
import static dev.browseragent.model.TaskStatus.PAUSED;
import static dev.browseragent.model.TaskStatus.RUNNING;
import static dev.browseragent.model.TaskStatus.STOPPED;

/**
 * The task's state machine: every change of {@code tasks.status}, the states it leaves and the states it reaches.
 * {@link TaskLifecycle} writes each one with the event that announces it; nothing else changes a task's status.
 */
public enum TaskTransition {

    /** run-task, a submission or a schedule: a new task waits for a running slot. */
    CREATE(EnumSet.noneOf(TaskStatus.class), EnumSet.of(CREATED)),
    /** A worker takes a dispatched task as its next attempt. */
    CLAIM(EnumSet.of(CREATED), EnumSet.of(RUNNING)),
    /** The client asks the agent to pause at its next checkpoint. */
    PAUSE(EnumSet.of(RUNNING), EnumSet.of(PAUSED)),
    /** The client lets a paused agent go on, in the browser its worker kept; a person's control, if any, ends. */
    RESUME(EnumSet.of(PAUSED), EnumSet.of(RUNNING)),
    /**
     * A person takes the browser of a task its worker holds: the agent pauses at its next checkpoint and the
     * person's input from the live view reaches the page.
     */
    TAKE_CONTROL(EnumSet.of(RUNNING, PAUSED), EnumSet.of(PAUSED)),
    /** The person hands the browser back: the agent goes on and its next step is told that a person acted. */
    RELEASE_CONTROL(EnumSet.of(PAUSED), EnumSet.of(RUNNING)),
    /**
     * The client lets a paused task go on whose run gave it up ({@link #PARK}): it waits for a new attempt, which
     * starts on the page the last one was on.
     */
    RESUME_PARKED(EnumSet.of(PAUSED), EnumSet.of(CREATED)),
    /** The client stops the task for good; a waiting task never runs. */
    STOP(EnumSet.of(CREATED, RUNNING, PAUSED), EnumSet.of(STOPPED)),
    /** The run holding the claim writes its end state (stopped: by the worker itself, e.g. after too long a pause). */
    END(EnumSet.of(RUNNING, PAUSED), EnumSet.of(FINISHED, FAILED, STOPPED)),
    /** The run holding the claim gives the running task back to the queue, as when its worker shuts down. */
    HAND_BACK(EnumSet.of(RUNNING), EnumSet.of(CREATED)),
    /**
     * A paused task loses its run (its worker shut down, or died and the reaper came by): it stays paused, without
     * a worker or a browser (a person's control of it ends with the browser), and is never run again unasked.
     */
    PARK(EnumSet.of(PAUSED), EnumSet.of(PAUSED)),
    /** The reaper queues again a running task whose lease expired (its worker died) below the attempt limit. */
    REQUEUE_EXPIRED(EnumSet.of(RUNNING), EnumSet.of(CREATED)),
    /** The reaper fails a running task whose lease expired at its last attempt. */
    FAIL_EXPIRED(EnumSet.of(RUNNING), EnumSet.of(FAILED));

    private final Set<TaskStatus> from;
    private final Set<TaskStatus> to;

    TaskTransition(Set<TaskStatus> from, Set<TaskStatus> to) {
        this.from = Set.copyOf(from);
        this.to = Set.copyOf(to);
    }

    /** The states this transition leaves. */
    public Set<TaskStatus> from() {
        return from;
    }

    /** The states this transition may reach. */
    public Set<TaskStatus> to() {
        return to;
    }

    /** Whether this transition takes a task from {@code current} to {@code next}. */
    public boolean allows(TaskStatus current, TaskStatus next) {
        return from.contains(current) && to.contains(next);
    }

    /** The single state this transition reaches; for {@link #END}, which reaches three, it is an error. */
    public TaskStatus target() {
        if (to.size() != 1) {
            throw new IllegalStateException(this + " reaches one of " + to + ": name the end state");
        }
        return to.iterator().next();
    }

    /** The {@code from} states as the database names them, for {@code status = any(...)}. */
    String[] fromWireNames() {
        return from.stream().map(TaskStatus::wireName).sorted().toArray(String[]::new);
    }
}
