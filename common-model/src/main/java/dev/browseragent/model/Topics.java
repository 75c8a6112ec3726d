package dev.browseragent.model;

/** Kafka topic names both services and outside pipelines use. */
public final class Topics {

    /** Task dispatches ({@link TaskDispatch}), keyed by task id. */
    public static final String TASKS = "tasks";

    /** Status changes and steps ({@link TaskEvent}), keyed by task id so each task's events stay in order. */
    public static final String TASK_EVENTS = "task-events";

    private Topics() {
    }
}
