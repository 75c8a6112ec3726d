package dev.browseragent.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateDirectoryLockTest {

    @Test
    void aSecondLauncherOnTheSameStateIsRefusedUntilTheFirstLetsGo(@TempDir Path state) {
        try (StateDirectoryLock first = StateDirectoryLock.acquire(state)) {
            LocalStackException refused = assertThrows(LocalStackException.class, () -> StateDirectoryLock.acquire(state));
            assertTrue(refused.getMessage().startsWith("Another launcher is running with the state directory"),
                    refused.getMessage());
        }
        StateDirectoryLock.acquire(state).close();
    }
}
