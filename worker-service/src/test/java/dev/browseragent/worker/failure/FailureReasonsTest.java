package dev.browseragent.worker.failure;

import com.fasterxml.jackson.core.JsonParseException;
import dev.browseragent.worker.llm.ModelException;
import dev.langchain4j.exception.HttpException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.SessionNotCreatedException;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailureReasonsTest {

    @Test
    void modelFailuresNameTheProviderAndTheStatusOnly() {
        assertEquals("the model provider could not be reached (HTTP 503)", FailureReasons.describe(
                new ModelException("the model server answered HTTP 503: upstream api.example.com down",
                        new HttpException(503, "{\"error\": {\"message\": \"upstream api.example.com down\"}}"))));
        assertEquals("the model provider refused the request (HTTP 401)",
                FailureReasons.describe(new ModelException("x", new HttpException(401, "bad key sk-123"))));
        assertEquals("the model provider did not answer in time", FailureReasons.describe(
                new ModelException("x", new RuntimeException(new HttpTimeoutException("request to 10.0.0.5 timed out")))));
        assertEquals("the model provider could not be reached", FailureReasons.describe(
                new ModelException("x", new IOException("Connection refused: llm.internal/10.0.0.5:443"))));
        assertEquals("the model's answer could not be used", FailureReasons.describe(
                new ModelException("the model's answer is not a valid AgentOutput: Unrecognized field", null)));
        assertEquals("the model's answer could not be used", FailureReasons.describe(new ModelException(
                "the model's answer is not a valid AgentOutput", new JsonParseException(null, "Unexpected character"))));
    }

    @Test
    void workerFailuresNameThePartThatFailed() {
        assertEquals("the task's progress could not be saved", FailureReasons.describe(new IllegalStateException(
                "Could not record step 3", new SQLException("ERROR: relation \"task_steps\" does not exist"))));
        assertEquals("the task's files could not be stored", FailureReasons.describe(new IllegalStateException(
                "Could not record step 3", new IOException("Could not write tasks/1 to the S3 bucket shots"))));
        assertEquals("the browser stopped working", FailureReasons.describe(
                new SessionNotCreatedException("Host info: host: 'worker-7', ip: '10.0.3.17'")));
        assertEquals("the worker failed unexpectedly while running the task",
                FailureReasons.describe(new NullPointerException("Cannot invoke \"String.length()\"")));
    }

    @Test
    void standaloneReasonsAreSentences() {
        UUID task = UUID.randomUUID();

        assertEquals("The browser could not be started", FailureReasons.browserNotStarted(task,
                new SessionNotCreatedException("no chrome binary at /nonexistent/chromium")));
        assertEquals("The task's files could not be stored",
                FailureReasons.runFailed(task, new IllegalStateException("x", new IOException("/var/lib/objects"))));
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);

        assertEquals("the worker failed unexpectedly while running the task", FailureReasons.describe(first));
    }
}
