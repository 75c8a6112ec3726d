package dev.browseragent.k8s.validation;

import java.nio.file.Path;

/** The repository the tests check, as Maven passes it. */
final class RepoRoot {

    static final Path PATH = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();

    private RepoRoot() {
    }
}
