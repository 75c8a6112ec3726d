package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.DownloadWatcher;
import dev.browseragent.worker.browser.FinishedDownload;
import dev.browseragent.worker.config.PageLimitsConfig;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Stores each file the browser finished downloading as one of the task's output files, once, within the task's
 * {@link DownloadBudget}: a running download over a cap is cancelled in the browser, a finished one is judged by its
 * size before it is fetched or read, and every refusal is told to the model at its next step.
 */
final class Downloads implements DownloadWatcher {

    private static final Logger LOG = Logger.getLogger(Downloads.class);
    /** Refusals told one by one in a step; the rest are counted, so a page starting thousands costs one line. */
    private static final int NOTICES_TOLD = 3;

    private final UUID taskId;
    private final BrowserSession session;
    private final TaskFiles files;
    private final DownloadBudget budget;
    /** The finished downloads dealt with: stored, or refused. */
    private final Set<String> handled = new HashSet<>();
    private final List<String> notices = new ArrayList<>();
    private int noticesUntold;

    Downloads(UUID taskId, BrowserSession session, TaskFiles files, PageLimitsConfig limits) {
        this.taskId = taskId;
        this.session = session;
        this.files = files;
        this.budget = new DownloadBudget(limits.downloadFiles(), limits.downloadFileBytes(),
                limits.downloadTotalBytes());
        session.watchDownloads(this);
    }

    @Override
    public boolean mayContinue(String id, String fileName, long bytes) {
        return budget.judgeRunning(id, fileName, bytes).map(refusal -> {
            refused(refusal);
            return false;
        }).orElse(true);
    }

    @Override
    public void completed(String id, long bytes) {
        budget.completed(id, bytes);
    }

    @Override
    public void cancelled(String id) {
        budget.cancelled(id);
    }

    /** Saves the downloads that finished since the last call; a file that cannot be saved is logged and skipped. */
    void collect() {
        List<FinishedDownload> finished;
        try {
            finished = session.finishedDownloads().stream().filter(download -> handled.add(download.name())).toList();
        } catch (IOException e) {
            LOG.warnf("Task %s: could not list its downloads: %s", taskId, e.getMessage());
            return;
        }
        // Judged before any is stored, which takes a while per file: meanwhile the caps count them as kept.
        List<Optional<String>> refusals = budget.judgeFinished(finished);
        for (int i = 0; i < finished.size(); i++) {
            String name = finished.get(i).name();
            refusals.get(i).ifPresentOrElse(refusal -> {
                refused(refusal);
                discard(name);
            }, () -> store(name));
        }
    }

    /**
     * The refusals since the last call, as lines for the model's next step: the first few in full, the rest counted.
     */
    synchronized List<String> takeNotices() {
        List<String> told = new ArrayList<>(notices);
        if (noticesUntold > 0) {
            told.add(noticesUntold + " more downloads were refused for the same limits.");
        }
        notices.clear();
        noticesUntold = 0;
        return told;
    }

    private synchronized void refused(String refusal) {
        LOG.infof("Task %s: %s", taskId, refusal);
        if (notices.size() < NOTICES_TOLD) {
            notices.add(refusal);
        } else {
            noticesUntold++;
        }
    }

    /** Within the caps, so its bytes are bounded by the per-file cap on their way to storage. */
    private void store(String name) {
        try {
            Path path = session.fetchDownload(name);
            files.saveOutput(taskId, name, Files.readAllBytes(path));
        } catch (IOException e) {
            LOG.warnf("Task %s: could not store the download %s: %s", taskId, name, e.getMessage());
        }
    }

    /** Frees the disk a refused local download took; a Grid node's copy goes with its session. */
    private void discard(String name) {
        try {
            Files.deleteIfExists(session.downloadDirectory().resolve(name));
        } catch (IOException e) {
            LOG.debugf("Task %s: could not delete the refused download %s: %s", taskId, name, e.getMessage());
        }
    }
}
