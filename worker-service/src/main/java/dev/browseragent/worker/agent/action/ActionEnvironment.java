package dev.browseragent.worker.agent.action;

import dev.browseragent.worker.browser.NetworkPolicy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the actions of a run may use beyond the browser, the same for every step.
 *
 * @param networkPolicy   which URLs may be opened
 * @param files           the task's files that {@code upload_file} may use, by name, already on local disk
 * @param extractor       answers {@code extract} from the page's text
 * @param extractHtmlCharacters the most characters of a page's HTML {@code extract} reads out of the browser
 * @param searchUrl       the search engine's result page, with {@code {query}} where the URL-encoded query goes
 * @param structuredOutput the task's output schema, which {@code done}'s data must match; null without one
 * @param revealSecrets   replaces {@code <secret>name</secret>} placeholders with their values, at the moment an
 *                        action types them
 */
public record ActionEnvironment(NetworkPolicy networkPolicy, Map<String, Path> files, PageExtractor extractor,
                                int extractHtmlCharacters, String searchUrl, StructuredOutput structuredOutput,
                                UnaryOperator<String> revealSecrets) {

    /** Answers a question from a page's text through the model. */
    @FunctionalInterface
    public interface PageExtractor {

        /**
         * @param query    what to pull out
         * @param markdown the page as markdown, cut to a size the model takes
         * @throws ActionException when no answer came back
         */
        String extract(String query, String markdown);
    }
}
