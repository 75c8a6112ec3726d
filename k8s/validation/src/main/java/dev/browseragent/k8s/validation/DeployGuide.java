package dev.browseragent.k8s.validation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code docs/deploy.md} refers to: repository paths, the overlays it applies, the Secrets it creates. */
public final class DeployGuide {

    private static final Pattern REPOSITORY_PATH = Pattern.compile(
            "(?<![\\w./-])((?:k8s|docs|api-service|worker-service|common-model|deploy)/[\\w./-]*[\\w/])");
    private static final Pattern APPLY = Pattern.compile("kubectl apply (?:--server-side )?-k ([\\w./-]+)");
    private static final Pattern CREATE_SECRET = Pattern.compile("kubectl (?:-n \\S+ )?create secret generic (\\S+)");
    private static final Pattern LITERAL = Pattern.compile("--from-literal=([\\w.-]+)=");

    private final String text;

    public DeployGuide(Path guide) {
        this.text = Yaml.readString(guide);
    }

    /** Repository paths the guide names that do not exist under the root. */
    public List<String> missingPaths(Path repoRoot) {
        List<String> missing = new ArrayList<>();
        Matcher matcher = REPOSITORY_PATH.matcher(text);
        while (matcher.find()) {
            String path = matcher.group(1).replaceAll("[.]$", "");
            if (!Files.exists(repoRoot.resolve(path)) && !missing.contains(path)) {
                missing.add(path);
            }
        }
        return missing;
    }

    /** The directories {@code kubectl apply -k} is run on, in the guide's order. */
    public List<String> appliedKustomizations() {
        List<String> applied = new ArrayList<>();
        Matcher matcher = APPLY.matcher(text);
        while (matcher.find()) {
            applied.add(matcher.group(1));
        }
        return applied;
    }

    /** The Secrets the guide creates with {@code kubectl create secret generic}, with their keys. */
    public Map<String, Set<String>> createdSecrets() {
        Map<String, Set<String>> secrets = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = CREATE_SECRET.matcher(lines.get(i));
            if (!matcher.find()) {
                continue;
            }
            Set<String> keys = secrets.computeIfAbsent(matcher.group(1), name -> new TreeSet<>());
            // The command goes on over the lines that end with a backslash.
            for (int j = i; j < lines.size(); j++) {
                Matcher literal = LITERAL.matcher(lines.get(j));
                while (literal.find()) {
                    keys.add(literal.group(1));
                }
                if (!lines.get(j).endsWith("\\")) {
                    break;
                }
            }
        }
        return secrets;
    }
}
