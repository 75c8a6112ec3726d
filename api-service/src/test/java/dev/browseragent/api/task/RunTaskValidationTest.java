package dev.browseragent.api.task;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.support.TestAccounts.TestAccount;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every row of the run-task table, with boundary values on both sides: a value just inside is accepted, just
 * outside is a v1 (FastAPI-shaped) 422 with one entry naming the field, never a 5xx.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTaskValidationTest {

    static final String KEY = TestAccounts.BOOTSTRAP_KEY;

    private TestAccount account;

    /** Made on first use: RestAssured knows the test port only once a test runs. */
    private TestAccount account() {
        if (account == null) {
            account = TestAccounts.create(Map.of("max_running_tasks", 0, "max_queued_tasks", 100_000));
        }
        return account;
    }

    /** A body with a valid task and one more field, given as JSON text. */
    static String with(String field, String json) {
        return "{\"task\": \"t\", \"" + field + "\": " + json + "}";
    }

    static String quoted(String text) {
        return "\"" + text + "\"";
    }

    static String pairs(int count, int keyLength, int valueLength) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            String key = String.format("%0" + keyLength + "d", i);
            json.append(i == 0 ? "" : ",").append(quoted(key)).append(": ").append(quoted("v".repeat(valueLength)));
        }
        return json.append('}').toString();
    }

    static String domains(int count) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(quoted("site" + i + ".example.com"));
        }
        return json.append(']').toString();
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                // task
                Arguments.of("{}", List.of("body", "task"), "field required", "value_error.missing"),
                Arguments.of("{\"task\": null}", List.of("body", "task"), "field required", "value_error.missing"),
                Arguments.of("{\"task\": 123}", List.of("body", "task"), "str type expected", "type_error.str"),
                Arguments.of("{\"task\": \"\"}", List.of("body", "task"), "ensure this value has at least 1 characters",
                        "value_error.any_str.min_length"),
                Arguments.of("{\"task\": \"   \"}", List.of("body", "task"), "ensure this value is not blank",
                        "value_error.any_str.blank"),
                Arguments.of("{\"task\": \"" + "x".repeat(50_001) + "\"}", List.of("body", "task"),
                        "ensure this value has at most 50000 characters", "value_error.any_str.max_length"),
                Arguments.of("{\"task\": \"a\\u0000b\"}", List.of("body", "task"), "string contains a NUL character",
                        "value_error.str.nul"),
                // secrets
                Arguments.of(with("secrets", "\"pw\""), List.of("body", "secrets"), "value is not a valid dict", "type_error.dict"),
                Arguments.of(with("secrets", pairs(51, 2, 1)), List.of("body", "secrets"),
                        "ensure this value has at most 50 items", "value_error.list.max_items"),
                Arguments.of(with("secrets", "{\"bad name!\": \"v\"}"), List.of("body", "secrets", "bad name!"),
                        "string does not match regex", "value_error.str.regex"),
                Arguments.of(with("secrets", "{\"" + "n".repeat(65) + "\": \"v\"}"), List.of("body", "secrets", "n".repeat(65)),
                        "string does not match regex", "value_error.str.regex"),
                Arguments.of(with("secrets", "{\"pw\": \"" + "s".repeat(4_097) + "\"}"), List.of("body", "secrets", "pw"),
                        "ensure this value has at most 4096 characters", "value_error.any_str.max_length"),
                Arguments.of(with("secrets", "{\"pw\": 1234}"), List.of("body", "secrets", "pw"), "str type expected", "type_error.str"),
                Arguments.of(with("secrets", "{\"pw\": null}"), List.of("body", "secrets", "pw"), "none is not an allowed value",
                        "type_error.none.not_allowed"),
                // allowed_domains
                Arguments.of(with("allowed_domains", "\"example.com\""), List.of("body", "allowed_domains"),
                        "value is not a valid list", "type_error.list"),
                Arguments.of(with("allowed_domains", domains(101)), List.of("body", "allowed_domains"),
                        "ensure this value has at most 100 items", "value_error.list.max_items"),
                Arguments.of(with("allowed_domains", "[42]"), List.of("body", "allowed_domains", 0), "str type expected", "type_error.str"),
                Arguments.of(with("allowed_domains", "[\"example.com\", \"example.*\"]"), List.of("body", "allowed_domains", 1),
                        "invalid domain pattern: a wildcard top-level domain (example.*) is not allowed", "value_error.domain_pattern"),
                Arguments.of(with("allowed_domains", "[\"https://example.com/login\"]"), List.of("body", "allowed_domains", 0),
                        "invalid domain pattern: a domain pattern has no path", "value_error.domain_pattern"),
                Arguments.of(with("allowed_domains", "[\"ex*ample.com\"]"), List.of("body", "allowed_domains", 0),
                        "invalid domain pattern: '*' is allowed only as a leading '*.'", "value_error.domain_pattern"),
                // browser_profile_id: a wrong type is a 422 before any lookup
                Arguments.of(with("browser_profile_id", "123"), List.of("body", "browser_profile_id"), "str type expected", "type_error.str"),
                // save_browser_data and the other booleans
                Arguments.of(with("save_browser_data", "\"true\""), List.of("body", "save_browser_data"),
                        "value could not be parsed to a boolean", "type_error.bool"),
                Arguments.of(with("use_adblock", "1"), List.of("body", "use_adblock"), "value could not be parsed to a boolean", "type_error.bool"),
                Arguments.of(with("use_proxy", "\"no\""), List.of("body", "use_proxy"), "value could not be parsed to a boolean", "type_error.bool"),
                Arguments.of(with("highlight_elements", "0"), List.of("body", "highlight_elements"),
                        "value could not be parsed to a boolean", "type_error.bool"),
                Arguments.of(with("enable_public_share", "\"yes\""), List.of("body", "enable_public_share"),
                        "value could not be parsed to a boolean", "type_error.bool"),
                // structured_output_json
                Arguments.of(with("structured_output_json", "\"{not json\""), List.of("body", "structured_output_json"),
                        "must be a JSON object", "value_error.json"),
                Arguments.of(with("structured_output_json", "\"[1, 2]\""), List.of("body", "structured_output_json"),
                        "must be a JSON object", "value_error.json"),
                Arguments.of(with("structured_output_json", "42"), List.of("body", "structured_output_json"),
                        "must be a JSON object", "value_error.json"),
                Arguments.of(with("structured_output_json", "{\"type\": \"objekt\"}"), List.of("body", "structured_output_json"),
                        "invalid JSON Schema", "value_error.json_schema"),
                Arguments.of(with("structured_output_json", "\"{\\\"properties\\\": []}\""), List.of("body", "structured_output_json"),
                        "invalid JSON Schema", "value_error.json_schema"),
                // llm_model
                Arguments.of(with("llm_model", "\"gpt-5-ultra\""), List.of("body", "llm_model"),
                        "value is not a valid enumeration member; permitted: 'gpt-4o'", "type_error.enum"),
                Arguments.of(with("llm_model", "4"), List.of("body", "llm_model"), "str type expected", "type_error.str"),
                // proxy_country_code
                Arguments.of(with("proxy_country_code", "\"xx\""), List.of("body", "proxy_country_code"),
                        "value is not a valid enumeration member", "type_error.enum"),
                Arguments.of(with("proxy_country_code", "1"), List.of("body", "proxy_country_code"), "str type expected", "type_error.str"),
                // included_file_names
                Arguments.of(with("included_file_names", "\"a.txt\""), List.of("body", "included_file_names"),
                        "value is not a valid list", "type_error.list"),
                Arguments.of(with("included_file_names", "[7]"), List.of("body", "included_file_names", 0), "str type expected", "type_error.str"),
                Arguments.of(with("included_file_names", "[\"report.pdf\"]"), List.of("body", "included_file_names", 0),
                        "file not found", "value_error.file_not_found"),
                // browser_viewport_width / height
                Arguments.of(with("browser_viewport_width", "319"), List.of("body", "browser_viewport_width"),
                        "ensure this value is greater than or equal to 320", "value_error.number.not_ge"),
                Arguments.of(with("browser_viewport_width", "3841"), List.of("body", "browser_viewport_width"),
                        "ensure this value is less than or equal to 3840", "value_error.number.not_le"),
                Arguments.of(with("browser_viewport_width", "\"1280\""), List.of("body", "browser_viewport_width"),
                        "value is not a valid integer", "type_error.integer"),
                Arguments.of(with("browser_viewport_height", "239"), List.of("body", "browser_viewport_height"),
                        "ensure this value is greater than or equal to 240", "value_error.number.not_ge"),
                Arguments.of(with("browser_viewport_height", "2161"), List.of("body", "browser_viewport_height"),
                        "ensure this value is less than or equal to 2160", "value_error.number.not_le"),
                Arguments.of(with("browser_viewport_height", "960.0"), List.of("body", "browser_viewport_height"),
                        "value is not a valid integer", "type_error.integer"),
                // max_agent_steps, including numbers no integer type holds
                Arguments.of(with("max_agent_steps", "0"), List.of("body", "max_agent_steps"),
                        "ensure this value is greater than or equal to 1", "value_error.number.not_ge"),
                Arguments.of(with("max_agent_steps", "201"), List.of("body", "max_agent_steps"),
                        "ensure this value is less than or equal to 200", "value_error.number.not_le"),
                Arguments.of(with("max_agent_steps", "10.5"), List.of("body", "max_agent_steps"),
                        "value is not a valid integer", "type_error.integer"),
                Arguments.of(with("max_agent_steps", "\"10\""), List.of("body", "max_agent_steps"),
                        "value is not a valid integer", "type_error.integer"),
                Arguments.of(with("max_agent_steps", "99999999999999999999999"), List.of("body", "max_agent_steps"),
                        "ensure this value is less than or equal to 200", "value_error.number.not_le"),
                Arguments.of(with("max_agent_steps", "-99999999999999999999999"), List.of("body", "max_agent_steps"),
                        "ensure this value is greater than or equal to 1", "value_error.number.not_ge"),
                Arguments.of(with("max_agent_steps", "1e400"), List.of("body", "max_agent_steps"),
                        "value is not a valid integer", "type_error.integer"),
                // metadata
                Arguments.of(with("metadata", "[\"team\"]"), List.of("body", "metadata"), "value is not a valid dict", "type_error.dict"),
                Arguments.of(with("metadata", pairs(11, 2, 1)), List.of("body", "metadata"),
                        "ensure this value has at most 10 items", "value_error.list.max_items"),
                Arguments.of(with("metadata", "{\"\": \"v\"}"), List.of("body", "metadata", ""),
                        "ensure this value has at least 1 characters", "value_error.any_str.min_length"),
                Arguments.of(with("metadata", pairs(1, 101, 1)), List.of("body", "metadata", "0".repeat(101)),
                        "ensure this value has at most 100 characters", "value_error.any_str.max_length"),
                Arguments.of(with("metadata", "{\"k\": \"" + "v".repeat(1_001) + "\"}"), List.of("body", "metadata", "k"),
                        "ensure this value has at most 1000 characters", "value_error.any_str.max_length"),
                Arguments.of(with("metadata", "{\"k\": 5}"), List.of("body", "metadata", "k"), "str type expected", "type_error.str"),
                Arguments.of(with("metadata", "{\"k\": {\"nested\": 1}}"), List.of("body", "metadata", "k"), "str type expected", "type_error.str"),
                Arguments.of(with("metadata", "{\"k\": \"a\\u0000\"}"), List.of("body", "metadata", "k"),
                        "string contains a NUL character", "value_error.str.nul"),
                // the body itself
                Arguments.of("[1, 2]", List.of("body"), "value is not a valid dict", "type_error.dict"),
                Arguments.of("\"task\"", List.of("body"), "value is not a valid dict", "type_error.dict"),
                Arguments.of("{\"task\": ", List.of("body"), "request body is not valid JSON", "value_error.jsondecode"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void invalidRunTaskIs422WithTheFieldLocation(String body, List<Object> loc, String msg, String type) {
        account().request().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/run-task")
                .then().statusCode(422)
                .contentType(ContentType.JSON)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(loc))
                .body("detail[0].msg", containsString(msg))
                .body("detail[0].type", equalTo(type));
    }

    static Stream<String> validBoundaryBodies() {
        return Stream.of(
                "{\"task\": \"" + "x".repeat(50_000) + "\"}",
                "{\"task\": \"x\"}",
                with("secrets", pairs(50, 2, 4_096)),
                with("secrets", "{\"" + "N".repeat(64) + "\": \"\", \"a.b-c_d\": \"v\"}"),
                with("allowed_domains", domains(100)),
                with("allowed_domains", "[\"*.example.com\", \"http://a.example.org\", \"https://b.example.net\", \"http*://c.example.io\"]"),
                with("structured_output_json", "{\"type\": \"object\", \"properties\": {\"price\": {\"type\": \"number\"}}}"),
                with("structured_output_json", "\"{\\\"type\\\": \\\"object\\\"}\""),
                with("llm_model", "\"claude-sonnet-4-20250514\""),
                with("proxy_country_code", "\"UK\""),
                with("browser_viewport_width", "320"),
                with("browser_viewport_width", "3840"),
                with("browser_viewport_height", "240"),
                with("browser_viewport_height", "2160"),
                with("max_agent_steps", "1"),
                with("max_agent_steps", "200"),
                with("metadata", pairs(10, 100, 1_000)),
                with("metadata", "{}"),
                with("included_file_names", "[]"),
                "{\"task\": \"t\", \"secrets\": null, \"allowed_domains\": null, \"browser_profile_id\": null, "
                        + "\"save_browser_data\": null, \"structured_output_json\": null, \"llm_model\": null, "
                        + "\"use_adblock\": null, \"use_proxy\": null, \"proxy_country_code\": null, "
                        + "\"highlight_elements\": null, \"included_file_names\": null, \"browser_viewport_width\": null, "
                        + "\"browser_viewport_height\": null, \"max_agent_steps\": null, \"enable_public_share\": null, "
                        + "\"metadata\": null, \"unknown_field\": {\"is\": \"ignored\"}}");
    }

    @ParameterizedTest
    @MethodSource("validBoundaryBodies")
    void valuesJustInsideTheRulesAreAccepted(String body) {
        account().request().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/run-task")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void nullMeansTheDefaultAndValuesAreStoredNormalised() throws Exception {
        String defaults = account.request().contentType(ContentType.JSON)
                .body("{\"task\": \"t\", \"llm_model\": null, \"max_agent_steps\": null, \"use_proxy\": null}")
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        assertEquals(List.of("gpt-4.1", "75", "true", "us", "1280", "960"), stored(defaults));
        String upper = account.request().contentType(ContentType.JSON)
                .body("{\"task\": \"t\", \"proxy_country_code\": \"DE\", \"max_agent_steps\": 12, \"use_proxy\": false}")
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        assertEquals(List.of("gpt-4.1", "12", "false", "de", "1280", "960"), stored(upper));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        account().request().contentType(ContentType.JSON)
                .body("{\"max_agent_steps\": 500, \"browser_viewport_width\": 10, \"metadata\": {\"a\": 1, \"b\": 2}}")
                .when().post("/api/v1/run-task")
                .then().statusCode(422)
                .body("detail.loc", contains(List.of("body", "task"), List.of("body", "browser_viewport_width"),
                        List.of("body", "max_agent_steps"), List.of("body", "metadata", "a"), List.of("body", "metadata", "b")));
    }

    @Test
    void missingBodyIsFieldRequired() {
        account().request().contentType(ContentType.JSON)
                .when().post("/api/v1/run-task")
                .then().statusCode(422)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(List.of("body")))
                .body("detail[0].msg", equalTo("field required"));
    }

    @Test
    void unknownOrMalformedBrowserProfileIs404() {
        for (String profile : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            account().request().contentType(ContentType.JSON)
                    .body(with("browser_profile_id", quoted(profile)))
                    .when().post("/api/v1/run-task")
                    .then().statusCode(404).contentType(ContentType.JSON)
                    .body("detail", equalTo("Browser profile not found"));
        }
    }

    @Test
    void theAccountsProfileAndUploadsAreAcceptedAndTheProfileSetsTheDefaults() throws Exception {
        UUID profile = UUID.randomUUID();
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement insertProfile = connection.prepareStatement("insert into browser_profiles (id, account_id, "
                     + "profile_name, ad_blocker, proxy, proxy_country_code, browser_viewport_width, browser_viewport_height) "
                     + "values (?, ?, 'p', false, false, 'jp', 800, 600)");
             PreparedStatement insertUpload = connection.prepareStatement("insert into files (id, account_id, file_name, "
                     + "content_type, size_bytes, storage_key) values (?, ?, 'notes.txt', 'text/plain', 5, 'k')")) {
            insertProfile.setObject(1, profile);
            insertProfile.setObject(2, UUID.fromString(account().id()));
            insertProfile.executeUpdate();
            insertUpload.setObject(1, UUID.randomUUID());
            insertUpload.setObject(2, UUID.fromString(account().id()));
            insertUpload.executeUpdate();
        }
        String id = account.request().contentType(ContentType.JSON)
                .body("{\"task\": \"t\", \"browser_profile_id\": \"" + profile + "\", \"browser_viewport_width\": 1024, "
                        + "\"included_file_names\": [\"notes.txt\"]}")
                .when().post("/api/v1/run-task").then().statusCode(200).extract().path("id");
        assertEquals(List.of("gpt-4.1", "75", "false", "jp", "1024", "600"), stored(id));
        account().request().when().get("/api/v1/task/" + id)
                .then().statusCode(200).body("user_uploaded_files", equalTo(List.of("notes.txt")));

        TestAccount other = TestAccounts.create();
        other.request().contentType(ContentType.JSON)
                .body(with("browser_profile_id", quoted(profile.toString())))
                .when().post("/api/v1/run-task")
                .then().statusCode(404).body("detail", equalTo("Browser profile not found"));
        other.request().contentType(ContentType.JSON)
                .body(with("included_file_names", "[\"notes.txt\"]"))
                .when().post("/api/v1/run-task")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("body", "included_file_names", 0)));
    }

    @Test
    void aBadKeyIsRefusedBeforeTheBodyIsJudged() {
        withKey("bu_wrong").contentType(ContentType.JSON).body("{")
                .when().post("/api/v1/run-task")
                .then().statusCode(401).body("detail", equalTo("Invalid or missing API key"));
    }

    /** llm_model, max_agent_steps, and from the options: use_proxy, proxy_country_code, viewport. */
    private static List<String> stored(String id) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement query = connection.prepareStatement("select llm_model, max_agent_steps, "
                     + "options->>'use_proxy', options->>'proxy_country_code', options->>'browser_viewport_width', "
                     + "options->>'browser_viewport_height' from tasks where id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                        row.getString(6));
            }
        }
    }
}
