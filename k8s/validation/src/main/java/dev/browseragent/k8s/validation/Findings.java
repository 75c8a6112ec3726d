package dev.browseragent.k8s.validation;

import java.util.ArrayList;
import java.util.List;

/** What a check found: each problem fails it. */
public record Findings(List<String> problems) {

    public Findings() {
        this(new ArrayList<>());
    }

    void problem(String message) {
        problems.add(message);
    }

    public void addAll(Findings other) {
        problems.addAll(other.problems);
    }
}
