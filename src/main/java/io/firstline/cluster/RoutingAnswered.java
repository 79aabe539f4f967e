package io.firstline.cluster;

import io.firstline.kernel.DomainEvent;
import io.firstline.routing.RoutingAnswer;

/** The routing owner's answer to the command {@code requestId} that node {@code node} forwarded. */
public record RoutingAnswered(String node, String requestId, RoutingAnswer answer) implements DomainEvent {
}
