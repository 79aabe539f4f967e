package io.firstline.kernel;

/**
 * A listener that carries events to the other nodes of a cluster (Kafka mode). Events that arrived from another
 * node are delivered by {@link EventBus#deliverFromPeer} to every listener except relays, so no event goes round
 * in a loop.
 */
public interface EventRelay extends DomainEventListener {
}
