package dev.browseragent.api.system;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Health and metrics are served on the management port only: whoever reaches the API does not reach them. */
@QuarkusTest
class ManagementInterfaceTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started"})
    void healthAnswersOnTheManagementPortAndNotOnThePublicOne(String path) {
        assertNotEquals(RestAssured.port, management.getPort(), "the management port is a port of its own");
        given().when().get(managementUrl(path)).then().statusCode(200).body("status", equalTo("UP"));
        given().when().get(path).then().statusCode(404);
    }

    @Test
    void metricsAnswerOnTheManagementPortAndNotOnThePublicOne() {
        given().when().get(managementUrl("/q/metrics")).then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
        given().when().get("/q/metrics").then().statusCode(404);
    }

    private String managementUrl(String path) {
        return "http://" + management.getHost() + ":" + management.getPort() + path;
    }
}
