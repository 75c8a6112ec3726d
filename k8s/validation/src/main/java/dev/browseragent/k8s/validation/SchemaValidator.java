package dev.browseragent.k8s.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks each resource against the schema of its kind, rejecting unknown fields: Kubernetes kinds through the fabric8
 * model, Strimzi kinds through Strimzi's own API model ({@code io.strimzi:api}), KEDA and prometheus-operator kinds
 * through the npm kubernetes-models packages ({@code src/main/node/validate.mjs}), CloudNativePG kinds against the
 * field list taken from its API reference ({@code cloudnativepg-fields.yaml}). A kind none of them knows is a problem.
 */
public final class SchemaValidator {

    /** Model classes by {@code group/kind}; both fabric8 and Strimzi models read through fabric8's serialization. */
    private static final Map<String, Class<? extends HasMetadata>> MODELS = Stream.of(
                    ConfigMap.class, Secret.class, Service.class, Namespace.class, Deployment.class, DaemonSet.class,
                    HorizontalPodAutoscaler.class, PodDisruptionBudget.class, NetworkPolicy.class,
                    Kafka.class, KafkaNodePool.class, KafkaTopic.class)
            .collect(Collectors.toMap(type -> HasMetadata.getGroup(type) + "/" + HasMetadata.getKind(type),
                    Function.identity()));
    private static final Set<String> NODE_GROUPS = Set.of("keda.sh", "monitoring.coreos.com");
    private static final String CNPG_GROUP = "postgresql.cnpg.io";

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final NodeModels nodeModels;
    private final JsonNode cnpgFields;

    public SchemaValidator(NodeModels nodeModels) {
        this.nodeModels = nodeModels;
        // SnakeYAML, not Jackson, reads this file: it resolves the anchors that share the metadata and storage fields.
        try (InputStream in = SchemaValidator.class.getResourceAsStream("cloudnativepg-fields.yaml")) {
            this.cnpgFields = Yaml.MAPPER.valueToTree(new org.yaml.snakeyaml.Yaml().load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every problem found, each naming its resource; empty when all resources are valid. */
    public List<String> validate(List<Manifest> manifests) {
        List<String> problems = new ArrayList<>();
        List<Manifest> forNode = new ArrayList<>();
        for (Manifest manifest : manifests) {
            String key = manifest.group() + "/" + manifest.kind();
            if (MODELS.containsKey(key)) {
                problems.addAll(validateModel(manifest, MODELS.get(key)));
            } else if (NODE_GROUPS.contains(manifest.group())) {
                forNode.add(manifest);
            } else if (manifest.group().equals(CNPG_GROUP) && cnpgFields.has(manifest.kind())) {
                checkFields(manifest.body(), cnpgFields.get(manifest.kind()), "", manifest, problems);
            } else {
                problems.add(manifest.describe() + ": no schema known for " + manifest.apiVersion() + " "
                        + manifest.kind());
            }
        }
        problems.addAll(nodeModels.validate(forNode));
        return problems;
    }

    private List<String> validateModel(Manifest manifest, Class<? extends HasMetadata> type) {
        List<String> versions = versions(type);
        String version = manifest.apiVersion().substring(manifest.apiVersion().indexOf('/') + 1);
        if (!versions.contains(version)) {
            return List.of(manifest.describe() + ": apiVersion " + manifest.apiVersion() + " is not one of "
                    + versions);
        }
        Object model;
        try {
            model = serialization.unmarshal(manifest.body().toString(), type);
        } catch (RuntimeException e) {
            return List.of(manifest.describe() + ": " + firstLine(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        collectUnknownFields(model, "", Collections.newSetFromMap(new IdentityHashMap<>()), problems);
        return problems.stream().map(problem -> manifest.describe() + ": unknown field " + problem).toList();
    }

    /** The versions a model reads: Strimzi's list all the served ones, fabric8's have one. */
    @SuppressWarnings("unchecked")
    private static List<String> versions(Class<? extends HasMetadata> type) {
        try {
            return (List<String>) type.getField("VERSIONS").get(null);
        } catch (NoSuchFieldException e) {
            return List.of(HasMetadata.getVersion(type));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Both model families keep fields they do not know in an {@code additionalProperties} map instead of failing,
     * so a walk over the parsed model finds them.
     */
    private static void collectUnknownFields(Object node, String path, Set<Object> seen, List<String> problems) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?> || !seen.add(node)) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, seen, problems));
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknownFields(list.get(i), path + "[" + i + "]", seen, problems);
            }
            return;
        }
        String packageName = node.getClass().getPackageName();
        if (!packageName.startsWith("io.fabric8") && !packageName.startsWith("io.strimzi")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    unknown.keySet().forEach(key -> problems.add(path + "." + key));
                }
            } else {
                String property = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                collectUnknownFields(value, path + "." + property, seen, problems);
            }
        }
    }

    private static void checkFields(JsonNode node, JsonNode schema, String path, Manifest manifest,
                                    List<String> problems) {
        if (schema.isTextual()) {
            checkType(node, schema.asText(), path, manifest, problems);
            return;
        }
        if (!node.isObject()) {
            problems.add(manifest.describe() + ": " + path + " must be a mapping");
            return;
        }
        node.fields().forEachRemaining(field -> {
            String fieldPath = path + "." + field.getKey();
            if (!schema.has(field.getKey())) {
                problems.add(manifest.describe() + ": unknown field " + fieldPath);
            } else {
                checkFields(field.getValue(), schema.get(field.getKey()), fieldPath, manifest, problems);
            }
        });
    }

    private static void checkType(JsonNode node, String type, String path, Manifest manifest, List<String> problems) {
        boolean valid = switch (type) {
            case "string" -> node.isTextual();
            case "integer" -> node.isIntegralNumber();
            case "boolean" -> node.isBoolean();
            case "quantity" -> node.isTextual() || node.isNumber();
            case "map" -> node.isObject() && allValues(node);
            case "list" -> node instanceof ArrayNode;
            case "object" -> node.isObject();
            default -> type.startsWith("enum(") && node.isTextual()
                    && List.of(type.substring(5, type.length() - 1).split("\\|")).contains(node.asText());
        };
        if (!valid) {
            problems.add(manifest.describe() + ": " + path + " must be " + type + ", is " + node);
        }
    }

    private static boolean allValues(JsonNode object) {
        for (JsonNode value : object) {
            if (!value.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    /** Runs {@code validate.mjs} (npm kubernetes-models) over the resources of the groups that have such models. */
    public static final class NodeModels {

        private final Path scriptDirectory;
        private final Map<String, List<String>> checked = new HashMap<>();

        public NodeModels(Path scriptDirectory) {
            this.scriptDirectory = scriptDirectory;
        }

        List<String> validate(List<Manifest> manifests) {
            // Overlays share most resources and each node run costs seconds: check each distinct body once.
            List<Manifest> unchecked = manifests.stream().filter(m -> !checked.containsKey(m.body().toString()))
                    .collect(Collectors.toMap(m -> m.body().toString(), m -> m, (a, b) -> a))
                    .values().stream().toList();
            if (!unchecked.isEmpty()) {
                check(unchecked);
            }
            List<String> problems = new ArrayList<>();
            for (Manifest manifest : manifests) {
                checked.get(manifest.body().toString()).forEach(message -> problems.add(manifest.describe() + ": " + message));
            }
            return problems;
        }

        private void check(List<Manifest> manifests) {
            try {
                installOnce();
                ArrayNode input = Yaml.MAPPER.createArrayNode();
                for (int i = 0; i < manifests.size(); i++) {
                    ObjectNode entry = input.addObject();
                    entry.put("id", i).put("apiVersion", manifests.get(i).apiVersion())
                            .put("kind", manifests.get(i).kind()).set("body", manifests.get(i).body());
                    checked.put(manifests.get(i).body().toString(), new ArrayList<>());
                }
                Path file = Files.createTempFile("manifests-", ".json");
                try {
                    Files.writeString(file, input.toString());
                    String output = Processes.run(scriptDirectory, List.of("node", "validate.mjs", file.toString()));
                    for (JsonNode problem : Yaml.MAPPER.readTree(output)) {
                        JsonNode id = problem.path("id");
                        if (id.isNull()) {
                            throw new IllegalStateException("kubernetes-models: " + problem.path("message").asText());
                        }
                        checked.get(manifests.get(id.asInt()).body().toString()).add(problem.path("message").asText());
                    }
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private synchronized void installOnce() {
            if (!Files.isDirectory(scriptDirectory.resolve("node_modules/@kubernetes-models/keda"))
                    || !Files.isDirectory(scriptDirectory.resolve("node_modules/typescript"))) {
                Processes.run(scriptDirectory, List.of("npm", "ci", "--no-audit", "--no-fund"));
            }
        }
    }
}
