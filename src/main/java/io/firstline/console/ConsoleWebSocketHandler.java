package io.firstline.console;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import io.firstline.contact.ContactQueries;
import io.firstline.platform.metrics.LatencyTimers;
import io.micrometer.core.instrument.MeterRegistry;
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
import reactor.core.scheduler.Schedulers;
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
    private final ContactQueries contacts;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    ConsoleWebSocketHandler(ConsoleHub hub, RoutingEngine routing, ContactQueries contacts, JsonMapper json, Clock clock,
                            MeterRegistry meters) {
        this.meters = meters;
        this.hub = hub;
        this.routing = routing;
        this.contacts = contacts;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        var query = UriComponentsBuilder.fromUri(session.getHandshakeInfo().getUri()).build().getQueryParams();
        Long resumeAfter = parseLong(query.getFirst("resumeAfter"));
        String epoch = query.getFirst("epoch");
        Flux<ConsoleFrame> frames = session.getHandshakeInfo().getPrincipal()
                .map(principal -> (AgentPrincipal) ((Authentication) principal).getPrincipal())
                // Registered before the snapshot is read, so nothing published meanwhile is missed;
                // unregistered however the socket ends, even if the snapshot fails.
                .flatMapMany(agent -> Flux.using(() -> hub.connect(agent.agentId(), resumeAfter, epoch),
                        connection -> hello(agent, connection).concatWith(Flux.fromIterable(connection.missed()))
                                .concatWith(connection.live().doOnNext(this::timeOffer)),
                        ConsoleHub.Connection::close));
        Mono<Void> closedByClient = session.receive().then();
        return session.send(frames.takeUntilOther(closedByClient)
                // Serialise and write off the publisher's thread (often the router's).
                .publishOn(Schedulers.parallel())
                .map(frame -> session.textMessage(json.writeValueAsString(frame))));
    }

    /** A live offer frame about to be written: since the router made the offer, and since its contact was queued. */
    private void timeOffer(ConsoleFrame frame) {
        if ("offer".equals(frame.type()) && frame.data() instanceof Map<?, ?> data
                && data.get("channel") instanceof String channel) {
            Instant now = clock.instant();
            if (data.get("offeredAt") instanceof Instant offeredAt) {
                LatencyTimers.offerDelivery(channel).register(meters).record(since(offeredAt, now));
            }
            if (data.get("waitingSince") instanceof Instant waitingSince) {
                LatencyTimers.queueToOffer(channel).register(meters).record(since(waitingSince, now));
            }
        }
    }

    private static Duration since(Instant start, Instant now) {
        Duration elapsed = Duration.between(start, now);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private Mono<ConsoleFrame> hello(AgentPrincipal agent, ConsoleHub.Connection connection) {
        Mono<List<Offer>> offers = routing.offersOf(agent.agentId());
        Mono<List<ContactQueries.ContactSummary>> mine = contacts.worklist(agent).collectList();
        return Mono.zip(offers, mine).map(snapshot -> new ConsoleFrame("hello", connection.lastSeq(),
                clock.instant(), Map.of(
                        "serverTime", clock.instant(),
                        "epoch", hub.epoch(),
                        "agent", Map.of("id", agent.agentId(), "username", agent.username(), "role", agent.role()),
                        "resumed", connection.resumed(),
                        "offers", snapshot.getT1().stream().map(OfferFrames::offer).toList(),
                        "contacts", snapshot.getT2())));
    }

    private static Long parseLong(String value) {
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
