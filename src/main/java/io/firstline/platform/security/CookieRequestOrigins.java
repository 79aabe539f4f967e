package io.firstline.platform.security;

import io.firstline.platform.web.ProblemResponses;

import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CSRF for cookie sessions: a state-changing request under {@code /api/} that carries the session cookie and
 * no bearer token is refused (403) when its {@code Origin} is foreign (see {@link HandshakeOrigins#isAllowed}), or,
 * without {@code Origin}, when the browser says {@code Sec-Fetch-Site: cross-site}. Bearer-token requests,
 * webhooks and the public widget session endpoint are not affected.
 */
@Component
@Order(-200)
class CookieRequestOrigins implements WebFilter {

    private static final Set<HttpMethod> STATE_CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final String WIDGET_SESSIONS = "/api/v1/chat/sessions";

    private final HandshakeOrigins origins;
    private final String cookieName;

    CookieRequestOrigins(HandshakeOrigins origins, SecurityProperties properties) {
        this.origins = origins;
        this.cookieName = properties.cookieName();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!STATE_CHANGING.contains(request.getMethod()) || !path.startsWith("/api/") || WIDGET_SESSIONS.equals(path)
                || hasBearer(request.getHeaders()) || request.getCookies().getFirst(cookieName) == null) {
            return chain.filter(exchange);
        }
        String origin = request.getHeaders().getOrigin();
        boolean foreign = origin != null
                ? !origins.isAllowed(origin, request.getURI())
                : "cross-site".equalsIgnoreCase(request.getHeaders().getFirst("Sec-Fetch-Site"));
        return foreign ? ProblemResponses.write(exchange, HttpStatus.FORBIDDEN, "Cross-site request refused",
                "A request with the session cookie must come from the app itself or an origin in firstline.security.allowed-origins; other clients send a bearer token.")
                : chain.filter(exchange);
    }

    private static boolean hasBearer(HttpHeaders headers) {
        String header = headers.getFirst(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
