package dev.browseragent.worker.support;

import dev.browseragent.embedded.quarkus.KafkaTestResource;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The one declaration of this module's test resources: every {@code @QuarkusTest} runs against the same embedded
 * PostgreSQL and Kafka broker, started once for the test JVM (global scope, so no test class needs to name them
 * and all share one Quarkus application).
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
final class EmbeddedInfrastructure {

    private EmbeddedInfrastructure() {
    }
}
