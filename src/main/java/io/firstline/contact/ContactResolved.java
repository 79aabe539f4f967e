package io.firstline.contact;

import io.firstline.kernel.AgentEvent;

/** The contact was resolved; its first responder (who owns it until the customer is satisfied) is told. */
public record ContactResolved(long firstResponderId, ContactView contact) implements AgentEvent {

    /** The first responder, who is told: the event is of their workspace. */
    @Override
    public long agentId() {
        return firstResponderId;
    }
}
