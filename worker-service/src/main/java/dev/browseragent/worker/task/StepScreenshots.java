package dev.browseragent.worker.task;

import dev.browseragent.model.lifecycle.RunClaim;
import dev.browseragent.model.storage.ObjectStore;
import dev.browseragent.worker.agent.AgentStep;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * Step screenshots in the object store, like every stored file and image; the step row keeps the storage key. The
 * key names the task, attempt and step, so the attempts of a task never share an image.
 */
@ApplicationScoped
public class StepScreenshots {

    private static final Logger LOG = Logger.getLogger(StepScreenshots.class);

    private final ObjectStore objects;

    public StepScreenshots(ObjectStore objects) {
        this.objects = objects;
    }

    /** Stores the step's screenshot; its storage key, or {@code null} when the step has none. */
    public String store(RunClaim claim, AgentStep step) throws IOException {
        if (step.screenshotPng() == null) {
            return null;
        }
        String storageKey = "tasks/" + claim.taskId() + "/attempts/" + claim.attempt() + "/screenshots/" + step.number();
        objects.put(storageKey, step.screenshotPng());
        return storageKey;
    }

    /** Removes the screenshot of a step that could not be recorded; nothing for {@code null}. */
    public void discard(String storageKey) {
        if (storageKey == null) {
            return;
        }
        try {
            objects.delete(storageKey);
        } catch (IOException e) {
            LOG.warnf("Could not remove %s, the screenshot of a step that was not recorded: %s", storageKey,
                    e.getMessage());
        }
    }
}
