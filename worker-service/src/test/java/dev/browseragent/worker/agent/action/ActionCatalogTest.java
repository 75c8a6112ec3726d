package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.worker.llm.ActionCall;
import dev.browseragent.worker.llm.ActionSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActionCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ActionCall call(String json) throws Exception {
        return JSON.readValue(json, ActionCall.class);
    }

    private static String error(String json, List<ActionSpec> offered) throws Exception {
        ActionCall call = call(json);
        return assertThrows(ActionException.class, () -> ActionCatalog.bind(call, offered)).getMessage();
    }

    @Test
    void bindsParamsAndFillsInTheDefaults() throws Exception {
        assertEquals(new Input(3, "shoes", true),
                ActionCatalog.bind(call("{\"input\": {\"index\": 3, \"text\": \"shoes\"}}"), ActionCatalog.all()));
        assertEquals(new Input(3, "more", false), ActionCatalog.bind(
                call("{\"input\": {\"index\": 3, \"text\": \"more\", \"clear\": false}}"), ActionCatalog.all()));
        assertEquals(new Navigate("https://shop.test/", false), ActionCatalog.bind(
                call("{\"navigate\": {\"url\": \"https://shop.test/\", \"new_tab\": null}}"), ActionCatalog.all()));
        assertEquals(new Scroll(true, 1.0, null), ActionCatalog.bind(call("{\"scroll\": {}}"), ActionCatalog.all()));
        assertEquals(new Done("Found it", true),
                ActionCatalog.bind(call("{\"done\": {\"text\": \"Found it\"}}"), ActionCatalog.all()));
        assertEquals(new GoBack(), ActionCatalog.bind(call("{\"go_back\": {}}"), ActionCatalog.all()));
    }

    @Test
    void waitsAtMostThirtySeconds() throws Exception {
        assertEquals(new Wait(30), ActionCatalog.bind(call("{\"wait\": {\"seconds\": 120}}"), ActionCatalog.all()));
    }

    @Test
    void explainsUnknownActionsAndParamsThatDoNotFit() throws Exception {
        assertEquals("the action 'fly' does not exist; use one of "
                        + "[navigate, go_back, click, input, scroll, send_keys, wait, done]",
                error("{\"fly\": {\"to\": \"moon\"}}", ActionCatalog.all()));
        assertEquals("invalid params for 'click': 'index' is required",
                error("{\"click\": {}}", ActionCatalog.all()));
        assertEquals("invalid params for 'click': Cannot deserialize value of type `java.lang.Integer` from String"
                        + " \"first\": not a valid `java.lang.Integer` value",
                error("{\"click\": {\"index\": \"first\"}}", ActionCatalog.all()));
        assertEquals("invalid params for 'input': unknown param 'value'; its params are [index, text, clear]",
                error("{\"input\": {\"index\": 1, \"text\": \"x\", \"value\": \"x\"}}", ActionCatalog.all()));
    }

    @Test
    void refusesActionsThatWereNotOffered() throws Exception {
        assertEquals("the action 'click' is not allowed now; use one of [done]",
                error("{\"click\": {\"index\": 1}}", ActionCatalog.doneOnly()));
    }
}
