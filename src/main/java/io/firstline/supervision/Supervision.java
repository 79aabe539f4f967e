package io.firstline.supervision;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.firstline.kernel.Channel;
import io.firstline.contact.DeadlineView;
import io.firstline.sla.Classification;
import io.firstline.sla.Deadline;
import io.firstline.sla.DeadlineCalculator;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Supervision (督办) of contacts against their deadlines: computes, stores and watches them. */
@Service
public class Supervision {

    private final PolicyStore policies;
    private final DeadlineCalculator calculator;
    private final ContactDeadlines deadlines;
    private final SlaTicker ticker;

    Supervision(PolicyStore policies, DeadlineCalculator calculator, ContactDeadlines deadlines, SlaTicker ticker) {
        this.policies = policies;
        this.calculator = calculator;
        this.deadlines = deadlines;
        this.ticker = ticker;
    }

    /**
     * Computes the contact's deadlines from its policy, counted from {@code from}, and stores them
     * (inside the caller's transaction). No policy for the classification means no deadlines.
     * Call {@link #watch} once the transaction committed.
     */
    public Mono<List<DeadlineView>> startDeadlines(long contactId, Classification classification, Channel channel,
                                                   Instant from) {
        return Mono.justOrEmpty(policies.current().find(classification.type(), classification.severity(), channel,
                        classification.repairClass()))
                .map(policy -> calculator.deadlines(policy, from))
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
    public Mono<Map<Long, List<DeadlineView>>> startDeadlines(List<NewContactDeadlines> contacts) {
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
