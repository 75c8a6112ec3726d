package dev.browseragent.api.task;

import dev.browseragent.embedded.quarkus.KafkaTestResource;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Every run-task rule answers a v1 (FastAPI-shaped) 422 naming the field, never a 5xx. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class RunTaskValidationTest {

    static final String KEY = "bu_test_bootstrap_key";

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{}", List.of("body", "task"), "field required", "value_error.missing"),
                Arguments.of("{\"task\": null}", List.of("body", "task"), "field required", "value_error.missing"),
                Arguments.of("{\"task\": \"   \"}", List.of("body", "task"), "ensure this value is not blank",
                        "value_error.any_str.blank"),
                Arguments.of("{\"task\": \"" + "x".repeat(50_001) + "\"}", List.of("body", "task"),
                        "ensure this value has at most 50000 characters", "value_error.any_str.max_length"),
                Arguments.of("{\"task\": \"t\", \"max_agent_steps\": 0}", List.of("body", "max_agent_steps"),
                        "ensure this value is greater than or equal to 1", "value_error.number.not_ge"),
                Arguments.of("{\"task\": \"t\", \"max_agent_steps\": 201}", List.of("body", "max_agent_steps"),
                        "ensure this value is less than or equal to 200", "value_error.number.not_le"),
                Arguments.of("{\"task\": \"t\", \"max_agent_steps\": \"many\"}", List.of("body", "max_agent_steps"),
                        "value is not a valid integer", "type_error.integer"),
                Arguments.of("{\"task\": \"t\", \"browser_viewport_width\": 319}", List.of("body", "browser_viewport_width"),
                        "ensure this value is greater than or equal to 320", "value_error.number.not_ge"),
                Arguments.of("{\"task\": \"t\", \"browser_viewport_height\": 2161}", List.of("body", "browser_viewport_height"),
                        "ensure this value is less than or equal to 2160", "value_error.number.not_le"),
                Arguments.of("{\"task\": \"t\", \"llm_model\": \"gpt-5-ultra\"}", List.of("body", "llm_model"),
                        "value is not a valid enumeration member; permitted: 'gpt-4o'", "type_error.enum"),
                Arguments.of("{\"task\": \"t\", \"proxy_country_code\": \"xx\"}", List.of("body", "proxy_country_code"),
                        "value is not a valid enumeration member", "type_error.enum"),
                Arguments.of("{\"task\": \"t\", \"secrets\": {\"bad name!\": \"v\"}}", List.of("body", "secrets", "bad name!"),
                        "string does not match regex", "value_error.str.regex"),
                Arguments.of("{\"task\": \"t\", \"secrets\": {\"pw\": \"" + "s".repeat(4_097) + "\"}}",
                        List.of("body", "secrets", "pw"), "ensure this value has at most 4096 characters",
                        "value_error.any_str.max_length"),
                Arguments.of("{\"task\": \"t\", \"metadata\": {\"k\": \"" + "v".repeat(1_001) + "\"}}",
                        List.of("body", "metadata", "k"), "ensure this value has at most 1000 characters",
                        "value_error.any_str.max_length"),
                Arguments.of("{\"task\": \"t\", \"metadata\": " + manyPairs(11) + "}", List.of("body", "metadata"),
                        "ensure this value has at most 10 items", "value_error.list.max_items"),
                Arguments.of("{\"task\": \"t\", \"metadata\": {\"k\": {\"nested\": 1}}}", List.of("body", "metadata", "k"),
                        "str type expected", "type_error.str"),
                Arguments.of("{\"task\": \"t\", \"structured_output_json\": \"{not json\"}",
                        List.of("body", "structured_output_json"), "must be a JSON object", "value_error.json"),
                Arguments.of("{\"task\": \"t\", \"included_file_names\": [\"report.pdf\"]}",
                        List.of("body", "included_file_names", 0), "file not found", "value_error.file_not_found"),
                Arguments.of("{\"task\": \"t\", \"allowed_domains\": [\"example.com\", \"example.*\"]}",
                        List.of("body", "allowed_domains", 1),
                        "invalid domain pattern: a wildcard top-level domain (example.*) is not allowed",
                        "value_error.domain_pattern"),
                Arguments.of("{\"task\": \"t\", \"allowed_domains\": [\"https://example.com/login\"]}",
                        List.of("body", "allowed_domains", 0), "invalid domain pattern: a domain pattern has no path",
                        "value_error.domain_pattern"),
                Arguments.of("[1, 2]", List.of("body"), "value is not a valid dict", "type_error.dict"),
                Arguments.of("{\"task\": ", List.of("body"), "request body is not valid JSON", "value_error.jsondecode"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void invalidRunTaskIs422WithTheFieldLocation(String body, List<Object> loc, String msg, String type) {
        given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/run-task")
                .then().statusCode(422)
                .contentType(ContentType.JSON)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(loc))
                .body("detail[0].msg", containsString(msg))
                .body("detail[0].type", equalTo(type));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON)
                .body("{\"max_agent_steps\": 500, \"browser_viewport_width\": 10}")
                .when().post("/api/v1/run-task")
                .then().statusCode(422)
                .body("detail.loc", contains(List.of("body", "browser_viewport_width"),
                        List.of("body", "max_agent_steps"), List.of("body", "task")));
    }

    @Test
    void missingBodyIsFieldRequired() {
        given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON)
                .when().post("/api/v1/run-task")
                .then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("body")))
                .body("detail[0].msg", equalTo("field required"));
    }

    @Test
    void unknownBrowserProfileIs404() {
        given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON)
                .body("{\"task\": \"t\", \"browser_profile_id\": \"0b7b1a36-6f55-4d7c-9a55-8f2a1e0f3c11\"}")
                .when().post("/api/v1/run-task")
                .then().statusCode(404)
                .body("detail", equalTo("Browser profile not found"));
    }

    private static String manyPairs(int count) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        return json.append('}').toString();
    }
}
