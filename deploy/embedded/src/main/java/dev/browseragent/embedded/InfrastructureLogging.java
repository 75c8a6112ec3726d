package dev.browseragent.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Raises the broker's and PostgreSQL's loggers to WARNING where slf4j ends in java.util.logging (the JBoss
 * LogManager in Quarkus tests): at INFO the broker alone prints hundreds of lines at every start. Other slf4j
 * bindings are configured their own way (the launcher's {@code simplelogger.properties}).
 */
final class InfrastructureLogging {

    private static final List<String> NOISY_CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky");

    /** java.util.logging holds loggers weakly; a logger that is collected forgets its level. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private InfrastructureLogging() {
    }

    static synchronized void quiet() {
        if (!QUIETED.isEmpty()) {
            return;
        }
        for (String category : NOISY_CATEGORIES) {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }
}
