package io.firstline.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import io.firstline.contact.DeadlineView;
import io.firstline.sla.Classification;
import io.firstline.sla.ContactClassifier;
import io.firstline.sla.ContactType;
import io.firstline.sla.Severity;
import io.firstline.supervision.Supervision;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactReception;
import io.firstline.contact.ContactTransition;
import io.firstline.contact.Contacts;
import io.firstline.customer.CustomerRef;
import io.firstline.customer.Customers;
import io.firstline.routing.RoutingQueue;
import io.firstline.routing.RoutingQueues;
import io.firstline.routing.WaitingContact;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Turns one envelope into stored state in one transaction, in the workspace of its channel account
 * ({@link ChannelAccounts}): dedupe by workspace, channel and external id, find the customer by identity, join their
 * open contact or open a new one.
 * Idempotent: processing the same envelope twice stores it once.
 */
@Service
class IntakeProcessor {

    /** Routing order (DESIGN §3): major before VIP before normal. */
    static final int NORMAL_PRIORITY = 0;
    static final int MAJOR_PRIORITY = 2;

    private final Contacts contacts;
    private final ContactReception reception;
    private final Customers customers;
    private final RoutingQueues queues;
    private final ChannelAccounts workspaces;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final ContactClassifier classifier;
    private final Supervision supervision;

    public IntakeProcessor(Contacts contacts, ContactReception reception, Customers customers, RoutingQueues queues, ChannelAccounts workspaces,
                           TransactionalOperator transaction, Clock clock, ContactClassifier classifier,
                           Supervision supervision) {
        this.classifier = classifier;
        this.supervision = supervision;
        this.contacts = contacts;
        this.reception = reception;
        this.customers = customers;
        this.queues = queues;
        this.workspaces = workspaces;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Mono<ProcessedEnvelope> process(InboundEnvelope envelope) {
        Mono<ProcessedEnvelope> work = workspaces.resolver().map(resolver -> resolver.workspaceOf(envelope))
                .flatMap(workspaceId -> contacts.contactOfMessage(workspaceId, envelope.channel(), envelope.externalId())
                        .map(ProcessedEnvelope::duplicate)
                        .switchIfEmpty(Mono.defer(() -> store(workspaceId, envelope))));
        return transaction.transactional(work);
    }

    private Mono<ProcessedEnvelope> store(long workspaceId, InboundEnvelope envelope) {
        // Whole microseconds, as PostgreSQL keeps them (and as the batches do): what is stored is what is watched.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return customers
                .findOrCreate(workspaceId, envelope.channel(), envelope.customerHandle(), envelope.displayName())
                .flatMap(customer -> threadContact(workspaceId, envelope)
                        .switchIfEmpty(Mono.defer(() -> contacts.lockOpenOfCustomer(customer.id(), envelope.channel())))
                        .flatMap(open -> join(open, customer, envelope, now))
                        .switchIfEmpty(Mono.defer(() -> open(workspaceId, customer, envelope, now))));
    }

    /**
     * The contact the message proved it answers (e-mail threading), locked, if it is still open and of the message's
     * own workspace: a thread id naming another workspace's contact is ignored, and the message opens a contact here.
     */
    private Mono<Contact> threadContact(long workspaceId, InboundEnvelope envelope) {
        if (envelope.threadContactId() == null) {
            return Mono.empty();
        }
        return contacts.lockInWorkspace(workspaceId, envelope.threadContactId()).filter(contact -> contact.status().isOpen());
    }

    private Mono<ProcessedEnvelope> join(Contact open, CustomerRef customer, InboundEnvelope envelope, Instant now) {
        ContactTransition transition = open.customerWrote(now);
        Contact joined = transition instanceof ContactTransition.Applied applied ? applied.contact() : open;
        // Replies follow the customer to the handle they now write from — only if it is theirs: a mail
        // threaded into the contact by its token may come from someone the customer forwarded it to.
        return reception.joined(open, joined, open.customerId() == customer.id(), envelope.channel(),
                        envelope.customerHandle(), now)
                .then(addMessage(open.id(), envelope, now))
                .thenReturn(ProcessedEnvelope.joined(open.id(), joined.assigneeId()));
    }

    private Mono<ProcessedEnvelope> open(long workspaceId, CustomerRef customer, InboundEnvelope envelope, Instant now) {
        Classification classification = classifier.classify(envelope.text(),
                Optional.ofNullable(envelope.typeHint()).flatMap(ContactType::fromWireName));
        int severityPriority = classification.severity() == Severity.MAJOR ? MAJOR_PRIORITY : NORMAL_PRIORITY;
        return queues.forChannel(workspaceId, envelope.channel()).flatMap(queue -> {
            int priority = queue.contactPriority(severityPriority);
            Contact received = Contact.received(0, customer.id(), envelope.channel(), queue.id(), now);
            Contact queued = ((ContactTransition.Applied) received.enqueue(now)).contact();
            return reception.opened(workspaceId, envelope.account(), envelope.customerHandle(), queued, classification,
                            priority, envelope.channel().wireName() + "/" + envelope.account(), queue.code() + " as "
                                    + classification.type().wireName() + "/" + classification.severity().wireName(), now)
                    .flatMap(stored -> addMessage(stored.id(), envelope, now)
                            .then(supervision.startDeadlines(workspaceId, stored.id(), classification, envelope.channel(), now))
                            .map(deadlines -> new ProcessedEnvelope(new IntakeOutcome(stored.id(), false),
                                    Optional.of(waiting(workspaceId, stored, queue, customer, envelope, priority, deadlines, now)),
                                    Optional.empty(), deadlines, classification.severity() == Severity.MAJOR)));
        });
    }

    private Mono<Void> addMessage(long contactId, InboundEnvelope envelope, Instant now) {
        return reception.addInbound(contactId, envelope.channel(), envelope.externalId(), envelope.displayName(),
                envelope.text(), now);
    }

    private static WaitingContact waiting(long workspaceId, Contact contact, RoutingQueue queue, CustomerRef customer,
                                          InboundEnvelope envelope, int priority, List<DeadlineView> deadlines, Instant now) {
        return new WaitingContact(workspaceId, contact.id(), contact.channel(), queue.skill(), priority, now, null,
                customer.displayName(), envelope.text(), Supervision.dueInstants(deadlines), queue.capacity());
    }
}
