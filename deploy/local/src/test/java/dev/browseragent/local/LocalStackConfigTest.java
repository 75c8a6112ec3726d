package dev.browseragent.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackConfigTest {

    private static final Path CURRENT_DIRECTORY = Path.of("/srv/browser-agent");

    @Test
    void defaultsWithoutEnvironment() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of(), CURRENT_DIRECTORY);

        assertEquals(CURRENT_DIRECTORY, config.repoRoot());
        assertEquals(CURRENT_DIRECTORY.resolve(".state"), config.stateDirectory());
        assertEquals(8080, config.apiPort());
        assertEquals(9000, config.apiManagementPort());
        assertEquals(9001, config.workerManagementPort());
        assertEquals(LocalStackConfig.DEFAULT_POSTGRES_PORT, config.postgresPort());
        assertEquals(LocalStackConfig.DEFAULT_KAFKA_PORT, config.kafkaPort());
        assertNull(config.bootstrapApiKey());
    }

    @Test
    void environmentOverridesEachSetting() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of(
                "BROWSER_AGENT_HOME", "/opt/agent",
                "BROWSER_AGENT_STATE_DIR", "/var/lib/agent",
                "BROWSER_AGENT_API_PORT", "9100",
                "BROWSER_AGENT_API_MANAGEMENT_PORT", "9101",
                "BROWSER_AGENT_WORKER_MANAGEMENT_PORT", "9102",
                "BROWSER_AGENT_POSTGRES_PORT", "9103",
                "BROWSER_AGENT_KAFKA_PORT", "9104",
                "BROWSER_AGENT_BOOTSTRAP_API_KEY", "bu_mine"), CURRENT_DIRECTORY);

        assertEquals(Path.of("/opt/agent"), config.repoRoot());
        assertEquals(Path.of("/var/lib/agent"), config.stateDirectory());
        assertEquals(9100, config.apiPort());
        assertEquals(9101, config.apiManagementPort());
        assertEquals(9102, config.workerManagementPort());
        assertEquals(9103, config.postgresPort());
        assertEquals(9104, config.kafkaPort());
        assertEquals("bu_mine", config.bootstrapApiKey());
    }

    @Test
    void aBadPortNamesTheVariable() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LocalStackConfig.fromEnvironment(Map.of("BROWSER_AGENT_API_PORT", "eighty"), CURRENT_DIRECTORY));

        assertEquals("BROWSER_AGENT_API_PORT must be a port number (1-65535), not 'eighty'", error.getMessage());
    }

    @Test
    void aGeneratedKeyIsKeptForTheNextStart(@TempDir Path state) throws Exception {
        String first = BootstrapApiKey.resolve(null, state);
        String second = BootstrapApiKey.resolve(null, state);

        assertTrue(first.matches("bu_[A-Za-z0-9_-]{32}"), first);
        assertEquals(first, second);
        Path file = state.resolve(BootstrapApiKey.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aConfiguredKeyWinsAndIsNotWritten(@TempDir Path state) {
        assertEquals("bu_given", BootstrapApiKey.resolve("bu_given", state));
        assertTrue(Files.notExists(state.resolve(BootstrapApiKey.FILE_NAME)));
    }
}
