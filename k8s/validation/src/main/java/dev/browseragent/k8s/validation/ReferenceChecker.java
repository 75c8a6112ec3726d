package dev.browseragent.k8s.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-checks one resolved overlay against itself and against the services' sources: environment variables are
 * settings of the service the container runs, ports and probe paths are the ones the service serves, topic and group
 * names are the ones the services use, every Secret and ConfigMap reference resolves, the autoscaler fits the
 * partitions, the database URL names the CloudNativePG cluster or pooler, the worker's grace period covers its drain,
 * and a Selenium Grid the workers use takes their sessions and keeps its browsers behind their filtering proxies.
 */
public final class ReferenceChecker {

    private static final String API_IMAGE = "browser-agent/api-service";
    private static final String WORKER_IMAGE = "browser-agent/worker-service";
    private static final Set<String> HEALTH_PATHS =
            Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");
    private static final String METRICS_PATH = "/q/metrics";
    private static final String METRICS_DEPENDENCY = "quarkus-micrometer-registry-prometheus";
    /** The keys CloudNativePG puts in the {@code <cluster>-app} Secret (API reference, "Application secret"). */
    private static final Set<String> CNPG_APP_SECRET_KEYS =
            Set.of("username", "user", "password", "dbname", "host", "port", "uri", "jdbc-uri", "pgpass");
    private static final List<String> BLOCKED_RANGES =
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
    private static final String SLOTS_KEY = "browser-agent.worker.max-concurrent-tasks";
    private static final String POOL_SIZE_KEY = "browser-agent.browser.pool-size";
    /** The worker settings that put its browsers on a Selenium Grid. */
    private static final String GRID_URL_KEY = "browser-agent.browser.grid-url";
    private static final String ADVERTISED_HOST_KEY = "browser-agent.browser.proxy-advertised-host";
    /** The selenium/standalone-chrome image's settings: sessions per node (default 1), managed downloads. */
    private static final String GRID_SESSIONS = "SE_NODE_MAX_SESSIONS";
    private static final String GRID_MANAGED_DOWNLOADS = "SE_NODE_ENABLE_MANAGED_DOWNLOADS";
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private final Map<String, ServiceSources> servicesByImage;
    /** The setting naming the workers' consumer group. */
    private static final String WORKER_GROUP_KEY = "browser-agent.kafka.consumer-group";

    private final Set<String> serviceTopics;
    /** The topic workers consume: common-model's {@code Topics.TASKS}. */
    private final String tasksTopic;

    public ReferenceChecker(Path repoRoot) {
        ServiceSources api = ServiceSources.read(repoRoot, "api-service");
        ServiceSources worker = ServiceSources.read(repoRoot, "worker-service");
        this.servicesByImage = Map.of(API_IMAGE, api, WORKER_IMAGE, worker);
        Map<String, String> topics = ServiceSources.namedStringConstants(
                repoRoot.resolve("common-model/src/main/java/dev/browseragent/model/Topics.java"));
        this.serviceTopics = new TreeSet<>(topics.values());
        this.tasksTopic = topics.get("TASKS");
        for (ServiceSources service : List.of(api, worker)) {
            service.propertyKeys().stream().filter(key -> !key.startsWith("%") && key.endsWith(".topic"))
                    .forEach(key -> serviceTopics.add(service.property(key)));
        }
    }

    /**
     * @param externalSecrets Secrets created outside the manifests (the deploy guide's {@code kubectl create secret}),
     *                        by name, with their keys
     */
    public Findings check(List<Manifest> manifests, Map<String, Set<String>> externalSecrets) {
        Findings findings = new Findings();
        Overlay overlay = new Overlay(manifests, externalSecrets);
        for (Manifest deployment : overlay.ofKind("Deployment")) {
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                ServiceSources service = servicesByImage.get(repository(container.path("image").asText()));
                if (service != null) {
                    checkServiceContainer(deployment, container, service, overlay, findings);
                }
                checkSecretAndConfigReferences(deployment, container, overlay, findings);
            }
        }
        checkServices(overlay, findings);
        checkScalingTargets(overlay, findings);
        checkTopics(overlay, findings);
        checkScaledObjects(overlay, findings);
        checkWorkerNetworkPolicy(overlay, findings);
        checkSeleniumGrid(overlay, findings);
        return findings;
    }

    private void checkServiceContainer(Manifest deployment, JsonNode container, ServiceSources service,
                                       Overlay overlay, Findings findings) {
        String where = deployment.describe() + " container " + container.path("name").asText();
        Map<String, String> environment = overlay.environment(container);
        for (String name : overlay.environmentNames(container)) {
            if (!service.acceptsEnvironmentVariable(name)) {
                findings.problem(where + ": environment variable " + name + " is not a setting of "
                        + service.module() + " (no such key in its application.properties, @ConfigMapping or "
                        + "@ConfigProperty)");
            }
        }
        Map<String, String> servedPorts = service.ports(environment);
        servedPorts.forEach((key, port) -> {
            if (declaredPort(container, port).isEmpty()) {
                findings.problem(where + ": no container port " + port + " (the service's " + key + ")");
            }
        });
        String managementPort = servedPorts.get(ServiceSources.MANAGEMENT_PORT_KEY);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            if (get.isMissingNode()) {
                findings.problem(where + ": no " + probe);
                continue;
            }
            String probePort = get.path("port").asText();
            Optional<String> probed = declaredPort(container, probePort);
            if (probed.isEmpty()) {
                findings.problem(where + ": " + probe + " uses port " + probePort + ", which the container lacks");
            } else if (!probed.get().equals(managementPort)) {
                findings.problem(where + ": " + probe + " uses port " + probePort + ", not the management port "
                        + managementPort + " (" + ServiceSources.MANAGEMENT_PORT_KEY + "), the only one serving health");
            }
            if (!HEALTH_PATHS.contains(get.path("path").asText()) || !service.hasDependency("quarkus-smallrye-health")) {
                findings.problem(where + ": " + probe + " path " + get.path("path").asText()
                        + " is not a SmallRye Health endpoint of " + service.module());
            }
        }
        String databaseUrl = service.effectiveValue("browser-agent.database.url", environment).orElse("");
        checkDatabaseUrl(where, databaseUrl, overlay, findings);
        String bootstrap = service.effectiveValue("browser-agent.kafka.bootstrap-servers", environment).orElse("");
        if (!overlay.kafkaBootstrapAddresses().contains(bootstrap)) {
            findings.problem(where + ": Kafka bootstrap " + bootstrap + " is not the bootstrap Service of a Kafka "
                    + "in the overlay " + overlay.kafkaBootstrapAddresses());
        }
        if (service.keys().contains(SLOTS_KEY)) {
            checkWorkerTermination(deployment, container, service, environment, findings);
        }
    }

    /** The number of a container port given by name or number, if the container declares it. */
    private static Optional<String> declaredPort(JsonNode container, String nameOrNumber) {
        for (JsonNode containerPort : container.path("ports")) {
            String number = containerPort.path("containerPort").asText();
            if (number.equals(nameOrNumber) || containerPort.path("name").asText().equals(nameOrNumber)) {
                return Optional.of(number);
            }
        }
        return Optional.empty();
    }

    private static void checkDatabaseUrl(String where, String url, Overlay overlay, Findings findings) {
        URI uri = URI.create(url);
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        Map<String, String> hosts = new LinkedHashMap<>();
        for (Manifest cluster : overlay.ofKind("Cluster")) {
            hosts.put(cluster.name() + "-rw", cluster.name());
        }
        for (Manifest pooler : overlay.ofKind("Pooler")) {
            hosts.put(pooler.name(), pooler.at("/spec/cluster/name").asText());
        }
        String cluster = hosts.get(uri.getHost());
        if (cluster == null) {
            findings.problem(where + ": database host " + uri.getHost() + " is none of the CloudNativePG services "
                    + hosts.keySet());
            return;
        }
        overlay.named("Cluster", cluster).ifPresentOrElse(manifest -> {
            String owned = manifest.at("/spec/bootstrap/initdb/database").asText();
            if (!owned.equals(database)) {
                findings.problem(where + ": database " + database + " is not the one cluster " + cluster
                        + " creates (" + owned + ")");
            }
        }, () -> findings.problem(where + ": pooler of a cluster " + cluster + " that the overlay lacks"));
    }

    private static void checkWorkerTermination(Manifest deployment, JsonNode container, ServiceSources worker,
                                               Map<String, String> environment, Findings findings) {
        // The drain time: a setting whose name says so (its value here, else its default), or a constant in the code.
        long drainSeconds = Math.max(worker.keys().stream()
                .filter(key -> key.matches(".*(grace|drain|shutdown).*"))
                .map(key -> worker.effectiveValue(key, environment).flatMap(ReferenceChecker::seconds).orElse(0L))
                .max(Long::compare).orElse(0L),
                worker.drainConstants().values().stream().max(Long::compare).orElse(0L));
        JsonNode preStop = container.path("lifecycle").path("preStop");
        long preStopSeconds = preStop.path("sleep").path("seconds").asLong(0);
        JsonNode command = preStop.path("exec").path("command");
        if (command.size() == 2 && command.get(0).asText().equals("sleep")) {
            preStopSeconds = command.get(1).asLong();
        }
        if (preStop.isMissingNode()) {
            findings.problem(deployment.describe() + ": the worker has no preStop hook");
        }
        long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
        if (grace < preStopSeconds + drainSeconds) {
            findings.problem(deployment.describe() + ": terminationGracePeriodSeconds " + grace
                    + " is shorter than the preStop pause (" + preStopSeconds + " s) plus the worker's drain time ("
                    + drainSeconds + " s)");
        }
    }

    private static void checkSecretAndConfigReferences(Manifest deployment, JsonNode container, Overlay overlay,
                                                       Findings findings) {
        String where = deployment.describe() + " container " + container.path("name").asText();
        for (JsonNode env : container.path("env")) {
            JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
            if (!secretRef.isMissingNode()) {
                String secret = secretRef.path("name").asText();
                String key = secretRef.path("key").asText();
                Optional<Set<String>> keys = overlay.secretKeys(secret);
                if (keys.isEmpty()) {
                    findings.problem(where + ": " + env.path("name").asText() + " reads Secret " + secret
                            + ", which neither the overlay, the deploy guide nor an operator creates");
                } else if (!keys.get().contains(key) && !secretRef.path("optional").asBoolean(false)) {
                    findings.problem(where + ": " + env.path("name").asText() + " reads key " + key + " of Secret "
                            + secret + ", which has only " + new TreeSet<>(keys.get()));
                }
            }
            JsonNode configRef = env.path("valueFrom").path("configMapKeyRef");
            if (!configRef.isMissingNode() && overlay.configMapData(configRef.path("name").asText())
                    .map(data -> !data.containsKey(configRef.path("key").asText())).orElse(true)) {
                findings.problem(where + ": " + env.path("name").asText() + " reads a ConfigMap key that does not exist");
            }
        }
        for (JsonNode source : container.path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText(null);
            if (configMap != null && overlay.configMapData(configMap).isEmpty()) {
                findings.problem(where + ": envFrom ConfigMap " + configMap + " is not in the overlay");
            }
            String secret = source.path("secretRef").path("name").asText(null);
            if (secret != null && overlay.secretKeys(secret).isEmpty()) {
                findings.problem(where + ": envFrom Secret " + secret + " is not in the overlay");
            }
        }
    }

    private void checkServices(Overlay overlay, Findings findings) {
        for (Manifest service : overlay.ofKind("Service")) {
            List<Manifest> backends = overlay.deploymentsMatching(service.at("/spec/selector"));
            if (backends.isEmpty()) {
                findings.problem(service.describe() + ": its selector matches no Deployment");
            }
            for (JsonNode port : service.at("/spec/ports")) {
                String target = port.path("targetPort").asText(port.path("port").asText());
                for (Manifest backend : backends) {
                    if (!overlay.containerPorts(backend).contains(target)) {
                        findings.problem(service.describe() + ": targetPort " + target + " is not a port of "
                                + backend.describe());
                    }
                }
            }
        }
        for (Manifest monitor : overlay.ofKind("ServiceMonitor")) {
            List<Manifest> services = overlay.ofKind("Service").stream()
                    .filter(service -> Overlay.labelsMatch(monitor.at("/spec/selector/matchLabels"),
                            service.at("/metadata/labels"))).toList();
            if (services.isEmpty()) {
                findings.problem(monitor.describe() + ": its selector matches no Service");
            }
            for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
                for (Manifest service : services) {
                    boolean hasPort = false;
                    for (JsonNode port : service.at("/spec/ports")) {
                        hasPort |= port.path("name").asText().equals(endpoint.path("port").asText());
                    }
                    if (!hasPort) {
                        findings.problem(monitor.describe() + ": port " + endpoint.path("port").asText()
                                + " is not a port of " + service.describe());
                    }
                    if (endpoint.path("path").asText().equals(METRICS_PATH)) {
                        checkMetrics(monitor, service, endpoint.path("port").asText(), overlay, findings);
                    }
                }
            }
        }
    }

    /** The scraped Service port leads to the management port of a service that serves metrics. */
    private void checkMetrics(Manifest monitor, Manifest service, String portName, Overlay overlay, Findings findings) {
        String targetPort = "";
        for (JsonNode port : service.at("/spec/ports")) {
            if (port.path("name").asText().equals(portName)) {
                targetPort = port.path("targetPort").asText(port.path("port").asText());
            }
        }
        for (Manifest backend : overlay.deploymentsMatching(service.at("/spec/selector"))) {
            for (JsonNode container : backend.at("/spec/template/spec/containers")) {
                ServiceSources sources = servicesByImage.get(repository(container.path("image").asText()));
                if (sources == null) {
                    continue;
                }
                if (!sources.hasDependency(METRICS_DEPENDENCY)) {
                    findings.problem(monitor.describe() + ": " + sources.module() + " serves no " + METRICS_PATH
                            + " (no " + METRICS_DEPENDENCY + " in its pom)");
                }
                String managementPort = sources.ports(overlay.environment(container))
                        .get(ServiceSources.MANAGEMENT_PORT_KEY);
                if (!declaredPort(container, targetPort).equals(Optional.ofNullable(managementPort))) {
                    findings.problem(monitor.describe() + ": scrapes " + service.describe() + " port " + portName
                            + ", which is not the management port " + managementPort + " of " + sources.module()
                            + " (the only one serving " + METRICS_PATH + ")");
                }
            }
        }
    }

    private static void checkScalingTargets(Overlay overlay, Findings findings) {
        for (Manifest hpa : overlay.ofKind("HorizontalPodAutoscaler")) {
            if (overlay.named("Deployment", hpa.at("/spec/scaleTargetRef/name").asText()).isEmpty()) {
                findings.problem(hpa.describe() + ": scales a Deployment the overlay lacks");
            }
        }
        for (Manifest budget : overlay.ofKind("PodDisruptionBudget")) {
            if (overlay.deploymentsMatching(budget.at("/spec/selector/matchLabels")).isEmpty()) {
                findings.problem(budget.describe() + ": its selector matches no Deployment");
            }
        }
    }

    private void checkTopics(Overlay overlay, Findings findings) {
        Set<String> declared = new TreeSet<>();
        for (Manifest topic : overlay.ofKind("KafkaTopic")) {
            String name = topic.at("/spec/topicName").asText(topic.name());
            declared.add(name);
            String cluster = topic.at("/metadata/labels/strimzi.io~1cluster").asText();
            if (overlay.named("Kafka", cluster).isEmpty()) {
                findings.problem(topic.describe() + ": its strimzi.io/cluster " + cluster + " is not a Kafka in the overlay");
            }
            if (!serviceTopics.contains(name)) {
                findings.problem(topic.describe() + ": topic " + name + " is used by no service (their topics: "
                        + serviceTopics + ")");
            }
        }
        for (String topic : serviceTopics) {
            if (!declared.contains(topic)) {
                findings.problem("topic " + topic + " (used by the services) has no KafkaTopic");
            }
        }
    }

    private void checkScaledObjects(Overlay overlay, Findings findings) {
        ServiceSources worker = servicesByImage.get(WORKER_IMAGE);
        for (Manifest scaled : overlay.ofKind("ScaledObject")) {
            Optional<Manifest> target = overlay.named("Deployment", scaled.at("/spec/scaleTargetRef/name").asText());
            if (target.isEmpty()) {
                findings.problem(scaled.describe() + ": scales a Deployment the overlay lacks");
                continue;
            }
            JsonNode container = target.get().at("/spec/template/spec/containers/0");
            Map<String, String> environment = overlay.environment(container);
            long slots = worker.effectiveValue(SLOTS_KEY, environment).map(Long::parseLong).orElse(1L);
            long min = scaled.at("/spec/minReplicaCount").asLong(0);
            long max = scaled.at("/spec/maxReplicaCount").asLong(100);
            if (min < 1) {
                findings.problem(scaled.describe() + ": minReplicaCount must be at least 1 (a worker to take the first task)");
            }
            for (JsonNode trigger : scaled.at("/spec/triggers")) {
                if (!trigger.path("type").asText().equals("kafka")) {
                    continue;
                }
                JsonNode metadata = trigger.path("metadata");
                String topic = metadata.path("topic").asText();
                String group = metadata.path("consumerGroup").asText();
                // The worker takes dispatches from the tasks topic with its own consumer (TaskDispatchConsumer).
                String workerGroup = worker.effectiveValue(WORKER_GROUP_KEY, environment).orElse("");
                if (!topic.equals(tasksTopic)) {
                    findings.problem(scaled.describe() + ": topic " + topic + " is not a topic the worker consumes ("
                            + tasksTopic + ")");
                } else if (!group.equals(workerGroup)) {
                    findings.problem(scaled.describe() + ": consumerGroup " + group + " is not the worker's group "
                            + workerGroup);
                }
                String bootstrap = worker.effectiveValue("browser-agent.kafka.bootstrap-servers", environment).orElse("");
                if (!metadata.path("bootstrapServers").asText().equals(bootstrap)) {
                    findings.problem(scaled.describe() + ": bootstrapServers " + metadata.path("bootstrapServers").asText()
                            + " differs from the worker's " + bootstrap);
                }
                overlay.ofKind("KafkaTopic").stream()
                        .filter(kafkaTopic -> kafkaTopic.at("/spec/topicName").asText(kafkaTopic.name()).equals(topic))
                        .findFirst().ifPresentOrElse(kafkaTopic -> {
                            long partitions = kafkaTopic.at("/spec/partitions").asLong();
                            if (max * slots != partitions) {
                                findings.problem(scaled.describe() + ": maxReplicaCount " + max + " x " + slots
                                        + " browser slots = " + max * slots + ", but topic " + topic + " has "
                                        + partitions + " partitions (they must be equal: every slot a partition)");
                            }
                        }, () -> findings.problem(scaled.describe() + ": topic " + topic + " has no KafkaTopic"));
            }
        }
    }

    private void checkWorkerNetworkPolicy(Overlay overlay, Findings findings) {
        for (Manifest worker : overlay.ofKind("Deployment")) {
            String managementPort = null;
            for (JsonNode container : worker.at("/spec/template/spec/containers")) {
                if (repository(container.path("image").asText()).equals(WORKER_IMAGE)) {
                    managementPort = servicesByImage.get(WORKER_IMAGE).ports(overlay.environment(container))
                            .get(ServiceSources.MANAGEMENT_PORT_KEY);
                }
            }
            if (managementPort == null) {
                continue;
            }
            List<Manifest> policies = overlay.policiesSelecting(worker);
            if (policies.isEmpty()) {
                findings.problem(worker.describe() + ": no NetworkPolicy keeps its browsers from cluster addresses");
                continue;
            }
            Set<String> blocked = new HashSet<>();
            Set<String> peers = new HashSet<>();
            Set<String> ingressPorts = new HashSet<>();
            for (Manifest policy : policies) {
                policy.at("/spec/ingress").forEach(rule -> rule.path("ports")
                        .forEach(port -> ingressPorts.add(port.path("port").asText())));
                for (JsonNode rule : policy.at("/spec/egress")) {
                    for (JsonNode peer : rule.path("to")) {
                        peer.path("ipBlock").path("except").forEach(range -> blocked.add(range.asText()));
                        peer.path("podSelector").path("matchLabels").fields()
                                .forEachRemaining(label -> peers.add(label.getKey() + "=" + label.getValue().asText()));
                    }
                }
            }
            BLOCKED_RANGES.stream().filter(Predicate.not(blocked::contains)).forEach(range -> findings.problem(
                    worker.describe() + ": its NetworkPolicy lets browsers reach " + range));
            if (!ingressPorts.contains(managementPort)) {
                findings.problem(worker.describe() + ": its NetworkPolicy does not let Prometheus reach its management"
                        + " port " + managementPort);
            }
            overlay.ofKind("Kafka").forEach(kafka -> {
                if (!peers.contains("strimzi.io/cluster=" + kafka.name())) {
                    findings.problem(worker.describe() + ": its NetworkPolicy does not let it reach Kafka " + kafka.name());
                }
            });
            overlay.ofKind("Cluster").forEach(cluster -> {
                if (!peers.contains("cnpg.io/cluster=" + cluster.name())) {
                    findings.problem(worker.describe() + ": its NetworkPolicy does not let it reach PostgreSQL "
                            + cluster.name());
                }
            });
            overlay.ofKind("Pooler").forEach(pooler -> {
                if (!peers.contains("cnpg.io/poolerName=" + pooler.name())) {
                    findings.problem(worker.describe() + ": its NetworkPolicy does not let it reach pooler " + pooler.name());
                }
            });
        }
    }

    /**
     * A worker whose browsers run on a Selenium Grid: the Grid is a Service and Deployment of the overlay, takes the
     * worker's sessions (managed downloads, enough slots, a real /dev/shm), and the network policies let the worker
     * reach the Grid and the Grid's browsers reach the worker's filtering proxies, and nothing else.
     */
    private void checkSeleniumGrid(Overlay overlay, Findings findings) {
        ServiceSources worker = servicesByImage.get(WORKER_IMAGE);
        for (Manifest deployment : overlay.ofKind("Deployment")) {
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                Map<String, String> environment = overlay.environment(container);
                Optional<String> gridUrl = worker.effectiveValue(GRID_URL_KEY, environment);
                if (!repository(container.path("image").asText()).equals(WORKER_IMAGE) || gridUrl.isEmpty()) {
                    continue;
                }
                String where = deployment.describe() + " container " + container.path("name").asText();
                if (!overlay.environmentNames(container).contains(ServiceSources.toEnvironment(ADVERTISED_HOST_KEY))) {
                    findings.problem(where + ": " + GRID_URL_KEY + " without " + ADVERTISED_HOST_KEY
                            + " (the worker refuses to start: the Grid's browsers could not reach its filtering proxies)");
                }
                URI url = URI.create(gridUrl.get());
                Optional<Manifest> grid = overlay.named("Service", url.getHost())
                        .filter(service -> hasPort(service, url.getPort()))
                        .flatMap(service -> overlay.deploymentsMatching(service.at("/spec/selector")).stream().findFirst());
                if (grid.isEmpty()) {
                    findings.problem(where + ": " + GRID_URL_KEY + " " + url + " is not a Service port of a Deployment"
                            + " in the overlay");
                    continue;
                }
                long workers = overlay.ofKind("ScaledObject").stream()
                        .filter(scaled -> scaled.at("/spec/scaleTargetRef/name").asText().equals(deployment.name()))
                        .mapToLong(scaled -> scaled.at("/spec/maxReplicaCount").asLong(100))
                        .findFirst().orElse(deployment.at("/spec/replicas").asLong(1));
                long slots = worker.effectiveValue(SLOTS_KEY, environment).map(Long::parseLong).orElse(1L);
                long sessionsPerWorker = slots + worker.effectiveValue(POOL_SIZE_KEY, environment).map(Long::parseLong)
                        .orElse(slots);
                checkGrid(grid.get(), workers * sessionsPerWorker, overlay, findings);
                checkGridNetwork(deployment, grid.get(), overlay, findings);
            }
        }
    }

    private static void checkGrid(Manifest grid, long sessionsNeeded, Overlay overlay, Findings findings) {
        JsonNode container = grid.at("/spec/template/spec/containers/0");
        Map<String, String> environment = overlay.environment(container);
        if (!"true".equals(environment.get(GRID_MANAGED_DOWNLOADS))) {
            findings.problem(grid.describe() + ": " + GRID_MANAGED_DOWNLOADS + " is not true (the Grid refuses the"
                    + " worker's sessions, which ask for se:downloadsEnabled)");
        }
        long sessions = Long.parseLong(environment.getOrDefault(GRID_SESSIONS, "1"))
                * grid.at("/spec/replicas").asLong(1);
        if (sessions < sessionsNeeded) {
            findings.problem(grid.describe() + ": " + sessions + " sessions, but the workers hold up to "
                    + sessionsNeeded + " (maxReplicaCount x (max-concurrent-tasks + pool-size))");
        }
        Set<String> memoryVolumes = new HashSet<>();
        grid.at("/spec/template/spec/volumes").forEach(volume -> {
            if (volume.path("emptyDir").path("medium").asText().equals("Memory")) {
                memoryVolumes.add(volume.path("name").asText());
            }
        });
        boolean sharedMemory = false;
        for (JsonNode mount : container.path("volumeMounts")) {
            sharedMemory |= mount.path("mountPath").asText().equals("/dev/shm")
                    && memoryVolumes.contains(mount.path("name").asText());
        }
        if (!sharedMemory) {
            findings.problem(grid.describe() + ": no memory-backed volume at /dev/shm (the runtime's 64 MiB crashes"
                    + " Chrome tabs)");
        }
    }

    private static void checkGridNetwork(Manifest worker, Manifest grid, Overlay overlay, Findings findings) {
        JsonNode workerPods = worker.at("/spec/template/metadata/labels");
        JsonNode gridPods = grid.at("/spec/template/metadata/labels");
        List<Manifest> workerPolicies = overlay.policiesSelecting(worker);
        if (!Overlay.peersInclude(workerPolicies, "egress", "to", gridPods)) {
            findings.problem(worker.describe() + ": its NetworkPolicy does not let it reach the Grid " + grid.name());
        }
        if (!Overlay.peersInclude(workerPolicies, "ingress", "from", gridPods)) {
            findings.problem(worker.describe() + ": its NetworkPolicy does not let the Grid's browsers reach its"
                    + " filtering proxies");
        }
        List<Manifest> gridPolicies = overlay.policiesSelecting(grid);
        boolean egressClosed = gridPolicies.stream()
                .anyMatch(policy -> policy.at("/spec/policyTypes").toString().contains("\"Egress\""));
        for (Manifest policy : gridPolicies) {
            for (JsonNode rule : policy.at("/spec/egress")) {
                egressClosed &= rule.path("to").size() > 0;
                for (JsonNode peer : rule.path("to")) {
                    egressClosed &= peer.has("podSelector") && !peer.has("namespaceSelector")
                            && Overlay.labelsMatch(peer.path("podSelector").path("matchLabels"), workerPods);
                }
            }
        }
        if (!egressClosed) {
            findings.problem(grid.describe() + ": no NetworkPolicy limits the Grid's browsers to the workers' filtering"
                    + " proxies (they could go around the task's network rules)");
        }
        if (!Overlay.peersInclude(gridPolicies, "ingress", "from", workerPods)) {
            findings.problem(grid.describe() + ": its NetworkPolicy does not let the workers reach it");
        }
    }

    private static boolean hasPort(Manifest service, int port) {
        for (JsonNode servicePort : service.at("/spec/ports")) {
            if (servicePort.path("port").asInt() == port) {
                return true;
            }
        }
        return false;
    }

    static String repository(String image) {
        return image.replaceFirst("[:@].*$", "");
    }

    /** {@code 20s}, {@code 5m}, {@code 1h} or an ISO-8601 duration, as Quarkus reads durations. */
    static Optional<Long> seconds(String value) {
        Matcher matcher = SIMPLE_DURATION.matcher(value.strip());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return Optional.of(switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
                case "ms" -> amount / 1000;
                case "m" -> amount * 60;
                case "h" -> amount * 3600;
                case "d" -> amount * 86400;
                default -> amount;
            });
        }
        try {
            return Optional.of(Duration.parse(value).getSeconds());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Lookups over one overlay's resources. */
    private static final class Overlay {

        private final List<Manifest> manifests;
        private final Map<String, Set<String>> externalSecrets;

        Overlay(List<Manifest> manifests, Map<String, Set<String>> externalSecrets) {
            this.manifests = manifests;
            this.externalSecrets = externalSecrets;
        }

        List<Manifest> ofKind(String kind) {
            return manifests.stream().filter(manifest -> manifest.kind().equals(kind)).toList();
        }

        Optional<Manifest> named(String kind, String name) {
            return ofKind(kind).stream().filter(manifest -> manifest.name().equals(name)).findFirst();
        }

        Optional<Map<String, String>> configMapData(String name) {
            return named("ConfigMap", name).map(configMap -> {
                Map<String, String> data = new HashMap<>();
                configMap.at("/data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                return data;
            });
        }

        Optional<Set<String>> secretKeys(String name) {
            Optional<Set<String>> declared = named("Secret", name).map(secret -> {
                Set<String> keys = new HashSet<>();
                secret.at("/data").fieldNames().forEachRemaining(keys::add);
                secret.at("/stringData").fieldNames().forEachRemaining(keys::add);
                return keys;
            });
            if (declared.isPresent()) {
                return declared;
            }
            if (externalSecrets.containsKey(name)) {
                return Optional.of(externalSecrets.get(name));
            }
            return ofKind("Cluster").stream().filter(cluster -> (cluster.name() + "-app").equals(name)).findFirst()
                    .map(cluster -> CNPG_APP_SECRET_KEYS);
        }

        /** Names a container's environment gets: env entries and the keys of envFrom ConfigMaps and Secrets. */
        Set<String> environmentNames(JsonNode container) {
            Set<String> names = new TreeSet<>();
            container.path("env").forEach(env -> names.add(env.path("name").asText()));
            for (JsonNode source : container.path("envFrom")) {
                configMapData(source.path("configMapRef").path("name").asText()).ifPresent(data -> names.addAll(data.keySet()));
                secretKeys(source.path("secretRef").path("name").asText()).ifPresent(names::addAll);
            }
            return names;
        }

        /** The literal values of a container's environment (from env values and envFrom ConfigMaps). */
        Map<String, String> environment(JsonNode container) {
            Map<String, String> environment = new HashMap<>();
            for (JsonNode source : container.path("envFrom")) {
                configMapData(source.path("configMapRef").path("name").asText()).ifPresent(environment::putAll);
            }
            container.path("env").forEach(env -> {
                if (env.has("value")) {
                    environment.put(env.path("name").asText(), env.path("value").asText());
                }
            });
            return environment;
        }

        Set<String> kafkaBootstrapAddresses() {
            Set<String> addresses = new TreeSet<>();
            for (Manifest kafka : ofKind("Kafka")) {
                for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
                    if (listener.path("type").asText().equals("internal")) {
                        addresses.add(kafka.name() + "-kafka-bootstrap:" + listener.path("port").asText());
                    }
                }
            }
            return addresses;
        }

        /** The NetworkPolicies that apply to a Deployment's pods. */
        List<Manifest> policiesSelecting(Manifest deployment) {
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            return ofKind("NetworkPolicy").stream()
                    .filter(policy -> labelsMatch(policy.at("/spec/podSelector/matchLabels"), podLabels))
                    .toList();
        }

        /** Whether a rule of the policies ({@code egress}/{@code to} or {@code ingress}/{@code from}) names the pods. */
        static boolean peersInclude(List<Manifest> policies, String direction, String peers, JsonNode podLabels) {
            for (Manifest policy : policies) {
                for (JsonNode rule : policy.at("/spec/" + direction)) {
                    for (JsonNode peer : rule.path(peers)) {
                        if (labelsMatch(peer.path("podSelector").path("matchLabels"), podLabels)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        List<Manifest> deploymentsMatching(JsonNode selector) {
            return ofKind("Deployment").stream()
                    .filter(deployment -> labelsMatch(selector, deployment.at("/spec/template/metadata/labels")))
                    .toList();
        }

        Set<String> containerPorts(Manifest deployment) {
            Set<String> ports = new HashSet<>();
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                for (JsonNode port : container.path("ports")) {
                    ports.add(port.path("name").asText());
                    ports.add(port.path("containerPort").asText());
                }
            }
            return ports;
        }

        static boolean labelsMatch(JsonNode selector, JsonNode labels) {
            if (selector.isMissingNode() || selector.isEmpty()) {
                return false;
            }
            Map<String, String> wanted = new HashMap<>();
            selector.fields().forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
            return wanted.entrySet().stream().allMatch(e -> labels.path(e.getKey()).asText().equals(e.getValue()));
        }
    }
}
