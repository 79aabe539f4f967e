package io.firstline.supervision;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.firstline.agent.Agents;
import io.firstline.console.ConsoleHub;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.Contacts;
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
    private final Agents agents;
    private final ConsoleHub console;
    private final MeterRegistry meters;
    private final Clock clock;

    SlaNotifier(ContactDeadlines deadlines, Contacts contacts, Agents agents, ConsoleHub console, MeterRegistry meters,
                Clock clock) {
        this.deadlines = deadlines;
        this.contacts = contacts;
        this.agents = agents;
        this.console = console;
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
                    .filter(Contacts.Owners::open)
                    .flatMap(owners -> {
                        meters.counter("firstline.sla.warnings", "type", owners.type()).increment();
                        Map<String, Object> data = frame(timer, owners);
                        return notify(ownersOrSupervisors(owners), "sla.warning", data)
                                .then(contacts.record(timer.contactId(), ContactEventKind.SLA_WARNING, "supervision",
                                        timer.deadline() + " due " + timer.at(), now));
                    });
            case BREACH -> deadlines.markBreached(timer.contactId(), timer.deadline(), now)
                    .filter(Boolean::booleanValue)
                    .flatMap(fired -> contacts.owners(timer.contactId()))
                    .filter(Contacts.Owners::open)
                    .flatMap(owners -> {
                        meters.counter("firstline.sla.breaches", "type", owners.type()).increment();
                        Map<String, Object> data = frame(timer, owners);
                        return notify(Mono.just(owners.people()), "sla.breached", data)
                                .then(escalate(timer.contactId(), 1, "deadline '" + timer.deadline() + "' breached",
                                        List.of("supervisor"), now));
                    });
            case ESCALATION -> contacts.owners(timer.contactId())
                    .filter(owners -> owners.open())
                    .flatMap(owners -> escalate(timer.contactId(), 2, "deadline '" + timer.deadline()
                            + "' breached and still open", List.of("manager"), now));
        };
    }

    /** A major matter (重大事项) goes to supervisors and general managers at once, whatever its deadlines. */
    public Mono<Void> escalateMajor(long contactId) {
        return escalate(contactId, 1, "major matter", List.of("supervisor", "manager"), clock.instant());
    }

    private Mono<Void> escalate(long contactId, int level, String reason, List<String> roles, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", contactId);
        data.put("level", level);
        data.put("reason", reason);
        return notify(agents.idsWithRoles(roles).collectList(), "contact.escalated", data)
                .then(contacts.record(contactId, ContactEventKind.ESCALATED, "supervision",
                        "level " + level + " to " + String.join(" and ", roles) + ": " + reason, now));
    }

    private Mono<List<Long>> ownersOrSupervisors(Contacts.Owners owners) {
        // Nobody holds it yet: the people who can get it picked up are the supervisors.
        return owners.people().isEmpty() ? agents.idsWithRoles(List.of("supervisor")).collectList() : Mono.just(owners.people());
    }

    private Mono<Void> notify(Mono<List<Long>> people, String type, Map<String, Object> data) {
        return people.doOnNext(ids -> {
            Set<Long> distinct = new LinkedHashSet<>(ids);
            distinct.forEach(id -> console.publish(id, type, data));
        }).then();
    }

    private static Map<String, Object> frame(SlaTimer timer, Contacts.Owners owners) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", timer.contactId());
        data.put("deadline", timer.deadline());
        data.put("at", timer.at());
        data.put("type", owners.type());
        return data;
    }
}
