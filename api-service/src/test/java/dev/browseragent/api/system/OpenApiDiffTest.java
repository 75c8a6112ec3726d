package dev.browseragent.api.system;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OpenApiDiff} over the committed contract and a copy of it changed the way the code could change the served
 * document: each change is reported, on one line that says where; what the comparison leaves out is not.
 */
class OpenApiDiffTest {

    private final JsonNode contract = OpenApiContract.read();
    private final JsonNode served = contract.deepCopy();

    @Test
    void theContractAgreesWithItself() {
        assertEquals(List.of(), OpenApiDiff.between(contract, served));
    }

    @Test
    void aRemovedParameterIsReported() {
        ArrayNode parameters = (ArrayNode) node("/paths/~1api~1v1~1tasks/get/parameters");
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).get("name").asText().equals("limit")) {
                parameters.remove(i);
            }
        }

        assertReported("/paths/[/api/v1/tasks]/get/parameters/query limit: only in the contract: {");
    }

    @Test
    void aParameterThatIsNoLongerRequiredIsReported() {
        object("/paths/~1api~1v1~1stop-task/put/parameters/0").remove("required");

        assertReported("/paths/[/api/v1/stop-task]/put/parameters/query task_id/required: only in the contract: true");
    }

    @Test
    void aChangedPropertyTypeIsReported() {
        object("/components/schemas/ProfileView/properties/profile_name").put("type", "integer");

        assertReported("/components/schemas/ProfileView/properties/profile_name/type: the contract has \"string\", "
                + "the served document \"integer\"");
    }

    @Test
    void aPropertyNamedLikeAKeywordIsComparedAsAProperty() {
        object("/components/schemas/ProfileView/properties").remove("description");

        assertReported("/components/schemas/ProfileView/properties/description: only in the contract: {");
    }

    @Test
    void anAddedPathIsReported() {
        object("/paths").set("/api/v1/extra", object("/paths/~1api~1v1~1ping").deepCopy());

        assertReported("/paths/[/api/v1/extra]: only in the served document: {\"get\":");
    }

    @Test
    void aDroppedRequiredEntryIsReported() {
        ArrayNode required = (ArrayNode) node("/components/schemas/RunTaskRequest/required");
        required.removeAll();

        assertReported("/components/schemas/RunTaskRequest/required: only in the contract: \"task\"");
    }

    @Test
    void aChangedResponseCodeIsReported() {
        ObjectNode responses = object("/paths/~1api~1v1~1run-task/post/responses");
        responses.set("403", responses.remove("402"));

        assertReported("/paths/[/api/v1/run-task]/post/responses/402: only in the contract: ",
                "/paths/[/api/v1/run-task]/post/responses/403: only in the served document: ");
    }

    @Test
    void aChangeInsideAReferencedSchemaIsReportedOnceAtThatSchema() {
        object("/components/schemas/StepView/properties/step").put("format", "int64");

        assertReported("/components/schemas/StepView/properties/step/format: the contract has \"int32\", "
                + "the served document \"int64\"");
    }

    @Test
    void aChangedErrorShapeIsReported() {
        object("/components/schemas/ValidationError/properties/loc/items").removeAll().put("type", "string");

        assertReported("/components/schemas/ValidationError/properties/loc/items/anyOf: only in the contract: "
                        + "[{\"type\":\"string\"},{\"type\":\"integer\"}]",
                "/components/schemas/ValidationError/properties/loc/items/type: only in the served document: \"string\"");
    }

    @Test
    void theSameSchemaUnderAnotherNameIsNoDifference() {
        ObjectNode schemas = object("/components/schemas");
        schemas.set("TaskViewRenamed", schemas.remove("TaskView"));
        object("/paths/~1api~1v1~1task~1{task_id}/get/responses/200/content/application~1json/schema")
                .put("$ref", "#/components/schemas/TaskViewRenamed");

        assertEquals(List.of(), OpenApiDiff.between(contract, served));
    }

    @Test
    void wordsForPeopleTagsOperationIdsAndExtensionsAreLeftOut() {
        ObjectNode operation = object("/paths/~1api~1v1~1run-task/post");
        operation.put("summary", "Another summary").put("operationId", "another").put("x-anything", true);
        operation.putArray("tags").add("another");
        object("/components/schemas/TaskView").put("description", "Another description");
        object("/info").put("title", "Another title");

        assertEquals(List.of(), OpenApiDiff.between(contract, served));
    }

    @Test
    void theContractFileIsKeptFormatted() {
        assertEquals(OpenApiContract.formatted(contract), OpenApiContract.text(),
                OpenApiContract.FILE + " is kept with sorted keys and two spaces of indent");
    }

    /** Exactly one difference for each expected start of a line, in the order given. */
    private void assertReported(String... starts) {
        List<String> differences = OpenApiDiff.between(contract, served);
        assertEquals(starts.length, differences.size(), () -> String.join("\n", differences));
        for (int i = 0; i < starts.length; i++) {
            assertTrue(differences.get(i).startsWith(starts[i]), differences.get(i));
        }
    }

    private JsonNode node(String pointer) {
        return served.at(JsonPointer.compile(pointer));
    }

    private ObjectNode object(String pointer) {
        return (ObjectNode) node(pointer);
    }
}
