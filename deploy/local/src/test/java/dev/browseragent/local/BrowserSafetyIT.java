package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every safety and browser option of run-task, end to end through the HTTP API: the packaged services, real
 * PostgreSQL, Kafka and Chromium, the scripted model, and test sites on several host names of one loopback server
 * whose request log proves what the browser fetched.
 * <p>
 * The stack runs with the default network rules (private networks blocked). The test sites are on loopback, so
 * their host names are exempted through {@code browser-agent.network.allowed-private-hosts}, and the "public"
 * hosts the tests need (an ad host, a public-looking site) are pinned to loopback with
 * {@code browser-agent.network.host-addresses}. Everything else, 127.0.0.1 and localhost included, stays blocked.
 */
class BrowserSafetyIT {

    private static final String SHOP = "shop.localhost";
    private static final String EVIL = "evil.localhost";
    private static final String SUB_SHOP = "a.shop.localhost";
    private static final String EVIL_SHOP = "evilshop.localhost";
    private static final String PUBLIC_SITE = "www.public-site.test";
    /** A host on EasyList ({@code ||adnxs.com^}). */
    private static final String AD_HOST = "adnxs.com";
    private static final String USER = "ada-lovelace-1815";
    private static final String PASSWORD = "Tr0ub4dor&3 horse";
    private static final String PROXY_CREDENTIALS = "agent:pa55word";
    private static final String SHOP_SEARCH = "What does the shop say?";

    /** Started before the stack, which is configured with their host names and port. */
    private static final RecordingSites sites = new RecordingSites();
    private static final LoggingUpstreamProxy upstreamProxy = new LoggingUpstreamProxy();

    @RegisterExtension
    static final StackExtension stack = StackExtension.own(config -> config
            .environment("BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS", "false")
            .environment("BROWSER_AGENT_NETWORK_ALLOWED_PRIVATE_HOSTS",
                    String.join(",", SHOP, "*." + SHOP, EVIL, EVIL_SHOP, PUBLIC_SITE, AD_HOST))
            .environment("BROWSER_AGENT_NETWORK_HOST_ADDRESSES", PUBLIC_SITE + "=127.0.0.1," + AD_HOST + "=127.0.0.1")
            .environment("BROWSER_AGENT_PROXY_COUNTRIES_DE",
                    "http://" + PROXY_CREDENTIALS + "@127.0.0.1:" + upstreamProxy.port()));

    /** The URLs the model navigates to, one per step, before it calls done. */
    private static final Deque<String> route = new ConcurrentLinkedDeque<>();

    @BeforeAll
    static void serveAndScript() {
        servePages();
        scriptTheModel();
    }

    @AfterAll
    static void stopSitesAndProxy() throws IOException {
        upstreamProxy.close();
        sites.close();
    }

    private static void servePages() {
        String evil = sites.origin(EVIL);
        sites.serve(SHOP, "/sub", RecordingSites.Response.html("""
                <html><head><title>Sub-resources</title>
                <link rel="stylesheet" href="EVIL/style.css"><script src="EVIL/script.js"></script></head>
                <body><h1>Sub-resources</h1><img src="EVIL/img.png"><iframe src="EVIL/frame"></iframe>
                <script>
                  fetch("EVIL/fetch").catch(() => {});
                  new Worker(URL.createObjectURL(new Blob(['fetch("EVIL/worker").catch(() => {})'])));
                </script></body></html>""".replace("EVIL", evil)));
        sites.serve(SHOP, "/popup", page("Popup", "<script>window.open('EVIL/popup')</script>".replace("EVIL", evil)));
        sites.serve(SHOP, "/js-nav", page("Script navigation", "<script>location.href = 'EVIL/js-nav'</script>"
                .replace("EVIL", evil)));
        sites.serve(SHOP, "/meta", RecordingSites.Response.html("<html><head><title>Meta refresh</title>"
                + "<meta http-equiv=\"refresh\" content=\"0; url=" + evil + "/meta\"></head><body>Refreshing</body></html>"));
        sites.serve(SHOP, "/redirect", RecordingSites.Response.redirect(evil + "/redirect"));
        sites.serve(SHOP, "/form", page("Form post", "<form method=\"post\" action=\"" + evil + "/form\">"
                + "<input name=\"a\" value=\"b\"></form><script>document.forms[0].submit()</script>"));
        sites.serve(SHOP, "/userinfo", page("Userinfo link", "<a id=\"go\" href=\"http://" + SHOP + ":" + sites.port()
                + "@" + EVIL + ":" + sites.port() + "/userinfo\">go</a><script>document.getElementById('go').click()</script>"));
        sites.serve(SHOP, "/query", page("Query link", "<a id=\"go\" href=\"" + evil + "/query?next=http://" + SHOP
                + "/\">go</a><script>document.getElementById('go').click()</script>"));
        sites.serve(SHOP, "/hello", page("Hello", "<p>Hello from the shop</p>"));
        sites.serve(SUB_SHOP, "/hello", page("Hello", "<p>Hello from a subdomain</p>"));
        sites.serve(EVIL_SHOP, "/hello", page("Hello", "<p>Hello from evilshop</p>"));
        sites.serve(PUBLIC_SITE, "/to-loopback",
                RecordingSites.Response.redirect("http://127.0.0.1:" + sites.port() + "/private-redirected"));
        sites.serve(SHOP, "/ads", page("Ads", "<img src=\"" + sites.origin(AD_HOST) + "/pixel.gif\"><p>Content</p>"));
        sites.serve(SHOP, "/viewport", page("Viewport",
                "<script>fetch('/report?w=' + innerWidth + '&h=' + innerHeight)</script><p>Measured</p>"));
        sites.serve(SHOP, "/login", page("Log in", "<form method=\"post\" action=\"/welcome\">"
                + "<input name=\"user\" placeholder=\"User name\"><input type=\"password\" name=\"password\""
                + " placeholder=\"Password\"><button type=\"submit\">Log in</button></form>"));
        sites.serve(SHOP, "/welcome", new RecordingSites.Response(200, Map.of(
                "Content-Type", "text/html; charset=utf-8",
                "Set-Cookie", "sid=signed-in-42; Max-Age=3600; Path=/"),
                "<html><head><title>Welcome</title></head><body><p>Welcome, " + USER + "! You are signed in.</p>"
                        + "<script>localStorage.setItem('cart', '3 trail runners')</script></body></html>"));
        sites.serve(SHOP, "/storage", page("Storage",
                "<script>fetch('/report-storage?cart=' + encodeURIComponent(localStorage.getItem('cart')))</script>"));
    }

    private static RecordingSites.Response page(String title, String body) {
        return RecordingSites.Response.html("<html><head><title>" + title + "</title></head><body>" + body + "</body></html>");
    }

    /**
     * The login task types its secrets by placeholder; every other task walks {@link #route}, one navigation per
     * step, and then finishes.
     */
    private static void scriptTheModel() {
        Predicate<ModelPrompt> loginTask = prompt -> prompt.contains("Log in to the shop");
        stack.model().when(loginTask.and(prompt -> prompt.contains("You are signed in")),
                        prompt -> agentOutput("Signed in", "Logged in", "Report",
                                action("done", "text", "Logged in to the shop", "success", true)))
                .when(loginTask.and(prompt -> prompt.contains("Typed the password")),
                        prompt -> agentOutput("Both fields filled", "Submitting", "Submit",
                                action("click", "index", prompt.indexOf("type=submit"))))
                .when(loginTask.and(prompt -> prompt.contains("Typed the user")),
                        prompt -> agentOutput("User typed", "Typed the password", "Type the password",
                                action("input", "index", prompt.indexOf("placeholder=Password"),
                                        "text", "<secret>password</secret>")))
                .when(loginTask.and(prompt -> prompt.contains("placeholder=User name")),
                        prompt -> agentOutput("The login form is open", "Typed the user", "Type the user",
                                action("input", "index", prompt.indexOf("placeholder=User name"),
                                        "text", "<secret>user</secret>")))
                .when(loginTask,
                        prompt -> agentOutput("Nothing done yet", "Starting", "Open the login page",
                                action("navigate", "url", sites.origin(SHOP) + "/login")))
                .when(prompt -> prompt.contains("Query: " + SHOP_SEARCH) && prompt.contains("Hello from the shop"),
                        prompt -> agentOutput("Read", "", "Answer", action("done", "text", "Hello from the shop",
                                "success", true)))
                .when(prompt -> true, prompt -> {
                    String next = route.poll();
                    return next == null
                            ? agentOutput("The route is walked", "Done", "Finish", action("done", "text", "walked", "success", true))
                            : agentOutput("Walking", "Next page", "Open " + next, action("navigate", "url", next));
                });
    }

    @Test
    void withAllowedDomainsTheOtherHostReceivesNoRequestWhateverThePageOrTheModelTries() throws Exception {
        int before = sites.requestsTo(EVIL).size();
        List<String> pages = List.of("/sub", "/popup", "/js-nav", "/meta", "/redirect", "/form", "/userinfo", "/query");
        pages.forEach(path -> route.add(sites.origin(SHOP) + path));
        route.add(sites.origin(EVIL) + "/model");

        JsonNode task = runToEnd(Map.of("task", "Walk the route", "allowed_domains", List.of(SHOP),
                "max_agent_steps", 15));

        assertEquals("finished", task.get("status").asText(), task.toString());
        for (String path : pages) {
            assertTrue(sites.requestsTo(SHOP).stream().anyMatch(request -> request.pathAndQuery().equals(path)),
                    "the shop served " + path);
        }
        assertEquals(List.of(), sites.requestsTo(EVIL).subList(before, sites.requestsTo(EVIL).size()));
        String modelNavigation = stepActions(task.get("id").asText()).stream()
                .filter(actions -> actions.contains("/model")).findFirst().orElseThrow();
        assertTrue(modelNavigation.contains("evil.localhost is not in the task's allowed_domains"), modelNavigation);
    }

    @Test
    void withoutAllowedDomainsThePageReachesTheOtherHost() throws Exception {
        int before = sites.requestsTo(EVIL).size();
        route.add(sites.origin(SHOP) + "/sub");

        JsonNode task = runToEnd(Map.of("task", "Walk the route"));

        assertEquals("finished", task.get("status").asText(), task.toString());
        List<String> reached = sites.requestsTo(EVIL).subList(before, sites.requestsTo(EVIL).size()).stream()
                .map(RecordingSites.Request::pathAndQuery).toList();
        assertTrue(reached.containsAll(List.of("/style.css", "/script.js", "/img.png", "/frame", "/fetch", "/worker")),
                reached.toString());
    }

    @Test
    void aWildcardAllowsSubdomainsButNotLookAlikes() throws Exception {
        route.add(sites.origin(SUB_SHOP) + "/hello");
        route.add(sites.origin(EVIL_SHOP) + "/hello");

        JsonNode task = runToEnd(Map.of("task", "Walk the route", "allowed_domains", List.of("*." + SHOP)));

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertFalse(sites.requestsTo(SUB_SHOP).isEmpty());
        assertEquals(List.of(), sites.requestsTo(EVIL_SHOP));
    }

    @Test
    void privateAddressesAreUnreachableDirectlyAndThroughARedirect() throws Exception {
        route.add("http://127.0.0.1:" + sites.port() + "/private-direct");
        route.add("http://localhost:" + sites.port() + "/private-direct");
        route.add(sites.origin(PUBLIC_SITE) + "/to-loopback");

        JsonNode task = runToEnd(Map.of("task", "Walk the route"));

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals(1, sites.requestsTo(PUBLIC_SITE).size(), "the public-looking site was reached");
        assertTrue(sites.requests().stream().noneMatch(request -> request.pathAndQuery().startsWith("/private")),
                sites.requests().toString());
    }

    @Test
    void aUrlSearchOfAPrivateAddressIsRefusedUnlessItsHostIsAllowed() {
        V1Client.Response refused = stack.client().request("POST", "/search-url", "{\"url\": \"http://127.0.0.1:"
                + sites.port() + "/private-search\", \"query\": \"" + SHOP_SEARCH + "\"}");

        assertEquals(422, refused.status(), refused.body());
        JsonNode problem = refused.json().get("detail").get(0);
        assertEquals("[\"body\",\"url\"]", problem.get("loc").toString());
        assertTrue(problem.get("msg").asText().startsWith("the network policy refuses this URL"), problem.toString());
        assertTrue(sites.requests().stream().noneMatch(request -> request.pathAndQuery().startsWith("/private")),
                sites.requests().toString());

        V1Client.Response allowed = stack.client().request("POST", "/search-url",
                "{\"url\": \"" + sites.origin(SHOP) + "/hello\", \"query\": \"" + SHOP_SEARCH + "\"}");
        assertEquals(200, allowed.status(), allowed.body());
        assertEquals("Hello from the shop", allowed.json().get("content").asText());
    }

    @Test
    void adBlockKeepsTheBrowserFromListedAdHosts() throws Exception {
        route.add(sites.origin(SHOP) + "/ads");
        JsonNode blocked = runToEnd(Map.of("task", "Walk the route", "use_adblock", true));
        assertEquals("finished", blocked.get("status").asText(), blocked.toString());
        assertEquals(List.of(), sites.requestsTo(AD_HOST));

        route.add(sites.origin(SHOP) + "/ads");
        JsonNode unblocked = runToEnd(Map.of("task", "Walk the route", "use_adblock", false));
        assertEquals("finished", unblocked.get("status").asText(), unblocked.toString());
        assertFalse(sites.requestsTo(AD_HOST).isEmpty(), "without ad block the ad host is reached");
    }

    @Test
    void thePageSeesExactlyTheRequestedViewport() throws Exception {
        route.add(sites.origin(SHOP) + "/viewport");

        JsonNode task = runToEnd(Map.of("task", "Walk the route", "browser_viewport_width", 1111,
                "browser_viewport_height", 777));

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertTrue(sites.requestsTo(SHOP).stream().anyMatch(request -> request.pathAndQuery().equals("/report?w=1111&h=777")),
                sites.requestsTo(SHOP).toString());
    }

    @Test
    void aTaskThroughAConfiguredCountryProxyShowsUpInItsLogAndAMissingCountryRunsDirectWithANotice() throws Exception {
        route.add(sites.origin(SHOP) + "/hello?via=de");
        JsonNode viaProxy = runToEnd(Map.of("task", "Walk the route", "use_proxy", true, "proxy_country_code", "DE"));
        assertEquals("finished", viaProxy.get("status").asText(), viaProxy.toString());
        String authorization = "Basic " + Base64.getEncoder().encodeToString(PROXY_CREDENTIALS.getBytes(StandardCharsets.UTF_8));
        assertTrue(upstreamProxy.log().stream().anyMatch(line ->
                line.startsWith("GET http://127.0.0.1:" + sites.port() + "/hello?via=de ") && line.endsWith(authorization)),
                upstreamProxy.log().toString());

        int proxied = upstreamProxy.log().size();
        route.add(sites.origin(SHOP) + "/hello?via=fr");
        JsonNode direct = runToEnd(Map.of("task", "Walk the route", "use_proxy", true, "proxy_country_code", "fr"));
        assertEquals("finished", direct.get("status").asText(), direct.toString());
        assertEquals(proxied, upstreamProxy.log().size());
        assertTrue(sites.requestsTo(SHOP).stream().anyMatch(request -> request.pathAndQuery().equals("/hello?via=fr")));
        assertTrue(stepActions(direct.get("id").asText()).get(0)
                .contains("No proxy is configured for the country 'fr' on this service, so the task runs without a proxy."));
    }

    @Test
    void aLoginWithSecretsSucceedsWhileNoSecretValueLeavesTheWorker() throws Exception {
        int modelRequestsBefore = stack.model().requests().size();
        JsonNode task = runToEnd(Map.of("task", "Log in to the shop with the user and password secrets",
                "secrets", Map.of("user", USER, "password", PASSWORD), "save_browser_data", true));
        String id = task.get("id").asText();

        assertEquals("finished", task.get("status").asText(), task.toString());
        assertEquals("Logged in to the shop", task.get("output").asText());
        RecordingSites.Request login = sites.requestsTo(SHOP).stream()
                .filter(request -> request.method().equals("POST") && request.pathAndQuery().equals("/welcome"))
                .findFirst().orElseThrow();
        assertEquals("user=" + form(USER) + "&password=" + form(PASSWORD), login.body(), "the values were typed");

        List<String> leaving = new ArrayList<>();
        stack.model().requests().subList(modelRequestsBefore, stack.model().requests().size())
                .forEach(prompt -> leaving.add(prompt.body().toString()));
        assertTrue(leaving.stream().anyMatch(text -> text.contains("<secret>password</secret>")),
                "the model is told the secrets' names");
        leaving.add(stack.client().request("GET", "/task/" + id, null).body());
        leaving.add(stack.client().request("GET", "/task/" + id + "/status", null).body());
        leaving.addAll(stepActions(id));
        leaving.addAll(events(id));
        leaving.add(Files.readString(stack.stateDirectory().resolve("logs").resolve("worker.log")));
        leaving.add(Files.readString(stack.stateDirectory().resolve("logs").resolve("api.log")));
        for (String text : leaving) {
            for (String value : List.of(USER, PASSWORD, form(PASSWORD))) {
                assertFalse(text.contains(value), "a secret value left the worker: " + text);
            }
        }
        assertTrue(leaving.stream().anyMatch(text -> text.contains("Welcome, <secret>user</secret>")),
                "the echoed user name reached the model as its placeholder");
        assertTrue(task.get("browser_data").get("cookies").toString().contains("\"signed-in-42\""),
                "save_browser_data returns the cookie the page set: " + task.get("browser_data"));
        assertNull(stack.database().value("select secrets from tasks where id = ?::uuid", id),
                "the sealed secrets are erased once the task has ended");
    }

    @Test
    void aPersistedProfileIsStillSignedInAndKeepsItsLocalStorageOnItsSecondTask() throws Exception {
        V1Client.Response created = stack.client().request("POST", "/browser-profiles",
                "{\"profile_name\": \"shopper\", \"persist\": true}");
        assertEquals(200, created.status(), created.body());
        String profileId = created.json().get("profile_id").asText();

        route.add(sites.origin(SHOP) + "/welcome");
        JsonNode first = runToEnd(Map.of("task", "Profile task: sign in", "browser_profile_id", profileId));
        assertEquals("finished", first.get("status").asText(), first.toString());
        String state = String.valueOf(stack.database().value("select encode(browser_state, 'escape') from browser_profiles"
                + " where id = ?::uuid", profileId));
        assertFalse(state.equals("null") || state.contains("signed-in-42"), "the profile's state is stored sealed");

        route.add(sites.origin(SHOP) + "/hello?profile=second");
        route.add(sites.origin(SHOP) + "/storage");
        JsonNode second = runToEnd(Map.of("task", "Profile task: check", "browser_profile_id", profileId));
        assertEquals("finished", second.get("status").asText(), second.toString());
        RecordingSites.Request check = sites.requestsTo(SHOP).stream()
                .filter(request -> request.pathAndQuery().equals("/hello?profile=second")).findFirst().orElseThrow();
        assertEquals("sid=signed-in-42", check.cookie());
        assertTrue(sites.requestsTo(SHOP).stream().anyMatch(request ->
                request.pathAndQuery().equals("/report-storage?cart=3%20trail%20runners")), "local storage came back");
    }

    @Test
    void theBrowsersRunSandboxedAsAnUnprivilegedUserAndInheritNothingOfTheWorker() throws IOException {
        String profileFlag = "--user-data-dir=" + stack.stateDirectory().resolve("browser-profiles");
        // The worker's warm browsers: their main process, its helpers (renderers among them) and its chromedriver.
        List<ProcessHandle> browsers = await().atMost(Duration.ofSeconds(60)).until(
                () -> ProcessHandle.allProcesses().filter(process -> commandLine(process).contains(profileFlag))
                        .flatMap(main -> Stream.concat(Stream.of(main), Stream.concat(main.parent().stream(),
                                main.descendants())))
                        .distinct().toList(),
                processes -> processes.stream().anyMatch(process -> commandLine(process).contains("--type=renderer")));

        List<String> workerEnvironment = List.of(proc(ProcessHandle.of(stack.services().worker().pid()).orElseThrow(),
                "environ").orElseThrow().split("\0"));
        assertTrue(workerEnvironment.stream().anyMatch(entry -> entry.startsWith("BROWSER_AGENT_ENCRYPTION_KEYS=")),
                "the worker holds the key ring the browsers must not see");
        List<String> inheritable = workerEnvironment.stream()
                .filter(entry -> !entry.startsWith("PATH=") && !entry.startsWith("LANG=")).toList();
        int renderers = 0;
        for (ProcessHandle process : browsers) {
            Optional<String> status = proc(process, "status");
            Optional<String> environment = proc(process, "environ");
            if (status.isEmpty() || environment.isEmpty()) {
                continue; // ended meanwhile: an earlier case's browser closing
            }
            assertFalse(status.get().lines().anyMatch(line -> line.matches("Uid:\\s+0\\s.*")),
                    "not root: " + commandLine(process));
            List<String> inherited = Stream.of(environment.get().split("\0")).filter(inheritable::contains).toList();
            assertEquals(List.of(), inherited, "nothing of the worker's environment in " + commandLine(process));
            if (commandLine(process).contains("--type=renderer") && process.isAlive()) {
                assertTrue(status.get().contains("Seccomp:\t2"), "a renderer runs under a seccomp filter: " + status);
                assertFalse(namespace(process, "user").equals(namespace(ProcessHandle.current(), "user")),
                        "a renderer is in a user namespace of its own");
                assertFalse(namespace(process, "pid").equals(namespace(ProcessHandle.current(), "pid")),
                        "a renderer sees only its own processes");
                renderers++;
            }
        }
        assertTrue(renderers > 0, "at least one renderer was checked");
    }

    /** A file of the process's /proc directory; empty once the process is gone. */
    private static Optional<String> proc(ProcessHandle process, String file) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", String.valueOf(process.pid()), file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Read from /proc: Chromium rewrites its helpers' command lines into one string, which ProcessHandle misses. */
    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // gone meanwhile
        }
    }

    private static Path namespace(ProcessHandle process, String kind) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "ns", kind));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Runs the task to its end; whatever it did not walk of the route is forgotten. */
    private static JsonNode runToEnd(Map<String, Object> body) {
        try {
            return stack.client().awaitEnd(stack.client().runTask(body));
        } finally {
            route.clear();
        }
    }

    /** The recorded actions JSON of each step, in order (the API does not show them). */
    private static List<String> stepActions(String taskId) {
        return stack.database().column("select actions::text from task_steps where task_id = ?::uuid order by step", taskId);
    }

    /** Every task-events record of the task, read from the topic's start until a terminal one. */
    private static List<String> events(String taskId) {
        try (TopicClient kafka = new TopicClient(stack.kafkaBootstrapServers())) {
            return kafka.awaitUntil("task-events", taskId, event -> event.contains("\"finished\""), Duration.ofSeconds(30))
                    .stream().map(ConsumerRecord::value).toList();
        }
    }
}
