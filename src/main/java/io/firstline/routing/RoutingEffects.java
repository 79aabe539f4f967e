package io.firstline.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.firstline.agent.Agents;
import io.firstline.console.ConsoleHub;
import io.firstline.console.OfferFrames;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactStatus;
import io.firstline.contact.Contacts;
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
 * Carries routing decisions out: frames to agents' consoles at once, and the offer
 * history (status, contact_event, agent state) to PostgreSQL through one bounded,
 * ordered writer. Overflow policy of that writer: the history line is dropped,
 * logged and counted; routing itself and the console are not affected.
 */
@Component
public class RoutingEffects {

    private static final Logger log = LoggerFactory.getLogger(RoutingEffects.class);
    private static final int HISTORY_QUEUE = 4096;

    private final ConsoleHub console;
    private final Contacts contacts;
    private final Agents agents;
    private final Clock clock;
    private final Counter dropped;
    private final List<OfferListener> listeners;
    // Emitted to only from the router thread (single producer).
    private final Sinks.Many<Mono<Void>> history = Sinks.many().unicast()
            .onBackpressureBuffer(Queues.<Mono<Void>>get(HISTORY_QUEUE).get());

    public RoutingEffects(ConsoleHub console, Contacts contacts, Agents agents, Clock clock, MeterRegistry meters,
                          List<OfferListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.console = console;
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
        console.publish(offer.agentId(), "offer", OfferFrames.offer(offer));
        long contactId = offer.contact().contactId();
        write(contacts.moveStatus(contactId, List.of(ContactStatus.QUEUED, ContactStatus.TRANSFERRED),
                        ContactStatus.OFFERED, offer.offeredAt())
                .then(contacts.record(contactId, ContactEventKind.OFFERED, "router",
                        "offered to agent " + offer.agentId() + " until " + offer.expiresAt(), offer.offeredAt())));
        // Channel hooks (phone: the call's offered time) go through the same ordered writer.
        listeners.forEach(listener -> write(Mono.defer(() -> listener.offered(offer))));
    }

    private void offerRevoked(Offer offer, RoutingEvent.RevokeReason reason) {
        long contactId = offer.contact().contactId();
        console.publish(offer.agentId(), "offer.revoked",
                Map.of("offerId", offer.offerId(), "contactId", contactId, "reason", reason.wireName()));
        if (reason == RoutingEvent.RevokeReason.TAKEN) {
            return;
        }
        Instant now = clock.instant();
        write(contacts.moveStatus(contactId, List.of(ContactStatus.OFFERED), ContactStatus.QUEUED, now)
                .then(contacts.record(contactId, ContactEventKind.QUEUED, "router",
                        "offer to agent " + offer.agentId() + " " + reason.wireName(), now)));
    }

    private void agentStateChanged(RoutingEvent.AgentStateChanged changed) {
        Instant now = clock.instant();
        console.publish(changed.agentId(), "agent.state",
                Map.of("state", changed.to().wireName(), "since", now, "reason", changed.reason()));
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
