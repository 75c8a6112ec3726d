package dev.browseragent.worker.benchmark;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The pages the worker's benchmarks open, so that "the typical article" is the same page in each. */
public final class BenchmarkPages {

    private static final String CLICK_SCRIPT = "<script>let clicks = 0;</script>";

    private BenchmarkPages() {
    }

    /** A page with {@code body} after a button that counts its clicks in its text. */
    public static String page(String title, String body) {
        return "<html><head><title>" + title + "</title>" + CLICK_SCRIPT + "</head><body>"
                + "<button id=counter onclick=\"this.textContent = 'Clicked ' + (++clicks)\">Click me</button>"
                + body + "</body></html>";
    }

    /** An article: 30 navigation links, 60 headings and paragraphs with a link each, a search form. */
    public static String typicalArticle() {
        String nav = IntStream.range(0, 30).mapToObj(i -> "<a href=\"/section/" + i + "\">Section " + i + "</a>")
                .collect(Collectors.joining(" "));
        String paragraphs = IntStream.range(0, 60).mapToObj(i -> "<h2>Heading " + i + "</h2><p>" + "Paragraph " + i
                + " of a typical article, with a sentence or two of ordinary prose, a <a href=\"/ref/" + i
                + "\">reference</a> and some more words to read. " .repeat(3) + "</p>").collect(Collectors.joining());
        return "<nav>" + nav + "</nav><article>" + paragraphs + "</article><form><input name=q placeholder=Search>"
                + "<button>Search</button></form>";
    }
}
