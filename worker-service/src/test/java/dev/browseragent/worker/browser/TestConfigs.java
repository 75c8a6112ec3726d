package dev.browseragent.worker.browser;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds {@code @ConfigMapping} interfaces the way Quarkus does (defaults, expressions, {@code 30s} durations),
 * without starting Quarkus, so plain JUnit tests construct the beans themselves.
 */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** The mapping with its defaults, overridden by the given property names and values. */
    public static <T> T mapping(Class<T> type, String... namesAndValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(type)
                .build()
                .getConfigMapping(type);
    }
}
