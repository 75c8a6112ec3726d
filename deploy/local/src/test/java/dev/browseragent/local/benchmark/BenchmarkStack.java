package dev.browseragent.local.benchmark;

import dev.browseragent.local.LocalStack;
import dev.browseragent.local.LocalStackConfig;
import dev.browseragent.testing.ScriptedModelServer;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** The stack a benchmark main runs against. */
final class BenchmarkStack {

    private BenchmarkStack() {
    }

    /**
     * The packaged stack on free ports, not started: the scripted model as every task's model, local pages reachable,
     * the services' output only in their log files (stdout is for the figures), and stopped on Ctrl-C too, so that no
     * PostgreSQL, service or Chromium is left running.
     *
     * @param environment the benchmark's own settings on top
     */
    static LocalStack create(Path repoRoot, Path stateDirectory, ScriptedModelServer model, Map<String, String> environment) {
        LocalStack stack = new LocalStack(LocalStackConfig.builder(repoRoot)
                .stateDirectory(stateDirectory)
                .freePorts()
                .environment("OPENAI_BASE_URL", model.baseUrl())
                .environment("OPENAI_API_KEY", "scripted")
                .environment("BROWSER_AGENT_ALLOW_PRIVATE_NETWORKS", "true")
                .environment(environment)
                .build(), new PrintStream(OutputStream.nullOutputStream()));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-benchmark-stack"));
        return stack;
    }
}
