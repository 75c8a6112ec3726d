package dev.browseragent.api.system;

import dev.browseragent.embedded.quarkus.KafkaTestResource;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class OpenApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"/openapi.json", "/api/v1/openapi.json"})
    void theDocumentDescribesTheV1EndpointsWithoutAKey(String path) {
        given().accept("application/json")
                .when().get(path)
                .then().log().ifValidationFails().statusCode(200)
                .body("paths.'/api/v1/run-task'.post", notNullValue())
                .body("paths.'/api/v1/task/{task_id}'.get", notNullValue())
                .body("components.schemas.RunTaskRequest.properties.max_agent_steps", notNullValue());
    }
}
