package dev.browseragent.local.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.local.LocalStack;
import dev.browseragent.local.StackDatabase;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.testing.TestSite;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;

/**
 * {@code POST /simple-search} with {@code max_websites} 5 and {@code depth} 2 on the real local stack, one search at
 * a time, against a millisecond model (the scripted server answers {@code done} with the page's fact at once) and a
 * search engine on the test site whose five results are on five host names. Prints, per search and as p50/max over
 * the series, where the wall time goes, read from the task's row and its steps: the queue (accepted → started), the
 * engine's result page (step 1), each site (from the previous step to its own: opening the page, observing it, the
 * model's answer — the extraction — and recording the step), and the end (last step → the answer at the client).
 * Run it with {@code deploy/local/benchmark-search [searches, default 10]}; figures on stdout, progress on stderr.
 * Not a JUnit test: its name matches neither Surefire's nor Failsafe's patterns.
 */
public final class SearchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SITES = 5;
    private static final String QUERY = "Which benchmark fact does this site state?";
    private static final String ENGINE_PATH = "/engine";

    private record Search(double wallMillis, double queueMillis, double enginePageMillis, List<Double> siteMillis,
                          List<Double> extractionMillis, double endMillis) {
    }

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Path repoRoot = Path.of(System.getProperty("browser-agent.repo-root", "")).toAbsolutePath().normalize();
        int searches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        // Wiped by the script before each run.
        Path state = repoRoot.resolve("deploy/local/target/benchmark-search-state");
        try (ScriptedModelServer model = ScriptedModelServer.start(); TestSite site = TestSite.start()) {
            int port = URI.create(site.url("/")).getPort();
            StringBuilder results = new StringBuilder("<html><head><title>Results</title></head><body><ol>");
            for (int i = 1; i <= SITES; i++) {
                String fact = "Benchmark fact number " + i;
                site.page("/fact" + i, "<html><head><title>Site " + i + "</title></head><body><h1>Site " + i
                        + "</h1><p>" + fact + ".</p></body></html>");
                results.append("<li><a href=\"http://site").append(i).append(".localhost:").append(port)
                        .append("/fact").append(i).append("\">Site ").append(i).append("</a></li>");
                model.when(prompt -> prompt.contains("Query: " + QUERY) && prompt.contains(fact),
                        prompt -> agentOutput("Read", "", "Answer", action("done", "text", fact, "success", true)));
            }
            site.page(ENGINE_PATH, results.append("</ol></body></html>").toString());
            LocalStack stack = BenchmarkStack.create(repoRoot, state, model,
                    Map.of("BROWSER_AGENT_SEARCH_URL_TEMPLATE", site.url(ENGINE_PATH) + "?q={query}"));
            try (stack) {
                System.err.println("benchmark-search: starting the stack (state and logs in " + state + ")");
                stack.start();
                StackDatabase database = new StackDatabase(stack.postgres());
                HttpClient http = HttpClient.newHttpClient();
                System.err.println("benchmark-search: one warm-up search, then " + searches);
                search(http, stack, database);
                List<Search> measured = new ArrayList<>();
                for (int i = 0; i < searches; i++) {
                    measured.add(search(http, stack, database));
                }
                report(measured);
            }
        }
    }

    private static Search search(HttpClient http, LocalStack stack, StackDatabase database) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/simple-search"))
                .timeout(Duration.ofMinutes(3))
                .header("Authorization", "Bearer " + stack.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("query", QUERY, "max_websites", SITES, "depth", 2))))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double wallMillis = (System.nanoTime() - started) / 1e6;
        long answered = System.currentTimeMillis();
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200 || answer.get("results").size() != SITES) {
            throw new IllegalStateException("the search answered " + response.statusCode() + ": " + response.body());
        }
        String task = database.column("select id::text from tasks order by created_at desc limit 1").get(0);
        List<String> times = database.rows("select (extract(epoch from created_at) * 1000)::bigint::text,"
                + " (extract(epoch from started_at) * 1000)::bigint::text from tasks where id = ?::uuid", task).get(0);
        List<List<String>> steps = database.rows("select (extract(epoch from created_at) * 1000)::bigint::text,"
                + " model_ms::text from task_steps where task_id = ?::uuid order by step", task);
        long accepted = Long.parseLong(times.get(0));
        long begun = Long.parseLong(times.get(1));
        long previous = Long.parseLong(steps.get(0).get(0));
        List<Double> siteMillis = new ArrayList<>();
        List<Double> extractionMillis = new ArrayList<>();
        for (List<String> step : steps.subList(1, steps.size())) {
            long at = Long.parseLong(step.get(0));
            siteMillis.add((double) (at - previous));
            extractionMillis.add(Double.parseDouble(step.get(1)));
            previous = at;
        }
        return new Search(wallMillis, begun - accepted, Long.parseLong(steps.get(0).get(0)) - begun, siteMillis,
                extractionMillis, answered - previous);
    }

    private static void report(List<Search> searches) {
        System.out.printf(Locale.ROOT, "simple-search, max_websites %d, depth 2, one search at a time, %d searches;"
                + " milliseconds%n", SITES, searches.size());
        System.out.printf(Locale.ROOT, "%-6s %8s %8s %12s %s%n", "search", "wall", "queue", "engine page",
                "per site (extraction = model time)");
        for (int i = 0; i < searches.size(); i++) {
            Search s = searches.get(i);
            StringBuilder sites = new StringBuilder();
            for (int j = 0; j < s.siteMillis().size(); j++) {
                sites.append(String.format(Locale.ROOT, " %.0f (%.0f)", s.siteMillis().get(j), s.extractionMillis().get(j)));
            }
            System.out.printf(Locale.ROOT, "%-6d %8.0f %8.0f %12.0f%s; end %.0f%n", i + 1, s.wallMillis(),
                    s.queueMillis(), s.enginePageMillis(), sites, s.endMillis());
        }
        line("wall", searches, Search::wallMillis);
        line("queue (accepted → started)", searches, Search::queueMillis);
        line("engine result page", searches, Search::enginePageMillis);
        line("one site", searches.stream().flatMap(s -> s.siteMillis().stream()).toList());
        line("  of which extraction (model)", searches.stream().flatMap(s -> s.extractionMillis().stream()).toList());
        line("end (last step → answer)", searches, Search::endMillis);
    }

    private static void line(String what, List<Search> searches, Function<Search, Double> value) {
        line(what, searches.stream().map(value).toList());
    }

    private static void line(String what, List<Double> values) {
        Latencies latencies = Latencies.ofMillis(values);
        System.out.printf(Locale.ROOT, "%-30s p50 %7.0f   max %7.0f%n", what, latencies.percentile(50),
                latencies.max());
    }
}
