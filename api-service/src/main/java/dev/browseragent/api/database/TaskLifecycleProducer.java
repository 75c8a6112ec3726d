package dev.browseragent.api.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The task lifecycle's statements, writing events with this service's JSON settings. */
@ApplicationScoped
public class TaskLifecycleProducer {

    @Produces
    @ApplicationScoped
    TaskLifecycle taskLifecycle(ObjectMapper json) {
        return new TaskLifecycle(json);
    }
}
