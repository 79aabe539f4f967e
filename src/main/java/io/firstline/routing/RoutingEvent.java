package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.agent.AgentState;

import java.util.Locale;

/** Something routing did that the caller has to make visible (push to the agent, store, publish). */
@DomainModel
sealed interface RoutingEvent {

    /** An agent was offered a contact. */
    record OfferMade(Offer offer) implements RoutingEvent {
    }

    /** An offer is gone without being accepted. */
    record OfferRevoked(Offer offer, RevokeReason reason) implements RoutingEvent {
    }

    /**
     * The router changed an agent's state by itself (missed offers → AWAY).
     * A state change the caller asked for via {@link Router#changeState} is not echoed: the caller already knows it.
     */
    record AgentStateChanged(long agentId, AgentState from, AgentState to, String reason) implements RoutingEvent {
    }

    enum RevokeReason {
        EXPIRED, REJECTED, TAKEN, AGENT_UNAVAILABLE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
