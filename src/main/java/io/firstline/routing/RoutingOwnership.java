package io.firstline.routing;

import reactor.core.publisher.Mono;

/** Kafka mode: this node became (or stopped being) the one that routes the workspace. */
public interface RoutingOwnership {

    /** Rebuilds the router from PostgreSQL (agents with their stored state, loads, waiting contacts) and starts routing. */
    Mono<Void> assume();

    /** Forgets the router's state: another node routes now. */
    Mono<Void> relinquish();
}
