package dev.browseragent.api.task;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** A run-task request as {@link RunTaskValidator} read it: the task, its secrets and the {@link RunTaskSettings}. */
public class RunTaskRequest extends RunTaskSettings {

    @Schema(required = true, minLength = 1, maxLength = 50_000)
    public String task;

    /** Secret values by name; never stored in clear, never shown. */
    @Schema(nullable = true, maxProperties = 50)
    public Map<String, String> secrets;
}
