package dev.browseragent.k8s.validation;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * References the manifests make to settings, topics and dependencies that other branches add and this one does not
 * have yet ({@code k8s/validation/pending-references.txt}, lines {@code env NAME}, {@code topic NAME},
 * {@code dependency MODULE ARTIFACT}). A check that meets one reports it instead of failing, so the list of what is
 * still missing is printed on every run; an entry the sources now satisfy is reported as ready to remove.
 */
public record Pending(Set<String> environment, Set<String> topics, Set<String> dependencies) {

    public static Pending read(Path file) {
        Pending pending = new Pending(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        for (String line : Yaml.readString(file).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList()) {
            String[] parts = line.split("\\s+", 2);
            switch (parts[0]) {
                case "env" -> pending.environment.add(parts[1]);
                case "topic" -> pending.topics.add(parts[1]);
                case "dependency" -> pending.dependencies.add(parts[1]);
                default -> throw new IllegalArgumentException(file + ": unknown entry '" + line + "'");
            }
        }
        return pending;
    }

    public static Pending none() {
        return new Pending(Set.of(), Set.of(), Set.of());
    }
}
