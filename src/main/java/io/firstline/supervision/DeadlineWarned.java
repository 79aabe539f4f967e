package io.firstline.supervision;

import io.firstline.kernel.AddressedEvent;
import java.time.Instant;
import java.util.List;

/** A deadline of an open contact is near (its warning point passed); {@code recipients} should act. */
public record DeadlineWarned(long contactId, String deadline, Instant at, String type, List<Long> recipients)
        implements AddressedEvent {

    public DeadlineWarned {
        recipients = List.copyOf(recipients);
    }
}
