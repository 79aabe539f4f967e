package io.firstline.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.server.ServerWebExchange;

/**
 * HTTP Basic for the scraper, only on {@code /actuator/prometheus}: the configured user and password (compared in
 * constant time) give role {@code SCRAPER}, which opens that one path and nothing else.
 */
final class ScrapeCredentials {

    static final String PATH = "/actuator/prometheus";
    static final String ROLE = "SCRAPER";

    private final byte[] expected;

    ScrapeCredentials(ScrapeProperties properties) {
        this.expected = properties.scrapePassword().isEmpty() ? null
                : (properties.scrapeUsername() + ":" + properties.scrapePassword()).getBytes(StandardCharsets.UTF_8);
    }

    /** The scraper's context when this is a scrape with the right Basic credential; null otherwise. */
    SecurityContext scraper(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (expected == null || header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)
                || !PATH.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return null;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return null;
        }
        return new SecurityContextImpl(new UsernamePasswordAuthenticationToken("scraper", null,
                List.of(new SimpleGrantedAuthority("ROLE_" + ROLE))));
    }
}
