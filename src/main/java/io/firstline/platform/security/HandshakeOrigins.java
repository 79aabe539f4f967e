package io.firstline.platform.security;

import io.firstline.platform.web.ProblemResponses;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The staff WebSockets ({@code /ws/console}, {@code /ws/wallboard}, {@code /ws/queues}) carry the agent's cookie,
 * so a page on another site must not open them (cross-site WebSocket hijacking). A handshake whose {@code Origin}
 * is neither the app's own (scheme, host and port of the request) nor one of {@code firstline.security.allowed-origins}
 * gets 403 and no upgrade. Without {@code Origin} (not a browser: a bearer token client) it goes on.
 * {@code /ws/chat} is the widget on customers' sites and checks its accounts' origins itself.
 */
@Component
@Order(-200)
class HandshakeOrigins implements WebFilter {

    static final Set<String> GUARDED = Set.of("/ws/console", "/ws/wallboard", "/ws/queues");

    private final Set<String> allowed;

    HandshakeOrigins(SecurityProperties properties) {
        List<String> configured = properties.allowedOrigins() == null ? List.of() : properties.allowedOrigins();
        this.allowed = configured.stream().map(HandshakeOrigins::normalized).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!GUARDED.contains(path)) {
            return chain.filter(exchange);
        }
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (origin == null || isAllowed(origin, exchange.getRequest().getURI())) {
            return chain.filter(exchange);
        }
        return ProblemResponses.write(exchange, HttpStatus.FORBIDDEN, "Origin not allowed",
                "This WebSocket may only be opened from the app itself or an origin in firstline.security.allowed-origins.");
    }

    boolean isAllowed(String origin, URI request) {
        String given = normalized(origin);
        return given.equals(ownOrigin(request)) || allowed.contains(given);
    }

    private static String ownOrigin(URI request) {
        String scheme = request.getScheme() == null ? "http" : request.getScheme().toLowerCase(Locale.ROOT);
        // The handshake may be seen as ws/wss; the page that opened it is http/https.
        scheme = switch (scheme) {
            case "ws" -> "http";
            case "wss" -> "https";
            default -> scheme;
        };
        return normalized(scheme + "://" + request.getRawAuthority());
    }

    /** scheme://host[:port] in lower case, without a default port or trailing slash; "null" and junk stay as given. */
    static String normalized(String origin) {
        String trimmed = origin.trim();
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return trimmed.toLowerCase(Locale.ROOT);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
    }
}
