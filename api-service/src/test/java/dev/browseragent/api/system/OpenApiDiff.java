package dev.browseragent.api.system;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The differences between two OpenAPI documents in what a client relies on: the paths and their methods,
 * parameters, request bodies and responses, with every schema they reach through {@code $ref}, compared keyword by
 * keyword (type, format, properties, required, items, enum, nullability, oneOf/anyOf/allOf, bounds, defaults...).
 * Words for people (descriptions, summaries, examples), tags, operation ids and {@code x-} extensions are left out,
 * and so are the document's info and the components no path reaches. Each difference is one line that starts with
 * where it is, in JSON-pointer form; a segment that holds a {@code /} (a path, a media type) is shown in brackets.
 * Inside a referenced schema the location starts again at that schema, which is compared once however many
 * operations reach it.
 */
final class OpenApiDiff {

    private static final Set<String> WORDS_FOR_PEOPLE = Set.of("description", "summary", "example", "examples",
            "tags", "operationId");
    private static final Set<String> NOT_COMPARED_AT_TOP = Set.of("info", "tags", "components", "externalDocs");
    /** Keywords whose members are names (of paths, properties, responses, media types...), not keywords. */
    private static final Set<String> NAME_MAPS = Set.of("paths", "webhooks", "properties", "patternProperties",
            "responses", "content", "headers", "encoding", "links", "callbacks", "$defs", "dependentSchemas",
            "mapping", "variables");
    /** Keywords whose array's order means nothing. */
    private static final Set<String> UNORDERED = Set.of("required", "enum", "type");

    private final JsonNode contract;
    private final JsonNode served;
    private final List<String> differences = new ArrayList<>();
    private final Set<String> comparedReferences = new HashSet<>();

    private OpenApiDiff(JsonNode contract, JsonNode served) {
        this.contract = contract;
        this.served = served;
    }

    /** What the served document does differently from the contract; empty when they agree. */
    static List<String> between(JsonNode contract, JsonNode served) {
        OpenApiDiff diff = new OpenApiDiff(contract, served);
        diff.compareMembers(contract, served, "", false, NOT_COMPARED_AT_TOP);
        return diff.differences;
    }

    private void compare(JsonNode expected, JsonNode actual, String location) {
        String expectedRef = reference(expected);
        String actualRef = reference(actual);
        if (expectedRef != null || actualRef != null) {
            compareReferenced(expected, expectedRef, actual, actualRef, location);
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            compareMembers(expected, actual, location, false, Set.of());
        } else if (expected.isArray() && actual.isArray()) {
            compareArrays(expected, actual, location);
        } else if (!sameValue(expected, actual)) {
            differ(location, expected, actual);
        }
    }

    /**
     * Follows a {@code $ref} on either side. A pair of references is compared once: that reports a shared schema's
     * difference once and ends recursive schemas.
     */
    private void compareReferenced(JsonNode expected, String expectedRef, JsonNode actual, String actualRef,
                                   String location) {
        if (expectedRef != null && actualRef != null && !comparedReferences.add(expectedRef + " ~ " + actualRef)) {
            return;
        }
        JsonNode expectedTarget = expectedRef == null ? expected : resolve(contract, expected, expectedRef);
        JsonNode actualTarget = actualRef == null ? actual : resolve(served, actual, actualRef);
        if (expectedTarget == null || actualTarget == null) {
            differences.add(location + ": $ref " + (expectedTarget == null ? expectedRef + " of the contract"
                    : actualRef + " of the served document") + " leads nowhere");
            return;
        }
        String targetLocation = expectedRef == null ? readable(actualRef)
                : actualRef == null || actualRef.equals(expectedRef) ? readable(expectedRef)
                : readable(expectedRef) + " (served as " + readable(actualRef) + ")";
        compare(expectedTarget, actualTarget, targetLocation);
    }

    private void compareMembers(JsonNode expected, JsonNode actual, String location, boolean namesOnly,
                                Set<String> skipped) {
        Set<String> keys = new TreeSet<>();
        expected.fieldNames().forEachRemaining(keys::add);
        actual.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (skipped.contains(key) || !namesOnly && (WORDS_FOR_PEOPLE.contains(key) || key.startsWith("x-"))) {
                continue;
            }
            String memberLocation = location + "/" + segment(key);
            JsonNode expectedValue = expected.get(key);
            JsonNode actualValue = actual.get(key);
            if (expectedValue == null) {
                differences.add(memberLocation + ": only in the served document: " + shortly(actualValue));
            } else if (actualValue == null) {
                differences.add(memberLocation + ": only in the contract: " + shortly(expectedValue));
            } else if (namesOnly) {
                compare(expectedValue, actualValue, memberLocation);
            } else if (NAME_MAPS.contains(key) && expectedValue.isObject() && actualValue.isObject()) {
                compareMembers(expectedValue, actualValue, memberLocation, true, Set.of());
            } else if (key.equals("parameters") && expectedValue.isArray() && actualValue.isArray()) {
                compareParameters(expectedValue, actualValue, memberLocation);
            } else if (UNORDERED.contains(key) && (expectedValue.isArray() || actualValue.isArray())) {
                compareUnordered(expectedValue, actualValue, memberLocation);
            } else {
                compare(expectedValue, actualValue, memberLocation);
            }
        }
    }

    /** Parameters are matched by where they are and their name ({@code query limit}), not by their order. */
    private void compareParameters(JsonNode expected, JsonNode actual, String location) {
        compareMembers(parametersByKey(contract, expected), parametersByKey(served, actual), location, true, Set.of());
    }

    private static ObjectNode parametersByKey(JsonNode document, JsonNode parameters) {
        ObjectNode byKey = JsonNodeFactory.instance.objectNode();
        for (JsonNode parameter : parameters) {
            String ref = reference(parameter);
            JsonNode resolved = ref == null ? parameter : resolve(document, parameter, ref);
            JsonNode target = resolved == null ? parameter : resolved;
            byKey.set(target.path("in").asText() + " " + target.path("name").asText(), target);
        }
        return byKey;
    }

    private void compareArrays(JsonNode expected, JsonNode actual, String location) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String itemLocation = location + "/" + i;
            if (i >= actual.size()) {
                differences.add(itemLocation + ": only in the contract: " + shortly(expected.get(i)));
            } else if (i >= expected.size()) {
                differences.add(itemLocation + ": only in the served document: " + shortly(actual.get(i)));
            } else {
                compare(expected.get(i), actual.get(i), itemLocation);
            }
        }
    }

    private void compareUnordered(JsonNode expected, JsonNode actual, String location) {
        Set<String> expectedItems = items(expected);
        Set<String> actualItems = items(actual);
        Set<String> onlyExpected = new TreeSet<>(expectedItems);
        onlyExpected.removeAll(actualItems);
        Set<String> onlyActual = new TreeSet<>(actualItems);
        onlyActual.removeAll(expectedItems);
        if (!onlyExpected.isEmpty()) {
            differences.add(location + ": only in the contract: " + String.join(", ", onlyExpected));
        }
        if (!onlyActual.isEmpty()) {
            differences.add(location + ": only in the served document: " + String.join(", ", onlyActual));
        }
    }

    /** A keyword's values as a set: {@code "type": "string"} is the same as {@code "type": ["string"]}. */
    private static Set<String> items(JsonNode node) {
        Set<String> items = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(item -> items.add(item.toString()));
        } else {
            items.add(node.toString());
        }
        return items;
    }

    private static boolean sameValue(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    private void differ(String location, JsonNode expected, JsonNode actual) {
        differences.add(location + ": the contract has " + shortly(expected) + ", the served document " + shortly(actual));
    }

    private static String reference(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return node.isObject() && ref != null && ref.isTextual() ? ref.asText() : null;
    }

    /** The referenced node, with the members written beside the {@code $ref} (OpenAPI 3.1 allows them) over it. */
    private static JsonNode resolve(JsonNode document, JsonNode node, String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        JsonNode target = document.at(JsonPointer.compile(ref.substring(1)));
        if (target.isMissingNode()) {
            return null;
        }
        if (node.size() == 1 || !target.isObject()) {
            return target;
        }
        ObjectNode merged = ((ObjectNode) target).deepCopy();
        node.fields().forEachRemaining(member -> {
            if (!member.getKey().equals("$ref")) {
                merged.set(member.getKey(), member.getValue());
            }
        });
        return merged;
    }

    private static String readable(String ref) {
        StringBuilder location = new StringBuilder();
        for (String part : ref.substring(ref.indexOf('#') + 1).split("/")) {
            if (!part.isEmpty()) {
                location.append('/').append(segment(part.replace("~1", "/").replace("~0", "~")));
            }
        }
        return location.toString();
    }

    private static String segment(String key) {
        return key.contains("/") ? "[" + key + "]" : key;
    }

    private static String shortly(JsonNode value) {
        String text = value.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
