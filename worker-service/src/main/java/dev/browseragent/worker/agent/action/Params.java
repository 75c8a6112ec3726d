package dev.browseragent.worker.agent.action;

/** Checks the action records make on their params while binding; a failure becomes an error the model reads. */
final class Params {

    private Params() {
    }

    static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return value;
    }
}
