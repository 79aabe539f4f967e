package io.firstline.routing;

import reactor.core.publisher.Mono;

/**
 * Where routing commands go in Kafka mode: to the one node that owns the workspace's routing, which answers. Errors
 * with a {@link java.util.concurrent.TimeoutException} when no answer comes in time (no owner yet, or one failing
 * over), which the caller gets as a busy router (503).
 */
public interface RoutingRemote {

    Mono<RoutingAnswer> forward(RoutingCommand command);
}
