package io.firstline.contact;

import io.firstline.kernel.Channel;
import io.firstline.kernel.EventBus;
import io.firstline.kernel.Ids;
import io.firstline.platform.web.Problems;
import io.firstline.sla.Classification;
import io.firstline.sla.StepEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The one owner of the contact lifecycle after intake: every move (offer, accept, transfer, reply, note, resolve,
 * reopen, close, reclassify, a customer merge) goes through the {@link Contact} aggregate here, in one transaction
 * each (joining the caller's, when it has one), with its {@code contact_event} line. No other module writes the
 * {@code contact} table. Business refusals answer 403 (not the agent's to do) or 409 (not in this state).
 */
@Service
public class ContactService {

    private final Contacts contacts;
    private final TransactionalOperator transaction;
    private final EventBus events;
    private final Clock clock;
    private final ObjectProvider<DeadlineSteps> steps;

    public ContactService(Contacts contacts, TransactionalOperator transaction, EventBus events, Clock clock,
                          ObjectProvider<DeadlineSteps> steps) {
        this.contacts = contacts;
        this.transaction = transaction;
        this.events = events;
        this.clock = clock;
        this.steps = steps;
    }

    /** The router offered it (its history, written after the frame): waiting → offered, if it still waits. */
    public Mono<Void> offered(long contactId, long agentId, Instant expiresAt, Instant at) {
        return recordOfferLine(OfferHistoryLine.offered(contactId, agentId, expiresAt, at));
    }

    /** An offer ended unanswered (expired, rejected, withdrawn): offered → waiting again. */
    public Mono<Void> offerEnded(long contactId, long agentId, String reason, Instant at) {
        return recordOfferLine(OfferHistoryLine.ended(contactId, agentId, reason, at));
    }

    /** One line of the offer history, in one statement. */
    public Mono<Void> recordOfferLine(OfferHistoryLine line) {
        return contacts.moveStatusRecording(line.contactId(), line.expected(), line.to(), line.at(), line.kind(),
                OfferHistoryLine.ACTOR, line.detail());
    }

    /**
     * Many lines of the offer history in one statement (the history writer's drain), appended in the given order.
     * No contact may appear twice (one statement updates a row once): the caller splits such runs.
     */
    public Mono<Void> recordOfferHistory(List<OfferHistoryLine> lines) {
        if (lines.isEmpty()) {
            return Mono.empty();
        }
        return lines.size() == 1 ? recordOfferLine(lines.get(0)) : contacts.moveStatusesRecording(lines);
    }

    /**
     * The agent accepted the offer: assignee, and first responder the first time. Fails with
     * {@link IllegalStateException} when the contact can no longer be accepted. The agent's console is told.
     */
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
        return transaction.transactional(work).then(Mono.defer(() -> contacts.view(contactId)))
                .doOnNext(view -> events.publish(new ContactAssigned(agentId, view)));
    }

    /** Where a transfer goes: a queue (anyone with its skill) or one agent. */
    public record TransferTarget(boolean queue, long id, String name) {
    }

    /** The contact as a transfer left it, and its view for the answer. */
    public record Transferred(Contact contact, ContactView view) {
    }

    /** The assignee hands the contact on; the first responder stays. Routing is the caller's next step. */
    public Mono<Transferred> transfer(long contactId, long byAgentId, String byName, TransferTarget to) {
        Instant now = clock.instant();
        Mono<Contact> work = lockOrNotFound(contactId).flatMap(contact -> {
            ContactTransition moved = to.queue() ? contact.transferToQueue(to.id(), byAgentId, now)
                    : contact.transferToAgent(to.id(), byAgentId, now);
            if (moved instanceof ContactTransition.Refused refused) {
                return Mono.error(refusal(refused.reason())); // "only the assignee ..." is 403, a wrong state 409
            }
            return contacts.update(moved.contact())
                    .then(contacts.record(contactId, ContactEventKind.TRANSFERRED, byName,
                            "to " + (to.queue() ? "queue " : "agent ") + to.name(), now))
                    .thenReturn(moved.contact());
        });
        return transaction.transactional(work)
                .flatMap(moved -> contacts.view(contactId).map(view -> new Transferred(moved, view)));
    }

    /** Tells the agent a contact is now theirs (after routing counted it against their capacity). */
    public void announceAssigned(long agentId, ContactView view) {
        events.publish(new ContactAssigned(agentId, view));
    }

    /**
     * A reply the provider took: the contact moves to replied (if the agent holds it), the message is stored, and
     * the deadlines a reply meets (acknowledge, reply, feedback: per policy) are met.
     */
    public Mono<Long> replySent(long contactId, Channel channel, long agentId, String agentName, String externalId,
                                String text, Instant now) {
        DeadlineSteps deadlines = steps.getObject();
        Mono<Map.Entry<Long, List<String>>> work = contacts.lock(contactId).flatMap(current -> {
            ContactTransition replied = current.reply(agentId, now);
            Mono<Void> move = replied.applied() ? contacts.update(replied.contact()) : Mono.empty();
            return move.then(contacts.addReply(contactId, channel, externalId, agentName, text, "sent", null, now))
                    .flatMap(id -> contacts.record(contactId, ContactEventKind.REPLIED, agentName,
                            "via " + channel.wireName(), now)
                            .then(deadlines.meet(contactId, StepEvent.REPLY, agentName, now))
                            .map(met -> Map.entry(id, met)));
        });
        return transaction.transactional(work)
                .doOnNext(sent -> deadlines.stopTimers(contactId, sent.getValue()))
                .map(Map.Entry::getKey);
    }

    /** A reply that was not delivered: stored as failed with the provider's code and reason, so the history shows it. */
    public Mono<Long> replyFailed(long contactId, Channel channel, String agentName, String text, String code,
                                  String reason, Instant now) {
        Mono<Long> work = contacts.addReply(contactId, channel, "failed-" + Ids.random(), agentName, text, "failed",
                        code + ": " + reason, now)
                .flatMap(id -> contacts.record(contactId, ContactEventKind.REPLY_FAILED, agentName,
                        code + ": " + reason, now).thenReturn(id));
        return transaction.transactional(work);
    }

    /**
     * An internal note for the people who answer for the contact (never sent to the customer); each of them but
     * the author is told. Refused (403) to an agent who neither holds nor first responded to it.
     */
    public Mono<ContactView.MessageView> addNote(long contactId, long authorId, String authorName, boolean overseer,
                                                 String text) {
        Instant now = clock.instant();
        return contacts.owners(contactId)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + contactId + " does not exist")))
                .flatMap(owners -> {
                    if (!overseer && !owners.people().contains(authorId)) {
                        return Mono.error(Problems.forbidden("contact " + contactId + " is not one of yours"));
                    }
                    return contacts.addNote(contactId, "note-" + Ids.random(), authorName, text, now)
                            .doOnNext(messageId -> events.publish(new MessageReceived(contactId,
                                    owners.people().stream().filter(person -> person != authorId).toList())))
                            .map(messageId -> new ContactView.MessageView(messageId, "internal", authorName, text, now,
                                    "received", null));
                });
    }

    /** What a resolution did: the contact before (who held it) and after (resolved, or in follow-up). */
    public record Resolution(Contact before, Contact after, Classification classification) {
    }

    /**
     * The assignee resolves the contact; {@code followUpWanted} decides from it and its classification whether it
     * goes on to follow-up (回访). Joins the caller's transaction, which may add the follow-up task.
     */
    public Mono<Resolution> resolve(long contactId, long agentId, String agentName,
                                    BiPredicate<Contact, Classification> followUpWanted, Instant now) {
        return resolve(contactId, agentId, agentName, ContactAnalysis.NONE, followUpWanted, now);
    }

    /**
     * As {@link #resolve(long, long, String, BiPredicate, Instant)}, recording what the contact records for analysis
     * (disposition and reason, cause, department, complaint validity) with it; an analysis that does not fit the
     * contact is refused (400) and nothing changes.
     */
    public Mono<Resolution> resolve(long contactId, long agentId, String agentName, ContactAnalysis analysis,
                                    BiPredicate<Contact, Classification> followUpWanted, Instant now) {
        Mono<Resolution> work = lockOrNotFound(contactId)
                .zipWith(contacts.classification(contactId))
                .flatMap(pair -> {
                    Contact contact = pair.getT1();
                    ContactTransition resolved = contact.resolve(agentId, now);
                    if (resolved instanceof ContactTransition.Refused refused) {
                        return Mono.error(refusal(refused.reason()));
                    }
                    List<String> problems = analysis.problems(pair.getT2().type());
                    if (!problems.isEmpty()) {
                        return Mono.error(Problems.badRequest(String.join("; ", problems)));
                    }
                    Contact after = followUpWanted.test(contact, pair.getT2())
                            ? resolved.contact().startFollowUp(now).contact() : resolved.contact();
                    Mono<Void> analysed = analysis.isEmpty() ? Mono.empty()
                            : contacts.recordAnalysis(contactId, analysis.normalized());
                    return contacts.update(after)
                            .then(contacts.markResolved(contactId, now))
                            .then(analysed)
                            .then(contacts.record(contactId, ContactEventKind.RESOLVED, agentName,
                                    analysis.disposition() == null ? null : analysis.disposition().wireName(), now))
                            .thenReturn(new Resolution(contact, after, pair.getT2()));
                });
        return transaction.transactional(work);
    }

    /**
     * Records what the contact records for analysis at any time (a supervisor deciding a complaint's validity, the
     * responsible department found later): its assignee, first responder or someone who oversees the workspace.
     */
    public Mono<Void> analyse(long contactId, long agentId, String agentName, boolean overseer, ContactAnalysis analysis) {
        Instant now = clock.instant();
        Mono<Void> work = lockOrNotFound(contactId).zipWith(contacts.classification(contactId)).flatMap(pair -> {
            Contact contact = pair.getT1();
            boolean mayChange = overseer || contact.assigneeId().filter(a -> a == agentId).isPresent()
                    || contact.firstResponderId().filter(a -> a == agentId).isPresent();
            if (!mayChange) {
                return Mono.error(Problems.forbidden(
                        "only the contact's assignee, first responder or a supervisor may record its analysis"));
            }
            List<String> problems = analysis.isEmpty() ? List.of("give at least one of cause, department, disposition, complaintValid")
                    : analysis.problems(pair.getT2().type());
            if (!problems.isEmpty()) {
                return Mono.error(Problems.badRequest(String.join("; ", problems)));
            }
            return contacts.recordAnalysis(contactId, analysis.normalized())
                    .then(contacts.record(contactId, ContactEventKind.ANALYSED, agentName, null, now));
        });
        return transaction.transactional(work);
    }

    /** Back to the first responder (the customer is not satisfied, or a re-check found so). The caller holds the lock. */
    public Mono<Contact> reopen(Contact locked, String actor, String why, Instant now) {
        ContactTransition reopened = locked.reopen(now);
        if (reopened instanceof ContactTransition.Refused refused) {
            return Mono.error(Problems.conflict(refused.reason()));
        }
        return transaction.transactional(contacts.update(reopened.contact())
                .then(contacts.record(locked.id(), ContactEventKind.REOPENED, actor, why, now))
                .thenReturn(reopened.contact()));
    }

    /** The loop is closed (the customer is satisfied). The caller holds the lock. */
    public Mono<Contact> close(Contact locked, Instant now) {
        ContactTransition closed = locked.close(now);
        if (closed instanceof ContactTransition.Refused refused) {
            return Mono.error(Problems.conflict(refused.reason()));
        }
        return transaction.transactional(contacts.update(closed.contact())
                .then(contacts.record(locked.id(), ContactEventKind.CLOSED, "system", null, now))
                .thenReturn(closed.contact()));
    }

    /** The contact, locked, and its classification before a change. */
    public record Reclassified(Contact contact, Classification before) {
    }

    /**
     * Changes what the contact is (its deadlines are the caller's to recompute, in the same transaction). Only its
     * assignee, first responder or someone who oversees the workspace may.
     */
    public Mono<Reclassified> reclassify(long contactId, long agentId, String agentName, boolean overseer,
                                         Classification wanted, Instant now) {
        Mono<Reclassified> work = lockOrNotFound(contactId).flatMap(contact -> {
            boolean mayChange = overseer || contact.assigneeId().filter(a -> a == agentId).isPresent()
                    || contact.firstResponderId().filter(a -> a == agentId).isPresent();
            if (!mayChange) {
                return Mono.error(Problems.forbidden(
                        "only the contact's assignee, first responder or a supervisor may reclassify it"));
            }
            return contacts.classification(contactId).flatMap(before -> contacts.reclassify(contactId, wanted)
                    .then(contacts.record(contactId, ContactEventKind.RECLASSIFIED, agentName,
                            describe(before) + " -> " + describe(wanted), now))
                    .thenReturn(new Reclassified(contact, before)));
        });
        return transaction.transactional(work);
    }

    /**
     * The merged customer's contacts become the survivor's (locked in id order first, as intake's batches lock
     * them), each with a history line. Joins the caller's transaction; emits how many moved.
     */
    public Mono<Long> moveToCustomer(long mergedCustomerId, long survivorCustomerId, String actor, String detail,
                                     Instant at) {
        return transaction.transactional(contacts.moveToCustomer(mergedCustomerId, survivorCustomerId)
                .flatMap(moved -> reactor.core.publisher.Flux.fromIterable(moved)
                        .concatMap(contactId -> contacts.record(contactId, ContactEventKind.CUSTOMER_MERGED, actor, detail, at))
                        .then(Mono.just((long) moved.size()))));
    }

    /** A line in the contact's history for what happened around it (a warning, an escalation, an extension). */
    public Mono<Void> history(long contactId, ContactEventKind kind, String actor, String detail, Instant at) {
        return contacts.record(contactId, kind, actor, detail, at);
    }

    private Mono<Contact> lockOrNotFound(long contactId) {
        return contacts.lock(contactId)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + contactId + " does not exist")));
    }

    private static String describe(Classification c) {
        return c.type().wireName() + "/" + c.severity().wireName() + c.repair().map(r -> "/" + r.wireName()).orElse("");
    }

    private static RuntimeException refusal(String reason) {
        return reason.startsWith("only") ? Problems.forbidden(reason) : Problems.conflict(reason);
    }
}
