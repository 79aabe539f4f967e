package io.firstline.contact;

import java.time.Instant;
import java.util.List;
import io.firstline.DomainModel;

/**
 * One line of the router's offer history for a contact: its status moves from one of {@code expected} to
 * {@code to} (if it is still there) and a {@code contact_event} line is appended either way. Written late, in
 * order, by the routing history writer, many at a time ({@link ContactService#recordOfferHistory}).
 */
@DomainModel
public record OfferHistoryLine(long contactId, List<ContactStatus> expected, ContactStatus to, ContactEventKind kind,
                               String detail, Instant at) {

    static final String ACTOR = "router";

    public OfferHistoryLine {
        expected = List.copyOf(expected);
    }

    /** The router offered it: waiting → offered, if it still waits. */
    public static OfferHistoryLine offered(long contactId, long agentId, Instant expiresAt, Instant at) {
        return new OfferHistoryLine(contactId, List.copyOf(Contact.offerableStatuses()), ContactStatus.OFFERED,
                ContactEventKind.OFFERED, "offered to agent " + agentId + " until " + expiresAt, at);
    }

    /** An offer ended unanswered (expired, rejected, withdrawn): offered → waiting again. */
    public static OfferHistoryLine ended(long contactId, long agentId, String reason, Instant at) {
        return new OfferHistoryLine(contactId, List.copyOf(Contact.offeredStatuses()), ContactStatus.QUEUED,
                ContactEventKind.QUEUED, "offer to agent " + agentId + " " + reason, at);
    }
}
