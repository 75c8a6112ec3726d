package dev.browseragent.k8s.validation;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/deploy.md refers only to files that exist and applies overlays that exist. (The Secret it creates is checked
 * against what the prod overlay reads in {@link ManifestValidationTest}.)
 */
class DeployGuideTest {

    private final DeployGuide guide = new DeployGuide(RepoRoot.PATH.resolve("docs/deploy.md"));

    @Test
    void everyPathTheGuideNamesExists() {
        assertEquals(List.of(), guide.missingPaths(RepoRoot.PATH));
    }

    @Test
    void theGuideAppliesTheOverlaysThatExist() {
        List<String> applied = guide.appliedKustomizations();
        assertTrue(applied.containsAll(List.of("k8s/overlays/dev", "k8s/overlays/prod")), applied.toString());
        applied.forEach(path -> assertTrue(Files.isRegularFile(RepoRoot.PATH.resolve(path).resolve("kustomization.yaml")),
                path));
    }

    @Test
    void theGuideCreatesTheNamespaceAndTheKeysBeforeTheProductionApply() throws Exception {
        String text = Files.readString(RepoRoot.PATH.resolve("docs/deploy.md"));
        int namespace = text.indexOf("kubectl create namespace browser-agent");
        int keys = text.indexOf("create secret generic browser-agent-keys");
        int apply = text.indexOf("kubectl apply -k k8s/overlays/prod");
        assertTrue(namespace >= 0 && keys > namespace && apply > keys,
                "namespace at " + namespace + ", keys at " + keys + ", prod apply at " + apply);
    }
}
