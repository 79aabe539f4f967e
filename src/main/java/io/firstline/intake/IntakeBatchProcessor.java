package io.firstline.intake;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactBatches;
import io.firstline.contact.DeadlineView;
import io.firstline.customer.CustomerRef;
import io.firstline.customer.Customers;
import io.firstline.intake.IntakeBatchPlan.Ids;
import io.firstline.routing.RoutingQueues;
import io.firstline.routing.WaitingContact;
import io.firstline.sla.ContactClassifier;
import io.firstline.sla.Severity;
import io.firstline.supervision.Supervision;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * {@link IntakeProcessor} for a micro-batch: the whole batch in one transaction and a fixed number of statements
 * per workspace in it (a few reads, then one multi-row statement per kind of row), whatever its size. A batch may mix
 * workspaces (their channel accounts, {@link ChannelAccounts}, resolved from memory): each workspace's envelopes are
 * planned and written as a group of their own, since nothing is shared across workspaces (customers, contacts,
 * queues, message dedup). The result per envelope is the
 * one processing them one by one, in order, would give ({@link IntakeBatchPlan}). If the batch fails as a whole
 * (a deadlock with a merge, a constraint), nothing of it is stored and the caller processes its envelopes one by one.
 */
@Service
class IntakeBatchProcessor {

    private final ContactBatches contacts;
    private final Customers customers;
    private final RoutingQueues queues;
    private final ChannelAccounts workspaces;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final ContactClassifier classifier;
    private final Supervision supervision;

    IntakeBatchProcessor(ContactBatches contacts, Customers customers, RoutingQueues queues, ChannelAccounts workspaces,
                         TransactionalOperator transaction, Clock clock, ContactClassifier classifier,
                         Supervision supervision) {
        this.contacts = contacts;
        this.customers = customers;
        this.queues = queues;
        this.workspaces = workspaces;
        this.transaction = transaction;
        this.clock = clock;
        this.classifier = classifier;
        this.supervision = supervision;
    }

    /** The committed result of each envelope, in the batch's order. */
    Mono<List<ProcessedEnvelope>> process(List<InboundEnvelope> batch) {
        // Whole microseconds, as PostgreSQL keeps them: what is stored is what is watched and routed.
        java.time.Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return transaction.transactional(workspaces.resolver().flatMap(resolver -> {
            Map<Long, List<Integer>> positions = new java.util.LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                positions.computeIfAbsent(resolver.workspaceOf(batch.get(i)), id -> new ArrayList<>()).add(i);
            }
            ProcessedEnvelope[] results = new ProcessedEnvelope[batch.size()];
            // One group after the other, in the order their first envelopes came: the same lock order every time.
            return reactor.core.publisher.Flux.fromIterable(positions.entrySet())
                    .concatMap(group -> {
                        List<InboundEnvelope> envelopes = group.getValue().stream().map(batch::get).toList();
                        long workspaceId = group.getKey();
                        return read(workspaceId, envelopes)
                                .flatMap(reads -> write(workspaceId, IntakeBatchPlan.of(envelopes, reads, classifier, now)))
                                .doOnNext(processed -> {
                                    for (int j = 0; j < processed.size(); j++) {
                                        results[group.getValue().get(j)] = processed.get(j);
                                    }
                                });
                    })
                    .then(Mono.fromSupplier(() -> List.of(results)));
        }));
    }

    private Mono<IntakeBatchPlan.Reads> read(long workspaceId, List<InboundEnvelope> batch) {
        Set<ContactBatches.MessageKey> keys = batch.stream()
                .map(envelope -> new ContactBatches.MessageKey(envelope.channel(), envelope.externalId()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<Customers.Identity> identities = batch.stream()
                .map(envelope -> new Customers.Identity(envelope.channel(), envelope.customerHandle()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<Long> threads = batch.stream().map(InboundEnvelope::threadContactId).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return contacts.contactsOfMessages(workspaceId, keys).flatMap(stored -> customers.byIdentities(workspaceId, identities)
                .flatMap(known -> {
                    Set<Long> knownCustomers = known.values().stream().map(CustomerRef::id).collect(Collectors.toSet());
                    return contacts.lockForIntake(workspaceId, threads, knownCustomers).flatMap(locked -> queues.byChannel(workspaceId)
                            .map(byChannel -> new IntakeBatchPlan.Reads(
                                    stored.entrySet().stream().collect(Collectors.toMap(
                                            entry -> new IntakeBatchPlan.MessageKey(entry.getKey().channel(), entry.getKey().externalId()),
                                            Map.Entry::getValue)),
                                    known.entrySet().stream().collect(Collectors.toMap(
                                            entry -> new IntakeBatchPlan.Identity(entry.getKey().channel(), entry.getKey().handle()),
                                            entry -> new IntakeBatchPlan.Customer(entry.getValue().id(), entry.getValue().displayName()))),
                                    locked.stream().filter(contact -> knownCustomers.contains(contact.customerId())
                                            && contact.status().isOpen()).toList(),
                                    locked.stream().filter(contact -> threads.contains(contact.id())).toList(),
                                    byChannel)));
                }));
    }

    private Mono<List<ProcessedEnvelope>> write(long workspaceId, IntakeBatchPlan plan) {
        List<Customers.NewCustomer> newCustomers = plan.newCustomers.stream()
                .map(customer -> new Customers.NewCustomer(new Customers.Identity(customer.channel(), customer.handle()),
                        customer.displayName()))
                .toList();
        return customers.createAll(workspaceId, newCustomers)
                .zipWith(contacts.reserveIds(plan.newContacts.size()))
                .map(created -> new Ids(created.getT1().stream().map(CustomerRef::id).toList(), created.getT2()))
                .flatMap(ids -> contacts.store(newContacts(workspaceId, plan, ids),
                                plan.events.stream()
                                        .map(event -> new ContactBatches.EventRow(ids.contact(event.contactRef()), event.kind(),
                                                event.actor(), event.detail(), plan.now))
                                        .toList(),
                                plan.messages.stream()
                                        .map(message -> new ContactBatches.MessageRow(workspaceId, ids.contact(message.contactRef()),
                                                message.envelope().channel(), message.envelope().externalId(), "inbound",
                                                message.envelope().displayName(), message.envelope().text(), plan.now))
                                        .toList())
                        .then(contacts.updateAll(plan.moved.values()))
                        .then(contacts.followCustomerHandles(plan.handleMoves.entrySet().stream()
                                .map(move -> new ContactBatches.HandleMove(ids.contact(move.getKey()),
                                        move.getValue().channel(), move.getValue().handle()))
                                .toList()))
                        .then(supervision.startDeadlines(workspaceId, plan.newContacts.stream()
                                .map(opened -> new Supervision.NewContactDeadlines(ids.contact(opened.contact().id()),
                                        opened.classification(), opened.contact().channel(), opened.contact().openedAt()))
                                .toList()))
                        .map(deadlines -> results(workspaceId, plan, ids, deadlines)));
    }

    private static List<ContactBatches.NewContact> newContacts(long workspaceId, IntakeBatchPlan plan, Ids ids) {
        List<ContactBatches.NewContact> rows = new ArrayList<>(plan.newContacts.size());
        for (IntakeBatchPlan.NewContact opened : plan.newContacts) {
            Contact draft = opened.contact();
            Contact stored = Contact.restore(ids.contact(draft.id()), ids.customer(draft.customerId()), draft.channel(),
                    draft.queueId(), draft.status(), draft.assigneeId().orElse(null), draft.firstResponderId().orElse(null),
                    draft.openedAt(), draft.updatedAt());
            rows.add(new ContactBatches.NewContact(workspaceId, opened.envelope().account(), opened.envelope().customerHandle(),
                    stored, opened.classification().type().wireName(), opened.classification().severity().wireName(),
                    opened.classification().repairClass() == null ? null : opened.classification().repairClass().wireName(),
                    opened.priority()));
        }
        return rows;
    }

    private static List<ProcessedEnvelope> results(long workspaceId, IntakeBatchPlan plan, Ids ids, Map<Long, List<DeadlineView>> deadlines) {
        List<ProcessedEnvelope> processed = new ArrayList<>(plan.results.size());
        for (IntakeBatchPlan.Result result : plan.results) {
            if (result instanceof IntakeBatchPlan.Duplicate duplicate) {
                processed.add(ProcessedEnvelope.duplicate(ids.contact(duplicate.contactRef())));
            } else if (result instanceof IntakeBatchPlan.Joined joined) {
                processed.add(ProcessedEnvelope.joined(ids.contact(joined.contactRef()), joined.assigneeId()));
            } else {
                IntakeBatchPlan.NewContact opened = plan.newContacts.get(((IntakeBatchPlan.Opened) result).newContact());
                long contactId = ids.contact(opened.contact().id());
                List<DeadlineView> contactDeadlines = deadlines.getOrDefault(contactId, List.of());
                WaitingContact waiting = new WaitingContact(workspaceId, contactId, opened.contact().channel(), opened.queue().skill(),
                        opened.priority(), opened.contact().openedAt(), null, opened.customerName(), opened.envelope().text(),
                        Supervision.dueInstants(contactDeadlines), opened.queue().capacity());
                processed.add(new ProcessedEnvelope(new IntakeOutcome(contactId, false),
                        Optional.of(waiting), Optional.empty(), contactDeadlines, opened.classification().severity()
                        == Severity.MAJOR));
            }
        }
        return processed;
    }
}
