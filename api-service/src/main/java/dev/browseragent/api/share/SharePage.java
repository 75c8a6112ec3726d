package dev.browseragent.api.share;

import dev.browseragent.api.file.OutputFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The read-only HTML page of a shared task. Everything the task holds is escaped: the task text, output and step
 * fields come from users and from web pages, and only http(s) URLs become links or images. A page this small needs
 * no template engine. While the task has not ended, the page's script ({@code share-page.js}) polls the same content
 * as JSON and builds what changed with the same element ids and classes as here.
 */
final class SharePage {

    private static final String SCRIPT = resource("share-page.js");
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
            pre{white-space:pre-wrap;word-break:break-word;background:#f4f4f4;padding:.75rem;border-radius:4px}
            .status{font-weight:bold}.url{word-break:break-all}.number{font-weight:bold}
            ol{list-style:none;padding:0}
            li.step{display:grid;grid-template-columns:1fr 20rem;gap:1rem;align-items:start;padding:.75rem 0;
            border-top:1px solid #ddd}
            img{max-width:100%;height:auto;border:1px solid #ccc}img.gif{max-width:24rem}
            iframe{width:100%;height:36rem;border:1px solid #ccc}""";

    private SharePage() {
    }

    /**
     * @param nonce the response's CSP nonce, which lets this page's own style and script run and nothing else
     */
    static String render(SharedTask task, String token, String nonce) {
        StringBuilder html = new StringBuilder(8192).append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex, nofollow">
                <title>Shared task</title>
                """);
        html.append("<style nonce=\"").append(nonce).append("\">").append(STYLE).append("</style>\n</head>");
        html.append("<body data-state-url=\"").append(escape(ShareTokens.statePath(token)))
                .append("\" data-ended=\"").append(task.ended()).append("\">\n<h1>Shared task</h1>\n");
        html.append("<pre class=\"task\">").append(escape(task.task())).append("</pre>\n");
        html.append("<p>Status: <span class=\"status\" id=\"status\">").append(escape(task.status().wireName()))
                .append("</span> · created ").append(time(task.createdAt()))
                .append("<span id=\"finished\">").append(task.finishedAt() == null ? "" : " · finished " + time(task.finishedAt()))
                .append("</span></p>\n");
        html.append("<p id=\"reason\"").append(task.failureReason() == null ? " hidden>" : ">")
                .append(task.failureReason() == null ? "" : "Reason: " + escape(task.failureReason())).append("</p>\n");
        html.append("<section id=\"live\"").append(task.liveViewUrl() == null ? " hidden>" : ">")
                .append("<h2>Live view</h2>");
        if (task.liveViewUrl() != null) {
            html.append("<iframe id=\"live-view\" title=\"Live view of the task's browser\" src=\"")
                    .append(escape(task.liveViewUrl())).append("\"></iframe>");
        }
        html.append("</section>\n");
        html.append("<h2>Output</h2>\n<div id=\"output\">").append(task.output() == null ? "<p>No output yet.</p>"
                : "<pre class=\"output\">" + escape(task.output()) + "</pre>").append("</div>\n");
        html.append("<h2>Output files</h2>\n<div id=\"files\">");
        if (task.outputFiles().isEmpty()) {
            html.append("<p>No output files.</p>");
        } else {
            html.append("<ul>");
            for (OutputFile file : task.outputFiles()) {
                html.append("<li>").append(link(file.downloadUrl(), file.fileName())).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</div>\n<h2>GIF</h2>\n<div id=\"gif\">");
        if (task.gifUrl() == null) {
            html.append("<p>").append(task.ended() ? "No screenshots." : "The GIF of all steps comes when the task has ended.")
                    .append("</p>");
        } else {
            html.append(link(task.gifUrl(), "Download the GIF")).append("<br>").append(image(task.gifUrl(), "gif", "All steps as an animated GIF"));
        }
        html.append("</div>\n<div id=\"recordings\"").append(task.recordingUrls().isEmpty() ? " hidden>" : ">")
                .append("<h2>Recordings</h2><ul>");
        for (String recording : task.recordingUrls()) {
            html.append("<li>").append(link(recording, "Recording")).append("</li>");
        }
        html.append("</ul></div>\n<h2>Steps</h2>\n<p id=\"no-steps\"").append(task.steps().isEmpty() ? ">" : " hidden>")
                .append("No steps yet.</p>\n<ol id=\"steps\">\n");
        for (SharedTask.Step step : task.steps()) {
            html.append("<li class=\"step\" data-step=\"").append(step.step())
                    .append("\"><div><div class=\"number\">Step ").append(step.step())
                    .append("</div><div>Goal: ").append(escape(step.nextGoal()))
                    .append("</div><div>Evaluation: ").append(escape(step.evaluationPreviousGoal()))
                    .append("</div><div class=\"url\">Page: ").append(link(step.url(), step.url())).append("</div></div>");
            if (step.screenshotUrl() != null && isWebUrl(step.screenshotUrl())) {
                // The full-size picture is one click away.
                html.append("<a href=\"").append(escape(step.screenshotUrl())).append("\">")
                        .append(image(step.screenshotUrl(), "screenshot", "Screenshot of step " + step.step())).append("</a>");
            }
            html.append("</li>\n");
        }
        html.append("</ol>\n<script nonce=\"").append(nonce).append("\">").append(SCRIPT).append("</script>\n");
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

    /** A link when the URL is http(s), the text alone otherwise: a step's URL is whatever the page navigated to. */
    private static String link(String url, String text) {
        if (!isWebUrl(url)) {
            return escape(text);
        }
        return "<a href=\"" + escape(url) + "\" rel=\"noopener noreferrer nofollow\">" + escape(text) + "</a>";
    }

    private static String image(String url, String cssClass, String alt) {
        return isWebUrl(url) ? "<img class=\"" + cssClass + "\" loading=\"lazy\" src=\"" + escape(url) + "\" alt=\""
                + escape(alt) + "\">" : "";
    }

    /** Checked on the raw text: a browser reads "javascript:", with or without leading spaces, as script. */
    private static boolean isWebUrl(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String resource(String name) {
        try (InputStream in = SharePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the application's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
