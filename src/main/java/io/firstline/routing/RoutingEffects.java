package io.firstline.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.firstline.agent.Agents;
import io.firstline.contact.ContactService;
import io.firstline.kernel.EventBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * Carries routing decisions out: events (offers, revocations, presence) on the bus at once, and the offer
 * history (status, contact_event, agent state) to PostgreSQL through one bounded,
 * ordered writer. Overflow policy of that writer: the history line is dropped,
 * logged and counted; routing itself and the console are not affected.
 */
@Component
class RoutingEffects {

    private static final Logger log = LoggerFactory.getLogger(RoutingEffects.class);
    private static final int HISTORY_QUEUE = 4096;

    private final EventBus events;
    private final ContactService contacts;
    private final Agents agents;
    private final Clock clock;
    private final Counter dropped;
    private final List<OfferListener> listeners;
    // Emitted to only from the router thread (single producer).
    private final Sinks.Many<Mono<Void>> history = Sinks.many().unicast()
            .onBackpressureBuffer(Queues.<Mono<Void>>get(HISTORY_QUEUE).get());

    public RoutingEffects(EventBus events, ContactService contacts, Agents agents, Clock clock, MeterRegistry meters,
                          List<OfferListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.events = events;
        this.contacts = contacts;
        this.agents = agents;
        this.clock = clock;
        this.dropped = meters.counter("firstline.routing.history.dropped");
    }

    void apply(RoutingDecision decision) {
        for (RoutingEvent event : decision.events()) {
            if (event instanceof RoutingEvent.OfferMade made) {
                offerMade(made.offer());
            } else if (event instanceof RoutingEvent.OfferRevoked revoked) {
                offerRevoked(revoked.offer(), revoked.reason());
            } else if (event instanceof RoutingEvent.AgentStateChanged changed) {
                agentStateChanged(changed);
            }
        }
    }

    private void offerMade(Offer offer) {
        events.publish(new OfferMade(offer));
        write(contacts.offered(offer.contact().contactId(), offer.agentId(), offer.expiresAt(), offer.offeredAt()));
        // Channel hooks (phone: the call's offered time) go through the same ordered writer.
        listeners.forEach(listener -> write(Mono.defer(() -> listener.offered(offer))));
    }

    private void offerRevoked(Offer offer, RoutingEvent.RevokeReason reason) {
        long contactId = offer.contact().contactId();
        events.publish(new OfferRevoked(offer.agentId(), offer.offerId(), contactId, reason.wireName()));
        if (reason == RoutingEvent.RevokeReason.TAKEN) {
            return;
        }
        write(contacts.offerEnded(contactId, offer.agentId(), reason.wireName(), clock.instant()));
    }

    private void agentStateChanged(RoutingEvent.AgentStateChanged changed) {
        Instant now = clock.instant();
        events.publish(new AgentPresenceChanged(changed.agentId(), changed.to(), now, changed.reason()));
        write(agents.saveState(changed.agentId(), changed.to(), now));
    }

    private void write(Mono<Void> line) {
        if (history.tryEmitNext(line).isFailure()) {
            dropped.increment();
            log.warn("Routing history writer is {} lines behind; a history line was dropped", HISTORY_QUEUE);
        }
    }

    /** Starts the history writer; lines are written one at a time, in order. */
    Disposable startHistoryWriter() {
        return history.asFlux()
                .publishOn(Schedulers.parallel())
                .concatMap(line -> line.onErrorResume(e -> {
                    log.warn("Could not write routing history: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }
}
