package dev.browseragent.worker.network.benchmark;

import com.sun.net.httpserver.HttpServer;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.BrowserSessionFactory;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.NetworkRules;
import dev.browseragent.worker.network.TaskNetworkPolicy;
import dev.browseragent.worker.network.TestNetworkRules;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The cost of the filtering proxy: load time of a local page with 50 sub-resources (20 images, 15 stylesheets,
 * 15 scripts, none cacheable) in headless Chromium, once straight to the server and once through a session's
 * filtering proxy with a task policy (allowed_domains and ad block on, so every request is judged). Prints the p50
 * and p90 of 20 timed loads each (after 3 warm-up loads), from the page's own Navigation Timing
 * ({@code loadEventEnd}). Run it with {@code deploy/local/benchmark-network}; results in docs/benchmarks.md.
 */
public final class ProxyOverheadBenchmark {

    private static final int SUBRESOURCES_PER_KIND = 5;
    private static final int WARMUP = 3;
    private static final int LOADS = 20;

    private ProxyOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = startSite();
        String page = "http://bench.localhost:" + server.getAddress().getPort() + "/page";
        try {
            List<Double> direct;
            Path profile = Files.createTempDirectory("benchmark-direct-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", "--user-data-dir=" + profile);
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                direct = loadTimes(driver, driver, page);
            } finally {
                driver.quit();
                service.stop();
            }
            NetworkRules rules = TestNetworkRules.rules(true);
            List<Double> filtered;
            try (BrowserSession session = new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class), rules)
                    .open(1280, 960)) {
                session.applyNetworkPolicy(rules.forTask(new dev.browseragent.model.TaskOptions(
                        List.of("bench.localhost"), null, false, null, true, false, "us", false, null, 1280, 960,
                        false, null)).policy());
                filtered = loadTimes(session.driver(), session.cdp(), page);
            }
            System.out.printf("page: %d sub-resources, %d timed loads each (after %d warm-up), cache disabled%n",
                    SUBRESOURCES_PER_KIND * 10, LOADS, WARMUP);
            System.out.printf("direct:                 p50 %6.1f ms   p90 %6.1f ms%n", percentile(direct, 50), percentile(direct, 90));
            System.out.printf("through filtering proxy: p50 %6.1f ms   p90 %6.1f ms%n", percentile(filtered, 50), percentile(filtered, 90));
            System.out.printf("p50 overhead:           %+.1f %%%n",
                    100 * (percentile(filtered, 50) / percentile(direct, 50) - 1));
        } finally {
            server.stop(0);
        }
    }

    private static List<Double> loadTimes(RemoteWebDriver driver, HasCdp cdp, String page) {
        cdp.executeCdpCommand("Network.enable", Map.of());
        cdp.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < WARMUP + LOADS; i++) {
            driver.get("about:blank");
            driver.get(page + "?load=" + i);
            Object loaded = driver.executeScript(
                    "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;");
            int images = ((Number) driver.executeScript("return document.images.length")).intValue();
            if (images != SUBRESOURCES_PER_KIND * 4) {
                throw new IllegalStateException("the page did not load its images: " + images);
            }
            if (i >= WARMUP) {
                times.add(((Number) loaded).doubleValue());
            }
        }
        return times;
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    /** The page: 20 images, 15 stylesheets, 15 scripts, each a separate uncacheable request of a few KB. */
    private static HttpServer startSite() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        StringBuilder html = new StringBuilder("<html><head><title>Bench</title>");
        for (int i = 0; i < SUBRESOURCES_PER_KIND * 3; i++) {
            html.append("<link rel=stylesheet href=\"/r/style").append(i).append(".css\">");
            html.append("<script src=\"/r/script").append(i).append(".js\"></script>");
        }
        html.append("</head><body>");
        for (int i = 0; i < SUBRESOURCES_PER_KIND * 4; i++) {
            html.append("<img src=\"/r/image").append(i).append(".svg\">");
        }
        String body = html.append("</body></html>").toString();
        String filler = "/*" + "x".repeat(4000) + "*/";
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String content;
            String type;
            if (path.endsWith(".css")) {
                content = filler + "body{margin:0}";
                type = "text/css";
            } else if (path.endsWith(".js")) {
                content = filler + "var x=1;";
                type = "text/javascript";
            } else if (path.endsWith(".svg")) {
                content = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><!--" + "x".repeat(4000)
                        + "--></svg>";
                type = "image/svg+xml";
            } else {
                content = body;
                type = "text/html";
            }
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }
}
