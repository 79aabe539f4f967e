package io.firstline.followup;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactAnalysis;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactReopened;
import io.firstline.contact.ContactResolved;
import io.firstline.contact.ContactService;
import io.firstline.contact.ContactStatus;
import io.firstline.contact.ContactView;
import io.firstline.contact.Contacts;
import io.firstline.contact.DeadlineView;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import io.firstline.kernel.EventBus;
import io.firstline.routing.RoutingEngine;
import io.firstline.sla.CalendarKind;
import io.firstline.sla.Classification;
import io.firstline.sla.StepEvent;
import io.firstline.supervision.Supervision;
import io.firstline.supervision.SupervisionProperties;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

/**
 * The closed loop (闭环, DOMAIN §4–§5): resolving a contact, the first responder's
 * follow-up, and closing it — or reopening it for the first responder with fresh
 * deadlines when the customer is not satisfied.
 */
@Service
class ClosedLoop {

    public static final int MAX_REASON = 1000;

    private final Contacts contacts;
    private final ContactService lifecycle;
    private final FollowUps followUps;
    private final Supervision supervision;
    private final RoutingEngine routing;
    private final EventBus events;
    private final SupervisionProperties properties;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final DistributionSummary satisfaction;

    ClosedLoop(Contacts contacts, ContactService lifecycle, FollowUps followUps, Supervision supervision,
               RoutingEngine routing, EventBus events, SupervisionProperties properties, TransactionalOperator transaction, Clock clock,
               MeterRegistry meters) {
        this.contacts = contacts;
        this.lifecycle = lifecycle;
        this.followUps = followUps;
        this.supervision = supervision;
        this.routing = routing;
        this.events = events;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
        this.satisfaction = DistributionSummary.builder("firstline.followup.satisfaction")
                .description("Satisfaction (1-5) recorded at follow-up").register(meters);
    }

    /** The workspace's time zone (quarters, days), the one its deadlines are counted in. */
    Mono<java.time.ZoneId> zoneOf(long workspaceId) {
        return supervision.calendarsOf(workspaceId).map(calendars -> calendars.officeHours().zone());
    }

    private record Resolution(Contact before, Contact after, FollowUpView followUp, List<DeadlineView> watched) {
    }

    public Mono<ContactView> resolve(long contactId, AgentPrincipal agent) {
        return resolve(contactId, agent, ContactAnalysis.NONE);
    }

    /** Resolves it recording its disposition (and cause, department, complaint validity) for the reports. */
    public Mono<ContactView> resolve(long contactId, AgentPrincipal agent, ContactAnalysis analysis) {
        Instant now = clock.instant();
        Mono<Resolution> work = lifecycle.resolve(contactId, agent.agentId(), agent.username(), analysis,
                        (contact, classification) -> properties.followUp().types().contains(classification.type().wireName())
                                && contact.firstResponderId().isPresent(), now)
                // Resolving does the steps the resolution meets (per policy); the result is then fed back (DOMAIN §3).
                .flatMap(resolved -> supervision.meet(contactId, StepEvent.RESOLVE, agent.username(), now)
                        .then(supervision.startFeedback(agent.workspaceId(), contactId, resolved.classification(), now))
                        .flatMap(watched -> withFollowUp(agent.workspaceId(), contactId, resolved, watched, now)));
        return transaction.transactional(work).flatMap(resolution -> {
            supervision.watch(contactId, resolution.watched());
            Contact before = resolution.before();
            Mono<Void> release = before.assigneeId().map(assignee -> routing.release(assignee, before.channel()))
                    .orElse(Mono.empty());
            return release.then(contacts.view(contactId)).doOnNext(view -> {
                before.firstResponderId().ifPresent(fr -> events.publish(new ContactResolved(fr, view)));
                if (resolution.followUp() != null) {
                    events.publish(new FollowUpDue(resolution.followUp()));
                }
            });
        });
    }

    private Mono<Resolution> withFollowUp(long workspaceId, long contactId, ContactService.Resolution resolved,
                                          List<DeadlineView> watched, Instant now) {
        if (resolved.after().status() != ContactStatus.FOLLOW_UP) {
            return Mono.just(new Resolution(resolved.before(), resolved.after(), null, watched));
        }
        long firstResponder = resolved.before().firstResponderId().get();
        // Working days of the contact's own workspace, in its time zone.
        return supervision.calendarsOf(workspaceId)
                .map(calendars -> calendars.get(CalendarKind.OFFICE_HOURS).addWorkingDays(now, properties.followUp().withinWorkingDays()))
                .flatMap(due -> followUps.create(contactId, firstResponder, due, now)
                        .flatMap(task -> lifecycle.history(contactId, ContactEventKind.FOLLOW_UP_STARTED, "system",
                                        "follow-up by agent " + firstResponder + " due " + due, now)
                                .thenReturn(new Resolution(resolved.before(), resolved.after(), task, watched))));
    }

    private record Recorded(Contact contact, boolean reopened, List<DeadlineView> deadlines) {
    }

    public Mono<ContactView> recordFollowUp(long contactId, FollowUpResult result, AgentPrincipal agent) {
        List<String> problems = result == null ? List.of("a body with outcome is required") : result.problems();
        if (!problems.isEmpty()) {
            return Mono.error(Problems.badRequest(String.join("; ", problems)));
        }
        Instant now = clock.instant();
        Mono<Recorded> work = lockedForFirstResponder(contactId, agent, "the follow-up is the first responder's (or a supervisor's)")
                .flatMap(pair -> {
                    Contact contact = pair.getT1();
                    return followUps.lockDue(contactId)
                            .switchIfEmpty(Mono.error(() -> Problems.conflict("contact " + contactId
                                    + " has no follow-up due (it is " + contact.status().wireName() + ")")))
                            .flatMap(task -> followUps.complete(task.id(), result, agent.agentId(), now))
                            .then(lifecycle.history(contactId, ContactEventKind.FOLLOW_UP_RECORDED, agent.username(),
                                    describe(result), now))
                            .then(supervision.meet(contactId, StepEvent.FOLLOW_UP, agent.username(), now))
                            .then(result.reopens()
                                    ? reopen(agent.workspaceId(), contact, pair.getT2(), "system", "customer not satisfied: back to the first responder", now)
                                    : close(contact, now));
                });
        return transaction.transactional(work).flatMap(recorded -> {
            if (result.satisfaction() != null) {
                satisfaction.record(result.satisfaction());
            }
            if (!recorded.reopened()) {
                supervision.forget(contactId);
            }
            return recorded.reopened() ? backToFirstResponder(recorded) : contacts.view(contactId);
        });
    }

    /**
     * Reopening by hand: the customer came back after the contact was resolved or closed and the matter is
     * not settled, or a supervisor's re-check found it was not. The first responder or a supervisor does it,
     * with a reason; a follow-up still due is cancelled (a new one comes with the next resolution).
     */
    public Mono<ContactView> reopen(long contactId, String reason, AgentPrincipal agent) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            return Mono.error(Problems.badRequest("reason is required (what is still wrong), at most " + MAX_REASON + " characters"));
        }
        Instant now = clock.instant();
        Mono<Recorded> work = lockedForFirstResponder(contactId, agent,
                "only the first responder or a supervisor may reopen contact " + contactId)
                .flatMap(pair -> followUps.cancelDue(contactId, now)
                        .then(reopen(agent.workspaceId(), pair.getT1(), pair.getT2(), agent.username(), reason.strip(), now)));
        return transaction.transactional(work).flatMap(this::backToFirstResponder);
    }

    /** The contact, locked, with its classification, if the agent is its first responder or oversees the workspace. */
    private Mono<Tuple2<Contact, Classification>> lockedForFirstResponder(long contactId, AgentPrincipal agent, String refusal) {
        return contacts.lock(contactId)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + contactId + " does not exist")))
                .zipWith(contacts.classification(contactId))
                .flatMap(pair -> {
                    boolean firstResponder = pair.getT1().firstResponderId().filter(id -> id == agent.agentId()).isPresent();
                    return firstResponder || agent.overseesWorkspace() ? Mono.just(pair) : Mono.error(Problems.forbidden(refusal));
                });
    }

    /** After a reopening has been stored: deadlines watched again, the first responder holds it and is told. */
    private Mono<ContactView> backToFirstResponder(Recorded recorded) {
        Contact reopened = recorded.contact();
        long firstResponder = reopened.firstResponderId().orElseThrow();
        supervision.watch(reopened.id(), recorded.deadlines());
        return routing.restoreAssignment(firstResponder, reopened.channel())
                .then(contacts.view(reopened.id()))
                .doOnNext(view -> events.publish(new ContactReopened(firstResponder, view)));
    }

    private Mono<Recorded> reopen(long workspaceId, Contact contact, Classification classification, String actor,
                                  String why, Instant now) {
        return lifecycle.reopen(contact, actor, why, now)
                // "Until the customer is satisfied": the reopened matter gets fresh deadlines from now.
                .flatMap(reopened -> supervision.startDeadlines(workspaceId, contact.id(), classification, contact.channel(), now)
                        .map(deadlines -> new Recorded(reopened, true, deadlines)));
    }

    private Mono<Recorded> close(Contact contact, Instant now) {
        return lifecycle.close(contact, now).map(closed -> new Recorded(closed, false, List.of()));
    }

    private static String describe(FollowUpResult result) {
        return result.outcome() + (result.satisfaction() == null ? "" : ", satisfaction " + result.satisfaction())
                + (result.satisfied() == null ? "" : result.satisfied() ? ", satisfied" : ", not satisfied");
    }

}
