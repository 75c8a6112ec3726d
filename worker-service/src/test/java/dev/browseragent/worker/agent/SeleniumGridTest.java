package dev.browseragent.worker.agent;

import dev.browseragent.model.TaskOptions;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;
import dev.browseragent.worker.browser.BrowserPool;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.BrowserSessionFactory;
import dev.browseragent.worker.browser.NetworkPolicy;
import dev.browseragent.worker.browser.SeleniumGrid;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.AgentConfig;
import dev.browseragent.worker.config.PageLimitsConfig;
import dev.browseragent.worker.config.SearchConfig;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.config.LlmConfig;
import dev.browseragent.worker.llm.ModelClientFactory;
import dev.browseragent.worker.network.NetworkRules;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriverException;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's browsers on a real Selenium Grid (a standalone server in its own JVM, its node running this machine's
 * Chromium): the agent observes, types, clicks, uploads, downloads and takes screenshots there, and the session's
 * filtering proxy, reached by the node at the advertised address, still decides what the browser may load.
 */
class SeleniumGridTest {

    private static final String FORM = """
            <html><head><title>Grid form</title></head><body>
            <form action="/result"><input name="q" placeholder="Search">
            <input type="file" id="file" onchange="this.files[0].text().then(t => shown.textContent = 'Got: ' + t)">
            <p id="shown"></p><a href="/report">Download the report</a>
            <button type="submit">Search</button></form></body></html>""";

    private static SeleniumGrid grid;
    private static TestSite site;
    private static ScriptedModelServer model;
    private static LocalTaskFiles files;
    private static NetworkRules rules;
    private static BrowserSessionFactory browsers;
    private static AgentRunner agent;

    @BeforeAll
    static void start() {
        grid = SeleniumGrid.start();
        site = TestSite.start().page("/form", FORM)
                .download("/report", "report.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        model = ScriptedModelServer.start();
        files = new LocalTaskFiles();
        rules = TestNetworkRules.rules(true, "browser-agent.network.host-addresses",
                "shop.localhost=127.0.0.1,elsewhere.localhost=127.0.0.1");
        browsers = new BrowserSessionFactory(gridConfig("127.0.0.1"), rules);
        agent = new AgentRunner(BrowserPool.unpooled(browsers),
                new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                        "browser-agent.llm.openai.base-url", model.baseUrl())),
                new NetworkPolicy(rules), TestConfigs.mapping(AgentConfig.class), TestConfigs.mapping(SearchConfig.class),
                TestConfigs.mapping(PageLimitsConfig.class), files,
                List.of(TestNetworkRules.noSafeguards()));
    }

    @AfterAll
    static void stop() {
        model.close();
        site.close();
        grid.close();
    }

    /** This Grid's node runs its Chromium as the test's user, root in CI, which Chromium's sandbox refuses. */
    private static BrowserConfig gridConfig(String advertisedHost) {
        return TestConfigs.mapping(BrowserConfig.class, "browser-agent.browser.grid-url", grid.url().toString(),
                "browser-agent.browser.proxy-advertised-host", advertisedHost, "browser-agent.browser.sandbox", "false");
    }

    @Test
    void theAgentObservesTypesClicksUploadsAndDownloadsInTheGridsBrowser() throws IOException {
        files.uploads.put("notes.txt", "Meet at noon".getBytes(StandardCharsets.UTF_8));
        model.when(p -> p.contains("Title: Result"), p -> agentOutput("Searched", "", "Report",
                        action("done", "text", "Searched, uploaded and downloaded", "success", true)))
                .when(p -> p.contains("Got: Meet at noon"), p -> agentOutput("Uploaded", "", "Download and search",
                        action("click", "index", p.indexOf("<a")), action("wait", "seconds", 1),
                        action("click", "index", p.indexOf("type=submit"))))
                .when(p -> p.contains("Title: Grid form"), p -> agentOutput("Form open", "", "Fill in",
                        action("input", "index", p.indexOf("name=q"), "text", "running shoes"),
                        action("upload_file", "index", p.indexOf("type=file"), "path", "notes.txt")))
                .when(p -> p.contains("Step 1 of"), p -> agentOutput("Start", "", "Open the form",
                        action("navigate", "url", site.url("/form"))));
        List<AgentStep> steps = new ArrayList<>();
        List<Integer> gridSessions = new ArrayList<>();
        assertEquals(0, grid.awaitActiveSessions(0));

        AgentResult result = agent.run(new AgentTask(UUID.randomUUID(), "Search, upload, download", "gpt-4.1", 6,
                1024, 768, true, false, null, List.of("notes.txt"), null, null), step -> {
            steps.add(step);
            gridSessions.add(grid.activeSessions());
        });

        assertEquals(new AgentResult(true, "Searched, uploaded and downloaded", null), result);
        assertEquals(List.of(1, 1, 1, 1), gridSessions, "every step ran in the Grid's one session");
        assertEquals(0, grid.awaitActiveSessions(0), "the run's end quit the Grid session");
        assertEquals(Map.of("q", List.of("running shoes")), site.results().get(site.results().size() - 1));
        assertArrayEquals("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), files.outputs.get("report.csv"),
                "the download was fetched from the node");
        ModelPrompt formPrompt = model.requests().get(1);
        assertTrue(formPrompt.contains("<input type=text name=q placeholder=Search />"), formPrompt.userText());
        for (AgentStep step : steps) {
            BufferedImage screenshot = ImageIO.read(new ByteArrayInputStream(step.screenshotPng()));
            assertEquals(List.of(1024, 768), List.of(screenshot.getWidth(), screenshot.getHeight()));
        }
    }

    @Test
    void theSessionsFilteringProxyBlocksADomainTheTaskDoesNotAllow() {
        int port = URI.create(site.url("/")).getPort();
        try (BrowserSession session = browsers.open(800, 600)) {
            session.applyNetworkPolicy(rules.forTask(new TaskOptions(List.of("shop.localhost"), null, false, null,
                    false, false, "us", false, null, 800, 600, false, null)).policy());

            session.driver().get("http://shop.localhost:" + port + "/form");
            assertEquals("Grid form", session.driver().getTitle());

            session.driver().get("http://elsewhere.localhost:" + port + "/form");
            // The proxy's refusal page. (lastBlockedNavigation() is not asserted: Chrome's own background tunnels, e.g.
            // to accounts.google.com, are refused and reported as blocked navigations around it.)
            assertTrue(session.driver().getTitle().startsWith("Blocked by Browser Agent: http://elsewhere.localhost:"
                    + port + " was blocked"), session.driver().getTitle());
        }
    }

    @Test
    void terminatingASessionEndsItOnTheGrid() {
        assertEquals(0, grid.awaitActiveSessions(0));
        BrowserSession session = browsers.open(800, 600);
        assertEquals(1, grid.activeSessions());

        session.terminate();

        assertEquals(0, grid.awaitActiveSessions(0));
        assertThrows(WebDriverException.class, () -> session.driver().getTitle());
    }

    @Test
    void aWorkerWhoseProxyTheGridCannotReachRefusesToStart() {
        IllegalStateException unset = assertThrows(IllegalStateException.class, () -> new BrowserSessionFactory(
                TestConfigs.mapping(BrowserConfig.class, "browser-agent.browser.grid-url", grid.url().toString()),
                rules));
        assertTrue(unset.getMessage().contains("browser-agent.browser.proxy-advertised-host is not"), unset.getMessage());

        IllegalStateException foreign = assertThrows(IllegalStateException.class,
                () -> new BrowserSessionFactory(gridConfig("198.51.100.7"), rules));
        assertTrue(foreign.getMessage().contains("is not an address of this machine"), foreign.getMessage());
    }
}
