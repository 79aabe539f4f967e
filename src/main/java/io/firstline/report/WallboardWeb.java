package io.firstline.report;

import java.util.Map;
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
import org.springframework.web.reactive.function.server.ServerRequest;
import io.firstline.platform.web.Problems;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * /wallboard (the page), GET /api/v1/wallboard (the figures now) and /ws/wallboard (hello with the
 * server time, then the figures on every change). Supervisors, managers and admins only: SecurityConfig
 * checks the role on the REST call and on the WebSocket handshake alike. The queue figures alone are for
 * everyone logged in: GET /api/v1/queues/summary and /ws/queues (the console's queue strip).
 */
@Configuration(proxyBeanMethods = false)
class WallboardWeb {

    @Bean
    RouterFunction<ServerResponse> wallboardRoutes(Wallboard wallboard, LiveFiguresAccess access) {
        ClassPathResource page = new ClassPathResource("static/wallboard.html");
        return RouterFunctions.route()
                .GET("/wallboard", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
                .GET("/api/v1/wallboard", request -> allowed(request, access)
                        .then(Mono.defer(() -> ServerResponse.ok().bodyValue(wallboard.now()))))
                // Queue summaries (no agents, no SLA) are for everyone logged in, agents included.
                .GET("/api/v1/queues/summary", request -> allowed(request, access)
                        .then(Mono.defer(() -> ServerResponse.ok().bodyValue(wallboard.now().queues()))))
                .build();
    }

    @Bean
    HandlerMapping wallboardWebSocketMapping(Wallboard wallboard, LiveFiguresAccess access, JsonMapper json) {
        return new SimpleUrlHandlerMapping(Map.of(
                "/ws/wallboard", pushing(wallboard.screen(), access, json),
                "/ws/queues", pushing(wallboard.queues(), access, json)), -1);
    }

    private static Mono<Void> allowed(ServerRequest request, LiveFiguresAccess access) {
        return request.principal().switchIfEmpty(Mono.error(() -> Problems.forbidden("live figures need a signed-in user")))
                .flatMap(access::check);
    }

    /** Sends the frames until the page goes away; a user the figures are not for gets a policy-violation close. */
    private static WebSocketHandler pushing(Flux<LiveFrame> frames, LiveFiguresAccess access, JsonMapper json) {
        return session -> session.getHandshakeInfo().getPrincipal()
                .switchIfEmpty(Mono.error(() -> Problems.forbidden("live figures need a signed-in user")))
                .flatMap(access::check)
                .then(session.send(frames
                        .takeUntilOther(session.receive().then())
                        .publishOn(Schedulers.parallel())
                        .map(frame -> session.textMessage(json.writeValueAsString(frame)))))
                .onErrorResume(ErrorResponseException.class, refused -> session.close(
                        CloseStatus.POLICY_VIOLATION.withReason(String.valueOf(refused.getBody().getDetail()))));
    }
}
