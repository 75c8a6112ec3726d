package dev.browseragent.worker.browser;

import org.openqa.selenium.WebDriverException;

import java.util.List;
import java.util.stream.Collectors;

/** Short descriptions of browser errors, for the model and the logs (failure reasons say less: FailureReasons). */
public final class BrowserErrors {

    /** Where Selenium's and chromedriver's diagnostics start, after what went wrong. */
    private static final List<String> DIAGNOSTICS =
            List.of("(Session info:", "Host info:", "Build info:", "System info:", "Driver info:");

    private BrowserErrors() {
    }

    /** Any failure on one line, without the exception's class or a stack trace: for the model. */
    public static String describe(RuntimeException e) {
        if (e instanceof WebDriverException webDriver) {
            return summary(webDriver);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? "an unexpected error" : message.lines().findFirst().orElse("").strip();
    }

    /** What went wrong, on one line, without the session, host and build details Selenium appends. */
    public static String summary(WebDriverException e) {
        String message = e.getRawMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines()
                .map(String::strip)
                .takeWhile(line -> DIAGNOSTICS.stream().noneMatch(line::startsWith))
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining(" "));
    }
}
