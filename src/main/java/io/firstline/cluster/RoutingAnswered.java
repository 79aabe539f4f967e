package io.firstline.cluster;

import io.firstline.kernel.DomainEvent;
import io.firstline.routing.RoutingAnswer;

/**
 * The routing owner's answer to the command {@code requestId} that node {@code node} forwarded, for a command of
 * workspace {@code workspaceId} (which keys it on {@code firstline.events}; null from a node of an older release).
 */
public record RoutingAnswered(String node, String requestId, RoutingAnswer answer, Long workspaceId) implements DomainEvent {

    public RoutingAnswered(String node, String requestId, RoutingAnswer answer) {
        this(node, requestId, answer, null);
    }
}
