package dev.browseragent.local;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InternalDetailsTest {

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "could not start: Host info: host: 'worker-7', ip: '10.0.3.17'                       | an IP address",
            "the model server could not be reached at api.openai.com                             | a host name",
            "Connection refused: localhost                                                       | a host name",
            "Could not fetch https://bucket.example/tasks/1                                     | a URL",
            "org.openqa.selenium.SessionNotCreatedException: session not created                | a Java class",
            "The worker failed: java.lang.IllegalStateException                                 | a Java class",
            "Could not record step 3: NoSuchKeyException                                        | a Java class",
            "user data directory /tmp/browser-agent/profiles/42 is already in use               | a file path",
            "cannot write C:\\Users\\agent\\profile                                              | a file path",
            "ERROR: relation \"tasks\" does not exist                                           | SQL",
            "UPDATE tasks SET status = 'failed' failed                                          | SQL",
            "column \"sealed_browser_data\" is of type bytea                                    | SQL"})
    void internalsAreFound(String text, String kind) {
        assertEquals(Optional.of(kind), InternalDetails.findIn(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "reached the maximum of 2 steps without finishing",
            "too many consecutive failures (4); the last: the model's answer could not be used",
            "The model provider could not be reached (HTTP 503)",
            "The browser could not be started",
            "The task's files could not be stored",
            "The task ran longer than the limit of 30 min and was ended",
            "The task was paused for longer than 1.5 s and was stopped; its browser was closed",
            "the agent finished without accomplishing the task",
            "The task was interrupted 3 times (its worker stopped responding); giving up"})
    void userSentencesPass(String sentence) {
        assertEquals(Optional.empty(), InternalDetails.findIn(sentence));
    }
}
