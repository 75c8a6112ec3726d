package dev.browseragent.k8s.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services' Dockerfiles, checked statically (no container engine here, so they are never built by the tests):
 * base image, non-root user, port, Quarkus layout; the COPY sources must exist when the module has been packaged
 * (always so in {@code ./mvnw verify}, where this module builds after both services).
 */
class ImagesTest {

    /** The API's public port and its management port. */
    private static final List<String> API_PORTS = List.of("8080", "9000");

    @Test
    void theApiImageIsValid() {
        assertEquals(List.of(), check("api-service"));
    }

    @Test
    void theWorkerImageIsValidAndCarriesDebiansChromiumAndFfmpeg() {
        assertEquals(List.of(), check("worker-service"));
        String run = Dockerfiles.parse(dockerfile("worker-service")).stream()
                .filter(instruction -> instruction.keyword().equals("RUN")).findFirst().orElseThrow().arguments();
        ServiceSources worker = ServiceSources.read(RepoRoot.PATH, "worker-service");
        // ffmpeg encodes the session recordings; without it the worker records nothing.
        assertTrue(List.of(run.split("\\s+")).containsAll(List.of("chromium", "chromium-driver", "tini", "ffmpeg")),
                run);
        // Debian's packages install where the worker looks by default.
        assertEquals("/usr/bin/chromium", worker.defaultValue("browser-agent.browser.chromium").orElseThrow());
        assertEquals("/usr/bin/chromedriver", worker.defaultValue("browser-agent.browser.chromedriver").orElseThrow());
    }

    @Test
    void thePodsRunAsTheImagesUser() {
        for (String module : List.of("api-service", "worker-service")) {
            String user = Dockerfiles.parse(dockerfile(module)).stream()
                    .filter(instruction -> instruction.keyword().equals("USER")).reduce((a, b) -> b).orElseThrow()
                    .arguments();
            String deployment = module.equals("api-service") ? "api-deployment.yaml" : "worker-deployment.yaml";
            Manifest pod = new Manifest(Yaml.readOne(RepoRoot.PATH.resolve("k8s/base/" + deployment)), deployment);
            assertEquals(user, pod.at("/spec/template/spec/securityContext/runAsUser").asText(), module);
        }
    }

    @Test
    void aRootUserOrAWrongPortFails(@TempDir Path module) throws IOException {
        Files.createDirectories(module.resolve("src/main/docker"));
        String text = Files.readString(dockerfile("api-service"));
        Files.writeString(module.resolve("src/main/docker/Dockerfile.jvm"),
                text.replace("USER 10001", "USER root").replace("EXPOSE 8080 9000", "EXPOSE 8080"));
        List<String> problems = Dockerfiles.check(module, API_PORTS, false);
        assertTrue(problems.stream().anyMatch(p -> p.contains("numeric non-root uid, is root")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("EXPOSE must be the service's ports [8080, 9000], is"
                + " [8080]")), problems.toString());
    }

    @Test
    void copySourcesMustExistOncePackaged(@TempDir Path module) throws IOException {
        Files.createDirectories(module.resolve("src/main/docker"));
        Files.copy(dockerfile("api-service"), module.resolve("src/main/docker/Dockerfile.jvm"));
        List<String> unbuilt = Dockerfiles.check(module, API_PORTS, true);
        assertEquals(4, unbuilt.stream().filter(p -> p.contains("matches nothing")).count(), unbuilt.toString());

        // The fast-jar layout Quarkus writes on package.
        Path app = module.resolve("target/quarkus-app");
        for (String directory : List.of("lib/main", "app", "quarkus")) {
            Files.createDirectories(app.resolve(directory));
        }
        Files.writeString(app.resolve("quarkus-run.jar"), "");
        assertEquals(List.of(), Dockerfiles.check(module, API_PORTS, true));
    }

    @Test
    void aCopiedSourceFileMustExistAndNothingElseMayBeCopied(@TempDir Path module) throws IOException {
        Files.createDirectories(module.resolve("src/main/docker"));
        Files.writeString(module.resolve("src/main/docker/Dockerfile.jvm"), Files.readString(dockerfile("worker-service"))
                + "COPY build.sh /deployments/\n");
        List<String> problems = Dockerfiles.check(module, List.of("9001"), false);
        assertTrue(problems.stream().anyMatch(p -> p.contains("COPY src/main/jvm/jvm.options does not exist")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("COPY build.sh is neither in the Quarkus fast-jar layout")),
                problems.toString());
    }

    private static List<String> check(String module) {
        Path moduleRoot = RepoRoot.PATH.resolve(module);
        List<String> ports = List.copyOf(ServiceSources.read(RepoRoot.PATH, module).ports(Map.of()).values());
        return Dockerfiles.check(moduleRoot, ports, Files.isDirectory(moduleRoot.resolve("target/quarkus-app")));
    }

    private static Path dockerfile(String module) {
        return RepoRoot.PATH.resolve(module).resolve("src/main/docker/Dockerfile.jvm");
    }
}
