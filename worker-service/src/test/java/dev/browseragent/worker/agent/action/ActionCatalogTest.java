package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.worker.llm.ActionCall;
import dev.browseragent.worker.llm.ActionSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActionCatalogTest {

    private static final ActionCatalog CATALOG = ActionCatalog.of(null);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ActionCall call(String json) throws Exception {
        return JSON.readValue(json, ActionCall.class);
    }

    private static String error(String json, List<ActionSpec> offered) throws Exception {
        ActionCall call = call(json);
        return assertThrows(ActionException.class, () -> CATALOG.bind(call, offered)).getMessage();
    }

    @Test
    void bindsParamsAndFillsInTheDefaults() throws Exception {
        assertEquals(new Input(3, "shoes", true),
                CATALOG.bind(call("{\"input\": {\"index\": 3, \"text\": \"shoes\"}}"), CATALOG.all()));
        assertEquals(new Input(3, "more", false), CATALOG.bind(
                call("{\"input\": {\"index\": 3, \"text\": \"more\", \"clear\": false}}"), CATALOG.all()));
        assertEquals(new Navigate("https://shop.test/", false), CATALOG.bind(
                call("{\"navigate\": {\"url\": \"https://shop.test/\", \"new_tab\": null}}"), CATALOG.all()));
        assertEquals(new Scroll(true, 1.0, null), CATALOG.bind(call("{\"scroll\": {}}"), CATALOG.all()));
        assertEquals(new Done("Found it", true),
                CATALOG.bind(call("{\"done\": {\"text\": \"Found it\"}}"), CATALOG.all()));
        assertEquals(new GoBack(), CATALOG.bind(call("{\"go_back\": {}}"), CATALOG.all()));
    }

    @Test
    void waitsAtMostThirtySeconds() throws Exception {
        assertEquals(new Wait(30), CATALOG.bind(call("{\"wait\": {\"seconds\": 120}}"), CATALOG.all()));
    }

    @Test
    void explainsUnknownActionsAndParamsThatDoNotFit() throws Exception {
        assertEquals("the action 'fly' does not exist; use one of "
                        + "[navigate, search, go_back, wait, click, input, select_dropdown, dropdown_options, scroll,"
                        + " find_text, send_keys, switch, close, upload_file, extract, done]",
                error("{\"fly\": {\"to\": \"moon\"}}", CATALOG.all()));
        assertEquals("invalid params for 'click': 'index' is required",
                error("{\"click\": {}}", CATALOG.all()));
        assertEquals("invalid params for 'click': 'index' has the wrong type; its params are [index]",
                error("{\"click\": {\"index\": \"first\"}}", CATALOG.all()));
        assertEquals("invalid params for 'input': unknown param 'value'; its params are [index, text, clear]",
                error("{\"input\": {\"index\": 1, \"text\": \"x\", \"value\": \"x\"}}", CATALOG.all()));
    }

    @Test
    void refusesActionsThatWereNotOffered() throws Exception {
        assertEquals("the action 'click' is not allowed now; use one of [done]",
                error("{\"click\": {\"index\": 1}}", CATALOG.doneOnly()));
    }
}
