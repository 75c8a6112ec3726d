package dev.browseragent.worker.lease;

import dev.browseragent.model.lifecycle.RunClaim;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lease interrupts its run when abandoned, and never the next task its thread runs. */
class LeaseTest {

    private final RunClaim claim = new RunClaim(UUID.randomUUID(), "worker-1", 1);

    @Test
    void abandoningARunInterruptsItsThreadAndEndsItAtTheNextCheckpoint() {
        Lease lease = new Lease(claim, Thread.currentThread(), Duration.ofSeconds(30), closed -> { });
        try {
            lease.abandon("the task was stopped");

            assertTrue(Thread.currentThread().isInterrupted(), "the run's model call or page load is interrupted");
            assertThrows(Lease.Abandoned.class, lease::checkpoint);
        } finally {
            lease.close();
        }
        assertFalse(Thread.interrupted(), "the interrupt is cleared once the run is over");
    }

    @Test
    void aHeartbeatThatAbandonsAnEndedRunLeavesTheThreadsNextTaskAlone() {
        Lease lease = new Lease(claim, Thread.currentThread(), Duration.ofSeconds(30), closed -> { });
        lease.close();

        lease.abandon("the task was stopped or taken over");

        assertFalse(Thread.interrupted(), "the thread, running another task by now, is not interrupted");
    }
}
