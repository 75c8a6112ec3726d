package dev.browseragent.worker.browser;

/** Decides, while a download runs, whether it may go on; a download it refuses is cancelled in the browser. */
public interface DownloadWatcher {

    /**
     * Asked when a download starts (with 0 bytes) and as it progresses. Called on the browser connection's thread.
     *
     * @param id       the browser's id of the download
     * @param fileName the name the page suggested
     * @param bytes    its size as far as known: the larger of the bytes received and the size the site announced
     * @return false to cancel it
     */
    boolean mayContinue(String id, String fileName, long bytes);

    /**
     * A download it let go on completed, {@code bytes} long: its file now waits in the download directory. It is
     * asked about no more (nor is a refused one).
     */
    void completed(String id, long bytes);

    /** A download it let go on was cancelled elsewhere (by the page, by the browser): it is asked about no more. */
    void cancelled(String id);
}
