package dev.browseragent.api.search;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search endpoints without a worker: every bound of every field is a 422 naming it, no key is a 401, and a valid
 * search, which no worker takes here, is stopped after {@code browser-agent.search.timeout} (3 s in tests) and
 * answered with a 504, leaving its task {@code stopped}. The searches themselves run end to end in SearchIT.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchEndpointsTest {

    private static final Pattern TASK_ID = Pattern.compile("\\(task ([0-9a-f-]{36})\\)");

    private TestAccount account;

    /** Made on first use: RestAssured knows the test port only once a test runs. No slot: nothing is admitted. */
    private TestAccount account() {
        if (account == null) {
            account = TestAccounts.create(Map.of("max_running_tasks", 0, "max_queued_tasks", 100_000));
        }
        return account;
    }

    private static String text(int length) {
        return "\"" + "q".repeat(length) + "\"";
    }

    static Stream<Arguments> invalidBodies() {
        String url = "\"url\": \"https://example.com/\", ";
        return Stream.of(
                // simple-search: query
                Arguments.of("simple-search", "{}", List.of("body", "query"), "field required", "value_error.missing"),
                Arguments.of("simple-search", "{\"query\": null}", List.of("body", "query"), "field required", "value_error.missing"),
                Arguments.of("simple-search", "{\"query\": 5}", List.of("body", "query"), "str type expected", "type_error.str"),
                Arguments.of("simple-search", "{\"query\": [\"a\"]}", List.of("body", "query"), "str type expected", "type_error.str"),
                Arguments.of("simple-search", "{\"query\": {\"a\": {\"b\": 1}}}", List.of("body", "query"), "str type expected",
                        "type_error.str"),
                Arguments.of("simple-search", "{\"query\": \"\"}", List.of("body", "query"),
                        "ensure this value has at least 1 characters", "value_error.any_str.min_length"),
                Arguments.of("simple-search", "{\"query\": \"  \"}", List.of("body", "query"), "ensure this value is not blank",
                        "value_error.any_str.blank"),
                Arguments.of("simple-search", "{\"query\": " + text(20_001) + "}", List.of("body", "query"),
                        "ensure this value has at most 20000 characters", "value_error.any_str.max_length"),
                Arguments.of("simple-search", "{\"query\": \"a\\u0000\"}", List.of("body", "query"),
                        "string contains a NUL character", "value_error.str.nul"),
                // simple-search: max_websites
                Arguments.of("simple-search", "{\"query\": \"q\", \"max_websites\": 0}", List.of("body", "max_websites"),
                        "ensure this value is greater than or equal to 1", "value_error.number.not_ge"),
                Arguments.of("simple-search", "{\"query\": \"q\", \"max_websites\": 11}", List.of("body", "max_websites"),
                        "ensure this value is less than or equal to 10", "value_error.number.not_le"),
                Arguments.of("simple-search", "{\"query\": \"q\", \"max_websites\": \"5\"}", List.of("body", "max_websites"),
                        "value is not a valid integer", "type_error.integer"),
                Arguments.of("simple-search", "{\"query\": \"q\", \"max_websites\": 2.5}", List.of("body", "max_websites"),
                        "value is not a valid integer", "type_error.integer"),
                // simple-search: depth
                Arguments.of("simple-search", "{\"query\": \"q\", \"depth\": 1}", List.of("body", "depth"),
                        "ensure this value is greater than or equal to 2", "value_error.number.not_ge"),
                Arguments.of("simple-search", "{\"query\": \"q\", \"depth\": 6}", List.of("body", "depth"),
                        "ensure this value is less than or equal to 5", "value_error.number.not_le"),
                Arguments.of("simple-search", "{\"query\": \"q\", \"depth\": [2]}", List.of("body", "depth"),
                        "value is not a valid integer", "type_error.integer"),
                // simple-search: the body
                Arguments.of("simple-search", "[\"q\"]", List.of("body"), "value is not a valid dict", "type_error.dict"),
                Arguments.of("simple-search", "{\"query\": ", List.of("body"), "request body is not valid JSON",
                        "value_error.jsondecode"),
                // search-url: url
                Arguments.of("search-url", "{\"query\": \"q\"}", List.of("body", "url"), "field required", "value_error.missing"),
                Arguments.of("search-url", "{\"url\": 1, \"query\": \"q\"}", List.of("body", "url"), "str type expected",
                        "type_error.str"),
                Arguments.of("search-url", "{\"url\": {\"href\": \"https://example.com/\"}, \"query\": \"q\"}",
                        List.of("body", "url"), "str type expected", "type_error.str"),
                Arguments.of("search-url", "{\"url\": \"\", \"query\": \"q\"}", List.of("body", "url"),
                        "ensure this value has at least 1 characters", "value_error.any_str.min_length"),
                Arguments.of("search-url", "{\"url\": \"https://example.com/" + "p".repeat(19_981) + "\", \"query\": \"q\"}",
                        List.of("body", "url"), "ensure this value has at most 20000 characters",
                        "value_error.any_str.max_length"),
                Arguments.of("search-url", "{\"url\": \"https://example.com/\\u0000\", \"query\": \"q\"}", List.of("body", "url"),
                        "string contains a NUL character", "value_error.str.nul"),
                Arguments.of("search-url", "{\"url\": \"example.com\", \"query\": \"q\"}", List.of("body", "url"),
                        "must be an http or https URL with a host", "value_error.url"),
                Arguments.of("search-url", "{\"url\": \"file:///etc/passwd\", \"query\": \"q\"}", List.of("body", "url"),
                        "must be an http or https URL with a host", "value_error.url"),
                Arguments.of("search-url", "{\"url\": \"https://exa mple.com/\", \"query\": \"q\"}", List.of("body", "url"),
                        "must be an http or https URL with a host", "value_error.url"),
                // search-url: query
                Arguments.of("search-url", "{" + url + "\"query\": null}", List.of("body", "query"), "field required",
                        "value_error.missing"),
                Arguments.of("search-url", "{" + url + "\"query\": true}", List.of("body", "query"), "str type expected",
                        "type_error.str"),
                Arguments.of("search-url", "{" + url + "\"query\": \"\"}", List.of("body", "query"),
                        "ensure this value has at least 1 characters", "value_error.any_str.min_length"),
                Arguments.of("search-url", "{" + url + "\"query\": " + text(20_001) + "}", List.of("body", "query"),
                        "ensure this value has at most 20000 characters", "value_error.any_str.max_length"),
                Arguments.of("search-url", "{" + url + "\"query\": \"\\u0000\"}", List.of("body", "query"),
                        "string contains a NUL character", "value_error.str.nul"),
                // search-url: depth
                Arguments.of("search-url", "{" + url + "\"query\": \"q\", \"depth\": 1}", List.of("body", "depth"),
                        "ensure this value is greater than or equal to 2", "value_error.number.not_ge"),
                Arguments.of("search-url", "{" + url + "\"query\": \"q\", \"depth\": 6}", List.of("body", "depth"),
                        "ensure this value is less than or equal to 5", "value_error.number.not_le"),
                Arguments.of("search-url", "{" + url + "\"query\": \"q\", \"depth\": 99999999999999999999}",
                        List.of("body", "depth"), "ensure this value is less than or equal to 5", "value_error.number.not_le"),
                // search-url: the body
                Arguments.of("search-url", "\"https://example.com/\"", List.of("body"), "value is not a valid dict",
                        "type_error.dict"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void invalidSearchIs422WithTheFieldLocation(String endpoint, String body, List<Object> loc, String msg, String type) {
        account().request().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/" + endpoint)
                .then().statusCode(422)
                .contentType(ContentType.JSON)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(loc))
                .body("detail[0].msg", containsString(msg))
                .body("detail[0].type", equalTo(type));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        account().request().contentType(ContentType.JSON)
                .body("{\"url\": \"ftp://example.com/\", \"depth\": 9}")
                .when().post("/api/v1/search-url")
                .then().statusCode(422)
                .body("detail.loc", equalTo(List.of(List.of("body", "url"), List.of("body", "query"),
                        List.of("body", "depth"))));
    }

    @Test
    void withoutAKeyBothAre401() {
        for (String endpoint : List.of("simple-search", "search-url")) {
            given().contentType(ContentType.JSON).body("{\"query\": \"q\", \"url\": \"https://example.com/\"}")
                    .when().post("/api/v1/" + endpoint)
                    .then().statusCode(401).contentType(ContentType.JSON);
        }
    }

    @Test
    void aSearchOverTheTimeLimitIs504AndItsTaskIsStopped() {
        List<String> bodies = List.of(
                "{\"query\": \"" + "q".repeat(20_000) + "\", \"max_websites\": 10, \"depth\": 5}",
                "{\"url\": \"http://example.com/\", \"query\": \"q\", \"depth\": 2, \"unknown\": {\"is\": \"ignored\"}}");
        List<String> endpoints = List.of("simple-search", "search-url");
        for (int i = 0; i < bodies.size(); i++) {
            long started = System.nanoTime();
            String detail = account().request().contentType(ContentType.JSON).body(bodies.get(i))
                    .when().post("/api/v1/" + endpoints.get(i))
                    .then().statusCode(504).contentType(ContentType.JSON)
                    .body("detail", containsString("did not finish within 3 s; it was stopped"))
                    .extract().path("detail");
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(waitedMillis >= 3_000, "answered after " + waitedMillis + " ms, before the time limit");
            Matcher id = TASK_ID.matcher(detail);
            assertTrue(id.find(), detail);
            account().request().when().get("/api/v1/task/" + id.group(1))
                    .then().statusCode(200).body("status", equalTo("stopped"));
        }
    }
}
