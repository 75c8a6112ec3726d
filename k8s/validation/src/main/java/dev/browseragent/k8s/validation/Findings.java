package dev.browseragent.k8s.validation;

import java.util.ArrayList;
import java.util.List;

/** What a check found: problems fail it; notes (pending references) are only reported. */
public record Findings(List<String> problems, List<String> notes) {

    public Findings() {
        this(new ArrayList<>(), new ArrayList<>());
    }

    void problem(String message) {
        problems.add(message);
    }

    void note(String message) {
        if (!notes.contains(message)) {
            notes.add(message);
        }
    }

    public void addAll(Findings other) {
        problems.addAll(other.problems);
        other.notes.forEach(this::note);
    }
}
