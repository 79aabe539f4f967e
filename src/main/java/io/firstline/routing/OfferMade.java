package io.firstline.routing;

import io.firstline.kernel.DomainEvent;

/** The router offered a waiting contact to an agent, until {@code offer.expiresAt()}. */
public record OfferMade(Offer offer) implements DomainEvent {
}
