package dev.browseragent.k8s.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The whole check of a {@code k8s/} tree: every overlay resolved, every resource of it validated against its schema,
 * and its references cross-checked with the services' sources. The sources are always the repository's; the
 * manifests may be a (mutated) copy.
 */
public final class ManifestValidation {

    private final Path repoRoot;
    private final SchemaValidator schemas;
    private final ReferenceChecker references;
    private final Map<String, Set<String>> guideSecrets;

    public ManifestValidation(Path repoRoot) {
        this.repoRoot = repoRoot;
        this.schemas = new SchemaValidator(new SchemaValidator.NodeModels(repoRoot.resolve("k8s/validation/src/main/node")));
        this.references = new ReferenceChecker(repoRoot);
        this.guideSecrets = new DeployGuide(repoRoot.resolve("docs/deploy.md")).createdSecrets();
    }

    public Path repoRoot() {
        return repoRoot;
    }

    /** The overlays of a {@code k8s/} tree: the directories under {@code overlays/}. */
    public static List<Path> overlays(Path k8sRoot) {
        try (Stream<Path> entries = Files.list(k8sRoot.resolve("overlays"))) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks every overlay of {@code k8sRoot}; each problem names its overlay. */
    public Findings validate(Path k8sRoot) {
        return check(k8sRoot, true);
    }

    /** Only the overlays' resolution and references, without the schemas (which cost a node run per changed resource). */
    public Findings checkReferences(Path k8sRoot) {
        return check(k8sRoot, false);
    }

    private Findings check(Path k8sRoot, boolean withSchemas) {
        Findings all = new Findings();
        for (Path overlay : overlays(k8sRoot)) {
            String name = overlay.getFileName().toString();
            List<Manifest> manifests;
            try {
                manifests = Kustomizer.resolve(overlay);
            } catch (RuntimeException e) {
                all.problem(name + ": " + e.getMessage());
                continue;
            }
            if (withSchemas) {
                schemas.validate(manifests).forEach(problem -> all.problem(name + ": " + problem));
            }
            Findings found = references.check(manifests, guideSecrets);
            found.problems().forEach(problem -> all.problem(name + ": " + problem));
        }
        return all;
    }
}
