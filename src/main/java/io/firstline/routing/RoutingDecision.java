package io.firstline.routing;

import io.firstline.DomainModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The events one router call produced, in the order they happened. */
@DomainModel
public record RoutingDecision(List<RoutingEvent> events) {

    private static final RoutingDecision NONE = new RoutingDecision(List.of());

    public RoutingDecision {
        events = List.copyOf(Objects.requireNonNull(events, "events"));
    }

    public static RoutingDecision none() {
        return NONE;
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** This decision's events followed by the other's. */
    public RoutingDecision and(RoutingDecision other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<RoutingEvent> all = new ArrayList<>(events);
        all.addAll(other.events);
        return new RoutingDecision(all);
    }

    public List<Offer> offersMade() {
        return events.stream()
                .filter(RoutingEvent.OfferMade.class::isInstance)
                .map(event -> ((RoutingEvent.OfferMade) event).offer())
                .toList();
    }

    public List<RoutingEvent.OfferRevoked> revocations() {
        return events.stream()
                .filter(RoutingEvent.OfferRevoked.class::isInstance)
                .map(RoutingEvent.OfferRevoked.class::cast)
                .toList();
    }

    public List<RoutingEvent.AgentStateChanged> stateChanges() {
        return events.stream()
                .filter(RoutingEvent.AgentStateChanged.class::isInstance)
                .map(RoutingEvent.AgentStateChanged.class::cast)
                .toList();
    }
}
