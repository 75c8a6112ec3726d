package dev.browseragent.worker.browser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a session's browser runs, for what WebDriver itself does not cover: ending it, and moving files between the
 * worker and the browser. {@link LocalBrowser} is this machine; {@link GridBrowser} a Selenium Grid node.
 */
interface BrowserHost {

    /** After the driver quit: ends what the quit may have left. Never throws. */
    void release();

    /** Ends the browser at once without waiting for the driver, so a WebDriver call in progress fails. Never throws. */
    void kill();

    /** The path the browser opens this worker file at, for a file input. */
    String fileForBrowser(Path file);

    /**
     * The files the browser finished downloading, with their sizes, wherever they are: in {@code directory}, or
     * still on a Grid node.
     */
    List<FinishedDownload> finishedDownloads(Path directory) throws IOException;

    /** Brings a finished download into {@code directory}, unless the browser saved it there itself. */
    void fetchDownload(String name, Path directory) throws IOException;
}
