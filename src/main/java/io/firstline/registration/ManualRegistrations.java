package io.firstline.registration;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactReception;
import io.firstline.contact.ContactService;
import io.firstline.contact.ContactView;
import io.firstline.contact.Contacts;
import io.firstline.contact.DeadlineView;
import io.firstline.customer.CustomerProperties;
import io.firstline.customer.CustomerRef;
import io.firstline.customer.Customers;
import io.firstline.kernel.Channel;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import io.firstline.routing.RoutingEngine;
import io.firstline.routing.RoutingQueues;
import io.firstline.sla.Classification;
import io.firstline.sla.ContactClassifier;
import io.firstline.sla.ContactType;
import io.firstline.sla.Severity;
import io.firstline.supervision.SlaNotifier;
import io.firstline.supervision.Supervision;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * An agent registers a walk-in or a letter (DOMAIN §1): the customer is found by phone number, e-mail address or
 * (only one customer of that name) name, or created; the contact is the agent's at once, as first responder; it is
 * classified, gets its deadlines and, later, its follow-up as any contact does. One transaction.
 */
@Service
class ManualRegistrations {

    /** Routing order as at intake: a major matter first. */
    static final int NORMAL_PRIORITY = 0;
    static final int MAJOR_PRIORITY = 2;

    /** A registration stored, with how its customer was found. */
    record Registered(ContactView contact, String customerFoundBy) {
    }

    /** A document handed in with it (already read, within the size limit). */
    record Document(String fileName, String contentType, byte[] content) {
    }

    private record Stored(long contactId, Classification classification, List<DeadlineView> deadlines, String foundBy) {
    }

    private final Customers customers;
    private final ContactReception reception;
    private final ContactService lifecycle;
    private final Contacts contacts;
    private final RoutingQueues queues;
    private final RoutingEngine routing;
    private final ContactClassifier classifier;
    private final Supervision supervision;
    private final SlaNotifier notifier;
    private final Attachments attachments;
    private final CustomerProperties customerProperties;
    private final TransactionalOperator transaction;
    private final Clock clock;

    ManualRegistrations(Customers customers, ContactReception reception, ContactService lifecycle, Contacts contacts,
                        RoutingQueues queues, RoutingEngine routing,
                        ContactClassifier classifier, Supervision supervision, SlaNotifier notifier, Attachments attachments,
                        CustomerProperties customerProperties, TransactionalOperator transaction, Clock clock) {
        this.customers = customers;
        this.reception = reception;
        this.lifecycle = lifecycle;
        this.contacts = contacts;
        this.queues = queues;
        this.routing = routing;
        this.classifier = classifier;
        this.supervision = supervision;
        this.notifier = notifier;
        this.attachments = attachments;
        this.customerProperties = customerProperties;
        this.transaction = transaction;
        this.clock = clock;
    }

    Mono<Registered> register(Registration registration, Optional<Document> document, AgentPrincipal agent) {
        List<String> problems = registration == null ? List.of("a body with channel, customer and text is required")
                : registration.problems(customerProperties.phoneCountryCode());
        if (!problems.isEmpty()) {
            return Mono.error(Problems.badRequest(String.join("; ", problems)));
        }
        Registration.Normalised wanted = registration.normalised(customerProperties.phoneCountryCode());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Classification classification = classifier.classify(wanted.text(),
                Optional.ofNullable(wanted.category()).flatMap(ContactType::fromWireName));
        int severityPriority = classification.severity() == Severity.MAJOR ? MAJOR_PRIORITY : NORMAL_PRIORITY;
        long workspaceId = agent.workspaceId(); // registered in the registering agent's workspace
        Mono<Stored> work = customer(workspaceId, wanted)
                .flatMap(found -> queues.forChannel(workspaceId, wanted.channel())
                        .flatMap(queue -> reception.registered(workspaceId,
                                Contact.registeredBy(agent.agentId(), found.customer().id(), wanted.channel(), queue.id(), now),
                                classification, queue.contactPriority(severityPriority), agent.username(), found.customer().displayName(), wanted.text(), now))
                        .flatMap(contact -> document
                                .map(doc -> attachments.add(contact.id(), doc.fileName(), doc.contentType(), doc.content(),
                                        agent.username(), now).then())
                                .orElse(Mono.empty())
                                .then(supervision.startDeadlines(workspaceId, contact.id(), classification, wanted.channel(), now))
                                .map(deadlines -> new Stored(contact.id(), classification, deadlines, found.by()))));
        return transaction.transactional(work).flatMap(stored -> {
            supervision.watch(stored.contactId(), stored.deadlines());
            Mono<Void> major = stored.classification().severity() == Severity.MAJOR
                    ? notifier.escalateMajor(stored.contactId()) : Mono.empty();
            return routing.restoreAssignment(agent.agentId(), wanted.channel())
                    .then(major)
                    .then(contacts.view(stored.contactId()))
                    .doOnNext(view -> lifecycle.announceAssigned(agent.agentId(), view))
                    .map(view -> new Registered(view, stored.foundBy()));
        });
    }

    private record Found(CustomerRef customer, String by) {
    }

    /** By phone number, else e-mail address (each found or created with that identity), else by name. */
    private Mono<Found> customer(long workspaceId, Registration.Normalised wanted) {
        if (wanted.phone() != null) {
            return customers.findOrCreate(workspaceId, Channel.PHONE, wanted.phone(), wanted.name())
                    .map(customer -> new Found(customer, "phone"));
        }
        if (wanted.email() != null) {
            return customers.findOrCreate(workspaceId, Channel.EMAIL, wanted.email(), wanted.name())
                    .map(customer -> new Found(customer, "email"));
        }
        return customers.onlyOneNamed(workspaceId, wanted.name()).map(customer -> new Found(customer, "name"))
                .switchIfEmpty(Mono.defer(() -> customers.createNamed(workspaceId, wanted.name())
                        .map(customer -> new Found(customer, "new"))));
    }
}
