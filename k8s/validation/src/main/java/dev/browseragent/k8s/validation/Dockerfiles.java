package dev.browseragent.k8s.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Static checks of a service's {@code src/main/docker/Dockerfile.jvm}, since no container engine can build it here:
 * a pinned Debian base, a numeric non-root USER, EXPOSE = the service's ports, COPY sources in the Quarkus
 * fast-jar layout that exist once the module is packaged or among the module's own sources ({@code src/main/}) that
 * exist now, the runner jar as entry point. Hand-written: a Dockerfile
 * is a list of instructions, and no maintained Java parser for it exists in the registries.
 */
public final class Dockerfiles {

    private static final String QUARKUS_APP = "target/quarkus-app/";
    private static final String MODULE_SOURCES = "src/main/";

    private Dockerfiles() {
    }

    /** One instruction, continuation lines joined. */
    public record Instruction(String keyword, String arguments) {
    }

    public static List<Instruction> parse(Path dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Yaml.readString(dockerfile).lines().toList()) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
                continue;
            }
            current.append(stripped.endsWith("\\") ? stripped.substring(0, stripped.length() - 1) + " " : stripped);
            if (!stripped.endsWith("\\")) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
                current.setLength(0);
            }
        }
        return instructions;
    }

    /**
     * @param moduleRoot    the service module (the build context)
     * @param ports         the ports the service listens on ({@link ServiceSources#ports}), in EXPOSE's order
     * @param requireBuilt  whether {@code target/quarkus-app} must already exist (after {@code ./mvnw package})
     */
    public static List<String> check(Path moduleRoot, List<String> ports, boolean requireBuilt) {
        Path dockerfile = moduleRoot.resolve("src/main/docker/Dockerfile.jvm");
        List<String> problems = new ArrayList<>();
        List<Instruction> instructions = parse(dockerfile);
        Map<String, List<String>> byKeyword = new java.util.HashMap<>();
        instructions.forEach(i -> byKeyword.computeIfAbsent(i.keyword(), k -> new ArrayList<>()).add(i.arguments()));
        List<String> from = byKeyword.getOrDefault("FROM", List.of());
        if (from.size() != 1 || !from.get(0).matches("debian:[a-z]+-slim")) {
            problems.add(dockerfile + ": FROM must be one pinned Debian slim release, is " + from);
        }
        Optional<String> user = lastOf(byKeyword, "USER");
        if (user.isEmpty() || !user.get().matches("\\d+") || user.get().equals("0")) {
            problems.add(dockerfile + ": the last USER must be a numeric non-root uid, is " + user.orElse("none"));
        }
        List<String> exposed = byKeyword.getOrDefault("EXPOSE", List.of()).stream()
                .flatMap(arguments -> Stream.of(arguments.split("\\s+"))).toList();
        if (!exposed.equals(ports)) {
            problems.add(dockerfile + ": EXPOSE must be the service's ports " + ports + ", is " + exposed);
        }
        List<String> copies = byKeyword.getOrDefault("COPY", List.of());
        for (String copy : copies) {
            String[] parts = copy.replaceAll("--\\S+", "").strip().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                String source = parts[i];
                if (source.startsWith(MODULE_SOURCES)) {
                    if (!Files.exists(moduleRoot.resolve(source))) {
                        problems.add(dockerfile + ": COPY " + source + " does not exist in " + moduleRoot);
                    }
                } else if (!source.startsWith(QUARKUS_APP)) {
                    problems.add(dockerfile + ": COPY " + source + " is neither in the Quarkus fast-jar layout nor"
                            + " among the module's sources");
                } else if (requireBuilt && !matches(moduleRoot, source)) {
                    problems.add(dockerfile + ": COPY " + source + " matches nothing in " + moduleRoot
                            + " after packaging");
                }
            }
        }
        for (String layer : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            if (copies.stream().noneMatch(copy -> copy.contains(QUARKUS_APP + layer))) {
                problems.add(dockerfile + ": no COPY of " + QUARKUS_APP + layer);
            }
        }
        if (lastOf(byKeyword, "ENTRYPOINT").filter(e -> e.contains("/deployments/quarkus-run.jar")).isEmpty()) {
            problems.add(dockerfile + ": the ENTRYPOINT must run /deployments/quarkus-run.jar");
        }
        return problems;
    }

    private static Optional<String> lastOf(Map<String, List<String>> byKeyword, String keyword) {
        List<String> values = byKeyword.getOrDefault(keyword, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    private static boolean matches(Path moduleRoot, String source) {
        Path path = moduleRoot.resolve(source);
        if (!source.contains("*")) {
            return Files.exists(path);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path.getParent(), path.getFileName().toString())) {
            return entries.iterator().hasNext();
        } catch (IOException e) {
            if (!Files.isDirectory(path.getParent())) {
                return false;
            }
            throw new UncheckedIOException(e);
        }
    }
}
