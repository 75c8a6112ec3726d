package dev.browseragent.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainPatternTest {

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "*.example.com", "http://example.com", "https://shop.example.co.uk",
            "http*://*.example.com", "EXAMPLE.com", "127.0.0.1", "localhost", "xn--bcher-kva.example"})
    void acceptsHostsAndLeadingWildcards(String text) {
        assertTrue(DomainPattern.parse(text).isValid(), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "example.*            | a wildcard top-level domain (example.*) is not allowed",
            "*.com                | a wildcard over a whole top-level domain (*.com) is not allowed",
            "exa*mple.com         | '*' is allowed only as a leading '*.'",
            "*.*.example.com      | '*' is allowed only as a leading '*.'",
            "example.com/path     | a domain pattern has no path",
            "https://example.com/ | a domain pattern has no path",
            "ftp://example.com    | only http://, https:// or http*:// may come before the host",
            "exa mple.com         | 'exa mple.com' is not a host name",
            "-example.com         | '-example.com' is not a host name",
            "example..com         | 'example..com' is not a host name",
            "example.com:8080     | 'example.com:8080' is not a host name"})
    void rejectsWhatTheV1RulesForbid(String text, String reason) {
        DomainPattern.Parsed parsed = DomainPattern.parse(text);
        assertFalse(parsed.isValid(), text);
        assertEquals(reason, parsed.error());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "example.com          | https://example.com/a?b=1    | true",
            "example.com          | http://example.com:8080/     | true",
            "example.com          | https://www.example.com/     | false",
            "example.com          | https://example.com.evil.io/ | false",
            "example.com          | https://notexample.com/      | false",
            "*.example.com        | https://example.com/         | true",
            "*.example.com        | https://a.b.example.com/     | true",
            "*.example.com        | https://badexample.com/      | false",
            "https://example.com  | http://example.com/          | false",
            "http://example.com   | https://example.com/         | false",
            "http*://example.com  | http://example.com/          | true",
            "example.com          | ftp://example.com/           | false",
            "example.com          | https://EXAMPLE.COM./        | true"})
    void matchesSchemeAndHost(String pattern, String url, boolean allowed) {
        assertEquals(allowed, DomainPattern.parse(pattern).pattern().orElseThrow().matches(URI.create(url)),
                pattern + " vs " + url);
    }
}
