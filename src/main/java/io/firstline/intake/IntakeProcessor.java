package io.firstline.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactTransition;
import io.firstline.contact.Contacts;
import io.firstline.customer.CustomerRef;
import io.firstline.customer.Customers;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.routing.RoutingQueue;
import io.firstline.routing.RoutingQueues;
import io.firstline.routing.WaitingContact;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Turns one envelope into stored state in one transaction: dedupe by channel and
 * external id, find the customer by identity, join their open contact or open a new one.
 * Idempotent: processing the same envelope twice stores it once.
 */
@Service
public class IntakeProcessor {

    static final int NORMAL_PRIORITY = 0;

    private final Contacts contacts;
    private final Customers customers;
    private final RoutingQueues queues;
    private final WorkspaceDirectory workspace;
    private final TransactionalOperator transaction;
    private final Clock clock;

    public IntakeProcessor(Contacts contacts, Customers customers, RoutingQueues queues, WorkspaceDirectory workspace,
                           TransactionalOperator transaction, Clock clock) {
        this.contacts = contacts;
        this.customers = customers;
        this.queues = queues;
        this.workspace = workspace;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Mono<ProcessedEnvelope> process(InboundEnvelope envelope) {
        Mono<ProcessedEnvelope> work = contacts.contactOfMessage(envelope.channel(), envelope.externalId())
                .map(ProcessedEnvelope::duplicate)
                .switchIfEmpty(Mono.defer(() -> store(envelope)));
        return transaction.transactional(work);
    }

    private Mono<ProcessedEnvelope> store(InboundEnvelope envelope) {
        Instant now = clock.instant();
        return workspace.id().flatMap(workspaceId -> customers
                .findOrCreate(workspaceId, envelope.channel(), envelope.customerHandle(), envelope.displayName())
                .flatMap(customer -> contacts.lockOpenOfCustomer(customer.id())
                        .flatMap(open -> join(open, envelope, now))
                        .switchIfEmpty(Mono.defer(() -> open(workspaceId, customer, envelope, now)))));
    }

    private Mono<ProcessedEnvelope> join(Contact open, InboundEnvelope envelope, Instant now) {
        ContactTransition transition = open.customerWrote(now);
        Contact joined = transition instanceof ContactTransition.Applied applied ? applied.contact() : open;
        Mono<Void> save = joined.status() == open.status() ? Mono.empty() : contacts.update(joined);
        return save
                .then(contacts.record(open.id(), ContactEventKind.CUSTOMER_WROTE, "customer", null, now))
                .then(addMessage(open.id(), envelope, now))
                .thenReturn(new ProcessedEnvelope(new IntakeOutcome(open.id(), false), Optional.empty(), joined.assigneeId()));
    }

    private Mono<ProcessedEnvelope> open(long workspaceId, CustomerRef customer, InboundEnvelope envelope, Instant now) {
        return queues.forChannel(workspaceId, envelope.channel()).flatMap(queue -> {
            Contact received = Contact.received(0, customer.id(), envelope.channel(), queue.id(), now);
            Contact queued = ((ContactTransition.Applied) received.enqueue(now)).contact();
            return contacts.insert(workspaceId, queued, NORMAL_PRIORITY)
                    .flatMap(stored -> contacts.record(stored.id(), ContactEventKind.RECEIVED, "customer",
                                    envelope.channel().wireName() + "/" + envelope.account(), now)
                            .then(contacts.record(stored.id(), ContactEventKind.QUEUED, "system", queue.code(), now))
                            .then(addMessage(stored.id(), envelope, now))
                            .thenReturn(new ProcessedEnvelope(new IntakeOutcome(stored.id(), false),
                                    Optional.of(waiting(stored, queue, customer, envelope, now)), Optional.empty())));
        });
    }

    private Mono<Void> addMessage(long contactId, InboundEnvelope envelope, Instant now) {
        return contacts.addMessage(contactId, envelope.channel(), envelope.externalId(), "inbound",
                envelope.displayName(), envelope.text(), now);
    }

    private static WaitingContact waiting(Contact contact, RoutingQueue queue, CustomerRef customer,
                                          InboundEnvelope envelope, Instant now) {
        return new WaitingContact(contact.id(), contact.channel(), queue.skill(), NORMAL_PRIORITY, now, null,
                customer.displayName(), envelope.text());
    }
}
