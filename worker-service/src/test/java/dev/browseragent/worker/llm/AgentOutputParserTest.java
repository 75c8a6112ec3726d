package dev.browseragent.worker.llm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOutputParserTest {

    @Test
    void readsTheThoughtsAndTheActionsInOrder() {
        AgentOutput output = AgentOutputParser.parse("""
                {"evaluation_previous_goal": "Opened the shop", "memory": "On the search page",
                 "next_goal": "Search for shoes",
                 "action": [{"input": {"index": 12, "text": "shoes", "clear": true}}, {"click": {"index": 13}},
                            {"go_back": null}]}""");

        assertEquals("Opened the shop", output.evaluationPreviousGoal());
        assertEquals("On the search page", output.memory());
        assertEquals("Search for shoes", output.nextGoal());
        assertEquals(3, output.actions().size());
        assertEquals("input", output.actions().get(0).name());
        assertEquals(12, output.actions().get(0).params().get("index").asInt());
        assertEquals("{\"click\":{\"index\":13}}", output.actions().get(1).toString());
        assertEquals("{\"go_back\":{}}", output.actions().get(2).toString());
    }

    @Test
    void rejectsAnswersThatAreNotAnAgentOutput() {
        assertMalformed("Sure! I will click the button.", "not a valid AgentOutput");
        assertMalformed("", "empty");
        assertMalformed("{\"memory\": \"m\", \"next_goal\": \"g\"}", "'action' must list at least one action");
        assertMalformed("{\"action\": []}", "'action' must list at least one action");
        assertMalformed("{\"action\": [{\"click\": {\"index\": 1}, \"input\": {\"index\": 2}}]}",
                "exactly one key");
        assertMalformed("{\"action\": [\"click\"]}", "not a valid AgentOutput");
    }

    private static void assertMalformed(String answer, String expectedProblem) {
        ModelException e = assertThrows(ModelException.class, () -> AgentOutputParser.parse(answer));
        assertTrue(e.getMessage().contains(expectedProblem), e.getMessage());
    }
}
