package dev.browseragent.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Internals that text meant for users must not show: host names and addresses, file paths, Java class names and
 * exceptions, SQL. What a stack's {@code failure_reason}s are checked against when it closes.
 */
final class InternalDetails {

    private static final Map<String, Pattern> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("a URL", Pattern.compile("\\b[a-z][a-z0-9+.-]*://"));
        KINDS.put("an IP address", Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b|\\[[0-9a-fA-F:]*:[0-9a-fA-F:]*]"));
        KINDS.put("a host name", Pattern.compile("(?i)\\blocalhost\\b|\\b([a-z0-9-]+\\.)+(com|net|org|io|dev|local|internal|cloud|aws|svc)\\b"));
        KINDS.put("a Java class", Pattern.compile("\\b(java|javax|jakarta|org|com|io|dev|sun)\\.[a-z]\\w*\\.|\\w*(Exception|Error)\\b|\\bat [\\w$.]+\\("));
        KINDS.put("a file path", Pattern.compile("(^|[\\s(\"'=:])(~|\\.{1,2})?(/[\\w.@-]+){2,}|\\b[A-Za-z]:\\\\"));
        KINDS.put("SQL", Pattern.compile("\\b(SELECT|INSERT|UPDATE|DELETE)\\b|(?i)\\b(relation|column|constraint) \"|\\bSQLSTATE\\b|\\bERROR: "));
    }

    private InternalDetails() {
    }

    /** The first kind of internal detail {@code text} shows, e.g. "a file path"; empty when it shows none. */
    static Optional<String> findIn(String text) {
        return KINDS.entrySet().stream().filter(kind -> kind.getValue().matcher(text).find())
                .map(Map.Entry::getKey).findFirst();
    }
}
