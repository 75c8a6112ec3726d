package dev.browseragent.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One launcher per state directory: a second one would take the first one's services for leftovers of a crash
 * and stop them. The operating system releases the lock when the process ends, however it ends.
 */
final class StateDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws LocalStackException when another launcher holds the directory */
    static StateDirectoryLock acquire(Path stateDirectory) {
        Path file = stateDirectory.resolve("launcher.lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new LocalStackException("Another launcher is running with the state directory " + stateDirectory
                        + "; stop it first, or give this one its own BROWSER_AGENT_STATE_DIR");
            }
            return new StateDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new LocalStackException("Cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Null when the lock is held, by another process or by another launcher in this JVM. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }
}
