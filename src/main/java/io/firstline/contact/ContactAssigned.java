package io.firstline.contact;

import io.firstline.kernel.AgentEvent;

/** An agent now holds the contact: they accepted its offer, or it was transferred to them. */
public record ContactAssigned(long agentId, ContactView contact) implements AgentEvent {
}
