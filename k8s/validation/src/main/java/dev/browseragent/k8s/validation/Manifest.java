package dev.browseragent.k8s.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Kubernetes resource as read from YAML, with the file it came from (for messages). */
public record Manifest(ObjectNode body, String origin) {

    public String apiVersion() {
        return body.path("apiVersion").asText();
    }

    public String kind() {
        return body.path("kind").asText();
    }

    public String name() {
        return body.path("metadata").path("name").asText();
    }

    /** The API group: {@code apps} for {@code apps/v1}, empty for the core {@code v1}. */
    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public JsonNode at(String pointer) {
        return body.at(pointer);
    }

    /** {@code Kind/name (file)}, the way problems name a resource. */
    public String describe() {
        return kind() + "/" + name() + " (" + origin + ")";
    }

    public Manifest copy() {
        return new Manifest(body.deepCopy(), origin);
    }
}
