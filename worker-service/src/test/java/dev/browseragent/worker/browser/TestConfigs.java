package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.WorkerServiceConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the worker's configuration the way Quarkus does (defaults, expressions, {@code 30s} durations), without
 * starting Quarkus, so plain JUnit tests construct the beans themselves.
 */
public final class TestConfigs {

    /** The service's own file, for the settings it gives without a {@code @WithDefault} (database, Kafka, HTTP). */
    private static final ConfigSource APPLICATION_PROPERTIES = applicationProperties();

    private TestConfigs() {
    }

    private static ConfigSource applicationProperties() {
        try {
            return new PropertiesConfigSource(TestConfigs.class.getResource("/application.properties"), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A group of {@link WorkerServiceConfig} (or the whole of it) with its defaults, overridden by the given property
     * names and values.
     */
    public static <T> T mapping(Class<T> group, String... namesAndValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        WorkerServiceConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "test", 500), APPLICATION_PROPERTIES)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(WorkerServiceConfig.class)
                .build()
                .getConfigMapping(WorkerServiceConfig.class);
        if (group == WorkerServiceConfig.class) {
            return group.cast(config);
        }
        Method getter = Arrays.stream(WorkerServiceConfig.class.getMethods())
                .filter(method -> method.getReturnType() == group).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(group + " is not a group of WorkerServiceConfig"));
        try {
            return group.cast(getter.invoke(config));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
