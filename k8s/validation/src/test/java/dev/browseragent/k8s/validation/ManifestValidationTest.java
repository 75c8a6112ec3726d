package dev.browseragent.k8s.validation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The repository's manifests: every overlay resolves, validates against the schemas and matches the sources. */
class ManifestValidationTest {

    private static ManifestValidation validation;

    @BeforeAll
    static void readSources() {
        validation = RepoRoot.validation();
    }

    @Test
    void everyOverlayValidatesAndMatchesTheServicesSources() {
        Findings findings = validation.validate(RepoRoot.PATH.resolve("k8s"));
        assertEquals(List.of(), findings.problems());
        assertEquals(List.of("dev", "prod", "prod-grid"), ManifestValidation.overlays(RepoRoot.PATH.resolve("k8s"))
                .stream().map(path -> path.getFileName().toString()).toList());
    }

    @Test
    void overlaysHoldTheResourcesTheyPromise() {
        List<Manifest> dev = Kustomizer.resolve(RepoRoot.PATH.resolve("k8s/overlays/dev"));
        List<Manifest> prod = Kustomizer.resolve(RepoRoot.PATH.resolve("k8s/overlays/prod"));
        assertEquals(1, count(dev, "KafkaNodePool"));
        assertEquals(1, find(dev, "KafkaNodePool", "dual-role").at("/spec/replicas").asInt());
        assertEquals(1, find(dev, "Cluster", "browser-agent-db").at("/spec/instances").asInt());
        assertEquals(0, count(dev, "Pooler"));
        assertEquals(3, find(prod, "Cluster", "browser-agent-db").at("/spec/instances").asInt());
        assertEquals("transaction", find(prod, "Pooler", "browser-agent-db-pooler").at("/spec/pgbouncer/poolMode").asText());
        assertEquals(3, find(prod, "KafkaNodePool", "brokers").at("/spec/replicas").asInt());
        assertEquals(1, count(prod, "ServiceMonitor"));
        assertEquals(0, count(prod, "Secret"), "production keys are created outside the manifests");
        assertEquals(0, count(prod, "Service", "selenium-grid"));
        List<Manifest> prodGrid = Kustomizer.resolve(RepoRoot.PATH.resolve("k8s/overlays/prod-grid"));
        assertEquals("selenium/standalone-chrome:4.47.0",
                find(prodGrid, "Deployment", "selenium-grid").at("/spec/template/spec/containers/0/image").asText());
        JsonNode workerEnvironment = find(prodGrid, "Deployment", "browser-agent-worker")
                .at("/spec/template/spec/containers/0/env");
        assertEquals("http://selenium-grid:4444",
                variable(workerEnvironment, "BROWSER_AGENT_BROWSER_GRID_URL").path("value").asText());
        assertEquals("status.podIP", variable(workerEnvironment, "BROWSER_AGENT_BROWSER_PROXY_ADVERTISED_HOST")
                .at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals(4, find(prodGrid, "ScaledObject", "browser-agent-worker").at("/spec/maxReplicaCount").asInt());
        assertEquals(1, count(prodGrid, "NetworkPolicy", "selenium-grid"));
        for (List<Manifest> overlay : List.of(dev, prod, prodGrid)) {
            overlay.stream().filter(m -> !m.kind().equals("Namespace"))
                    .forEach(m -> assertEquals("browser-agent", m.at("/metadata/namespace").asText(), m.describe()));
            assertEquals("browser-agent/worker-service:0.1.0",
                    find(overlay, "Deployment", "browser-agent-worker").at("/spec/template/spec/containers/0/image").asText());
        }
    }

    /** kustomize itself, where a kubectl is installed: its output must equal the resolver's, resource by resource. */
    @Test
    void kubectlKustomizeAgreesWithTheResolver() throws Exception {
        assumeTrue(onPath("kubectl"), "no kubectl on this machine; the resolver alone checked the overlays");
        for (Path overlay : ManifestValidation.overlays(RepoRoot.PATH.resolve("k8s"))) {
            String printed = Processes.run(RepoRoot.PATH, List.of("kubectl", "kustomize", overlay.toString()));
            Map<String, JsonNode> expected = byId(Yaml.readAll(printed).stream()
                    .map(body -> new Manifest(body, "kubectl")).toList());
            Map<String, JsonNode> resolved = byId(Kustomizer.resolve(overlay));
            assertEquals(expected.keySet(), resolved.keySet(), overlay.toString());
            expected.forEach((id, body) -> assertEquals(body, resolved.get(id), overlay + " " + id));
        }
    }

    private static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }

    private static Map<String, JsonNode> byId(List<Manifest> manifests) {
        Map<String, JsonNode> byId = new HashMap<>();
        manifests.forEach(m -> byId.put(m.apiVersion() + " " + m.kind() + " " + m.at("/metadata/namespace").asText()
                + "/" + m.name(), m.body()));
        assertEquals(manifests.size(), byId.size(), "resource ids are unique");
        return byId;
    }

    private static long count(List<Manifest> manifests, String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).count();
    }

    private static JsonNode variable(JsonNode environment, String name) {
        for (JsonNode variable : environment) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError(name + " is not set");
    }

    private static long count(List<Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).count();
    }

    private static Manifest find(List<Manifest> manifests, String kind, String name) {
        Manifest found = manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name))
                .findFirst().orElse(null);
        assertFalse(found == null, kind + "/" + name + " is missing");
        return found;
    }
}
