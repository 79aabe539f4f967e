package io.firstline.customer;

import java.time.Instant;
import java.util.List;
import io.firstline.contact.ContactView;

/**
 * One customer's history across channels (客户档案, DOMAIN §7) as staff read it: their identities and
 * their contacts, newest first, each with its newest messages in the order they were written.
 *
 * @param truncated whether contacts or messages were left out to keep the archive bounded
 */
record CustomerArchive(long id, String name, List<IdentityView> identities, List<ContactEntry> contacts,
                              boolean truncated) {

    /** At most this many contacts, the newest. */
    public static final int MAX_CONTACTS = 50;

    /** At most this many messages per contact, the newest. */
    public static final int MAX_MESSAGES = 30;

    public record IdentityView(String channel, String handle) {
    }

    /** @param satisfaction the score (1–5) of the contact's latest follow-up, null if none gave one */
    public record ContactEntry(long id, String channel, String status, String type, Instant openedAt, Instant updatedAt,
                               ContactView.Party firstResponder, ContactView.Party assignee, Integer satisfaction,
                               List<MessageEntry> messages) {

        ContactEntry withMessages(List<MessageEntry> newest) {
            return new ContactEntry(id, channel, status, type, openedAt, updatedAt, firstResponder, assignee,
                    satisfaction, newest);
        }
    }

    /** Internal notes (direction {@code internal}) are included: the readers are staff. */
    public record MessageEntry(long id, String direction, String author, String text, Instant at) {
    }
}
