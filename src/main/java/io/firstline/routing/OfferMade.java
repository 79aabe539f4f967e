package io.firstline.routing;

import io.firstline.kernel.WorkspaceEvent;

/** The router offered a waiting contact to an agent, until {@code offer.expiresAt()}. */
public record OfferMade(Offer offer) implements WorkspaceEvent {

    /** The offered contact's workspace. */
    @Override
    public long workspaceId() {
        return offer.contact().workspaceId();
    }
}
