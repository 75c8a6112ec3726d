package dev.browseragent.worker.secret;

import dev.browseragent.worker.llm.AgentOutput;
import dev.browseragent.worker.llm.ModelClient;
import dev.browseragent.worker.llm.ModelRequest;

/**
 * The model's side of a task with secrets: each request names the secrets the model may use, and no secret value
 * (a page may echo what was typed) reaches the model. Screenshots cannot be redacted: password fields show dots,
 * but a secret typed into a plain text field is visible on them when vision is on.
 */
public final class RedactingModelClient implements ModelClient {

    private final ModelClient model;
    private final TaskSecrets secrets;
    private final String secretsNote;

    private RedactingModelClient(ModelClient model, TaskSecrets secrets) {
        this.model = model;
        this.secrets = secrets;
        this.secretsNote = "\n\n<secrets>\nThe task provides these secrets. Write <secret>name</secret> in the text of"
                + " an input action to type one (you never see the values): "
                + String.join(", ", secrets.names().stream().map(TaskSecrets::placeholder).toList())
                + "\n</secrets>";
    }

    /** The model itself when the task has no secrets. */
    public static ModelClient wrap(ModelClient model, TaskSecrets secrets) {
        return secrets.isEmpty() ? model : new RedactingModelClient(model, secrets);
    }

    @Override
    public AgentOutput next(ModelRequest request) {
        return model.next(new ModelRequest(request.systemPrompt(), secrets.redact(request.userText()) + secretsNote,
                request.screenshotPng(), request.actions()));
    }
}
