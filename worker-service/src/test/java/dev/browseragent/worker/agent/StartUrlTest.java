package dev.browseragent.worker.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StartUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Find the cheapest flight on https://flights.example/search?from=OSL from Oslo | https://flights.example/search?from=OSL",
            "Open http://shop.example. | http://shop.example",
            "Log in (at https://app.example/login) and download the invoice | https://app.example/login",
            "Read \"https://news.example/a\", then summarise | https://news.example/a",
            "See https://en.wikipedia.example/wiki/Java_(programming_language) | https://en.wikipedia.example/wiki/Java_(programming_language)",
            "Compare HTTPS://Shop.Example/x with nothing else! | HTTPS://Shop.Example/x",
            "Open https://a.example/ and then https://a.example/ again | https://a.example/"})
    void aTaskNamingOneAddressStartsThere(String task, String expected) {
        assertEquals(Optional.of(expected), StartUrl.in(task));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Find the cheapest flight from Oslo to Rome",
            "Compare https://a.example and https://b.example",
            "Go to shop.example and buy socks",
            "Read ftp://files.example/readme",
            "Open https:// now"})
    void aTaskNamingNoneOrSeveralLeavesItToTheModel(String task) {
        assertEquals(Optional.empty(), StartUrl.in(task));
    }
}
