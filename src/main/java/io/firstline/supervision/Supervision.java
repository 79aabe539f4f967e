package io.firstline.supervision;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.firstline.kernel.Channel;
import io.firstline.contact.DeadlineSteps;
import io.firstline.contact.DeadlineView;
import io.firstline.sla.CalendarKind;
import io.firstline.sla.Calendars;
import io.firstline.sla.DeadlineSpec;
import io.firstline.sla.DeadlineUnit;
import io.firstline.sla.StepEvent;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import io.firstline.sla.Classification;
import io.firstline.sla.Deadline;
import io.firstline.sla.DeadlineCalculator;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Supervision (督办) of contacts against their deadlines: computes, stores and watches them. */
@Service
public class Supervision implements DeadlineSteps {

    private final PolicyStore policies;
    private final DeadlineCalculator calculator;
    private final ContactDeadlines deadlines;
    private final SlaTicker ticker;
    private final SupervisionProperties properties;
    private final io.firstline.platform.WorkspaceDirectory workspaces;

    Supervision(PolicyStore policies, DeadlineCalculator calculator, ContactDeadlines deadlines, SlaTicker ticker,
                SupervisionProperties properties, io.firstline.platform.WorkspaceDirectory workspaces) {
        this.workspaces = workspaces;
        this.policies = policies;
        this.calculator = calculator;
        this.deadlines = deadlines;
        this.ticker = ticker;
        this.properties = properties;
        feedbackSpec(properties.feedback()); // fails the start-up on a bad setting
    }

    @Override
    public Mono<List<String>> meet(long contactId, StepEvent event, String actor, Instant at) {
        return deadlines.meet(contactId, event, actor, at);
    }

    @Override
    public void stopTimers(long contactId, List<String> met) {
        ticker.forget(contactId, met);
    }

    /**
     * A step done by hand ("investigation started"), with a note, inside the caller's transaction: empty when the
     * contact has no such deadline or it was met already.
     */
    public Mono<Boolean> meetByHand(long contactId, String name, String actor, String note, Instant at) {
        return deadlines.meetByHand(contactId, name, actor, note, at);
    }

    /**
     * The contact was resolved at {@code resolvedAt} (inside the caller's transaction): a contact of a type that
     * gets one gets its {@code feedback} deadline (DOMAIN §3). Emits the deadlines to watch from now on: the
     * feedback one, or none. Call {@link #watch} with them once the transaction committed.
     */
    public Mono<List<DeadlineView>> startFeedback(long workspaceId, long contactId, Classification classification,
                                                  Instant resolvedAt) {
        SupervisionProperties.Feedback feedback = properties.feedback();
        if (!feedback.types().contains(classification.type().wireName())) {
            return Mono.just(List.of());
        }
        return calculatorOf(workspaceId).map(calculator -> calculator.deadline(feedbackSpec(feedback), resolvedAt))
                .flatMap(due -> deadlines.upsert(contactId, ContactDeadlines.asStored(List.of(due)).get(0)))
                .then(deadlines.of(contactId))
                .map(all -> all.stream().filter(d -> DeadlineSpec.FEEDBACK.equals(d.name())).toList());
    }

    static DeadlineSpec feedbackSpec(SupervisionProperties.Feedback feedback) {
        Set<StepEvent> metBy = EnumSet.noneOf(StepEvent.class);
        feedback.metBy().forEach(event -> metBy.add(StepEvent.fromWireName(event).orElseThrow(() ->
                new IllegalArgumentException("firstline.sla.feedback.met-by: unknown event " + event))));
        long hours = feedback.within().toHours();
        if (hours < 1 || !feedback.within().equals(Duration.ofHours(hours))) {
            throw new IllegalArgumentException("firstline.sla.feedback.within must be whole hours, was " + feedback.within());
        }
        return new DeadlineSpec(DeadlineSpec.FEEDBACK, Math.toIntExact(hours), DeadlineUnit.HOURS, CalendarKind.ALL_DAY,
                0, metBy);
    }

    /**
     * Computes the contact's deadlines from its policy, counted from {@code from}, and stores them
     * (inside the caller's transaction). No policy for the classification means no deadlines.
     * Call {@link #watch} once the transaction committed.
     */
    public Mono<List<DeadlineView>> startDeadlines(long workspaceId, long contactId, Classification classification,
                                                   Channel channel, Instant from) {
        return Mono.justOrEmpty(policies.current().find(classification.type(), classification.severity(), channel,
                        classification.repairClass()))
                .zipWith(calculatorOf(workspaceId), (policy, calculator) -> calculator.deadlines(policy, from))
                .defaultIfEmpty(List.of())
                .flatMap(computed -> deadlines.replace(contactId, computed));
    }

    /** What {@link #startDeadlines} needs for one new contact of a batch. */
    public record NewContactDeadlines(long contactId, Classification classification, Channel channel, Instant from) {
    }

    /**
     * {@link #startDeadlines} for many new contacts at once (one statement), by contact id; each list is in the
     * order {@code ContactDeadlines.of} reads them (due, then name).
     */
    public Mono<Map<Long, List<DeadlineView>>> startDeadlines(long workspaceId, List<NewContactDeadlines> contacts) {
        return calculatorOf(workspaceId).flatMap(calculator -> startDeadlines(calculator, contacts));
    }

    private Mono<Map<Long, List<DeadlineView>>> startDeadlines(DeadlineCalculator calculator,
                                                                List<NewContactDeadlines> contacts) {
        Map<Long, List<Deadline>> computed = new LinkedHashMap<>();
        for (NewContactDeadlines contact : contacts) {
            Classification classification = contact.classification();
            List<Deadline> forContact = policies.current().find(classification.type(), classification.severity(),
                            contact.channel(), classification.repairClass())
                    .map(policy -> calculator.deadlines(policy, contact.from()))
                    .orElse(List.of());
            computed.put(contact.contactId(), ContactDeadlines.asStored(forContact));
        }
        return deadlines.insertAll(computed).thenReturn(computed.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, entry -> ContactDeadlines.pending(entry.getValue()))));
    }

    /**
     * The business calendars in force, counted in the default workspace's zone (holiday data may be loaded while the
     * app runs): for what does not depend on a zone (whether a date is a working day). A workspace's own deadlines,
     * shifts and follow-ups use {@link #calendarsOf}.
     */
    public Calendars calendars() {
        return calculator.calendars();
    }

    /** The business calendars in force, counted in this workspace's time zone ({@code workspace.time_zone}). */
    public Mono<Calendars> calendarsOf(long workspaceId) {
        return calculatorOf(workspaceId).map(DeadlineCalculator::calendars);
    }

    /** Deadlines counted in the workspace's own time zone (the zone is cached: one look-up per workspace and node). */
    Mono<DeadlineCalculator> calculatorOf(long workspaceId) {
        return workspaces.zoneOf(workspaceId).map(calculator::inZone);
    }

    public void watch(long contactId, List<DeadlineView> contactDeadlines) {
        ticker.watch(contactId, contactDeadlines);
    }

    /** Resolved or closed: no more warnings or breaches for this contact. */
    public void forget(long contactId) {
        ticker.forget(contactId);
    }

    /** After a restart: every pending deadline is watched again; those that passed meanwhile fire once. */
    Mono<Void> recover() {
        return deadlines.pendingOfOpenContacts()
                .doOnNext(pending -> pending.forEach(ticker::watch))
                .then();
    }

    public static Map<String, Instant> dueInstants(List<DeadlineView> deadlines) {
        return deadlines.stream().collect(Collectors.toMap(DeadlineView::name, DeadlineView::dueAt));
    }
}
