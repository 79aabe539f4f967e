package io.firstline.contact;

import io.firstline.kernel.DomainEvent;

/** The contact was resolved; its first responder (who owns it until the customer is satisfied) is told. */
public record ContactResolved(long firstResponderId, ContactView contact) implements DomainEvent {
}
