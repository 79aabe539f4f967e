package io.firstline.console;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import io.firstline.contact.Contacts;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.routing.Offer;
import io.firstline.routing.RoutingEngine;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * /ws/console: server push to one agent. The first frame is {@code hello} with the
 * server time and a snapshot (offers waiting for the agent, their open contacts);
 * then the frames missed since {@code ?resumeAfter=<seq>} if still buffered; then live frames.
 */
@Component
class ConsoleWebSocketHandler implements WebSocketHandler {

    private final ConsoleHub hub;
    private final RoutingEngine routing;
    private final Contacts contacts;
    private final JsonMapper json;
    private final Clock clock;

    ConsoleWebSocketHandler(ConsoleHub hub, RoutingEngine routing, Contacts contacts, JsonMapper json, Clock clock) {
        this.hub = hub;
        this.routing = routing;
        this.contacts = contacts;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Long resumeAfter = resumeAfter(session.getHandshakeInfo().getUri());
        Flux<ConsoleFrame> frames = session.getHandshakeInfo().getPrincipal()
                .map(principal -> (AgentPrincipal) ((Authentication) principal).getPrincipal())
                .flatMapMany(agent -> {
                    ConsoleHub.Connection connection = hub.connect(agent.agentId(), resumeAfter);
                    return hello(agent, connection).concatWith(Flux.fromIterable(connection.missed()))
                            .concatWith(connection.live());
                });
        Mono<Void> closedByClient = session.receive().then();
        return session.send(frames.takeUntilOther(closedByClient)
                .map(frame -> session.textMessage(json.writeValueAsString(frame))));
    }

    private Mono<ConsoleFrame> hello(AgentPrincipal agent, ConsoleHub.Connection connection) {
        Mono<List<Offer>> offers = routing.offersOf(agent.agentId());
        Mono<List<Contacts.ContactSummary>> mine = contacts.openOfAgent(agent.agentId()).collectList();
        return Mono.zip(offers, mine).map(snapshot -> new ConsoleFrame("hello", connection.lastSeq(),
                clock.instant(), Map.of(
                        "serverTime", clock.instant(),
                        "agent", Map.of("id", agent.agentId(), "username", agent.username(), "role", agent.role()),
                        "resumed", connection.resumed(),
                        "offers", snapshot.getT1().stream().map(OfferFrames::offer).toList(),
                        "contacts", snapshot.getT2())));
    }

    private static Long resumeAfter(URI uri) {
        String value = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("resumeAfter");
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
