package io.firstline.routing;

import io.firstline.kernel.AgentEvent;

/** An open offer ended without the agent accepting it: {@code reason} is expired, rejected, taken or withdrawn. */
public record OfferRevoked(long agentId, String offerId, long contactId, String reason) implements AgentEvent {
}
