package dev.browseragent.k8s.validation;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validator catches mistakes: each case copies {@code k8s/}, breaks one thing in the copy and asserts that the
 * validation of the copy fails with a problem naming it (and only because of it).
 */
class ManifestMutationTest {

    private static ManifestValidation validation;
    @TempDir
    static Path scratch;

    @BeforeAll
    static void setUp() {
        validation = RepoRoot.validation();
    }

    @Test
    void aWrongFieldInAKubernetesResourceFails() throws IOException {
        assertSchemaFails("base/worker-deployment.yaml", "terminationGracePeriodSeconds:", "terminationGracePeriod:",
                "unknown field .spec.template.spec.terminationGracePeriod");
    }

    @Test
    void aWrongFieldInAStrimziResourceFails() throws IOException {
        assertSchemaFails("overlays/prod/kafka.yaml", "deleteClaim: false", "deleteClaims: false",
                "unknown field .spec.storage.deleteClaims");
    }

    @Test
    void aWrongFieldInAKedaResourceFails() throws IOException {
        assertSchemaFails("base/worker-scaledobject.yaml", "pollingInterval: 10", "pollInterval: 10", "pollInterval");
    }

    @Test
    void aWrongFieldInAPrometheusOperatorResourceFails() throws IOException {
        assertSchemaFails("components/monitoring/servicemonitor.yaml", "interval: 30s", "intervall: 30s", "intervall");
    }

    @Test
    void aWrongFieldInACloudNativePgResourceFails() throws IOException {
        assertSchemaFails("overlays/prod/postgres.yaml", "poolMode: transaction", "poolmode: transaction",
                "unknown field .spec.pgbouncer.poolmode");
    }

    @Test
    void aGracePeriodShorterThanTheDrainFails() throws IOException {
        assertFailsWith("base/worker-deployment.yaml", "terminationGracePeriodSeconds: 300",
                "terminationGracePeriodSeconds: 10", "terminationGracePeriodSeconds 10 is shorter than the preStop");
    }

    @Test
    void aWrongEnvironmentVariableNameFails() throws IOException {
        assertFailsWith("base/worker-deployment.yaml", "BROWSER_AGENT_WORKER_MAX_CONCURRENT_TASKS",
                "BROWSER_AGENT_WORKER_MAX_CONCURENT_TASKS",
                "environment variable BROWSER_AGENT_WORKER_MAX_CONCURENT_TASKS is not a setting of worker-service");
    }

    @Test
    void aTopicNameThatDoesNotMatchFails() throws IOException {
        assertFailsWith("base/kafka-topics.yaml", "name: task-events", "name: task-event",
                "topic task-events (used by the services) has no KafkaTopic");
    }

    @Test
    void aScaledObjectOnAnotherTopicOrGroupFails() throws IOException {
        assertFailsWith("base/worker-scaledobject.yaml", "topic: tasks", "topic: task",
                "topic task is not a topic the worker consumes");
        assertFailsWith("base/worker-scaledobject.yaml", "consumerGroup: browser-agent-workers",
                "consumerGroup: browser-agent-worker", "is not the worker's group browser-agent-workers");
    }

    @Test
    void moreWorkersThanPartitionsFails() throws IOException {
        assertFailsWith("base/worker-scaledobject.yaml", "maxReplicaCount: 4", "maxReplicaCount: 5",
                "maxReplicaCount 5 x 2 browser slots = 10, but topic tasks has 8 partitions");
    }

    @Test
    void aMissingSecretKeyFails() throws IOException {
        assertFailsWith("overlays/dev/keys.yaml", "admin-token:", "admin-tokens:",
                "reads key admin-token of Secret browser-agent-keys");
    }

    @Test
    void aWrongProbePathOrPortFails() throws IOException {
        assertFailsWith("base/api-deployment.yaml", "path: /q/health/ready", "path: /health/ready",
                "path /health/ready is not a SmallRye Health endpoint of api-service");
        assertFailsWith("base/worker-deployment.yaml", "containerPort: 9001", "containerPort: 8081",
                "no container port 9001 (the service's browser-agent.management.port)");
        assertFailsWith("base/worker-deployment.yaml", "port: management\n", "port: metrics\n",
                "readinessProbe uses port metrics, which the container lacks");
    }

    @Test
    void healthOrMetricsLookedForElsewhereThanOnTheManagementPortFail() throws IOException {
        assertFailsWith("base/api-deployment.yaml", "port: management\n", "port: http\n",
                "livenessProbe uses port http, not the management port 9000");
        assertFailsWith("components/monitoring/api-management-service.yaml", "targetPort: management",
                "targetPort: http", "which is not the management port 9000 of api-service");
        assertFailsWith("base/worker-networkpolicy.yaml", "- port: 9001", "- port: 9002",
                "its NetworkPolicy does not let Prometheus reach its management port 9001");
    }

    @Test
    void aNetworkPolicyOpenToTheMetadataAddressFails() throws IOException {
        assertFailsWith("base/worker-networkpolicy.yaml", "- 169.254.0.0/16\n", "",
                "its NetworkPolicy lets browsers reach 169.254.0.0/16");
    }

    @Test
    void aGridWithoutTheWorkersProxyAddressFails() throws IOException {
        assertFailsWith("components/selenium-grid/kustomization.yaml", "name: BROWSER_AGENT_BROWSER_PROXY_ADVERTISED_HOST",
                "name: BROWSER_AGENT_BROWSER_POOL_SIZE",
                "browser-agent.browser.grid-url without browser-agent.browser.proxy-advertised-host");
        assertFailsWith("components/selenium-grid/kustomization.yaml", "value: http://selenium-grid:4444",
                "value: http://selenium-grid:4445", "http://selenium-grid:4445 is not a Service port");
    }

    @Test
    void aGridWhoseBrowsersCouldGoAroundTheProxiesFails() throws IOException {
        assertFailsWith("components/selenium-grid/grid-networkpolicy.yaml", "    - Egress\n", "",
                "no NetworkPolicy limits the Grid's browsers to the workers' filtering proxies");
        assertFailsWith("components/selenium-grid/grid-networkpolicy.yaml", "  egress:\n    - to:\n",
                "  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n",
                "no NetworkPolicy limits the Grid's browsers to the workers' filtering proxies");
        assertFailsWith("components/selenium-grid/kustomization.yaml", "path: /spec/ingress/-", "path: /spec/egress/-",
                "does not let the Grid's browsers reach its filtering proxies");
    }

    @Test
    void aGridThatCannotTakeTheWorkersSessionsFails() throws IOException {
        assertFailsWith("components/selenium-grid/grid-deployment.yaml", "value: \"16\"", "value: \"8\"",
                "8 sessions, but the workers hold up to 16");
        assertFailsWith("components/selenium-grid/grid-deployment.yaml",
                "SE_NODE_ENABLE_MANAGED_DOWNLOADS\n              value: \"true\"",
                "SE_NODE_ENABLE_MANAGED_DOWNLOADS\n              value: \"false\"",
                "SE_NODE_ENABLE_MANAGED_DOWNLOADS is not true");
        assertFailsWith("components/selenium-grid/grid-deployment.yaml", "medium: Memory", "medium: \"\"",
                "no memory-backed volume at /dev/shm");
    }

    @Test
    void aPatchWhoseTargetIsGoneFails() throws IOException {
        assertFailsWith("overlays/prod/kustomization.yaml", "name: task-submission-results", "name: results",
                "matches no resource");
    }

    /** A mistake only the schemas catch: the whole validation. */
    private static void assertSchemaFails(String file, String original, String replacement, String expected)
            throws IOException {
        assertFails(file, original, replacement, expected, true);
    }

    /** A mistake in a reference: resolution and cross-checks suffice (and are quick). */
    private static void assertFailsWith(String file, String original, String replacement, String expected)
            throws IOException {
        assertFails(file, original, replacement, expected, false);
    }

    private static void assertFails(String file, String original, String replacement, String expected,
                                    boolean withSchemas) throws IOException {
        Path copy = Files.createTempDirectory(scratch, "k8s-");
        copyTree(RepoRoot.PATH.resolve("k8s"), copy);
        Path target = copy.resolve(file);
        String text = Files.readString(target);
        assertTrue(text.contains(original), file + " contains " + original);
        Files.writeString(target, text.replace(original, replacement));

        List<String> problems = (withSchemas ? validation.validate(copy) : validation.checkReferences(copy)).problems();

        assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)),
                "expected a problem containing '" + expected + "', got " + problems);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.filter(path -> !path.toString().contains("node_modules")
                    && !path.toString().contains("/target")).toList()) {
                Path destination = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
    }

    @Test
    void theUnmutatedCopyPasses() throws IOException {
        Path copy = Files.createTempDirectory(scratch, "k8s-");
        copyTree(RepoRoot.PATH.resolve("k8s"), copy);
        assertEquals(List.of(), validation.validate(copy).problems());
    }
}
