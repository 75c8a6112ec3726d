package dev.browseragent.worker.agent;

import dev.browseragent.model.TaskSearch;
import dev.browseragent.worker.browser.BrowserErrors;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.Screenshot;
import dev.browseragent.worker.llm.TokenUsage;
import org.jboss.logging.Logger;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A search task ({@link TaskSearch}), in one browser, one page after another. A web search opens the configured
 * engine's result page (recorded as step 1, without a model call), takes the result links from it in page order
 * (leaving out the engine's own links and any the network policy refuses) and reads up to {@code max_websites} of
 * them; a URL search reads the one page. Reading a page is the agent's loop on it for {@code depth} steps, told to
 * finish with the page's content that answers the query; its {@code done} text is the result's {@code content}.
 * <p>
 * The pages are read one after another, not at once: a search holds one slot and one browser, as a task does, so the
 * account's and the worker's limits count it as one task.
 */
final class SearchRun {

    private static final Logger LOG = Logger.getLogger(SearchRun.class);

    /**
     * The result page's links in page order, absolute, without fragments, each once; a link through the engine's own
     * redirect (a query parameter holding the target's URL, as DuckDuckGo's and Google's have) as its target; the
     * engine's own pages (same host or same last two host labels) left out.
     */
    private static final String RESULT_LINKS = """
            const site = host => host.split('.').slice(-2).join('.');
            const engine = site(location.hostname);
            const seen = new Set();
            const links = [];
            for (const anchor of document.querySelectorAll('a[href]')) {
              let url;
              try { url = new URL(anchor.href, location.href); } catch (e) { continue; }
              if (site(url.hostname) === engine) {
                const target = ['uddg', 'url', 'u', 'q'].map(name => url.searchParams.get(name))
                    .find(value => value && /^https?:\\/\\//i.test(value));
                if (!target) continue;
                try { url = new URL(target); } catch (e) { continue; }
              }
              if (!/^https?:$/.test(url.protocol) || site(url.hostname) === engine) continue;
              url.hash = '';
              if (!seen.has(url.href)) { seen.add(url.href); links.push(url.href); }
            }
            return links;""";

    /** Reads one page: the agent's loop for a task, with its listener. */
    @FunctionalInterface
    interface PageReader {
        AgentResult run(AgentTask task, StepListener listener);
    }

    private final AgentTask task;
    private final TaskSearch search;
    private final StepListener listener;
    private final BrowserSession session;
    private final NetworkPolicy networkPolicy;
    private final String urlTemplate;
    private final PageReader reader;
    private int stepsTaken;

    SearchRun(AgentTask task, StepListener listener, BrowserSession session, NetworkPolicy networkPolicy,
              String urlTemplate, PageReader reader) {
        this.task = task;
        this.search = task.search();
        this.listener = listener;
        this.session = session;
        this.networkPolicy = networkPolicy;
        this.urlTemplate = urlTemplate;
        this.reader = reader;
    }

    AgentResult run() {
        return search.kind() == TaskSearch.Kind.WEB ? searchTheWeb() : readTheUrl();
    }

    /**
     * A URL the network policy refuses fails the search at once, with the URL and the refusal in its output, which
     * the API answers as a 422 on {@code url}.
     */
    private AgentResult readTheUrl() {
        Optional<String> refusal = networkPolicy.refusal(search.url());
        if (refusal.isPresent()) {
            return new AgentResult(false, AgentRun.json(Map.of("url", search.url(), "refused", refusal.get())),
                    "the network policy refuses the page the search was to read; its output says why");
        }
        return AgentResult.finished(AgentRun.json(read(search.url())), true);
    }

    private AgentResult searchTheWeb() {
        String url = urlTemplate.replace("{query}", URLEncoder.encode(search.query(), StandardCharsets.UTF_8));
        long started = System.nanoTime();
        String failure = networkPolicy.refusal(url).map(refusal -> "the network policy refuses it: " + refusal)
                .orElse(null);
        List<String> links = List.of();
        if (failure == null) {
            try {
                session.driver().get(url);
                links = resultLinks();
            } catch (WebDriverException e) {
                failure = BrowserErrors.describe(e);
            }
        }
        List<String> chosen = links.stream().filter(link -> networkPolicy.refusal(link).isEmpty())
                .limit(search.maxWebsites()).toList();
        recordSearchStep(url, failure, links.size(), chosen.size(), started);
        if (failure != null) {
            LOG.warnf("Task %s: the search engine's result page %s could not be opened: %s", task.id(), url, failure);
            return AgentResult.failed("the search engine's result page could not be opened (the worker's log says why,"
                    + " under the task's id)");
        }
        List<Map<String, String>> results = new ArrayList<>();
        for (String link : chosen) {
            results.add(read(link));
        }
        return AgentResult.finished(AgentRun.json(Map.of("results", results)), true);
    }

    /** The result links of the page open now, in page order. */
    @SuppressWarnings("unchecked")
    private List<String> resultLinks() {
        Object links = ((JavascriptExecutor) session.driver()).executeScript(RESULT_LINKS);
        return links instanceof List<?> list ? (List<String>) list : List.of();
    }

    private void recordSearchStep(String url, String failure, int found, int chosen, long started) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("action", Map.of("search", Map.of("query", search.query())));
        outcome.put("status", failure == null ? "ok" : "error");
        outcome.put("message", failure != null ? failure
                : found + " result links on the page; reading " + chosen + " of them");
        byte[] screenshot = null;
        if (failure == null) {
            try {
                screenshot = Screenshot.viewportPng(session);
            } catch (WebDriverException e) {
                LOG.debugf("Task %s: no screenshot of the search page: %s", task.id(), e.getMessage());
            }
        }
        stepsTaken = 1;
        listener.onStep(new AgentStep(1, "", "", "Search the web for: " + search.query(), url,
                AgentRun.json(List.of(outcome)), screenshot,
                new AgentStep.Timings((System.nanoTime() - started) / 1_000_000, 0, 0), TokenUsage.NONE));
    }

    /**
     * One page read by the agent's loop, its steps numbered on from the search's. A page that does not open, or
     * whose reading ends without {@code done}, gives empty content.
     */
    private Map<String, String> read(String url) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("url", url);
        try {
            session.driver().get(url);
        } catch (WebDriverException e) {
            LOG.infof("Task %s: search result %s did not open: %s", task.id(), url, BrowserErrors.describe(e));
            result.put("content", "");
            return result;
        }
        int offset = stepsTaken;
        AgentTask reading = new AgentTask(task.id(), instruction(), task.llmModel(), search.depth(),
                task.viewportWidth(), task.viewportHeight(), task.useVision(), task.highlightElements(), null,
                List.of(), null, null);
        AgentResult answer = reader.run(reading, listener.withSteps(step -> {
            stepsTaken = offset + step.number();
            return step.renumbered(stepsTaken);
        }));
        result.put("content", answer.output() == null ? "" : answer.output());
        return result;
    }

    private String instruction() {
        return "Read the page that is open to answer the query below, in at most " + search.depth() + " steps:"
                + " scroll, or open a link on this site if the answer is clearly there. Then call done with, as its"
                + " text, the content of the page that answers the query: the facts themselves, with names, numbers"
                + " and prices quoted exactly, not a description of the page. If the page does not answer it, call"
                + " done saying so, with success false.\nQuery: " + search.query();
    }
}
