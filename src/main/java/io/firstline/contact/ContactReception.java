package io.firstline.contact;

import io.firstline.kernel.Channel;
import io.firstline.kernel.Ids;
import io.firstline.sla.Classification;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The contact side of intake, one envelope at a time (the batch path is {@link ContactBatches}): a customer's
 * message joins their open contact or opens a new one, with its history lines. Runs in the intake processor's
 * transaction.
 */
@Component
public class ContactReception {

    private final Contacts contacts;

    ContactReception(Contacts contacts) {
        this.contacts = contacts;
    }

    /**
     * The message joined {@code open} (now {@code joined}); when the writer is the contact's own customer, replies
     * follow them to the handle they now write from.
     */
    public Mono<Void> joined(Contact open, Contact joined, boolean ownCustomer, Channel channel, String handle,
                             Instant now) {
        Mono<Void> save = joined.status() == open.status() ? Mono.empty() : contacts.update(joined);
        return save
                .then(ownCustomer ? contacts.followCustomerHandle(open.id(), channel, handle) : Mono.empty())
                .then(contacts.record(open.id(), ContactEventKind.CUSTOMER_WROTE, "customer", null, now));
    }

    /** A new contact, already queued: stored with its received and queued history lines; emits it with its id. */
    public Mono<Contact> opened(long workspaceId, String account, String handle, Contact queued,
                                Classification classification, int priority, String receivedVia, String queuedAs,
                                Instant now) {
        return contacts.insert(workspaceId, account, handle, queued, classification, priority)
                .flatMap(stored -> contacts.record(stored.id(), ContactEventKind.RECEIVED, "customer", receivedVia, now)
                        .then(contacts.record(stored.id(), ContactEventKind.QUEUED, "system", queuedAs, now))
                        .thenReturn(stored));
    }

    /**
     * A contact an agent registered by hand (a walk-in, a letter), already theirs: stored with its history lines
     * (received, and accepted by its first responder) and the customer's words as its first message; emits it with
     * its id.
     */
    public Mono<Contact> registered(long workspaceId, Contact draft, Classification classification, int priority,
                                    String agentName, String customerName, String text, Instant now) {
        long agentId = draft.assigneeId().orElseThrow();
        return contacts.insert(workspaceId, draft.channel().wireName(), null, draft, classification, priority)
                .map(stored -> Contact.restore(stored.id(), draft.customerId(), draft.channel(), draft.queueId(),
                        draft.status(), agentId, agentId, draft.openedAt(), draft.updatedAt()))
                .flatMap(stored -> contacts.update(stored)
                        .then(contacts.record(stored.id(), ContactEventKind.RECEIVED, agentName,
                                draft.channel().wireName() + ", registered by " + agentName, now))
                        .then(contacts.record(stored.id(), ContactEventKind.ACCEPTED, agentName, "became first responder", now))
                        .then(contacts.addMessage(stored.id(), draft.channel(), draft.channel().wireName() + "-" + Ids.random(),
                                "inbound", customerName, text, now))
                        .thenReturn(stored));
    }

    /** The customer's message itself. */
    public Mono<Void> addInbound(long contactId, Channel channel, String externalId, String author, String text,
                                 Instant now) {
        return contacts.addMessage(contactId, channel, externalId, "inbound", author, text, now);
    }
}
