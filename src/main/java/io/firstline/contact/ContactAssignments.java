package io.firstline.contact;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Records that an agent took a contact: assignee, first responder (once), history. */
@Service
public class ContactAssignments {

    private final Contacts contacts;
    private final TransactionalOperator transaction;
    private final Clock clock;

    public ContactAssignments(Contacts contacts, TransactionalOperator transaction, Clock clock) {
        this.contacts = contacts;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Fails with {@link IllegalStateException} when the contact can no longer be accepted. */
    public Mono<ContactView> accept(long contactId, long agentId, String agentName) {
        Instant now = clock.instant();
        Mono<Void> work = contacts.lock(contactId)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("contact " + contactId + " does not exist")))
                .flatMap(contact -> {
                    // The offer may not be written yet (history is asynchronous): the offer happened, record it here.
                    Contact offered = contact.status() == ContactStatus.OFFERED ? contact : contact.offer(agentId, now).contact();
                    ContactTransition accepted = offered.accept(agentId, now);
                    if (accepted instanceof ContactTransition.Refused refused) {
                        return Mono.error(new IllegalStateException(refused.reason()));
                    }
                    return contacts.update(accepted.contact())
                            .then(contacts.record(contactId, ContactEventKind.ACCEPTED, agentName,
                                    contact.firstResponderId().isEmpty() ? "became first responder" : null, now));
                });
        return transaction.transactional(work).then(Mono.defer(() -> contacts.view(contactId)));
    }
}
