package io.firstline.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.firstline.contact.DeadlineView;
import io.firstline.sla.SlaTimer;
import io.firstline.sla.SlaTimerQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Drives the SLA timer queue: every tick, the timers that are due fire, each once, in
 * time order. One periodic tick for all contacts, no thread or task per timer. The
 * scheduler is injected so tests can run it in virtual time.
 */
class SlaTicker {

    private static final Logger log = LoggerFactory.getLogger(SlaTicker.class);

    private final SlaTimerQueue queue = new SlaTimerQueue();
    private final SlaAlarms alarms;
    private final Clock clock;
    private final Duration escalationAfterBreach;

    public SlaTicker(SlaAlarms alarms, Clock clock, Duration escalationAfterBreach) {
        this.alarms = alarms;
        this.clock = clock;
        this.escalationAfterBreach = escalationAfterBreach;
    }

    /** Watches a contact's pending deadlines (replacing what was watched before). */
    public void watch(long contactId, List<DeadlineView> deadlines) {
        List<SlaTimer> timers = new ArrayList<>();
        for (DeadlineView deadline : deadlines) {
            if (deadline.met()) {
                continue;
            }
            if (deadline.warnedAt() == null && deadline.breachedAt() == null) {
                timers.add(new SlaTimer(contactId, deadline.name(), SlaTimer.Kind.WARNING, deadline.warnAt()));
            }
            if (deadline.breachedAt() == null) {
                timers.add(new SlaTimer(contactId, deadline.name(), SlaTimer.Kind.BREACH, deadline.dueAt()));
            }
            // Also for a breach already fired: its second-level escalation is re-armed (the database knows if it went).
            timers.add(new SlaTimer(contactId, deadline.name(), SlaTimer.Kind.ESCALATION,
                    deadline.dueAt().plus(escalationAfterBreach)));
        }
        synchronized (queue) {
            queue.schedule(contactId, timers);
        }
    }

    /** The contact is resolved or closed: nothing more fires for it. */
    public void forget(long contactId) {
        synchronized (queue) {
            queue.cancel(contactId);
        }
    }

    /** These deadlines of the contact were met: their warning, breach and escalation no longer fire. */
    public void forget(long contactId, List<String> deadlines) {
        if (deadlines.isEmpty()) {
            return;
        }
        synchronized (queue) {
            queue.cancel(contactId, deadlines);
        }
    }

    /** The contact's armed timers (what fires for it, and when). */
    List<SlaTimer> armed(long contactId) {
        synchronized (queue) {
            return queue.pendingFor(contactId);
        }
    }

    public int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Fires what is due now; alarms run one at a time so a contact's warning comes before its breach. */
    public Mono<Void> fireDue() {
        List<SlaTimer> due;
        Instant now = clock.instant();
        synchronized (queue) {
            due = queue.takeDue(now);
        }
        return Flux.fromIterable(due)
                .concatMap(timer -> alarms.fire(timer).onErrorResume(e -> {
                    log.warn("SLA alarm {} failed: {}", timer, e.toString());
                    return Mono.empty();
                }))
                .then();
    }

    public Disposable start(Duration tick, Scheduler scheduler) {
        return Flux.interval(tick, tick, scheduler)
                .onBackpressureDrop()
                .concatMap(t -> fireDue())
                .subscribe();
    }
}
