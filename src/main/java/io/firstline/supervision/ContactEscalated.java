package io.firstline.supervision;

import io.firstline.kernel.AddressedEvent;
import java.util.List;

/** A contact went up a level (1: supervisors, 2: general managers) for {@code reason}. */
public record ContactEscalated(long contactId, int level, String reason, List<Long> recipients) implements AddressedEvent {

    public ContactEscalated {
        recipients = List.copyOf(recipients);
    }
}
