package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.embedded.FreePorts;
import dev.browseragent.testing.EventStreamClient;
import dev.browseragent.testing.EventStreamClient.Event;
import dev.browseragent.testing.EventStreamClient.Reading;
import dev.browseragent.testing.ModelPrompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watching and steering a task from outside, on the shared stack with a second API replica: a person takes control of
 * a running task through the API (the agent halts), hands it back (the agent's next step is told), and a client follows
 * it all on the event stream, reconnecting to the other replica with {@code Last-Event-ID}.
 */
class TaskStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(90);
    /** Without a model call for this long, a task that calls the model every few hundred milliseconds has halted. */
    private static final Duration HALTED = Duration.ofMillis(1500);
    private static final String PERSON_ACTED = "A person took control of the browser while you were paused";

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    private static ServiceProcess secondReplica;
    private static String secondApiUrl;

    @BeforeAll
    static void startTheSecondReplica() {
        int port = FreePorts.find();
        secondReplica = stack.startApiReplica("api-stream-2", port);
        secondApiUrl = "http://127.0.0.1:" + port + "/api/v1";
    }

    @AfterAll
    static void stopTheSecondReplica() {
        if (secondReplica != null) {
            secondReplica.stop(LocalStack.STOP_GRACE);
        }
    }

    @Test
    void aPersonTakesControlAndHandsBackWhileAClientFollowsTheStreamAcrossReplicas() throws Exception {
        List<Long> loopCalls = new CopyOnWriteArrayList<>();
        stack.model().when(prompt -> prompt.contains("Stream me") && prompt.contains(PERSON_ACTED),
                        prompt -> agentOutput("A person acted", "", "Finish",
                                action("done", "text", "Finished after the person", "success", true)))
                .when(prompt -> prompt.contains("Stream me"), prompt -> {
                    loopCalls.add(System.nanoTime());
                    return agentOutput("Waiting", "", "Wait for the person", action("wait", "seconds", 0.2));
                });
        String id = stack.client().runTask(Map.of("task", "Stream me until a person has acted", "max_agent_steps", 60));

        Reading opening = read(stack.client().apiUrl(), id, Map.of(), 3);
        assertEquals(List.of("status created", "status running", "step 1"), describe(opening.events()));

        stack.client().request("PUT", "/take-control-task?task_id=" + id, null);
        assertEquals("paused", stack.client().status(id));
        await("the agent halts while the person holds the browser").atMost(Duration.ofSeconds(10))
                .until(() -> System.nanoTime() - last(loopCalls) >= HALTED.toNanos());
        int callsWhileHeld = loopCalls.size();
        V1Client.Response handedBack = stack.client().request("PUT", "/release-control-task?task_id=" + id, null);
        assertEquals(200, handedBack.status(), handedBack.body());

        Reading rest = read(secondApiUrl, id, Map.of("Last-Event-ID", opening.events().get(2).id()), 1000);
        assertTrue(rest.ended(), "the stream ends after the final status");
        JsonNode end = stack.client().awaitEnd(id);
        assertEquals("finished", end.get("status").asText());
        assertEquals("Finished after the person", end.get("output").asText());
        assertEquals(callsWhileHeld, loopCalls.size(), "the first model call after the hand back was told that a person acted");

        List<Event> seen = new ArrayList<>(opening.events());
        seen.addAll(rest.events());
        List<String> described = describe(seen);
        assertEquals(describe(read(secondApiUrl, id, Map.of(), 1000).events()), described,
                "a client that reconnected saw what one that never did sees, nothing twice");
        int taken = described.indexOf("control paused taken");
        int released = described.indexOf("control running released");
        assertTrue(taken >= 3 && released > taken, described.toString());
        assertFalse(described.subList(taken + 1, released).stream().anyMatch(event -> event.startsWith("step")),
                "no step while the person held the browser: " + described);
        assertEquals("status finished Finished after the person", described.get(described.size() - 1));
        ModelPrompt told = stack.model().requests().stream()
                .filter(prompt -> prompt.contains("Stream me") && prompt.contains(PERSON_ACTED)).findFirst().orElseThrow();
        assertTrue(told.contains("Step " + (callsWhileHeld + 1) + " of 60"), told.userText());
    }

    private static Reading read(String apiUrl, String id, Map<String, String> headers, int limit) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + stack.client().apiKey());
        return EventStreamClient.read(URI.create(apiUrl + "/task/" + id + "/stream"), all, limit, STREAM_TIMEOUT);
    }

    /** Each event as "status created", "step 3", "control paused taken", "status finished output". */
    private static List<String> describe(List<Event> events) throws Exception {
        List<String> described = new ArrayList<>();
        for (Event event : events) {
            JsonNode data = JSON.readTree(event.data());
            described.add(switch (event.name()) {
                case "step" -> "step " + data.get("step").asInt();
                case "control" -> "control " + data.get("status").asText() + " " + data.get("control").asText();
                default -> ("status " + data.get("status").asText() + " " + data.path("output").asText("")).strip();
            });
        }
        return described;
    }

    private static long last(List<Long> times) {
        return times.get(times.size() - 1);
    }
}
