package dev.browseragent.worker.health;

import dev.browseragent.worker.task.TaskDispatchConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Not alive once the thread that takes dispatches has died: only a restart brings it back. */
@Liveness
@ApplicationScoped
public class DispatchConsumerHealthCheck implements HealthCheck {

    private final TaskDispatchConsumer consumer;

    public DispatchConsumerHealthCheck(TaskDispatchConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("task-dispatch-consumer").status(consumer.isConsuming()).build();
    }
}
