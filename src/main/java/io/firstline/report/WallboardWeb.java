package io.firstline.report;

import java.security.Principal;
import java.util.Map;
import java.util.function.Function;
import io.firstline.platform.security.AgentPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.ErrorResponseException;
import io.firstline.platform.web.Problems;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * /wallboard (the page), GET /api/v1/wallboard (the figures now) and /ws/wallboard (hello with the
 * server time, then the figures on every change). Supervisors, managers and admins only: SecurityConfig
 * checks the role on the REST call and on the WebSocket handshake alike. The queue figures alone are for
 * everyone logged in: GET /api/v1/queues/summary and /ws/queues (the console's queue strip). Every one of them serves
 * the caller's own workspace ({@code AgentPrincipal.workspaceId()}): its queues, its agents, its waiting contacts.
 */
@Configuration(proxyBeanMethods = false)
class WallboardWeb {

    @Bean
    RouterFunction<ServerResponse> wallboardRoutes(Wallboard wallboard) {
        ClassPathResource page = new ClassPathResource("static/wallboard.html");
        return RouterFunctions.route()
                .GET("/wallboard", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
                .GET("/api/v1/wallboard", request -> request.principal().flatMap(WallboardWeb::workspaceOf)
                        .switchIfEmpty(Mono.error(WallboardWeb::signedOut))
                        .flatMap(wallboard::now)
                        .flatMap(figures -> ServerResponse.ok().bodyValue(figures)))
                // Queue summaries (no agents, no SLA) are for everyone logged in, agents included.
                .GET("/api/v1/queues/summary", request -> request.principal().flatMap(WallboardWeb::workspaceOf)
                        .switchIfEmpty(Mono.error(WallboardWeb::signedOut))
                        .flatMap(wallboard::now)
                        .flatMap(figures -> ServerResponse.ok().bodyValue(figures.queues())))
                .build();
    }

    @Bean
    HandlerMapping wallboardWebSocketMapping(Wallboard wallboard, JsonMapper json) {
        return new SimpleUrlHandlerMapping(Map.of(
                "/ws/wallboard", pushing(wallboard::screen, json),
                "/ws/queues", pushing(wallboard::queues, json)), -1);
    }

    /** The caller's workspace; empty for a principal that is not a signed-in user (the security config lets none through). */
    private static Mono<Long> workspaceOf(Principal caller) {
        AgentPrincipal agent = caller instanceof Authentication authentication
                && authentication.getPrincipal() instanceof AgentPrincipal principal ? principal
                : caller instanceof AgentPrincipal principal ? principal : null;
        return agent == null ? Mono.empty() : Mono.just(agent.workspaceId());
    }

    private static ErrorResponseException signedOut() {
        return Problems.forbidden("live figures need a signed-in user");
    }

    /** Sends the workspace's frames until the page goes away; a caller without a workspace gets a policy-violation close. */
    private static WebSocketHandler pushing(Function<Long, Flux<LiveFrame>> framesOf, JsonMapper json) {
        return session -> session.getHandshakeInfo().getPrincipal().flatMap(WallboardWeb::workspaceOf)
                .switchIfEmpty(Mono.error(WallboardWeb::signedOut))
                .flatMap(workspaceId -> session.send(framesOf.apply(workspaceId)
                        .takeUntilOther(session.receive().then())
                        .publishOn(Schedulers.parallel())
                        .map(frame -> session.textMessage(json.writeValueAsString(frame)))))
                .onErrorResume(ErrorResponseException.class, refused -> session.close(
                        CloseStatus.POLICY_VIOLATION.withReason(String.valueOf(refused.getBody().getDetail()))));
    }
}
