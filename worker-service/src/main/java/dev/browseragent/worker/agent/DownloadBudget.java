package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.FinishedDownload;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One task's download caps (docs/agent.md, "Downloads"): how many files it keeps, how large one may be, how many bytes
 * they add up to. Judges a download twice: while it runs (to cancel it early, counting the running ones, and the ones
 * completed since the files were last judged, against the caps as if kept) and once finished (the file's real size,
 * before it is fetched or stored), which is what decides. Each refusal is a sentence for the model. Thread-safe: the
 * browser reports running downloads on its own thread.
 */
final class DownloadBudget {

    private final int maxFiles;
    private final long maxFileBytes;
    private final long maxTotalBytes;
    /** Running downloads let go on so far, by the browser's id, with their size as far as known. */
    private final Map<String, Long> running = new HashMap<>();
    private int keptFiles;
    private long keptBytes;
    /**
     * Downloads completed since the files were last judged, whose files wait in the download directory: without them
     * a page starting one small download after the other, each done before the next begins, would land them all.
     */
    private int completedFiles;
    private long completedBytes;

    DownloadBudget(int maxFiles, long maxFileBytes, long maxTotalBytes) {
        this.maxFiles = maxFiles;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** A running download reached this size (0 as it starts): why it must stop, or empty while it may go on. */
    synchronized Optional<String> judgeRunning(String id, String name, long bytes) {
        int files = keptFiles + completedFiles;
        long total = keptBytes + completedBytes + runningBytes();
        Optional<String> refusal = running.containsKey(id)
                ? refusal(name, bytes, files, total - running.get(id))
                : refusal(name, bytes, files + running.size(), total);
        if (refusal.isPresent()) {
            running.remove(id);
        } else {
            running.put(id, bytes);
        }
        return refusal;
    }

    /** A running download completed: it holds its place until its file is judged by {@link #keep}. */
    synchronized void completed(String id, long bytes) {
        if (running.remove(id) != null) {
            completedFiles++;
            completedBytes += bytes;
        }
    }

    /** A running download was cancelled: it holds no place any more. */
    synchronized void cancelled(String id) {
        running.remove(id);
    }

    /**
     * Judges the files the browser finished since the last listing, all at once, so that no running download is
     * judged while they are counted neither as completed nor as kept; from now on the kept ones count in place of
     * the completed ones.
     *
     * @return for each download, in order, why it is not kept, or empty when it is
     */
    synchronized List<Optional<String>> judgeFinished(List<FinishedDownload> downloads) {
        completedFiles = 0;
        completedBytes = 0;
        return downloads.stream().map(download -> keep(download.name(), download.bytes())).toList();
    }

    /** A finished download of this size: why it is not kept, or empty when it is, counted from now on. */
    synchronized Optional<String> keep(String name, long bytes) {
        Optional<String> refusal = refusal(name, bytes, keptFiles, keptBytes);
        if (refusal.isEmpty()) {
            keptFiles++;
            keptBytes += bytes;
        }
        return refusal;
    }

    private Optional<String> refusal(String name, long bytes, int filesBefore, long bytesBefore) {
        if (filesBefore >= maxFiles) {
            return Optional.of("The download of " + name + " was refused: this task has already downloaded "
                    + maxFiles + " files, the limit.");
        }
        if (bytes > maxFileBytes) {
            return Optional.of("The download of " + name + " was refused: it is larger than "
                    + readable(maxFileBytes) + ", the limit for one file.");
        }
        if (bytesBefore + bytes > maxTotalBytes) {
            return Optional.of("The download of " + name + " was refused: with it this task's downloads would exceed "
                    + readable(maxTotalBytes) + " in total, the limit.");
        }
        return Optional.empty();
    }

    private long runningBytes() {
        return running.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Bytes as people read them: 25 MiB, 512 KiB, 900 bytes. */
    static String readable(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + " MiB";
        }
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        if (bytes >= 1 << 10) {
            return bytes / (1 << 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
