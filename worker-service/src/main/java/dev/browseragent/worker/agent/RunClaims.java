package dev.browseragent.worker.agent;

import dev.browseragent.model.lifecycle.RunClaim;

import java.util.Optional;
import java.util.UUID;

/** The claims the tasks running on this worker hold, for the writes of a run that must be fenced by them. */
public interface RunClaims {

    /** The claim of the task's run on this worker; empty when the task does not run here (any more). */
    Optional<RunClaim> of(UUID taskId);
}
