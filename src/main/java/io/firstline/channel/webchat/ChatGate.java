package io.firstline.channel.webchat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The widget's two public doors, checked before Spring Security (which permits exactly these two paths):
 * <ul>
 * <li>{@code /ws/chat}: the handshake needs a valid visitor token ({@code ?token=}); otherwise 401 and no
 * upgrade. A page origin the account does not allow gets 403.</li>
 * <li>{@code /api/v1/chat/sessions}: CORS, because the widget runs on the customer's own site. No credentials
 * are involved; the account's {@code allowed-origins} are enforced by {@link ChatSessionController}.</li>
 * </ul>
 */
@Component
@Order(-200)
class ChatGate implements WebFilter {

    static final String SESSIONS = "/api/v1/chat/sessions";
    static final String SOCKET = "/ws/chat";

    private final VisitorTokens tokens;
    private final WebchatProperties properties;

    ChatGate(VisitorTokens tokens, WebchatProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (SOCKET.equals(path)) {
            return socket(exchange, chain);
        }
        if (SESSIONS.equals(path)) {
            return sessions(exchange, chain);
        }
        return chain.filter(exchange);
    }

    private Mono<Void> socket(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<VisitorTokens.Visitor> visitor = tokens.verify(
                ChatWebSocketHandler.decoded(exchange.getRequest().getQueryParams().getFirst("token")));
        if (visitor.isEmpty()) {
            return problem(exchange, HttpStatus.UNAUTHORIZED, "Visitor token required",
                    "Open /ws/chat with ?token=<a visitor token from POST /api/v1/chat/sessions> that has not expired.");
        }
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (!properties.accounts().get(visitor.get().account()).allowsOrigin(origin)) {
            return problem(exchange, HttpStatus.FORBIDDEN, "Origin not allowed",
                    "This page may not embed the chat of this account.");
        }
        return chain.filter(exchange);
    }

    private Mono<Void> sessions(ServerWebExchange exchange, WebFilterChain chain) {
        String origin = exchange.getRequest().getHeaders().getOrigin();
        var response = exchange.getResponse().getHeaders();
        if (origin != null) {
            response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        }
        if (HttpMethod.OPTIONS.equals(exchange.getRequest().getMethod())) {
            response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST");
            response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
            response.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
            exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String title, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + SOCKET + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
