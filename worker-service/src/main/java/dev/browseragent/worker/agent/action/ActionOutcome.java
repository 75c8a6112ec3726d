package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.browseragent.worker.llm.ActionCall;

import java.util.Locale;

/**
 * What became of one action the model asked for: it ran, it failed, or it did not run. Serialised into the step's
 * {@code actions} as {@code {"action": {"click": {"index": 3}}, "status": "ok", "message": "..."}}.
 */
public record ActionOutcome(
        @JsonProperty("action") ActionCall call,
        @JsonProperty("status") Status status,
        @JsonProperty("message") String message) {

    public enum Status {
        OK, ERROR, NOT_RUN;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static ActionOutcome ok(ActionCall call, String message) {
        return new ActionOutcome(call, Status.OK, message);
    }

    static ActionOutcome error(ActionCall call, String message) {
        return new ActionOutcome(call, Status.ERROR, message);
    }

    static ActionOutcome notRun(ActionCall call, String reason) {
        return new ActionOutcome(call, Status.NOT_RUN, reason);
    }
}
