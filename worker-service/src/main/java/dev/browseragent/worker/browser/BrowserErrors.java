package dev.browseragent.worker.browser;

import org.openqa.selenium.WebDriverException;

/** Short descriptions of browser errors, for the model and for failure reasons. */
public final class BrowserErrors {

    private BrowserErrors() {
    }

    /** Selenium appends build and session details to its messages; the first line says what went wrong. */
    public static String summary(WebDriverException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
