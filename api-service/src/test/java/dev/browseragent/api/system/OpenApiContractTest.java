package dev.browseragent.api.system;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document the service serves is the committed v1 contract: a change to the API's paths, parameters,
 * bodies, responses or schemas fails here until {@value OpenApiContract#FILE} says the same (see docs/api.md,
 * "The contract"). {@link OpenApiDiffTest} shows that each kind of change is caught.
 */
@QuarkusTest
class OpenApiContractTest {

    /** Where a served document that differs is written, to compare with the contract and copy from. */
    private static final Path SERVED = Path.of("target", "openapi-served.json");

    @Test
    void theServedDocumentIsTheContract() throws IOException {
        String served = given().accept("application/json")
                .when().get("/openapi.json")
                .then().statusCode(200)
                .extract().asString();

        List<String> differences = OpenApiDiff.between(OpenApiContract.read(), OpenApiContract.parse(served));
        if (!differences.isEmpty()) {
            Files.writeString(SERVED, served);
        }

        assertTrue(differences.isEmpty(), () -> differences.size() + " difference(s) between " + OpenApiContract.FILE
                + " and the served /openapi.json (written to " + SERVED.toAbsolutePath() + "):\n"
                + String.join("\n", differences));
    }
}
