package io.firstline.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.firstline.kernel.Channel;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactTransition;
import io.firstline.routing.RoutingQueue;
import io.firstline.sla.Classification;
import io.firstline.sla.ContactClassifier;
import io.firstline.sla.ContactType;
import io.firstline.sla.Severity;

/**
 * What one micro-batch of envelopes does to the stored state, decided in memory from what the batch read, in
 * envelope order — exactly as processing the envelopes one by one would: a message already stored (or earlier in
 * the batch) is a duplicate; a customer's message joins their e-mail thread's contact if still open, else their
 * open contact (the channel written on first, then the newest), else opens a contact; two messages of one new
 * customer make one contact.
 *
 * <p>Rows the batch creates have no ids yet: customers and contacts are numbered {@code -1, -2, ...} in creation
 * order (placeholders) until the writer has reserved their ids; {@link Ids} maps them.
 */
final class IntakeBatchPlan {

    /** Kinds of events and messages the writer stores, with contact refs that may be placeholders. */
    record Event(long contactRef, ContactEventKind kind, String actor, String detail) {
    }

    record Message(long contactRef, InboundEnvelope envelope) {
    }

    /** A customer to create: its placeholder is {@code -(index + 1)}. */
    record NewCustomer(Channel channel, String handle, String displayName) {
    }

    /** A contact to open: its placeholder is {@code -(index + 1)}; {@code contact} carries placeholder ids. */
    record NewContact(Contact contact, InboundEnvelope envelope, Classification classification, int priority,
                      RoutingQueue queue, String customerName) {
    }

    /** What became of one envelope. */
    sealed interface Result {
    }

    record Duplicate(long contactRef) implements Result {
    }

    record Joined(long contactRef, Optional<Long> assigneeId) implements Result {
    }

    record Opened(int newContact) implements Result {
    }

    /** Stored ids for the placeholders, once reserved. */
    record Ids(List<Long> customers, List<Long> contacts) {

        long customer(long ref) {
            return ref < 0 ? customers.get((int) (-ref - 1)) : ref;
        }

        long contact(long ref) {
            return ref < 0 ? contacts.get((int) (-ref - 1)) : ref;
        }
    }

    /** What the batch read before planning. */
    record Reads(Map<MessageKey, Long> storedMessages, Map<Identity, Customer> knownCustomers,
                 List<Contact> openContactsOfKnownCustomers, List<Contact> threadContacts,
                 Map<Channel, RoutingQueue> queues) {
    }

    record MessageKey(Channel channel, String externalId) {
    }

    record Identity(Channel channel, String handle) {
    }

    record Customer(long ref, String displayName) {
    }

    record Handle(Channel channel, String handle) {
    }

    final List<NewCustomer> newCustomers = new ArrayList<>();
    final List<NewContact> newContacts = new ArrayList<>();
    /** Existing contacts whose status moved, in their final state. */
    final Map<Long, Contact> moved = new LinkedHashMap<>();
    /** Per contact, the handle replies now go to (the last one the customer wrote from on its channel). */
    final Map<Long, Handle> handleMoves = new LinkedHashMap<>();
    /** The batch's one instant: when its messages were received, as one envelope's processing would read it. */
    final Instant now;
    final List<Event> events = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    final List<Result> results = new ArrayList<>();

    private final Map<MessageKey, Long> contactOfMessage = new HashMap<>();
    private final Map<Identity, Customer> customers = new HashMap<>();
    /** The latest state of every contact the batch touched, by ref. */
    private final Map<Long, Contact> current = new HashMap<>();
    /** Open contacts by customer ref, existing and new. */
    private final Map<Long, Set<Long>> openByCustomer = new HashMap<>();

    private IntakeBatchPlan(Instant now) {
        this.now = now;
    }

    static IntakeBatchPlan of(List<InboundEnvelope> envelopes, Reads reads, ContactClassifier classifier, Instant now) {
        IntakeBatchPlan plan = new IntakeBatchPlan(now);
        plan.contactOfMessage.putAll(reads.storedMessages());
        plan.customers.putAll(reads.knownCustomers());
        for (Contact contact : reads.threadContacts()) {
            plan.current.put(contact.id(), contact);
        }
        for (Contact contact : reads.openContactsOfKnownCustomers()) {
            plan.current.put(contact.id(), contact);
            plan.openByCustomer.computeIfAbsent(contact.customerId(), id -> new LinkedHashSet<>()).add(contact.id());
        }
        for (InboundEnvelope envelope : envelopes) {
            plan.results.add(plan.take(envelope, reads.queues(), classifier, now));
        }
        return plan;
    }

    private Result take(InboundEnvelope envelope, Map<Channel, RoutingQueue> queues, ContactClassifier classifier,
                        Instant now) {
        MessageKey key = new MessageKey(envelope.channel(), envelope.externalId());
        Long storedIn = contactOfMessage.get(key);
        if (storedIn != null) {
            return new Duplicate(storedIn);
        }
        Customer customer = customers.computeIfAbsent(new Identity(envelope.channel(), envelope.customerHandle()), identity -> {
            newCustomers.add(new NewCustomer(identity.channel(), identity.handle(), envelope.displayName()));
            return new Customer(-newCustomers.size(), envelope.displayName());
        });
        Contact open = threadContact(envelope).or(() -> openContactOf(customer.ref(), envelope.channel())).orElse(null);
        Result result = open != null ? join(open, customer, envelope, now) : open(customer, envelope, queues, classifier, now);
        long contactRef = result instanceof Joined joined ? joined.contactRef() : -(((Opened) result).newContact() + 1L);
        contactOfMessage.put(key, contactRef);
        messages.add(new Message(contactRef, envelope));
        return result;
    }

    private Optional<Contact> threadContact(InboundEnvelope envelope) {
        if (envelope.threadContactId() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current.get(envelope.threadContactId())).filter(contact -> contact.status().isOpen());
    }

    /** As {@code Contacts.lockOpenOfCustomer}: the channel written on first, then the newest (new ones are newest). */
    private Optional<Contact> openContactOf(long customerRef, Channel channel) {
        Contact best = null;
        for (long ref : openByCustomer.getOrDefault(customerRef, Set.of())) {
            Contact candidate = current.get(ref);
            if (!candidate.status().isOpen()) {
                continue;
            }
            if (best == null || isBefore(best, candidate, channel)) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean isBefore(Contact best, Contact candidate, Channel channel) {
        boolean bestOnChannel = best.channel() == channel;
        boolean candidateOnChannel = candidate.channel() == channel;
        if (bestOnChannel != candidateOnChannel) {
            return candidateOnChannel;
        }
        return age(candidate.id()) > age(best.id());
    }

    /** Orders refs by id, placeholders after every stored id and among themselves in creation order. */
    private static long age(long ref) {
        return ref < 0 ? Long.MAX_VALUE / 2 - ref : ref;
    }

    private Result join(Contact open, Customer customer, InboundEnvelope envelope, Instant now) {
        ContactTransition transition = open.customerWrote(now);
        Contact joined = transition instanceof ContactTransition.Applied applied ? applied.contact() : open;
        current.put(open.id(), joined);
        if (open.id() < 0) {
            // Opened earlier in this batch: it is inserted in its latest state.
            int index = (int) (-open.id() - 1);
            NewContact opened = newContacts.get(index);
            newContacts.set(index, new NewContact(joined, opened.envelope(), opened.classification(), opened.priority(),
                    opened.queue(), opened.customerName()));
        } else if (joined.status() != open.status() || moved.containsKey(open.id())) {
            moved.put(open.id(), joined);
        }
        // Replies follow the customer to the handle they now write from — only if it is theirs (see IntakeProcessor).
        if (open.customerId() == customer.ref() && open.channel() == envelope.channel()) {
            handleMoves.remove(open.id());
            handleMoves.put(open.id(), new Handle(envelope.channel(), envelope.customerHandle()));
        }
        events.add(new Event(open.id(), ContactEventKind.CUSTOMER_WROTE, "customer", null));
        return new Joined(open.id(), joined.assigneeId());
    }

    private Result open(Customer customer, InboundEnvelope envelope, Map<Channel, RoutingQueue> queues,
                        ContactClassifier classifier, Instant now) {
        Classification classification = classifier.classify(envelope.text(),
                Optional.ofNullable(envelope.typeHint()).flatMap(ContactType::fromWireName));
        RoutingQueue queue = queues.get(envelope.channel());
        if (queue == null) {
            throw new IllegalStateException("no queue for channel " + envelope.channel().wireName());
        }
        int priority = queue.contactPriority(classification.severity() == Severity.MAJOR
                ? IntakeProcessor.MAJOR_PRIORITY : IntakeProcessor.NORMAL_PRIORITY);
        long ref = -(newContacts.size() + 1L);
        Contact received = Contact.received(ref, customer.ref(), envelope.channel(), queue.id(), now);
        Contact queued = ((ContactTransition.Applied) received.enqueue(now)).contact();
        newContacts.add(new NewContact(queued, envelope, classification, priority, queue, customer.displayName()));
        current.put(ref, queued);
        openByCustomer.computeIfAbsent(customer.ref(), id -> new LinkedHashSet<>()).add(ref);
        events.add(new Event(ref, ContactEventKind.RECEIVED, "customer", envelope.channel().wireName() + "/" + envelope.account()));
        events.add(new Event(ref, ContactEventKind.QUEUED, "system", queue.code() + " as "
                + classification.type().wireName() + "/" + classification.severity().wireName()));
        return new Opened(newContacts.size() - 1);
    }
}
