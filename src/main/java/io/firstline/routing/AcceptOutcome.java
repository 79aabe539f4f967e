package io.firstline.routing;

import io.firstline.DomainModel;

/** What became of an agent's attempt to accept an offer. */
@DomainModel
public sealed interface AcceptOutcome {

    /** The contact is the agent's now; {@code decision} holds anything else routing did meanwhile. */
    record Accepted(Offer offer, RoutingDecision decision) implements AcceptOutcome {
    }

    /**
     * The accept did not happen. {@code decision} is not empty when refusing had consequences
     * (an EXPIRED accept processes the expiry: revocation, re-offer, maybe AWAY).
     */
    record Refused(Reason reason, RoutingDecision decision) implements AcceptOutcome {

        public Refused(Reason reason) {
            this(reason, RoutingDecision.none());
        }
    }

    enum Reason {
        UNKNOWN_OFFER, EXPIRED, NOT_YOURS
    }
}
