package dev.browseragent.model.lifecycle;

import dev.browseragent.model.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.browseragent.model.TaskStatus.CREATED;
import static dev.browseragent.model.TaskStatus.FAILED;
import static dev.browseragent.model.TaskStatus.FINISHED;
import static dev.browseragent.model.TaskStatus.PAUSED;
import static dev.browseragent.model.TaskStatus.RUNNING;
import static dev.browseragent.model.TaskStatus.STOPPED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task state machine, checked against the table it is meant to be. */
class TaskTransitionTest {

    private record Edge(Set<TaskStatus> from, Set<TaskStatus> to) {
    }

    /** The state machine as specified, written out independently of {@link TaskTransition}. */
    private static final Map<TaskTransition, Edge> SPECIFIED = new EnumMap<>(Map.ofEntries(
            Map.entry(TaskTransition.CREATE, new Edge(EnumSet.noneOf(TaskStatus.class), EnumSet.of(CREATED))),
            Map.entry(TaskTransition.CLAIM, new Edge(EnumSet.of(CREATED), EnumSet.of(RUNNING))),
            Map.entry(TaskTransition.PAUSE, new Edge(EnumSet.of(RUNNING), EnumSet.of(PAUSED))),
            Map.entry(TaskTransition.RESUME, new Edge(EnumSet.of(PAUSED), EnumSet.of(RUNNING))),
            Map.entry(TaskTransition.TAKE_CONTROL, new Edge(EnumSet.of(RUNNING, PAUSED), EnumSet.of(PAUSED))),
            Map.entry(TaskTransition.RELEASE_CONTROL, new Edge(EnumSet.of(PAUSED), EnumSet.of(RUNNING))),
            Map.entry(TaskTransition.RESUME_PARKED, new Edge(EnumSet.of(PAUSED), EnumSet.of(CREATED))),
            Map.entry(TaskTransition.STOP, new Edge(EnumSet.of(CREATED, RUNNING, PAUSED), EnumSet.of(STOPPED))),
            Map.entry(TaskTransition.END, new Edge(EnumSet.of(RUNNING, PAUSED), EnumSet.of(FINISHED, FAILED, STOPPED))),
            Map.entry(TaskTransition.HAND_BACK, new Edge(EnumSet.of(RUNNING), EnumSet.of(CREATED))),
            Map.entry(TaskTransition.PARK, new Edge(EnumSet.of(PAUSED), EnumSet.of(PAUSED))),
            Map.entry(TaskTransition.REQUEUE_EXPIRED, new Edge(EnumSet.of(RUNNING), EnumSet.of(CREATED))),
            Map.entry(TaskTransition.FAIL_EXPIRED, new Edge(EnumSet.of(RUNNING), EnumSet.of(FAILED)))));

    @Test
    void everyTransitionIsSpecified() {
        assertEquals(EnumSet.allOf(TaskTransition.class), SPECIFIED.keySet());
    }

    @ParameterizedTest
    @EnumSource(TaskTransition.class)
    void declaredStatesAreTheSpecifiedOnes(TaskTransition transition) {
        assertEquals(SPECIFIED.get(transition).from(), transition.from());
        assertEquals(SPECIFIED.get(transition).to(), transition.to());
    }

    @ParameterizedTest
    @EnumSource(TaskTransition.class)
    void allowsExactlyThePairsOfItsDeclaredSets(TaskTransition transition) {
        Edge edge = SPECIFIED.get(transition);
        for (TaskStatus current : TaskStatus.values()) {
            for (TaskStatus next : TaskStatus.values()) {
                assertEquals(edge.from().contains(current) && edge.to().contains(next),
                        transition.allows(current, next), transition + ": " + current + " -> " + next);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TaskTransition.class)
    void targetIsTheSingleStateReachedAndAnErrorForEndOnly(TaskTransition transition) {
        if (transition == TaskTransition.END) {
            assertThrows(IllegalStateException.class, transition::target);
        } else {
            assertEquals(SPECIFIED.get(transition).to().iterator().next(), transition.target());
        }
    }

    @ParameterizedTest
    @EnumSource(TaskTransition.class)
    void noTransitionLeavesATerminalState(TaskTransition transition) {
        for (TaskStatus status : transition.from()) {
            assertFalse(status.isTerminal(), transition + " leaves " + status);
        }
    }

    @Test
    void everyTerminalStateIsReachedAndEveryOtherStateIsLeft() {
        for (TaskStatus status : TaskStatus.values()) {
            boolean reached = SPECIFIED.keySet().stream().anyMatch(t -> t.to().contains(status));
            boolean left = SPECIFIED.keySet().stream().anyMatch(t -> t.from().contains(status));
            assertTrue(reached, status + " is reached");
            assertEquals(!status.isTerminal(), left, status + " is left exactly when it is not terminal");
        }
    }

    @Test
    void fromWireNamesAreTheDatabaseNamesSorted() {
        assertArrayEquals(new String[] {"created", "paused", "running"}, TaskTransition.STOP.fromWireNames());
        assertArrayEquals(new String[0], TaskTransition.CREATE.fromWireNames());
    }
}
