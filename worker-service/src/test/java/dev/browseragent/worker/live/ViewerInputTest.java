package dev.browseragent.worker.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewerInputTest {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1100;

    @Test
    void aPositionOnTheFrameIsThatFractionOfThePageInCssPixels() {
        assertArrayEquals(new double[]{640, 550}, ViewerInput.pagePoint(0.5, 0.5, WIDTH, HEIGHT));
        assertArrayEquals(new double[]{0, 0}, ViewerInput.pagePoint(0, 0, WIDTH, HEIGHT));
        assertArrayEquals(new double[]{320, 825}, ViewerInput.pagePoint(0.25, 0.75, WIDTH, HEIGHT));
    }

    @Test
    void theFramesFarEdgeIsTheLastPixelInsideThePage() {
        assertArrayEquals(new double[]{WIDTH - 1, HEIGHT - 1}, ViewerInput.pagePoint(1, 1, WIDTH, HEIGHT));
    }

    @Test
    void aMouseDownIsAPressOfTheLeftButtonByDefaultAtThePagesPixels() throws Exception {
        ViewerInput input = ViewerInput.parse("{\"type\": \"mouse\", \"action\": \"down\", \"x\": 0.5, \"y\": 0.25}",
                800, 600);

        assertEquals("Input.dispatchMouseEvent", input.method());
        assertEquals(Map.of("type", "mousePressed", "x", 400.0, "y", 150.0, "button", "left", "clickCount", 1,
                "modifiers", 0), input.params());
    }

    @Test
    void aMoveIsWithoutButtonOrClicks() throws Exception {
        Map<String, Object> params = ViewerInput.parse("{\"type\": \"mouse\", \"action\": \"move\", \"x\": 0.1, \"y\": 0.1}",
                WIDTH, HEIGHT).params();

        assertEquals("mouseMoved", params.get("type"));
        assertEquals("none", params.get("button"));
        assertEquals(0, params.get("clickCount"));
    }

    @Test
    void aWheelScrollsByItsDeltas() throws Exception {
        Map<String, Object> params = ViewerInput.parse(
                "{\"type\": \"wheel\", \"x\": 0.5, \"y\": 0.5, \"dx\": 0, \"dy\": 120}", WIDTH, HEIGHT).params();

        assertEquals("mouseWheel", params.get("type"));
        assertEquals(120.0, params.get("deltaY"));
    }

    @Test
    void aKeyDownWithTextTypesItAndOneWithoutIsARawKeyDown() throws Exception {
        Map<String, Object> typed = ViewerInput.parse("{\"type\": \"key\", \"action\": \"down\", \"key\": \"a\","
                + " \"code\": \"KeyA\", \"text\": \"a\", \"key_code\": 65}", WIDTH, HEIGHT).params();
        Map<String, Object> arrow = ViewerInput.parse("{\"type\": \"key\", \"action\": \"down\", \"key\": \"ArrowLeft\","
                + " \"key_code\": 37}", WIDTH, HEIGHT).params();
        Map<String, Object> released = ViewerInput.parse("{\"type\": \"key\", \"action\": \"up\", \"key\": \"a\","
                + " \"text\": \"a\"}", WIDTH, HEIGHT).params();

        assertEquals("keyDown", typed.get("type"));
        assertEquals("a", typed.get("text"));
        assertEquals(65, typed.get("windowsVirtualKeyCode"));
        assertEquals("rawKeyDown", arrow.get("type"));
        assertFalse(arrow.containsKey("text"));
        assertEquals("keyUp", released.get("type"));
        assertFalse(released.containsKey("text"), "a key up types nothing");
    }

    @Test
    void textIsInsertedAsIs() throws Exception {
        ViewerInput input = ViewerInput.parse("{\"type\": \"text\", \"text\": \"<b>pasted</b>\"}", WIDTH, HEIGHT);

        assertEquals("Input.insertText", input.method());
        assertEquals(Map.of("text", "<b>pasted</b>"), input.params());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "[]", "null", "42", "{}", "{\"type\": 7}",
            "{\"type\": \"scroll\"}",
            "{\"type\": \"mouse\", \"action\": \"down\", \"x\": 1.5, \"y\": 0.5}",
            "{\"type\": \"mouse\", \"action\": \"down\", \"x\": -0.1, \"y\": 0.5}",
            "{\"type\": \"mouse\", \"action\": \"down\", \"x\": \"0.5\", \"y\": 0.5}",
            "{\"type\": \"mouse\", \"action\": \"down\", \"x\": 0.5}",
            "{\"type\": \"mouse\", \"action\": \"drag\", \"x\": 0.5, \"y\": 0.5}",
            "{\"type\": \"mouse\", \"action\": \"down\", \"x\": 0.5, \"y\": 0.5, \"button\": \"back\"}",
            "{\"type\": \"mouse\", \"action\": \"down\", \"x\": 0.5, \"y\": 0.5, \"clicks\": 1000}",
            "{\"type\": \"mouse\", \"action\": \"down\", \"x\": 0.5, \"y\": 0.5, \"modifiers\": 1.5}",
            "{\"type\": \"wheel\", \"x\": 0.5, \"y\": 0.5, \"dy\": 1e9}",
            "{\"type\": \"key\", \"action\": \"down\"}",
            "{\"type\": \"key\", \"action\": \"press\", \"key\": \"a\"}",
            "{\"type\": \"key\", \"action\": \"down\", \"key\": \"a\", \"text\": \"typed a whole sentence\"}",
            "{\"type\": \"key\", \"action\": \"down\", \"key\": \"a\", \"key_code\": 100000}",
            "{\"type\": \"text\", \"text\": \"\"}",
            "{\"type\": \"text\", \"text\": [\"a\"]}"})
    void anythingElseIsRefusedWithAReason(String message) {
        ViewerInput.BadInput refused = assertThrows(ViewerInput.BadInput.class,
                () -> ViewerInput.parse(message, WIDTH, HEIGHT));
        assertFalse(refused.getMessage().isBlank());
    }

    @Test
    void tooLongATextOrMessageIsRefused() {
        String longText = "x".repeat(ViewerInput.MAX_TEXT_CHARS + 1);
        assertThrows(ViewerInput.BadInput.class,
                () -> ViewerInput.parse("{\"type\": \"text\", \"text\": \"" + longText + "\"}", WIDTH, HEIGHT));
        String huge = "{\"type\": \"text\", \"text\": \"" + "y".repeat(ViewerInput.MAX_MESSAGE_CHARS) + "\"}";
        ViewerInput.BadInput refused = assertThrows(ViewerInput.BadInput.class,
                () -> ViewerInput.parse(huge, WIDTH, HEIGHT));
        assertTrue(refused.getMessage().contains(String.valueOf(ViewerInput.MAX_MESSAGE_CHARS)));
    }
}
