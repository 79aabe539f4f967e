package io.firstline.supervision;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.firstline.agent.Agents;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactService;
import io.firstline.contact.Contacts;
import io.firstline.kernel.EventBus;
import io.firstline.sla.DeadlineSpec;
import io.firstline.sla.SlaTimer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Carries SLA alarms to people (DOMAIN §4 supervision): a warning to the contact's assignee
 * and first responder; a breach to them and, escalated, to the supervisors; a contact still
 * open long after its breach, and any major matter at once, to the general managers.
 * The database decides whether an alarm already fired, so each fires once.
 */
@Component
public class SlaNotifier implements SlaAlarms {

    private final ContactDeadlines deadlines;
    private final Contacts contacts;
    private final ContactService history;
    private final Agents agents;
    private final EventBus events;
    private final MeterRegistry meters;
    private final Clock clock;

    SlaNotifier(ContactDeadlines deadlines, Contacts contacts, ContactService history, Agents agents, EventBus events,
                MeterRegistry meters, Clock clock) {
        this.deadlines = deadlines;
        this.contacts = contacts;
        this.history = history;
        this.agents = agents;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public Mono<Void> fire(SlaTimer timer) {
        Instant now = clock.instant();
        return switch (timer.kind()) {
            case WARNING -> deadlines.markWarned(timer.contactId(), timer.deadline(), now)
                    .filter(Boolean::booleanValue)
                    .flatMap(fired -> contacts.owners(timer.contactId()))
                    .filter(owners -> supervised(owners, timer))
                    .flatMap(owners -> {
                        meters.counter("firstline.sla.warnings", "type", owners.type()).increment();
                        return ownersOrSupervisors(owners)
                                .doOnNext(people -> events.publish(new DeadlineWarned(timer.contactId(), timer.deadline(),
                                        timer.at(), owners.type(), people)))
                                .then(history.history(timer.contactId(), ContactEventKind.SLA_WARNING, "supervision",
                                        timer.deadline() + " due " + timer.at(), now));
                    });
            case BREACH -> deadlines.markBreached(timer.contactId(), timer.deadline(), now)
                    .filter(Boolean::booleanValue)
                    .flatMap(fired -> contacts.owners(timer.contactId()))
                    .filter(owners -> supervised(owners, timer))
                    .flatMap(owners -> {
                        meters.counter("firstline.sla.breaches", "type", owners.type()).increment();
                        events.publish(new DeadlineBreached(timer.contactId(), timer.deadline(), timer.at(),
                                owners.type(), owners.people()));
                        return escalateToSupervisor(owners, "deadline '" + timer.deadline() + "' breached", now);
                    });
            case ESCALATION -> deadlines.markEscalated(timer.contactId(), timer.deadline(), now)
                    .filter(Boolean::booleanValue)
                    .flatMap(fired -> contacts.owners(timer.contactId()))
                    .filter(owners -> supervised(owners, timer))
                    .flatMap(owners -> escalate(owners, 2, "deadline '" + timer.deadline()
                            + "' breached and still open", List.of("manager"), now));
        };
    }

    /** Open contacts are watched; after the resolution only the feedback to the customer still is. */
    private static boolean supervised(Contacts.Owners owners, SlaTimer timer) {
        return owners.open() || DeadlineSpec.FEEDBACK.equals(timer.deadline());
    }

    /** A major matter (重大事项) goes to supervisors and general managers at once, whatever its deadlines. */
    public Mono<Void> escalateMajor(long contactId) {
        return contacts.owners(contactId)
                .flatMap(owners -> escalate(owners, 1, "major matter", List.of("supervisor", "manager"), clock.instant()));
    }

    /**
     * Level 1 of the escalation chain: the supervisor of the agent who holds the contact (its assignee, else its first
     * responder); when no reporting line is set for them, every supervisor, as before there were lines.
     */
    private Mono<Void> escalateToSupervisor(Contacts.Owners owners, String reason, Instant now) {
        Long responsible = owners.assigneeId() != null ? owners.assigneeId() : owners.firstResponderId();
        Mono<Long> own = responsible == null ? Mono.empty() : agents.supervisorOf(responsible);
        return own.flatMap(agents::byId).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(supervisor -> supervisor.map(account -> {
                    events.publish(new ContactEscalated(owners.contactId(), 1, reason, List.of(account.id())));
                    return history.history(owners.contactId(), ContactEventKind.ESCALATED, "supervision",
                            "level 1 to " + account.username() + " (supervisor of agent " + responsible + "): " + reason, now);
                }).orElseGet(() -> escalate(owners, 1, reason, List.of("supervisor"), now)));
    }

    /** To the people with these roles in the contact's own workspace: never another workspace's supervisors. */
    private Mono<Void> escalate(Contacts.Owners owners, int level, String reason, List<String> roles, Instant now) {
        long contactId = owners.contactId();
        return agents.idsWithRoles(owners.workspaceId(), roles).collectList()
                .doOnNext(people -> events.publish(new ContactEscalated(contactId, level, reason, people)))
                .then(history.history(contactId, ContactEventKind.ESCALATED, "supervision",
                        "level " + level + " to " + String.join(" and ", roles) + ": " + reason, now));
    }

    private Mono<List<Long>> ownersOrSupervisors(Contacts.Owners owners) {
        // Nobody holds it yet: the people who can get it picked up are the supervisors.
        return owners.people().isEmpty() ? agents.idsWithRoles(owners.workspaceId(), List.of("supervisor")).collectList()
                : Mono.just(owners.people());
    }
}
