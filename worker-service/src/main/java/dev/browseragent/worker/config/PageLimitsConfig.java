package dev.browseragent.worker.config;

import io.smallrye.config.WithDefault;

/**
 * What one task's pages may make the worker hold, so that a hostile page cannot exhaust it: its downloads, and the
 * page text {@code extract} reads. Every cap is per task; a page that reaches one is refused the rest, and the model
 * is told so. Env: {@code BROWSER_AGENT_LIMITS_*}.
 */
public interface PageLimitsConfig {

    /**
     * The most downloads one task keeps as output files; further ones are cancelled as they start. Twenty covers a
     * report with its attachments, and a page that starts a thousand stops there.
     */
    @WithDefault("20")
    int downloadFiles();

    /**
     * The largest download kept, in bytes (25 MiB); a larger one is cancelled as soon as its size or its progress
     * shows it is larger. A kept file passes through the worker's memory on its way to storage, so this also bounds
     * that memory.
     */
    @WithDefault("26214400")
    long downloadFileBytes();

    /** The most bytes one task's kept downloads add up to (100 MiB, four files of the largest size). */
    @WithDefault("104857600")
    long downloadTotalBytes();

    /**
     * The most characters of a page's HTML {@code extract} reads out of the browser (about 4 MB in the worker's
     * memory); the page script stops there, and the model is told it read only the beginning. The markdown made from
     * them is cut further to what the model takes.
     */
    @WithDefault("2000000")
    int extractHtmlCharacters();
}
