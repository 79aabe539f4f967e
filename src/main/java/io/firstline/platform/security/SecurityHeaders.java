package io.firstline.platform.security;

import java.time.Duration;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import reactor.core.publisher.Mono;

/**
 * Response headers beyond Spring Security's defaults: a Content-Security-Policy the app's own pages pass (they load
 * scripts and styles from files only, no inline script or style), and HSTS whenever the session cookie is
 * {@code Secure} (the site is then served over HTTPS, possibly behind a proxy that terminates TLS, so it is sent
 * whatever the scheme the app itself sees).
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    static final Duration HSTS_MAX_AGE = Duration.ofDays(365);

    private SecurityHeaders() {
    }

    static ServerHttpHeadersWriter strictTransportSecurity(boolean cookieSecure) {
        String value = "max-age=" + HSTS_MAX_AGE.toSeconds() + "; includeSubDomains";
        return exchange -> {
            if (cookieSecure) {
                exchange.getResponse().getHeaders().set("Strict-Transport-Security", value);
            }
            return Mono.empty();
        };
    }
}
