package dev.browseragent.api.share;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The read-only HTML page of a shared task. Everything the task holds is escaped: the task text, output and step
 * fields come from users and from web pages. A page this small needs no template engine.
 */
final class SharePage {

    private SharePage() {
    }

    static String render(SharedTask task) {
        StringBuilder html = new StringBuilder(4096).append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex">
                <title>Shared task</title>
                <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
                pre{white-space:pre-wrap;background:#f4f4f4;padding:.75rem;border-radius:4px}
                ol li{margin-bottom:.75rem}.status{font-weight:bold}</style>
                </head><body>
                <h1>Shared task</h1>
                """);
        html.append("<pre class=\"task\">").append(escape(task.task())).append("</pre>\n");
        html.append("<p>Status: <span class=\"status\">").append(escape(task.status())).append("</span>");
        html.append(" · created ").append(time(task.createdAt()));
        if (task.finishedAt() != null) {
            html.append(" · finished ").append(time(task.finishedAt()));
        }
        html.append("</p>\n");
        if (task.failureReason() != null) {
            html.append("<p>Reason: ").append(escape(task.failureReason())).append("</p>\n");
        }
        html.append("<h2>Output</h2>\n");
        html.append(task.output() == null ? "<p>No output yet.</p>\n"
                : "<pre class=\"output\">" + escape(task.output()) + "</pre>\n");
        html.append("<h2>Steps</h2>\n");
        if (task.steps().isEmpty()) {
            html.append("<p>No steps yet.</p>\n");
        } else {
            html.append("<ol>\n");
            for (SharedTask.Step step : task.steps()) {
                html.append("<li value=\"").append(step.step()).append("\"><div>Goal: ").append(escape(step.nextGoal()))
                        .append("</div><div>Evaluation: ").append(escape(step.evaluationPreviousGoal()))
                        .append("</div><div>Page: ").append(escape(step.url())).append("</div></li>\n");
            }
            html.append("</ol>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
