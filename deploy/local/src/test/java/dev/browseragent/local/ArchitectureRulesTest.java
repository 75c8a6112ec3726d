package dev.browseragent.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules of the code's shape, checked over the whole repository in every build (this module is built after every
 * module it checks): no package depends on itself through others, and only the task lifecycle writes tasks.
 */
class ArchitectureRulesTest {

    private static final Path REPO_ROOT = Path.of("../..").toAbsolutePath().normalize();

    /** The one package allowed to write {@code tasks}: its statements are what the services run. */
    private static final Path LIFECYCLE = REPO_ROOT.resolve(
            "common-model/src/main/java/dev/browseragent/model/lifecycle");

    /** SQL that changes rows of {@code tasks} (not {@code task_steps} or {@code tasks_*}). */
    private static final Pattern TASK_WRITE = Pattern.compile(
            "(?i)\\b(insert\\s+into|update|delete\\s+from)\\s+tasks\\b(?![_\\w])");

    @ParameterizedTest
    @ValueSource(strings = {"common-model", "deploy/embedded", "api-service", "worker-service", "deploy/local"})
    void noPackageDependsOnItselfThroughOthers(String module) {
        Path classes = REPO_ROOT.resolve(module).resolve("target/classes");
        assertTrue(Files.isDirectory(classes), classes + " is built before this test runs");
        List<Set<String>> cycles = PackageGraph.of(classes).cycles();
        assertTrue(cycles.isEmpty(), module + " has package cycles: " + cycles);
    }

    @Test
    void theCycleCheckFindsACycle() {
        PackageGraph graph = new PackageGraph(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
                "d", Set.of("a")));
        assertEquals(List.of(new TreeSet<>(Set.of("a", "b", "c"))), graph.cycles());
        assertTrue(new PackageGraph(Map.of("a", Set.of("b"), "b", Set.of("c"))).cycles().isEmpty());
    }

    @Test
    void onlyTheLifecycleWritesTasks() throws IOException {
        List<String> writers = new ArrayList<>();
        for (String module : List.of("common-model", "api-service", "worker-service")) {
            try (Stream<Path> sources = Files.walk(REPO_ROOT.resolve(module).resolve("src/main/java"))) {
                sources.filter(path -> path.toString().endsWith(".java"))
                        .filter(path -> !path.startsWith(LIFECYCLE))
                        .filter(path -> TASK_WRITE.matcher(read(path)).find())
                        .forEach(path -> writers.add(REPO_ROOT.relativize(path).toString()));
            }
        }
        assertEquals(List.of(), writers, "classes outside " + REPO_ROOT.relativize(LIFECYCLE) + " that write tasks");
        try (Stream<Path> lifecycle = Files.list(LIFECYCLE)) {
            assertTrue(lifecycle.anyMatch(path -> TASK_WRITE.matcher(read(path)).find()),
                    "the lifecycle's own statements match the pattern, so the check can see a write");
        }
    }

    @Test
    void theTaskWritePatternSeesWritesButNotOtherTables() {
        assertTrue(TASK_WRITE.matcher("update tasks set status = 'created'").find());
        assertTrue(TASK_WRITE.matcher("INSERT INTO tasks (id) values (?)").find());
        assertTrue(TASK_WRITE.matcher("delete from\n tasks where id = ?").find());
        assertFalse(TASK_WRITE.matcher("insert into task_steps (task_id) values (?)").find());
        assertFalse(TASK_WRITE.matcher("update tasks_archive set x = 1").find());
        assertFalse(TASK_WRITE.matcher("select status from tasks where id = ?").find());
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packages and the packages they use, as the JDK's {@code jdeps} reads them from compiled classes. */
    record PackageGraph(Map<String, Set<String>> uses) {

        private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S+", Pattern.MULTILINE);

        static PackageGraph of(Path classes) {
            ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
            StringWriter out = new StringWriter();
            int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                    "-e", "dev\\.browseragent\\..*", classes.toString());
            assertEquals(0, exit, out.toString());
            Map<String, Set<String>> uses = new HashMap<>();
            Matcher edge = EDGE.matcher(out.toString());
            while (edge.find()) {
                if (!edge.group(1).equals(edge.group(2))) {
                    uses.computeIfAbsent(edge.group(1), ignored -> new TreeSet<>()).add(edge.group(2));
                }
            }
            return new PackageGraph(uses);
        }

        /** The strongly connected groups of more than one package (Tarjan's algorithm). */
        List<Set<String>> cycles() {
            Tarjan search = new Tarjan();
            new TreeSet<>(uses.keySet()).forEach(name -> {
                if (!search.index.containsKey(name)) {
                    search.visit(name);
                }
            });
            return search.groups;
        }

        private final class Tarjan {
            final Map<String, Integer> index = new HashMap<>();
            final Map<String, Integer> low = new HashMap<>();
            final List<String> stack = new ArrayList<>();
            final List<Set<String>> groups = new ArrayList<>();

            void visit(String name) {
                index.put(name, index.size());
                low.put(name, index.get(name));
                stack.add(name);
                for (String used : uses.getOrDefault(name, Set.of())) {
                    if (!index.containsKey(used)) {
                        visit(used);
                        low.put(name, Math.min(low.get(name), low.get(used)));
                    } else if (stack.contains(used)) {
                        low.put(name, Math.min(low.get(name), index.get(used)));
                    }
                }
                if (low.get(name).equals(index.get(name))) {
                    Set<String> group = new TreeSet<>();
                    String member;
                    do {
                        member = stack.remove(stack.size() - 1);
                        group.add(member);
                    } while (!member.equals(name));
                    if (group.size() > 1) {
                        groups.add(group);
                    }
                }
            }
        }
    }
}
