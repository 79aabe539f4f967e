package io.firstline.routing;

import reactor.core.publisher.Mono;

/** Kafka mode: this node became (or stopped being) the one that routes a workspace. */
public interface RoutingOwnership {

    /**
     * Rebuilds the workspace's router from PostgreSQL (its agents with their stored state, their loads, its waiting
     * contacts) and starts routing it.
     */
    Mono<Void> assume(long workspaceId);

    /** Forgets the workspace's router: another node routes it now. */
    Mono<Void> relinquish(long workspaceId);
}
