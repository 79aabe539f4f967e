package io.firstline.supervision;

import io.firstline.kernel.AddressedEvent;
import java.time.Instant;
import java.util.List;

/**
 * Holiday data loaded for a year moved some open deadlines of a contact (already stored, with a history line each):
 * every node re-arms the contact's SLA timers from PostgreSQL, and its assignee and first responder (supervisors when
 * nobody holds it) see the new due times on the console.
 */
public record DeadlinesMoved(long contactId, String type, List<Moved> moved, List<Long> recipients) implements AddressedEvent {

    /** One deadline: when it was due, and when it is due now. */
    public record Moved(String deadline, Instant previousDueAt, Instant dueAt, boolean withoutHolidayData) {
    }

    public DeadlinesMoved {
        moved = List.copyOf(moved);
        recipients = List.copyOf(recipients);
    }
}
