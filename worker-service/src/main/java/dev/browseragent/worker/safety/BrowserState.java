package dev.browseragent.worker.safety;

import dev.browseragent.worker.browser.BrowserSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A browser's cookies, read and restored through CDP, in the shape CDP and Selenium give them. */
final class BrowserState {

    /** The fields Storage.setCookies takes back; the others (size, session, priority...) are derived. */
    private static final Set<String> SETTABLE = Set.of("name", "value", "domain", "path", "secure", "httpOnly",
            "sameSite", "expires", "partitionKey");

    private BrowserState() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cookies(BrowserSession session) {
        return (List<Map<String, Object>>) session.driver().executeCdpCommand("Storage.getCookies", Map.of())
                .get("cookies");
    }

    static void restoreCookies(BrowserSession session, List<Map<String, Object>> cookies) {
        List<Map<String, Object>> settable = cookies.stream().map(cookie -> {
            Map<String, Object> copy = new LinkedHashMap<>();
            cookie.forEach((key, value) -> {
                boolean sessionCookie = key.equals("expires") && value instanceof Number number && number.doubleValue() < 0;
                if (SETTABLE.contains(key) && value != null && !sessionCookie) {
                    copy.put(key, value);
                }
            });
            return copy;
        }).toList();
        session.driver().executeCdpCommand("Storage.setCookies", Map.of("cookies", settable));
    }
}
