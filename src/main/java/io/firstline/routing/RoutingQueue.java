package io.firstline.routing;

/** A queue contacts wait in, and the skill an agent needs to take them. */
public record RoutingQueue(long id, String code, String skill) {
}
