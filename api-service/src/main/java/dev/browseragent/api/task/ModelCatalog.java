package dev.browseragent.api.task;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.model.LlmModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The model names a client may ask for: the v1 list plus the operator's additions. */
@ApplicationScoped
public class ModelCatalog {

    private final Set<String> names = new LinkedHashSet<>();

    public ModelCatalog(ApiConfig config) {
        Arrays.stream(LlmModel.values()).map(LlmModel::wireName).forEach(names::add);
        config.extraModels().orElse(List.of()).forEach(names::add);
    }

    public boolean isKnown(String name) {
        return names.contains(name);
    }

    /** The names as a pydantic error lists them: {@code 'gpt-4o', 'gpt-4.1', ...}. */
    public String quotedNames() {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
