package dev.browseragent.k8s.validation;

import java.nio.file.Path;

/** The repository the tests check, as Maven passes it, and one validation of it shared by the test classes. */
final class RepoRoot {

    static final Path PATH = Path.of(System.getProperty("browser-agent.repo-root", "../..")).toAbsolutePath().normalize();

    private static ManifestValidation validation;

    /** Shared, so that its cache of schema checks (a node run each) serves every test class. */
    static synchronized ManifestValidation validation() {
        if (validation == null) {
            validation = new ManifestValidation(PATH);
        }
        return validation;
    }

    private RepoRoot() {
    }
}
