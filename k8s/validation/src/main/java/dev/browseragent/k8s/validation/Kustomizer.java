package dev.browseragent.k8s.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves a Kustomize directory into its resources, for checks that must not depend on a kustomize binary (it is
 * in none of the registries this project reaches). Hand-written because no Java library does it; it implements only
 * what this repository's kustomizations use, and refuses anything else so that a new field is never silently
 * ignored: {@code resources} (files and directories), {@code components}, {@code patches} (JSON 6902, inline or from
 * a file, selected by kind and name), {@code images} (newName, newTag) and {@code namespace}. Where {@code kubectl}
 * exists, the tests compare its output with this one.
 */
public final class Kustomizer {

    private static final Set<String> KUSTOMIZATION_FIELDS =
            Set.of("apiVersion", "kind", "resources", "components", "patches", "images", "namespace");
    private static final Set<String> PATCH_FIELDS = Set.of("target", "patch", "path");
    private static final Set<String> TARGET_FIELDS = Set.of("kind", "name");
    private static final Set<String> IMAGE_FIELDS = Set.of("name", "newName", "newTag");
    /** Kinds without a namespace among those the manifests use. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "StorageClass", "PersistentVolume");
    private static final String[] CONTAINER_LISTS = {
            "/spec/template/spec/containers", "/spec/template/spec/initContainers"};

    private Kustomizer() {
    }

    /** The resources a {@code kubectl kustomize DIR} would print, in the order they were declared. */
    public static List<Manifest> resolve(Path directory) {
        return build(directory, "Kustomization");
    }

    private static List<Manifest> build(Path directory, String expectedKind) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new KustomizeException(directory + " has no kustomization.yaml");
        }
        ObjectNode kustomization = Yaml.readOne(file);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!KUSTOMIZATION_FIELDS.contains(field)) {
                throw new KustomizeException(file + ": field '" + field + "' is not supported by this resolver");
            }
        });
        String kind = kustomization.path("kind").asText("Kustomization");
        if (!kind.equals(expectedKind)) {
            throw new KustomizeException(file + " is a " + kind + " where a " + expectedKind + " is expected");
        }
        List<Manifest> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = directory.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path, "Kustomization"));
            } else if (Files.isRegularFile(path)) {
                String origin = path.toString();
                Yaml.readAll(path).forEach(body -> resources.add(new Manifest(body, origin)));
            } else {
                throw new KustomizeException(file + ": resource " + entry.asText() + " does not exist");
            }
        }
        for (JsonNode entry : kustomization.path("components")) {
            Path component = directory.resolve(entry.asText()).normalize();
            if (!Files.isDirectory(component)) {
                throw new KustomizeException(file + ": component " + entry.asText() + " does not exist");
            }
            resources.addAll(build(component, "Component"));
            applyPatches(Yaml.readOne(component.resolve("kustomization.yaml")), component, resources);
        }
        if (kind.equals("Kustomization")) {
            applyPatches(kustomization, directory, resources);
        }
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            resources.stream().filter(manifest -> !CLUSTER_SCOPED.contains(manifest.kind()))
                    .forEach(manifest -> ((ObjectNode) manifest.body().with("metadata")).put("namespace", namespace));
        }
        for (JsonNode image : kustomization.path("images")) {
            checkFields(image, IMAGE_FIELDS, file + ": images");
            resources.forEach(manifest -> setImage(manifest, image));
        }
        return resources;
    }

    private static void applyPatches(ObjectNode kustomization, Path directory, List<Manifest> resources) {
        for (JsonNode patch : kustomization.path("patches")) {
            String where = directory.resolve("kustomization.yaml") + ": patches";
            checkFields(patch, PATCH_FIELDS, where);
            checkFields(patch.path("target"), TARGET_FIELDS, where + ".target");
            JsonNode operations = operations(patch, directory);
            String kind = patch.path("target").path("kind").asText(null);
            String name = patch.path("target").path("name").asText(null);
            int matched = 0;
            for (int i = 0; i < resources.size(); i++) {
                Manifest manifest = resources.get(i);
                if ((kind == null || kind.equals(manifest.kind()))
                        && (name == null || Pattern.matches(name, manifest.name()))) {
                    try {
                        JsonNode patched = JsonPatch.apply(operations, manifest.body());
                        resources.set(i, new Manifest((ObjectNode) patched, manifest.origin()));
                    } catch (RuntimeException e) {
                        throw new KustomizeException(where + ": cannot patch " + manifest.describe() + ": "
                                + e.getMessage());
                    }
                    matched++;
                }
            }
            if (matched == 0) {
                throw new KustomizeException(where + ": target " + patch.path("target") + " matches no resource");
            }
        }
    }

    private static JsonNode operations(JsonNode patch, Path directory) {
        if (patch.has("patch")) {
            return Yaml.readValue(patch.get("patch").asText());
        }
        return Yaml.readValue(Yaml.readString(directory.resolve(patch.path("path").asText())));
    }

    private static void setImage(Manifest manifest, JsonNode image) {
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : manifest.at(list)) {
                String current = container.path("image").asText();
                String repository = current.replaceFirst("[:@].*$", "");
                if (repository.equals(image.path("name").asText())) {
                    String newName = image.path("newName").asText(repository);
                    String tag = image.has("newTag") ? ":" + image.get("newTag").asText()
                            : current.substring(repository.length());
                    ((ObjectNode) container).put("image", newName + tag);
                }
            }
        }
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String where) {
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw new KustomizeException(where + ": field '" + field + "' is not supported by this resolver");
            }
        });
    }

    /** A kustomization this resolver cannot resolve: a missing file, an unsupported field, a patch that fails. */
    public static final class KustomizeException extends RuntimeException {
        KustomizeException(String message) {
            super(message);
        }
    }
}
