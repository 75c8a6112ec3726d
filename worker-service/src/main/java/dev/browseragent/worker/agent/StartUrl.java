package dev.browseragent.worker.agent;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web address a task starts at, when its text names exactly one (with its {@code http://} or {@code https://}):
 * "find the cheapest flight on https://flights.example from Oslo" starts there. A task naming several addresses, or
 * none, leaves the choice to the model. Punctuation that ends the sentence around an address is not part of it.
 */
final class StartUrl {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+", Pattern.CASE_INSENSITIVE);
    /** Characters that end a sentence or close a bracket or quote after an address, rather than belong to it. */
    private static final String TRAILING = ".,;:!?)]}'\"";

    private StartUrl() {
    }

    static Optional<String> in(String task) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = URL.matcher(task);
        while (matcher.find()) {
            found.add(trimmed(matcher.group()));
        }
        return found.size() == 1 ? Optional.of(found.iterator().next()) : Optional.empty();
    }

    private static String trimmed(String url) {
        int end = url.length();
        while (end > 0 && TRAILING.indexOf(url.charAt(end - 1)) >= 0
                && !(url.charAt(end - 1) == ')' && url.substring(0, end).contains("("))) {
            end--;
        }
        return url.substring(0, end);
    }
}
