package io.firstline.supervision;

import io.firstline.kernel.AddressedEvent;
import java.time.Instant;
import java.util.List;

/** A deadline of an open contact passed unmet; its assignee and first responder are told (supervisors by escalation). */
public record DeadlineBreached(long contactId, String deadline, Instant at, String type, List<Long> recipients)
        implements AddressedEvent {

    public DeadlineBreached {
        recipients = List.copyOf(recipients);
    }
}
