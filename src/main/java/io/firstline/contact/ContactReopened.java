package io.firstline.contact;

import io.firstline.kernel.AgentEvent;

/** The customer is not satisfied (or a re-check found so): the contact is back with its first responder. */
public record ContactReopened(long firstResponderId, ContactView contact) implements AgentEvent {

    /** The first responder, who is told: the event is of their workspace. */
    @Override
    public long agentId() {
        return firstResponderId;
    }
}
