package dev.browseragent.worker.health;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The worker's health and metrics are served on its management interface, its only HTTP server
 * ({@code quarkus.http.host-enabled=false}: it has no public surface).
 */
@QuarkusTest
class ManagementInterfaceTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/started"})
    void healthAnswersOnTheManagementPort(String path) {
        given().when().get(managementUrl(path)).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAnswerOnTheManagementPort() {
        given().when().get(managementUrl("/q/metrics")).then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    private String managementUrl(String path) {
        return "http://" + management.getHost() + ":" + management.getPort() + path;
    }
}
