package io.firstline.contact;

import io.firstline.kernel.DomainEvent;

/** The customer is not satisfied (or a re-check found so): the contact is back with its first responder. */
public record ContactReopened(long firstResponderId, ContactView contact) implements DomainEvent {
}
