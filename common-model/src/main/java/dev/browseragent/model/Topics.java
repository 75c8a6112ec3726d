package dev.browseragent.model;

/** Kafka topic names both services and outside pipelines use. */
public final class Topics {

    /** Task dispatches ({@link TaskDispatch}), keyed by task id. */
    public static final String TASKS = "tasks";

    /** Status changes and steps ({@link TaskEvent}), keyed by task id so each task's events stay in order. */
    public static final String TASK_EVENTS = "task-events";

    /** Records on {@link #TASKS} that are not a dispatch, parked by the worker as they came. */
    public static final String TASKS_DEAD_LETTER = "tasks-dead-letter";

    /**
     * Run-task requests from pipelines: the value is a run-task body (JSON), the key the client's request id, the
     * header {@value SubmissionHeaders#API_KEY} the account's API key. Schema: {@code schemas/task-submission.v1.json}.
     */
    public static final String TASK_SUBMISSIONS = "task-submissions";

    /** The outcome of each submission ({@link TaskSubmissionResult}), keyed by the request id. */
    public static final String TASK_SUBMISSION_RESULTS = "task-submission-results";

    /** Submissions that could not be read (no key, not JSON, no API key...), as they came, with the reason. */
    public static final String TASK_SUBMISSIONS_DEAD_LETTER = "task-submissions-dead-letter";

    private Topics() {
    }
}
