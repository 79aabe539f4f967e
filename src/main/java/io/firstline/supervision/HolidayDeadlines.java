package io.firstline.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.firstline.agent.Agents;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactService;
import io.firstline.contact.Contacts;
import io.firstline.kernel.EventBus;
import io.firstline.sla.Calendars;
import io.firstline.sla.Deadline;
import io.firstline.sla.DeadlineCalculator;
import io.firstline.sla.DeadlineRecount;
import io.firstline.sla.DeadlineSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Open deadlines counted again when a year's holiday data is loaded: a complaint received in late December whose
 * deadline reached into a year without data was counted skipping weekends only; once the year is there it is counted
 * with its holidays and make-up days. Only deadlines neither met nor breached move; each move gets a history line
 * (who loaded the year, old and new due time), then {@link DeadlinesMoved} re-arms the timers on every node and
 * tells the console. One contact per transaction, contacts one after another.
 */
@Component
class HolidayDeadlines {

    private static final Logger log = LoggerFactory.getLogger(HolidayDeadlines.class);

    private final ContactDeadlines deadlines;
    private final PolicyStore policies;
    private final DeadlineCalculator calculator;
    private final ContactService history;
    private final Contacts contacts;
    private final EventBus events;
    private final TransactionalOperator transaction;
    private final Agents agents;
    private final io.firstline.platform.WorkspaceDirectory workspaces;

    HolidayDeadlines(ContactDeadlines deadlines, PolicyStore policies, DeadlineCalculator calculator,
                     ContactService history, Contacts contacts, EventBus events, TransactionalOperator transaction,
                     Agents agents, io.firstline.platform.WorkspaceDirectory workspaces) {
        this.workspaces = workspaces;
        this.agents = agents;
        this.deadlines = deadlines;
        this.policies = policies;
        this.calculator = calculator;
        this.history = history;
        this.contacts = contacts;
        this.events = events;
        this.transaction = transaction;
    }

    /**
     * Counts again the pending deadlines {@code year} can have counted, on the calendars now in force; {@code before}
     * are the calendars they were counted on. Emits how many deadlines moved.
     */
    Mono<Integer> recount(int year, Calendars before, String loadedBy, Instant at) {
        // The holiday data is shared; each workspace's deadlines were counted in its own time zone.
        return workspaces.all()
                .concatMap(workspaceId -> workspaces.zoneOf(workspaceId)
                        .flatMap(zone -> recount(workspaceId, zone, year, before, loadedBy, at)))
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> recount(long workspaceId, java.time.ZoneId zone, int year, Calendars before, String loadedBy,
                                  Instant at) {
        Instant yearStart = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
        DeadlineCalculator after = calculator.inZone(zone);
        DeadlineRecount recount = new DeadlineRecount(
                new DeadlineCalculator(before.withZone(zone), calculator.warnFraction()), after);
        return deadlines.recountable(workspaceId, yearStart)
                // Rows come by contact: one contact's few deadlines at a time.
                .bufferUntilChanged(ContactDeadlines.Recountable::contactId)
                .concatMap(rows -> recountContact(rows, recount, year, loadedBy, at)
                        .onErrorResume(e -> {
                            log.warn("Deadlines of contact {} not counted again on the {} holiday data: {}",
                                    rows.get(0).contactId(), year, e.toString());
                            return Mono.just(0);
                        }))
                .reduce(0, Integer::sum);
    }

    private record Change(ContactDeadlines.Recountable row, Deadline counted) {
        boolean moved() {
            return !counted.dueAt().equals(row.dueAt());
        }
    }

    private Mono<Integer> recountContact(List<ContactDeadlines.Recountable> rows, DeadlineRecount recount, int year,
                                         String loadedBy, Instant at) {
        long contactId = rows.get(0).contactId();
        List<Change> changes = new ArrayList<>();
        for (ContactDeadlines.Recountable row : rows) {
            spec(row).flatMap(spec -> recount.recount(spec, row.dueAt(),
                            java.util.Arrays.asList(row.lastReopenedAt(), row.openedAt())))
                    .filter(counted -> !counted.dueAt().equals(row.dueAt()) || !counted.warnAt().equals(row.warnAt())
                            || counted.withoutHolidayData() != row.withoutHolidayData())
                    .ifPresent(counted -> changes.add(new Change(row, counted)));
        }
        if (changes.isEmpty()) {
            return Mono.just(0);
        }
        Mono<List<Change>> stored = Flux.fromIterable(changes)
                .concatMap(change -> deadlines.recount(contactId, change.counted(), change.row().dueAt())
                        .filter(Boolean::booleanValue)
                        .flatMap(updated -> (change.moved()
                                ? history.history(contactId, ContactEventKind.DEADLINE_MOVED, loadedBy,
                                        change.row().name() + " from " + change.row().dueAt() + " to "
                                                + change.counted().dueAt() + ": holiday data for " + year + " loaded by "
                                                + loadedBy, at)
                                : Mono.<Void>empty())
                                .thenReturn(change)))
                .collectList();
        return transaction.transactional(stored)
                .flatMap(done -> done.isEmpty() ? Mono.just(0) : contacts.owners(contactId)
                        .flatMap(owners -> recipients(owners).doOnNext(people -> events.publish(new DeadlinesMoved(
                                contactId, owners.type(), done.stream().map(change -> new DeadlinesMoved.Moved(
                                        change.row().name(), change.row().dueAt(), change.counted().dueAt(),
                                        change.counted().withoutHolidayData())).toList(), people))))
                        .thenReturn((int) done.stream().filter(Change::moved).count()));
    }

    /** The deadline's spec in the contact's policy as now in force, extended if an extension was approved. */
    private Optional<DeadlineSpec> spec(ContactDeadlines.Recountable row) {
        return policies.current().find(row.classification().type(), row.classification().severity(), row.channel(),
                        row.classification().repairClass())
                .flatMap(policy -> policy.deadline(row.name()))
                .map(spec -> row.extended() && spec.extendable() ? spec.extended() : spec);
    }

    /** Like a warning: the people who hold it, or the supervisors when nobody does yet. */
    private Mono<List<Long>> recipients(Contacts.Owners owners) {
        return owners.people().isEmpty() ? agents.idsWithRoles(owners.workspaceId(), List.of("supervisor")).collectList()
                : Mono.just(owners.people());
    }
}
