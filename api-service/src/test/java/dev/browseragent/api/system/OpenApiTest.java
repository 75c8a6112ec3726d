package dev.browseragent.api.system;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class OpenApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"/openapi.json", "/api/v1/openapi.json"})
    void theDocumentDescribesTheV1EndpointsWithoutAKey(String path) {
        given().accept("application/json")
                .when().get(path)
                .then().log().ifValidationFails().statusCode(200)
                .body("paths.'/api/v1/run-task'.post", notNullValue())
                .body("paths.'/api/v1/task/{task_id}'.get", notNullValue())
                .body("paths.'/api/v1/task/{task_id}/status'.get", notNullValue())
                .body("paths.'/api/v1/tasks'.get.parameters.name", hasItems("page", "limit"))
                .body("paths.'/api/v1/stop-task'.put", notNullValue())
                .body("paths.'/api/v1/stop-task/{task_id}'.put", notNullValue())
                .body("paths.'/api/v1/pause-task'.put", notNullValue())
                .body("paths.'/api/v1/pause-task/{task_id}'.put", notNullValue())
                .body("paths.'/api/v1/resume-task'.put", notNullValue())
                .body("paths.'/api/v1/resume-task/{task_id}'.put", notNullValue())
                .body("paths.'/api/v1/me'.get", notNullValue())
                .body("paths.'/api/v1/balance'.get", notNullValue())
                .body("paths.'/api/v1/ping'.get", notNullValue())
                .body("paths.'/admin/accounts'.post", notNullValue())
                .body("paths.'/admin/accounts/{account_id}'.patch", notNullValue())
                .body("paths.'/admin/accounts/{account_id}/credits'.post", notNullValue())
                .body("paths.'/admin/accounts/{account_id}/api-keys/{key_id}'.delete", notNullValue())
                .body("components.schemas.TaskView.properties.keySet()", hasItems("steps", "browser_data",
                        "output_files", "user_uploaded_files", "public_share_url", "failure_reason"))
                .body("components.schemas.TaskPage.properties.keySet()", hasItems("tasks", "total_pages", "total_count"))
                .body("components.schemas.AccountFields.properties.keySet()", hasItems("max_running_tasks",
                        "credit_balance_cents"))
                .body("components.schemas.RunTaskRequest.properties.max_agent_steps", notNullValue());
    }
}
